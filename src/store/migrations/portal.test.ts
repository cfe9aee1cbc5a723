/**
 * Migration 0004 beyond the contract suite: a database at 0003 that already holds shared
 * versions (more than one backfill batch) is upgraded; its versions keep what they were, become
 * searchable and filterable by their 5W1H, are found by referencing, and later writes keep the
 * search rows of migrated versions in step.
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
import { UNVERSIONED_KEY, type Store } from '../types.js';
import { freshPostgresUrl } from '../postgres/test-db.js';
import { migrationProvider } from './index.js';
import { indicator, ipv4, key, malware, refs } from '../contract-fixtures.js';
import { member, OPERATOR, storedEnvelope } from '../contract-shared.js';

const BASE = 1_800_000_000_000_000;
const BULK = 1_100;
const relationship = (n: number): string => `relationship--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const THREAT = JSON.stringify({ purpose: ['detection'], infoType: 'threat', tier: ['manager'], timing: 'flash', embargoUntil: null, channels: ['portal'] });

interface Row0003 { id: string; versionKey: string; latest: number; first: number; props: Record<string, unknown>; classification: string; endpoints?: string[] }

const json0003 = (r: Row0003): string => {
  const type = r.id.split('--')[0] as string;
  const versioned = r.versionKey !== UNVERSIONED_KEY ? { created: key(0), modified: r.versionKey } : {};
  return JSON.stringify({ id: r.id, type, spec_version: '2.1', ...versioned, ...r.props });
};

const ROWS: Row0003[] = [
  { id: malware(1), versionKey: key(1), latest: 0, first: 1, props: { name: 'Emotet old' }, classification: THREAT },
  { id: malware(1), versionKey: key(2), latest: 1, first: 0, props: { name: 'Emotet', aliases: ['Geodo'] }, classification: THREAT },
  { id: relationship(1), versionKey: key(1), latest: 1, first: 1, props: { relationship_type: 'uses' }, classification: '{"purpose":[]}', endpoints: [malware(1), indicator(1)] },
  { id: ipv4(1), versionKey: UNVERSIONED_KEY, latest: 1, first: 1, props: { value: '198.51.100.7' }, classification: 'not json' },
  ...Array.from({ length: BULK }, (_, i): Row0003 => ({
    id: indicator(i + 1), versionKey: key(1), latest: 1, first: 1, props: { name: `bulk item ${i + 1}` }, classification: '{"purpose":[]}',
  })),
];

/** The rows as 0003 stored them: GREEN to c:fin from acme, attribution public. */
async function fill0003(db: Kysely<Database>): Promise<void> {
  for (let start = 0; start < ROWS.length; start += 200) {
    const chunk = ROWS.slice(start, start + 200).map((r, j) => ({ r, at: BASE + start + j }));
    const values = chunk.map(({ r, at }) => {
      const type = r.id.split('--')[0] as string;
      const versioned = r.versionKey !== UNVERSIONED_KEY;
      return sql`(${at}, ${r.id}, ${type}, '2.1', ${r.versionKey}, ${r.latest}, ${r.first}, 1, 0, 0, ${r.endpoints ? 1 : 0}, NULL, 'o-acme', 'u-acme',
        'public', NULL, ${versioned ? key(0) : null}, ${versioned ? r.versionKey : null}, ${r.classification}, NULL, ${json0003(r)})`;
    });
    await sql`INSERT INTO shared_objects (date_added, stix_id, type, spec_version, version_key, is_latest, is_first, tlp_rank, min_clearance,
      has_terms, has_endpoints, embargo_until_us, provider_org_id, provider_user_id, attribution, sectors, created, modified, classification,
      json_anonymous, json) VALUES ${sql.join(values)}`.execute(db);
    const audience = chunk.map(({ r, at }) => sql`('c:fin', ${at}, ${r.id.split('--')[0] as string})`);
    await sql`INSERT INTO shared_object_audience (aud_key, date_added, type) VALUES ${sql.join(audience)}`.execute(db);
    for (const { r, at } of chunk) {
      for (const e of r.endpoints ?? []) await sql`INSERT INTO shared_object_endpoints (date_added, ref_id) VALUES (${at}, ${e})`.execute(db);
    }
  }
  await sql`UPDATE hub_clock SET last_us = ${BASE + ROWS.length} WHERE id = 1`.execute(db);
}

