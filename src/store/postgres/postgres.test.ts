import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defineStoreContract } from '../contract.js';
import { openStore } from '../open.js';
import type { Store } from '../types.js';
import { sver } from '../contract-shared.js';
import { freshPostgresUrl } from './test-db.js';

const db = await freshPostgresUrl();

/** Empty every table but the clock and Kysely's bookkeeping, so each test starts clean. */
async function truncateAll(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
       AND tablename <> 'hub_clock' AND tablename NOT LIKE 'kysely_%'`,
    );
    if (rows.length > 0) await c.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')}`);
  } finally {
    await c.end();
  }
}

async function lastAnalyze(url: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ t: string | null }>("SELECT last_analyze::text AS t FROM pg_stat_user_tables WHERE relname = 'shared_objects'");
    return r.rows[0]?.t ?? null;
  } finally {
    await c.end();
  }
}

if ('skip' in db) {
  console.warn(`postgres tests skipped: ${db.skip}`);
  describe.skip('Store contract: postgres', () => {
    it('needs PostgreSQL', () => {
      expect(db.skip).not.toBe('');
    });
  });
} else {
  const { url } = db;
  afterAll(() => db.drop());

  defineStoreContract('postgres', async () => {
    const opened: Store[] = [await openStore({ databaseUrl: url })];
    await truncateAll(url);
    return {
      store: opened[0] as Store,
      async reopen() {
        const s = await openStore({ databaseUrl: url });
        opened.push(s);
        return s;
      },
      async cleanup() {
        for (const s of opened) await s.close();
      },
    };
  });

  describe('openStore (PostgreSQL)', () => {
    it('opens a migrated database again without re-running migrations', async () => {
      const messages: string[] = [];
      const logger = { info: (m: string) => messages.push(m), warn: (m: string) => messages.push(m) };
      const [a, b] = await Promise.all([openStore({ databaseUrl: url, logger }), openStore({ databaseUrl: url, logger })]);
      expect(a.backend).toBe('postgres');
      expect(messages.filter((m) => m.includes('applied migration'))).toEqual([]);
      await a.close();
      await b.close();
    });

    it('refreshes planner statistics after a bulk load', async () => {
      await truncateAll(url);
      const store = await openStore({ databaseUrl: url });
      await store.identity.createCommunity({ id: 'c', slug: 'c', name: 'c', kind: 'isac', sector: null, createdAt: '2026-01-01T00:00:00.000Z' });
      await store.collections.create({ id: 'col', communityId: 'c', title: 't', description: null, alias: null, createdAt: '2026-01-01T00:00:00.000Z' });
      const before = await lastAnalyze(url);
      const batch = Array.from({ length: 1500 }, (_, i) => sver(`indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, ''));
      await store.shared.add(batch);
      await store.close(); // waits for the background ANALYZE
      const after = await lastAnalyze(url);
      expect(after).not.toBeNull();
      expect(after).not.toEqual(before);
    });

    it('fails to open an unreachable server with the driver error', async () => {
      await expect(openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(/ECONNREFUSED|connect/);
    });
  });
}
