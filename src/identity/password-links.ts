/**
 * One-time links to set a password: an invitation for a new user (its first password) or a
 * reset. The link holds a 256-bit random secret, valid 7 days, shown once; the store keeps its
 * SHA-256 only (`Store.sessions` links). Redeeming it sets the password (argon2id, through
 * IdentityService), marks the link used — atomically, so of two redemptions one wins — and ends
 * every portal session of the user; the audit log records it (`user.password.set`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PasswordLink, Store, User } from '../store/types.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { IdentityService } from './service.js';
import { IdentityInputError } from './validation.js';

export const PASSWORD_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Longest password accepted (argon2 takes any length; a bound keeps requests cheap). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Where the portal serves the page that redeems a link: `${SET_PASSWORD_PATH}<secret>`. */
export const SET_PASSWORD_PATH = '/set-password/';

const SECRET = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Why a link cannot be used: `unknown` (no such link: 404) or `gone` (used, expired, account disabled: 410). */
export class PasswordLinkError extends Error {
  constructor(readonly kind: 'unknown' | 'gone', message: string) {
    super(message);
    this.name = 'PasswordLinkError';
  }
}

export interface CreatedPasswordLink {
  /** the link secret, shown once */
  secret: string;
  /** `/set-password/<secret>`, the portal page that redeems it */
  path: string;
  expiresAt: string;
}

export interface PasswordLinkInfo {
  email: string;
  purpose: PasswordLink['purpose'];
  expiresAt: string;
}

/** Throws IdentityInputError unless the password is of an acceptable length. */
export function checkNewPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new IdentityInputError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new IdentityInputError(`password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

export class PasswordLinkService {
  private readonly identity: IdentityService;

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {
    this.identity = new IdentityService(store, now);
  }

  /** A link inviting the user to set its first password. */
  createInvite(userId: string): Promise<CreatedPasswordLink> {
    return this.create(userId, 'invite');
  }

  /** A link to set a new password in place of a forgotten one. */
  createReset(userId: string): Promise<CreatedPasswordLink> {
    return this.create(userId, 'reset');
  }

  /** Who the link is for, what for and until when; PasswordLinkError when it cannot be used. */
  async inspect(secret: string): Promise<PasswordLinkInfo> {
    const { link, user } = await this.usable(secret);
    return { email: user.email, purpose: link.purpose, expiresAt: link.expiresAt };
  }

  /**
   * Sets the user's password and uses the link up; ends every session of the user. The
   * password is checked first (IdentityInputError), so a too-short one does not spend the link.
   */
  async redeem(secret: string, password: unknown): Promise<User> {
    const pw = checkNewPassword(password);
    const { link, user } = await this.usable(secret);
    if (!(await this.store.sessions.useLink(sha256(secret), this.now().toISOString()))) {
      throw new PasswordLinkError('gone', 'This link has already been used.');
    }
    await this.store.trust.appendAudit({
      at: this.now().toISOString(), actor: user.email, actorUserId: user.id, action: 'user.password.set', subject: user.email, details: { purpose: link.purpose },
    });
    await this.identity.setPassword(user.email, pw);
    await this.store.sessions.deleteForUser(user.id);
    return user;
  }

  private async create(userId: string, purpose: PasswordLink['purpose']): Promise<CreatedPasswordLink> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS).toISOString();
    await this.store.sessions.createLink({
      tokenHash: sha256(secret), userId, purpose, createdAt: now.toISOString(), expiresAt, usedAt: null,
    });
    return { secret, path: `${SET_PASSWORD_PATH}${secret}`, expiresAt };
  }

  private async usable(secret: string): Promise<{ link: PasswordLink; user: User }> {
    const link = SECRET.test(secret) ? await this.store.sessions.getLink(sha256(secret)) : undefined;
    const user = link && (await this.store.identity.getUser({ id: link.userId }));
    if (!link || !user) throw new PasswordLinkError('unknown', 'There is no such link; check that it was copied whole.');
    if (link.usedAt !== null) throw new PasswordLinkError('gone', 'This link has already been used; ask for a new one if you need to set your password again.');
    if (Date.parse(link.expiresAt) <= this.now().getTime()) throw new PasswordLinkError('gone', 'This link has expired; ask your organization admin or the hub operators for a new one.');
    if (user.disabled) throw new PasswordLinkError('gone', 'This account is disabled.');
    return { link, user };
  }
}
