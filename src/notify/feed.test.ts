/**
 * The feed over a real store (SQLite, and PostgreSQL when reachable): it starts at the store's
 * end, finds rows written through another connection (another process, another replica) by its
 * timer, is woken at once by the bus, and hands out every committed version once, in date_added
 * order, while several connections write at the same time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { indicator, key } from '../store/contract-fixtures.js';
import { sver } from '../store/contract-shared.js';
import { openStore } from '../store/open.js';
import { freshPostgresUrl } from '../store/postgres/test-db.js';
import type { SharedRow, Store } from '../store/types.js';
import { MemoryBus } from './bus-memory.js';
import { StoreFeed } from './feed.js';

const log = pino({ level: process.env.KYOJO_TEST_LOG ?? 'silent' });

type Backend = 'sqlite' | 'postgres';

/** Two stores on one database (as two processes would have), or a reason to skip. */
async function twoStores(backend: Backend): Promise<{ a: Store; b: Store; close(): Promise<void> } | { skip: string }> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kyojo-feed-'));
    const a = await openStore({ dataDir: dir });
    const b = await openStore({ dataDir: dir });
    return { a, b, close: async () => { await a.close(); await b.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const db = await freshPostgresUrl();
  if ('skip' in db) return db;
  const a = await openStore({ databaseUrl: db.url });
  const b = await openStore({ databaseUrl: db.url });
  return { a, b, close: async () => { await a.close(); await b.close(); await db.drop(); } };
}

/** Collects what a feed hands out; `until(n)` resolves once n rows arrived (generous timeout). */
function collector(feed: StoreFeed) {
  const rows: SharedRow[] = [];
  const batches: number[] = [];
  let waiter: { n: number; resolve: () => void } | undefined;
  feed.onRows((batch) => {
    batches.push(batch.length);
    rows.push(...batch);
    if (waiter && rows.length >= waiter.n) waiter.resolve();
  });
  const until = (n: number) => new Promise<void>((resolve, reject) => {
    if (rows.length >= n) return resolve();
    const timer = setTimeout(() => reject(new Error(`only ${rows.length} of ${n} rows arrived`)), 30_000);
    waiter = { n, resolve: () => { clearTimeout(timer); resolve(); } };
  });
  return { rows, batches, until };
}

const id = (n: number) => indicator(n);

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`feed (${backend})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    const setup = async (t: { skip(reason: string): void }) => {
      const s = await twoStores(backend);
      if ('skip' in s) {
        t.skip(s.skip);
        return undefined;
      }
      cleanups.push(() => s.close());
      return s;
    };

    it('starts at the store\'s end and hands out what another connection writes later, found by its timer, in order', async (t) => {
      const s = await setup(t);
      if (!s) return;
      // history, including a version re-stamped by an envelope change after the newest latest version
      await s.a.shared.add([sver(id(1), key(1)), sver(id(1), key(2)), sver(id(2), key(1))]);
      await s.a.shared.add([sver(id(1), key(1), { env: { audienceKeys: ['c:energy'] } })]);
      const feed = new StoreFeed({ store: s.a, log, intervalMs: 20 });
      cleanups.push(() => feed.stop());
      const got = collector(feed);
      feed.start();
      await feed.ready;
      const start = feed.cursor;
      const added = await s.b.shared.add([sver(id(3), key(1)), sver(id(4), key(1))]);
      await s.b.shared.add([sver(id(3), key(2), { env: { embargoUntilUs: Number.MAX_SAFE_INTEGER } })]); // embargoed: delivered too
      await got.until(3);
      expect(got.rows.map((r) => `${r.id}@${r.versionKey}`)).toEqual([`${id(3)}@${key(1)}`, `${id(4)}@${key(1)}`, `${id(3)}@${key(2)}`]);
      expect(got.rows[0]!.dateAdded).toBe(added[0]!.dateAdded);
      expect(got.rows.every((r) => r.dateAdded > start)).toBe(true);
      expect(feed.cursor).toBe(got.rows[2]!.dateAdded);
    });

    it('is woken at once by the bus (its timer would take an hour)', async (t) => {
      const s = await setup(t);
      if (!s) return;
      const bus = new MemoryBus(log);
      const feed = new StoreFeed({ store: s.a, log, bus, intervalMs: 3_600_000 });
      cleanups.push(() => feed.stop());
      const got = collector(feed);
      feed.start();
      await feed.ready;
      const [r] = await s.b.shared.add([sver(id(7), key(1))]);
      await bus.publish([{ dateAdded: r!.dateAdded, id: r!.id, versionKey: r!.versionKey, type: 'indicator' }]);
      await got.until(1);
      expect(got.rows.map((x) => x.id)).toEqual([id(7)]);
      // an explicit wake works the same way
      await s.b.shared.add([sver(id(8), key(1))]);
      feed.wake();
      await got.until(2);
      expect(got.rows.map((x) => x.id)).toEqual([id(7), id(8)]);
    });

    it('hands out every version once, in date_added order, while two connections write concurrently', async (t) => {
      const s = await setup(t);
      if (!s) return;
      const bus = new MemoryBus(log);
      const feed = new StoreFeed({ store: s.a, log, bus, intervalMs: 5, pageSize: 7 });
      cleanups.push(() => feed.stop());
      const got = collector(feed);
      feed.start();
      await feed.ready;
      const writers = [s.a, s.b, s.a, s.b];
      const results = await Promise.all(writers.map(async (store, w) => {
        const out: number[] = [];
        for (let i = 0; i < 15; i++) {
          const n = 100 + w * 100 + i;
          const batch = [sver(id(n), key(1)), ...(i % 3 === 0 ? [sver(id(n), key(2))] : [])];
          const res = await store.shared.add(batch);
          out.push(...res.map((r) => r.dateAdded));
          // wake through the bus for half the writes; the timer finds the rest
          if (i % 2 === 0) await bus.publish(res.map((r) => ({ dateAdded: r.dateAdded, id: r.id, versionKey: r.versionKey, type: 'indicator' })));
        }
        return out;
      }));
      const written = results.flat().sort((x, y) => x - y);
      await got.until(written.length);
      const seen = got.rows.map((r) => r.dateAdded);
      expect(seen).toEqual(written);
      expect(new Set(got.rows.map((r) => `${r.id}@${r.versionKey}`)).size).toBe(written.length);
      expect(Math.max(...got.batches)).toBeLessThanOrEqual(7);
    });

    it('keeps going after a listener fails, and stops cleanly', async (t) => {
      const s = await setup(t);
      if (!s) return;
      const feed = new StoreFeed({ store: s.a, log, intervalMs: 10 });
      feed.onRows(() => {
        throw new Error('a failing listener');
      });
      const got = collector(feed);
      feed.start();
      await feed.ready;
      await s.b.shared.add([sver(id(20), key(1))]);
      await got.until(1);
      await s.b.shared.add([sver(id(21), key(1))]);
      await got.until(2);
      await feed.stop();
      await s.b.shared.add([sver(id(22), key(1))]);
      feed.wake();
      expect(got.rows.map((r) => r.id)).toEqual([id(20), id(21)]);
    });
  });
}
