/**
 * Migration 0003 beyond the contract suite: it upgrades a database at 0002 that already holds
 * objects, and shared versions then take their date_added from the same hub clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open.js';
import type { Database, Dialect } from '../schema.js';
import type { Store } from '../types.js';
import { freshPostgresUrl } from '../postgres/test-db.js';
import { migrationProvider } from './index.js';
import { indicator, key, seedCollections, ver } from '../contract-fixtures.js';
import { sver } from '../contract-shared.js';

async function upgradeKeepsObjects(dialect: Dialect, db: Kysely<Database>, open: () => Promise<Store>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  expect((await migrator.migrateTo('0002_trust_admin')).error).toBeUndefined();
  await db.destroy();
  // at 0002 the object tables exist and hold a version; 0003 is applied by the next open
  let store = await open();
  try {
    expect(await store.shared.count()).toBe(0);
    const [col] = (await seedCollections(store)) as [string];
    const [before] = await store.objects.add(col, [ver(indicator(1), key(1))]);
    const [shared] = await store.shared.add([sver(indicator(1), key(1))]);
    expect(shared?.dateAdded).toBeGreaterThan(before?.dateAdded as number);
    await store.close();
    store = await open();
    expect(await store.objects.count(col)).toBe(1);
    expect(await store.shared.count()).toBe(1);
  } finally {
    await store.close();
  }
}

describe('migration 0003_shared_objects (SQLite)', () => {
  it('upgrades a database at 0002 and shares its hub clock', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-mig-'));
    try {
      const file = path.join(dir, 'kyojo.db');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      await upgradeKeepsObjects('sqlite', db, () => openStore({ databaseUrl: `sqlite:${file}` }));
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
    await upgradeKeepsObjects('postgres', db, () => openStore({ databaseUrl: fresh.url }));
  });
});
