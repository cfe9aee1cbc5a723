import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/types.js';
import type { Principal } from './principal.js';
import type { IdentityService } from './service.js';
import { hashPassword, verifyPassword } from './passwords.js';

/** Idle lifetime of a portal session; each use pushes it forward (at most once a minute). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Absolute lifetime: a session ends this long after sign-in however active it is. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60_000;

export interface SignedIn {
  principal: Principal;
  /** the cookie value: a random secret; the store keeps only its SHA-256 */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

export interface SessionResolution {
  principal: Principal;
  csrfToken: string;
  idHash: string;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/**
 * Portal sign-in sessions over `Store.sessions`. Password checks always run argon2 — against a
 * fixed dummy hash when the user does not exist or has no password — so the answer time does
 * not tell which emails have accounts.
 */
export class SessionService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly identity: IdentityService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(email: string, password: string, userAgent: string | null): Promise<SignedIn | undefined> {
    const user = await this.store.identity.getUser({ email: email.trim().toLowerCase() });
    if (!user || user.disabled || !user.passwordHash) {
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(await this.dummyHash, password);
      return undefined;
    }
    if (!(await verifyPassword(user.passwordHash, password))) return undefined;
    const principal = await this.identity.principalFor(user, null);
    if (!principal) return undefined;
    const secret = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await this.store.sessions.create({
      idHash: sha256(secret),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt,
      lastSeenAt: now.toISOString(),
      userAgent: userAgent ? userAgent.slice(0, 300) : null,
    });
    return { principal, secret, csrfToken, expiresAt };
  }

  /** The live session of a cookie value, or undefined (unknown, expired, user disabled). */
  async resolve(secret: string | undefined): Promise<SessionResolution | undefined> {
    if (!secret || !SECRET.test(secret)) return undefined;
    const idHash = sha256(secret);
    const session = await this.store.sessions.get(idHash);
    if (!session) return undefined;
    const now = this.now();
    const started = Date.parse(session.createdAt);
    if (Date.parse(session.expiresAt) <= now.getTime() || now.getTime() - started >= SESSION_MAX_MS) {
      await this.store.sessions.delete(idHash);
      return undefined;
    }
    const user = await this.store.identity.getUser({ id: session.userId });
    if (!user || user.disabled) return undefined;
    const principal = await this.identity.principalFor(user, null);
    if (!principal) return undefined;
    if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
      const idle = new Date(Math.min(now.getTime() + SESSION_IDLE_MS, started + SESSION_MAX_MS)).toISOString();
      await this.store.sessions.touch(idHash, now.toISOString(), idle);
    }
    return { principal, csrfToken: session.csrfToken, idHash };
  }

  async signOut(idHash: string): Promise<void> {
    await this.store.sessions.delete(idHash);
  }

  async signOutEverywhere(userId: string): Promise<number> {
    return this.store.sessions.deleteForUser(userId);
  }

  async purgeExpired(): Promise<number> {
    return this.store.sessions.deleteExpired(this.now().toISOString());
  }
}
