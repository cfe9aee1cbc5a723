/**
 * Migration 0003 beyond the contract suite: it upgrades a database at 0002 that already holds
 * objects (the old per-collection table, kept unused), and shared versions then take their
 * date_added from the same hub clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open.js';
import type { Database, Dialect } from '../schema.js';
import type { Store } from '../types.js';
import { freshPostgresUrl } from '../postgres/test-db.js';
import { migrationProvider } from './index.js';
import { indicator, key } from '../contract-fixtures.js';
import { sver } from '../contract-shared.js';

const T0 = '2026-01-01T00:00:00.000Z';
const OLD_ADDED = 1_800_000_000_000_000;

/**
 * At 0002 the per-collection `objects` table exists (TAXII used it until the shared objects
 * replaced it): one row is written there, with the hub clock where that write left it. 0003 is
 * applied by the next open; the old row stays (unused), and shared versions take later instants.
 */
async function upgradeKeepsObjects(dialect: Dialect, db: Kysely<Database>, open: () => Promise<Store>, countOld: () => Promise<number>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  expect((await migrator.migrateTo('0002_trust_admin')).error).toBeUndefined();
  await sql`INSERT INTO communities (id, slug, name, kind, sector, created_at) VALUES ('c1', 'fin', 'Fin', 'isac', NULL, ${T0})`.execute(db);
  await sql`INSERT INTO collections (id, community_id, title, description, alias, created_at) VALUES ('col1', 'c1', 'Fin', NULL, NULL, ${T0})`.execute(db);
  await sql`INSERT INTO objects (date_added, collection_id, stix_id, type, spec_version, created, modified, version_key, is_latest, is_first, json)
    VALUES (${OLD_ADDED}, 'col1', ${indicator(1)}, 'indicator', '2.1', ${T0}, ${T0}, ${key(1)}, 1, 1, '{}')`.execute(db);
  await sql`UPDATE hub_clock SET last_us = ${OLD_ADDED} WHERE id = 1`.execute(db);
  await db.destroy();
  let store = await open();
  try {
    expect(await store.shared.count()).toBe(0);
    const [shared] = await store.shared.add([sver(indicator(1), key(1))]);
    expect(shared?.dateAdded).toBeGreaterThan(OLD_ADDED);
    await store.close();
    store = await open();
    expect(await store.shared.count()).toBe(1);
  } finally {
    await store.close();
  }
  expect(await countOld()).toBe(1);
}

describe('migration 0003_shared_objects (SQLite)', () => {
  it('upgrades a database at 0002 and shares its hub clock', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-mig-'));
    try {
      const file = path.join(dir, 'kyojo.db');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      await upgradeKeepsObjects('sqlite', db, () => openStore({ databaseUrl: `sqlite:${file}` }), async () => {
        const raw = new BetterSqlite3(file);
        try {
          return (raw.prepare('SELECT count(*) AS n FROM objects').get() as { n: number }).n;
        } finally {
          raw.close();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const fresh = await freshPostgresUrl();
describe.skipIf('skip' in fresh)('migration 0003_shared_objects (PostgreSQL)', () => {
  afterAll(async () => {
    if (!('skip' in fresh)) await fresh.drop();
  });

  it('upgrades a database at 0002 and shares its hub clock', async () => {
    if ('skip' in fresh) return;
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url }) }) });
    await upgradeKeepsObjects('postgres', db, () => openStore({ databaseUrl: fresh.url }), async () => {
      const c = new pg.Client({ connectionString: fresh.url });
      await c.connect();
      try {
        return Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM objects')).rows[0]?.n);
      } finally {
        await c.end();
      }
    });
  });
});
