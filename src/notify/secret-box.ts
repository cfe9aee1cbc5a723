/**
 * The hub key (docs/notify.md "The hub key"): 32 bytes from KYOJO_SECRET_KEY, or on the embedded
 * SQLite default generated once into `<data>/secret.key` (mode 0600). With PostgreSQL it must be
 * configured: every replica needs the same key, and a generated one would differ per replica.
 *
 * Two keys are derived from it with HKDF-SHA256, one per use, so neither use can be turned into
 * the other: AES-256-GCM sealing of secrets kept in the store (webhook signing secrets; peer
 * credentials later) and HMAC-SHA256 unsubscribe tokens.
 *
 * - sealed text: `v1.` + base64url(iv 12 bytes ‖ ciphertext ‖ tag 16 bytes); the version is also
 *   authenticated (AAD), so a later format can be told apart and never confused with this one.
 * - unsubscribe token: base64url(subscription id) `.` base64url(HMAC(id)), checked in constant time.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveStoreLocation } from '../store/open.js';

export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_BYTES = 32;

const SEAL_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed text that cannot be opened: tampered with, sealed under another key, or not sealed at all. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** KYOJO_SECRET_KEY's value: 32 bytes as 64 hex digits or as base64 (standard or URL-safe). */
export function parseSecretKey(raw: string, what = 'KYOJO_SECRET_KEY'): Buffer {
  const v = raw.trim();
  const hint = `${what} must be ${SECRET_KEY_BYTES} bytes, as 64 hex digits or base64 (generate one with: openssl rand -base64 32)`;
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) throw new Error(`${hint}; it is neither`);
  const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`${hint}; it decodes to ${key.length} bytes`);
  return key;
}

const b64url = (b: Buffer): string => b.toString('base64url');
const derive = (key: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));

export class HubKey {
  private readonly sealKey: Buffer;
  private readonly tokenKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new RangeError(`the hub key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
    this.sealKey = derive(key, 'kyojo seal v1');
    this.tokenKey = derive(key, 'kyojo unsubscribe v1');
  }

  /** `plaintext` encrypted and authenticated; a fresh random IV each time. */
  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(SEAL_VERSION));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${SEAL_VERSION}.${b64url(Buffer.concat([iv, body, cipher.getAuthTag()]))}`;
  }

  /** The plaintext of a `seal` result; SecretBoxError when it is not one of this key's. */
  open(sealed: string): string {
    const dot = sealed.indexOf('.');
    const version = dot < 0 ? '' : sealed.slice(0, dot);
    if (version !== SEAL_VERSION) throw new SecretBoxError(`not a sealed secret of a known version (${SEAL_VERSION})`);
    const raw = Buffer.from(sealed.slice(dot + 1), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES || b64url(raw) !== sealed.slice(dot + 1)) throw new SecretBoxError('the sealed secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(SEAL_VERSION));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('the sealed secret does not open with this hub key (altered, or sealed under another key)');
    }
  }

  /** The token of the subscription's one-click unsubscribe link (RFC 8058). */
  unsubscribeToken(subscriptionId: string): string {
    return `${b64url(Buffer.from(subscriptionId, 'utf8'))}.${b64url(this.mac(subscriptionId))}`;
  }

  /** The subscription id an unsubscribe token was made for, or null when it is not a valid token. */
  verifyUnsubscribeToken(token: string): string | null {
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [idPart, macPart] = parts as [string, string];
    if (!/^[A-Za-z0-9_-]+$/.test(idPart) || !/^[A-Za-z0-9_-]{43}$/.test(macPart)) return null;
    const id = Buffer.from(idPart, 'base64url').toString('utf8');
    // one encoding per id: a re-encoded id part is not the token that was issued
    if (b64url(Buffer.from(id, 'utf8')) !== idPart) return null;
    const given = Buffer.from(macPart, 'base64url');
    // the last character carries two unused bits: only the canonical spelling is the token
    if (b64url(given) !== macPart) return null;
    const expected = this.mac(id);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  private mac(subscriptionId: string): Buffer {
    return createHmac('sha256', this.tokenKey).update(`unsubscribe\0${subscriptionId}`, 'utf8').digest();
  }
}

export interface HubKeySource {
  /** KYOJO_SECRET_KEY, parsed (src/config.ts) */
  secretKey: Buffer | null;
  dataDir: string;
  databaseUrl: string | undefined;
}

/**
 * The hub key: the configured one; else, on SQLite, `<dataDir>/secret.key`, generated (mode
 * 0600) on first start and read afterwards; with PostgreSQL and no key configured, an Error
 * that says what to do.
 */
export function loadHubKey(src: HubKeySource): HubKey {
  if (src.secretKey) return new HubKey(src.secretKey);
  if (resolveStoreLocation({ dataDir: src.dataDir, databaseUrl: src.databaseUrl }).backend === 'postgres') {
    throw new Error(
      'KYOJO_SECRET_KEY is not set: with PostgreSQL every replica must share one hub key (it seals webhook secrets and signs '
      + 'unsubscribe links). Generate one with `openssl rand -base64 32` and give it to every replica.',
    );
  }
  const file = path.join(src.dataDir, SECRET_KEY_FILE);
  mkdirSync(src.dataDir, { recursive: true });
  if (!existsSync(file)) {
    // written whole beside it, then linked into place: never overwritten, never read half
    // written; of two processes starting together, one key wins and both read it
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  return new HubKey(parseSecretKey(readFileSync(file, 'utf8'), file));
}

const loaded = new WeakMap<object, HubKey>();

/** `loadHubKey` once per configuration object (the server's and each CLI command's). */
export function hubKeyFor(config: HubKeySource): HubKey {
  let key = loaded.get(config);
  if (!key) {
    key = loadHubKey(config);
    loaded.set(config, key);
  }
  return key;
}