async function upgrade(dialect: Dialect, db: Kysely<Database>, open: () => Promise<Store>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  expect((await migrator.migrateTo('0003_shared_objects')).error).toBeUndefined();
  await fill0003(db);
  await db.destroy();
  const store = await open();
  try {
    const search = (text: string, predicate = OPERATOR) => store.shared.search({ predicate, text, limit: 10 }).then((p) => refs(p.rows));
    expect(await store.shared.count()).toBe(ROWS.length);
    // the versions are unchanged
    const all = (await store.shared.query({ scope: { kind: 'all' }, predicate: OPERATOR, versions: { all: true }, limit: 10_000 })).rows;
    expect(all.map((r) => [r.id, r.versionKey, r.dateAdded, r.json, r.classificationJson])).toEqual(
      ROWS.map((r, i) => [r.id, r.versionKey, BASE + i, json0003(r), r.classification]),
    );
    // searchable, the latest versions only, beyond the first backfill batch too
    expect(await search('emotet')).toEqual([`${malware(1)}@${key(2)}`]);
    expect(await search('GEODO')).toEqual([`${malware(1)}@${key(2)}`]);
    expect(await search('old')).toEqual([]);
    expect(await search('bulk item 1099')).toEqual([`${indicator(1099)}@${key(1)}`]);
    expect(await search('item 1')).toHaveLength(10);
    expect(await search('198.51')).toEqual([`${ipv4(1)}@`]);
    expect(await search('emotet', member())).toEqual([`${malware(1)}@${key(2)}`]);
    expect(await search('emotet', member({ keys: [] }))).toEqual([]);
    // the 5W1H columns were filled from the classification
    const filtered = await store.shared.search({ predicate: OPERATOR, infoTypes: ['threat'], purposes: ['detection'], tiers: ['manager'], timings: ['flash'], limit: 10 });
    expect(refs(filtered.rows)).toEqual([`${malware(1)}@${key(2)}`]);
    expect(await store.shared.countByInfoType({ predicate: OPERATOR, addedFrom: 0 })).toEqual([
      { infoType: 'threat', count: 1 }, { infoType: null, count: BULK + 2 },
    ]);
    expect(refs(await store.shared.referencing({ predicate: OPERATOR, refId: malware(1), limit: 10 }))).toEqual([`${relationship(1)}@${key(1)}`]);
    expect(refs(await store.shared.referencing({ predicate: OPERATOR, refId: indicator(1), limit: 10 }))).toEqual([`${relationship(1)}@${key(1)}`]);
    // an envelope change of a migrated version moves its search row with it
    const b = ROWS[1] as Row0003;
    const input = {
      id: b.id, type: 'malware', specVersion: '2.1', created: key(0), modified: b.versionKey, versionKey: b.versionKey, json: json0003(b),
      jsonAnonymous: null, endpoints: [], envelope: storedEnvelope({ classificationJson: THREAT, providerUserId: 'u-acme', audienceKeys: ['c:energy'] }),
    };
    const [changed] = await store.shared.add([input]);
    expect(changed?.outcome).toBe('replaced');
    expect((await store.shared.search({ predicate: OPERATOR, text: 'emotet', limit: 10 })).rows.map((r) => r.dateAdded)).toEqual([changed?.dateAdded]);
    expect(await search('emotet', member())).toEqual([]);
    // deleting it makes the older version latest, and findable
    expect(await store.shared.delete({ id: malware(1), versions: { last: true } })).toBe(1);
    expect(await search('emotet')).toEqual([`${malware(1)}@${key(1)}`]);
    expect(await store.shared.count()).toBe(ROWS.length - 1);
  } finally {
    await store.close();
  }
}

describe('migration 0004_portal (SQLite)', () => {
  it('upgrades a database at 0003 holding versions: rebuilt with the 5W1H columns in front, every version searchable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-mig-'));
    try {
      const file = path.join(dir, 'kyojo.db');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      await upgrade('sqlite', db, () => openStore({ databaseUrl: `sqlite:${file}` }));
      const raw = new BetterSqlite3(file, { readonly: true });
      try {
        const cols = (raw.prepare('PRAGMA table_info(shared_objects)').all() as { name: string }[]).map((c) => c.name);
        expect(cols.indexOf('tiers')).toBeLessThan(cols.indexOf('json_anonymous'));
        expect(cols.slice(-3)).toEqual(['classification', 'json_anonymous', 'json']);
        const indexes = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'shared_objects' AND sql IS NOT NULL").all() as { name: string }[])
          .map((r) => r.name).sort();
        expect(indexes).toEqual(['shared_objects_provider_added', 'shared_objects_type_added', 'shared_objects_version_unique']);
        const fts = raw.prepare('SELECT count(*) AS n FROM shared_object_search').get() as { n: number };
        expect(fts.n).toBe(ROWS.length - 1);
        const orphans = raw.prepare('SELECT count(*) AS n FROM shared_object_search f WHERE NOT EXISTS (SELECT 1 FROM shared_objects o WHERE o.date_added = f.rowid)').get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        raw.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const fresh = await freshPostgresUrl();
describe.skipIf('skip' in fresh)('migration 0004_portal (PostgreSQL)', () => {
  afterAll(async () => {
    if (!('skip' in fresh)) await fresh.drop();
  });

  it('upgrades a database at 0003 holding versions: 5W1H and search text filled, pg_trgm index built', async () => {
    if ('skip' in fresh) return;
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url }) }) });
    await upgrade('postgres', db, () => openStore({ databaseUrl: fresh.url }));
    const c = new pg.Client({ connectionString: fresh.url });
    await c.connect();
    try {
      const idx = await c.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'shared_objects_search_trgm'");
      expect(idx.rows[0]?.indexdef).toMatch(/USING gin \(search_text gin_trgm_ops\)/);
      const empty = await c.query<{ n: string }>("SELECT count(*) AS n FROM shared_objects WHERE search_text = '' AND type <> 'relationship'");
      expect(Number(empty.rows[0]?.n)).toBe(0);
    } finally {
      await c.end();
    }
  });
});
