/**
 * Portal sessions and one-time password links: one Kysely implementation for both backends.
 * Like repos/identity.ts it never opens a transaction (see sqlite/open.ts); each method is one
 * statement, and `useLink` is a single conditional UPDATE, so of two concurrent redemptions of
 * a link exactly one changes the row and succeeds.
 */
import type { Kysely, Selectable } from 'kysely';
import type { PasswordLink, Session, SessionRepository } from '../types.js';
import type { Database, PasswordLinksTable, SessionsTable } from '../schema.js';
import { insertOrConflict } from '../errors.js';

const toSession = (r: Selectable<SessionsTable>): Session => ({
  idHash: r.id_hash,
  userId: r.user_id,
  csrfToken: r.csrf_token,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastSeenAt: r.last_seen_at,
  userAgent: r.user_agent,
});

const toLink = (r: Selectable<PasswordLinksTable>): PasswordLink => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  purpose: r.purpose as PasswordLink['purpose'],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

export function createSessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(s) {
      const row = {
        id_hash: s.idHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.lastSeenAt,
        user_agent: s.userAgent,
      };
      await insertOrConflict('session', row, () => db.insertInto('sessions').values(row).execute());
    },
    async get(idHash) {
      const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r && toSession(r);
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteForUser(userId) {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async createLink(l) {
      const row = {
        token_hash: l.tokenHash,
        user_id: l.userId,
        purpose: l.purpose,
        created_at: l.createdAt,
        expires_at: l.expiresAt,
        used_at: l.usedAt,
      };
      await insertOrConflict('password link', row, () => db.insertInto('password_links').values(row).execute());
    },
    async getLink(tokenHash) {
      const r = await db.selectFrom('password_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && toLink(r);
    },
    async useLink(tokenHash, at) {
      const r = await db
        .updateTable('password_links')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
