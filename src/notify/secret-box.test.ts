import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { HubKey, SECRET_KEY_FILE, SecretBoxError, hubKeyFor, loadHubKey, parseSecretKey } from './secret-box.js';

const key = new HubKey(Buffer.alloc(32, 7));
const other = new HubKey(Buffer.alloc(32, 8));

/** `s` with the character at `i` replaced by another of the base64url alphabet */
const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('HubKey.seal / open', () => {
  it('opens what it sealed, for any text; each seal differs (fresh IV)', () => {
    for (const text of ['', 'whsec_0123456789abcdef', '日本語の秘密 🔑', 'x'.repeat(10_000)]) {
      const sealed = key.seal(text);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(sealed).not.toContain(Buffer.from(text).toString('base64url').slice(0, 8) || '\0');
      expect(key.open(sealed)).toBe(text);
    }
    expect(key.seal('same')).not.toBe(key.seal('same'));
  });

  it('refuses a sealed text altered anywhere: IV, ciphertext, tag, version, length', () => {
    const sealed = key.seal('the webhook secret');
    const body = sealed.slice(3);
    for (let i = 0; i < body.length; i++) {
      expect(() => key.open(`v1.${flip(body, i)}`), `byte ${i}`).toThrow(SecretBoxError);
    }
    expect(() => key.open(`v2.${body}`)).toThrow(/known version/);
    expect(() => key.open(body)).toThrow(SecretBoxError);
    expect(() => key.open(`v1.${body.slice(0, -4)}`)).toThrow(SecretBoxError);
    expect(() => key.open(`v1.${body}AAAA`)).toThrow(SecretBoxError);
    expect(() => key.open('v1.')).toThrow(SecretBoxError);
    expect(() => key.open('v1.not base64!')).toThrow(SecretBoxError);
    expect(() => key.open('')).toThrow(SecretBoxError);
  });

  it('refuses a text sealed under another key', () => {
    expect(() => other.open(key.seal('secret'))).toThrow(/does not open with this hub key/);
  });
});

describe('HubKey unsubscribe tokens', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('gives back the subscription id of a token it made', () => {
    const token = key.unsubscribeToken(id);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(key.verifyUnsubscribeToken(token)).toBe(id);
    expect(key.unsubscribeToken(id)).toBe(token); // stable: the same link in every message
    expect(key.verifyUnsubscribeToken(key.unsubscribeToken('ünïcode id'))).toBe('ünïcode id');
  });

  it('refuses altered, foreign and malformed tokens', () => {
    const token = key.unsubscribeToken(id);
    const [idPart, mac] = token.split('.') as [string, string];
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      expect(key.verifyUnsubscribeToken(flip(token, i)), `char ${i}`).toBeNull();
    }
    // another subscription's id with this mac, and this id with another's mac
    const another = key.unsubscribeToken('another-id');
    expect(key.verifyUnsubscribeToken(`${another.split('.')[0]!}.${mac}`)).toBeNull();
    expect(key.verifyUnsubscribeToken(`${idPart}.${another.split('.')[1]!}`)).toBeNull();
    expect(other.verifyUnsubscribeToken(token)).toBeNull();
    // the same bytes spelled otherwise: the unused low bits of the last character set
    const last = mac.charCodeAt(mac.length - 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(String.fromCharCode(last)) ^ 1]!;
    expect(Buffer.from(`${mac.slice(0, -1)}${sameBytes}`, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(key.verifyUnsubscribeToken(`${idPart}.${mac.slice(0, -1)}${sameBytes}`)).toBeNull();
    for (const bad of ['', '.', idPart, `${idPart}.`, `.${mac}`, `${token}.x`, `${idPart}.${mac.slice(1)}`, `${idPart}=.${mac}`, `${idPart}.${mac}=`]) {
      expect(key.verifyUnsubscribeToken(bad), bad).toBeNull();
    }
  });
});

describe('parseSecretKey and loadHubKey', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kyojo-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads 32 bytes as hex or base64 (standard or URL-safe), and nothing else', () => {
    const bytes = randomBytes(32);
    expect(parseSecretKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseSecretKey(bytes.toString('hex').toUpperCase())).toEqual(bytes);
    expect(parseSecretKey(` ${bytes.toString('base64')}\n`)).toEqual(bytes);
    expect(parseSecretKey(bytes.toString('base64url'))).toEqual(bytes);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes.*decodes to 16 bytes/);
    expect(() => parseSecretKey(randomBytes(33).toString('hex'))).toThrow(/decodes to/);
    expect(() => parseSecretKey('not a key!')).toThrow(/KYOJO_SECRET_KEY must be 32 bytes/);
    // the message never repeats the value
    expect(() => parseSecretKey('c2VjcmV0')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('c2VjcmV0') }));
  });

  it('comes from KYOJO_SECRET_KEY in the config; a malformed one stops the start', () => {
    const bytes = randomBytes(32);
    const config = loadConfig({ data: tempDir() }, { KYOJO_SECRET_KEY: bytes.toString('base64') });
    expect(config.secretKey).toEqual(bytes);
    const sealed = new HubKey(bytes).seal('x');
    expect(hubKeyFor(config).open(sealed)).toBe('x');
    expect(hubKeyFor(config)).toBe(hubKeyFor(config));
    // configured: no file is written
    expect(() => statSync(path.join(config.dataDir, SECRET_KEY_FILE))).toThrow();
    expect(loadConfig({}, {}).secretKey).toBeNull();
    expect(() => loadConfig({}, { KYOJO_SECRET_KEY: 'short' })).toThrow(/KYOJO_SECRET_KEY/);
  });

  it('on SQLite without a key, generates <data>/secret.key (0600) on first start and reuses it', () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = loadHubKey({ secretKey: null, dataDir, databaseUrl: undefined });
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(file, 'utf8'))).toHaveLength(32);
    const again = loadHubKey({ secretKey: null, dataDir, databaseUrl: `sqlite:${path.join(dataDir, 'kyojo.db')}` });
    expect(again.open(first.seal('kept across restarts'))).toBe('kept across restarts');
    expect(again.verifyUnsubscribeToken(first.unsubscribeToken('s'))).toBe('s');
    // a damaged key file is an error, not a silent new key
    writeFileSync(file, 'garbage\n');
    expect(() => loadHubKey({ secretKey: null, dataDir, databaseUrl: undefined })).toThrow(/secret\.key must be 32 bytes/);
  });

  it('with PostgreSQL and no key, refuses to start with a message that says what to do', () => {
    const dataDir = tempDir();
    expect(() => loadHubKey({ secretKey: null, dataDir, databaseUrl: 'postgres://u@db/kyojo' })).toThrow(/KYOJO_SECRET_KEY is not set: with PostgreSQL every replica/);
    expect(() => statSync(path.join(dataDir, SECRET_KEY_FILE))).toThrow();
    const bytes = randomBytes(32);
    expect(loadHubKey({ secretKey: bytes, dataDir, databaseUrl: 'postgres://u@db/kyojo' }).open(new HubKey(bytes).seal('ok'))).toBe('ok');
  });
});
