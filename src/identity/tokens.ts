import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens are 256-bit random secrets. They are shown once and stored only as a
 * SHA-256 hash: a slow hash (argon2) buys nothing for secrets of this entropy and
 * would cost every API request tens of milliseconds.
 */
export const TOKEN_PREFIX = 'kyojo_';

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Cheap shape check before touching the store. */
export function looksLikeToken(secret: string): boolean {
  return secret.startsWith(TOKEN_PREFIX) && secret.length === TOKEN_PREFIX.length + 43;
}
