/**
 * Trust administration (DESIGN.md "Actors"): facility approvals of organizations,
 * clearance grants of users, terms and their acceptances, and the append-only audit log.
 * Written against `Kysely<any>` like 0001: it must keep meaning what it meant.
 *
 * Dialect differences, deliberate:
 * - `audit_log.seq` is `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite (a rowid alias that is
 *   never reused) and `bigint GENERATED ALWAYS AS IDENTITY` on PostgreSQL. Either way the
 *   database allocates it on insert (the repository reads it back with RETURNING), so no
 *   transaction is needed around the insert.
 * - Append-only is enforced by the database too, not only by the repository offering no
 *   update or delete: triggers refuse UPDATE and DELETE of audit rows on both backends.
 *   (PostgreSQL's TRUNCATE, used by the test harness, does not fire row triggers.)
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function trustAdminMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('facility_approvals')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
        .addColumn('approved_until', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text', (c) => c.notNull())
        .addColumn('approved_by_user_id', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('clearance_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 3`))
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('issuer_org_id', 'text', (c) => c.references('organizations.id'))
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('granted_by_user_id', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      // Every authenticated request asks for the user's live grants.
      await db.schema.createIndex('clearance_grants_user').on('clearance_grants').columns(['user_id']).execute();

      await db.schema
        .createTable('terms')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('terms_acceptances')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('terms_slug', 'text', (c) => c.notNull().references('terms.slug'))
        .addColumn('accepted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('terms_acceptances_pk', ['user_id', 'terms_slug'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', pg ? 'bigint' : 'integer', (c) => (pg ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (c) => c.notNull())
        // 'cli' for the command line, else the acting user's email (kept even if the user goes)
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();

      if (pg) {
        await sql`CREATE FUNCTION kyojo_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION kyojo_audit_log_append_only()`.execute(db);
      } else {
        for (const op of ['UPDATE', 'DELETE']) {
          await sql`CREATE TRIGGER ${sql.raw(`audit_log_no_${op.toLowerCase()}`)} BEFORE ${sql.raw(op)} ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        }
      }
    },
  };
}
