/**
 * The store across processes: an acknowledged add survives SIGKILL of the writing
 * process, batches are all-or-nothing, and two processes writing the same store at
 * once (server and CLI) get unique date_added values from the one hub clock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open.js';
import type { ObjectRow, VisibilityPredicate } from './types.js';
import { freshPostgresUrl, type FreshPostgres } from './postgres/test-db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
const KILLED = 'c0000000-0000-4000-8000-00000000c4a5';
const SHARED = 'c0000000-0000-4000-8000-0000000005ed';
const BATCH = 50;

interface Ack {
  id: string;
  dateAdded: number;
}

interface Writer {
  acks: Ack[];
  /** resolves with the exit code or signal */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(): void;
  /** resolves once at least n acks were read */
  waitFor(n: number): Promise<void>;
}

function startWriter(target: string, collection: string, prefix: string, batches: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, target, collection, prefix, String(batches), String(BATCH)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: Ack[] = [];
  let partial = '';
  let stderr = '';
  const waiters: Array<{ n: number; resolve(): void }> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? ''; // only complete lines count as acknowledged
    for (const line of lines) {
      const [tag, id, , dateAdded] = line.split(' ');
      if (tag === 'ack' && id && dateAdded) acks.push({ id, dateAdded: Number(dateAdded) });
    }
    for (const w of waiters.filter((w) => acks.length >= w.n)) w.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      for (const w of waiters) w.resolve(); // let a waiter see the shortfall instead of hanging
      resolve({ code, signal, stderr });
    }),
  );
  return {
    acks,
    exited,
    kill: () => child.kill('SIGKILL'),
    waitFor: (n) => new Promise<void>((resolve) => (acks.length >= n ? resolve() : waiters.push({ n, resolve }))),
  };
}

async function storedRows(opts: { dataDir?: string; databaseUrl?: string }, collection: string): Promise<Map<string, ObjectRow>> {
  const store = await openStore(opts);
  try {
    const rows = new Map<string, ObjectRow>();
    const everything: VisibilityPredicate = { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Date.now() * 1000 };
    const scope = { kind: 'audience' as const, key: `c:${collection}` };
    for await (const batch of store.shared.scan({ predicate: everything, scope, batchSize: 2000 })) for (const r of batch) rows.set(r.id, r);
    return rows;
  } finally {
    await store.close();
  }
}

/** Every acknowledged version is stored with the acknowledged dateAdded; batches are whole. */
function expectDurable(acks: Ack[], rows: Map<string, ObjectRow>): void {
  const lost = acks.filter((a) => rows.get(a.id)?.dateAdded !== a.dateAdded);
  expect(lost).toEqual([]);
  const perBatch = new Map<string, number>();
  for (const id of rows.keys()) {
    const batch = id.replace(/-\d+$/, '');
    perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
  }
  expect([...perBatch.values()].filter((n) => n !== BATCH)).toEqual([]);
}

async function killMidRun(target: string, opts: { dataDir?: string; databaseUrl?: string }): Promise<void> {
  const w = startWriter(target, KILLED, 'k', 0);
  await w.waitFor(30 * BATCH);
  w.kill();
  const end = await w.exited;
  expect(end.signal).toBe('SIGKILL');
  expect(w.acks.length).toBeGreaterThanOrEqual(30 * BATCH);
  expectDurable(w.acks, await storedRows(opts, KILLED));
}

async function twoWriters(target: string, opts: { dataDir?: string; databaseUrl?: string }): Promise<void> {
  const writers = [startWriter(target, SHARED, 'a', 20), startWriter(target, SHARED, 'b', 20)];
  const ends = await Promise.all(writers.map((w) => w.exited));
  expect(ends.map((e) => [e.code, e.stderr])).toEqual([
    [0, ''],
    [0, ''],
  ]);
  const all = writers.flatMap((w) => w.acks.map((a) => a.dateAdded));
  expect(all).toHaveLength(2 * 20 * BATCH);
  expect(new Set(all).size).toBe(all.length);
  for (const w of writers) expect(w.acks.every((a, i) => i === 0 || a.dateAdded > (w.acks[i - 1] as Ack).dateAdded)).toBe(true);
  const rows = await storedRows(opts, SHARED);
  expect(rows.size).toBe(2 * 20 * BATCH);
  expectDurable(writers.flatMap((w) => w.acks), rows);
}

describe('store across processes: SQLite', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'kyojo-crash-'));
    dirs.push(d);
    return d;
  };

  it('keeps every acknowledged version after SIGKILL of the writer', async () => {
    const dir = fresh();
    await killMidRun(dir, { dataDir: dir });
  });

  it('lets two processes create and write one fresh file at once', async () => {
    const dir = fresh();
    await twoWriters(dir, { dataDir: dir });
  });
});

describe('store across processes: PostgreSQL', () => {
  let db: FreshPostgres | undefined;
  const url = async (): Promise<string | undefined> => {
    if (!db) {
      db = await freshPostgresUrl();
      if ('skip' in db) console.warn(`postgres tests skipped: ${db.skip}`);
    }
    return 'skip' in db ? undefined : db.url;
  };
  afterAll(async () => {
    if (db && !('skip' in db)) await db.drop();
  });

  it('keeps every acknowledged version after SIGKILL of the writer', async (t) => {
    const u = await url();
    if (!u) return t.skip();
    await killMidRun(u, { databaseUrl: u });
  });

  it('lets two processes write one database at once', async (t) => {
    const u = await url();
    if (!u) return t.skip();
    await twoWriters(u, { databaseUrl: u });
  });
});
