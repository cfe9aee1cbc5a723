/**
 * Migration 0002 beyond the contract suite: it upgrades a database created by 0001, and the
 * database itself (not only the repository) refuses to update or delete audit rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open.js';
import type { Database } from '../schema.js';
import { freshPostgresUrl } from '../postgres/test-db.js';
import { migrationProvider } from './index.js';

const entry = { at: '2026-01-01T00:00:00.000Z', actor: 'cli', actorUserId: null, action: 'clearance.grant', subject: 'a@b.example', details: { level: 1 } };

describe('migration 0002_trust_admin (SQLite)', () => {
  it('upgrades a database at 0001 and keeps its rows', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-mig-'));
    try {
      const file = path.join(dir, 'kyojo.db');
      const raw = new BetterSqlite3(file);
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
      const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
      expect((await migrator.migrateTo('0001_initial')).error).toBeUndefined();
      await db.insertInto('organizations').values({ id: 'o1', slug: 'acme', name: 'Acme', kind: 'sme', sector: 'ict', country: null, created_at: entry.at }).execute();
      await db.destroy();

      const store = await openStore({ databaseUrl: `sqlite:${file}` });
      try {
        expect((await store.identity.getOrganization({ slug: 'acme' }))?.id).toBe('o1');
        await store.trust.approveOrg({ orgId: 'o1', approvedUntil: '2027-01-01T23:59:59.999Z', approvedAt: entry.at, approvedByUserId: null });
        expect((await store.trust.getApproval('o1'))?.approvedUntil).toBe('2027-01-01T23:59:59.999Z');
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses UPDATE and DELETE of audit rows in the database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-mig-'));
    try {
      const store = await openStore({ dataDir: dir });
      await store.trust.appendAudit(entry);
      await store.close();
      const raw = new BetterSqlite3(path.join(dir, 'kyojo.db'));
      try {
        expect(() => raw.prepare("UPDATE audit_log SET actor = 'someone'").run()).toThrow(/append-only/);
        expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
        expect(raw.prepare('SELECT actor FROM audit_log').all()).toEqual([{ actor: 'cli' }]);
        raw.prepare("INSERT INTO audit_log (at, actor, action, subject, details) VALUES ('t', 'cli', 'x', 'y', '{}')").run();
      } finally {
        raw.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const fresh = await freshPostgresUrl();
describe.skipIf('skip' in fresh)('migration 0002_trust_admin (PostgreSQL)', () => {
  afterAll(async () => {
    if (!('skip' in fresh)) await fresh.drop();
  });

  it('refuses UPDATE and DELETE of audit rows in the database', async () => {
    if ('skip' in fresh) return;
    const store = await openStore({ databaseUrl: fresh.url });
    const first = await store.trust.appendAudit(entry);
    await store.close();
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      await expect(c.query("UPDATE audit_log SET actor = 'someone'")).rejects.toThrow(/append-only/);
      await expect(c.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      // seq is allocated by the database and cannot be chosen by a writer
      await expect(c.query("INSERT INTO audit_log (seq, at, actor, action, subject, details) VALUES (999, 't', 'cli', 'x', 'y', '{}')")).rejects.toThrow();
      const { rows } = await c.query<{ seq: string; actor: string }>('SELECT seq::text AS seq, actor FROM audit_log');
      expect(rows).toEqual([{ seq: String(first.seq), actor: 'cli' }]);
    } finally {
      await c.end();
    }
  });
});
