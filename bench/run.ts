/**
 * The hub-core benchmark over loopback through the TAXII API, on SQLite and PostgreSQL:
 * ingest (bundles of 1,000), paged read of the whole collection, and a filtered query
 * (match[type] + added_after, limit=100) with N objects stored; server RSS at that size.
 *
 *   npm run bench -- [--backend sqlite|postgres|both] [--objects 1000000] [--queries 200]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { benchObjects, realIocCount } from './data.js';
import { seed, startServer, type BenchHub } from './server.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const TOTAL = Number(args.get('objects') ?? 1_000_000);
const QUERIES = Number(args.get('queries') ?? 200);
const BACKENDS = (args.get('backend') ?? 'both') === 'both' ? ['sqlite', 'postgres'] : [args.get('backend')!];
const PG_ADMIN = process.env.KYOJO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TAXII = 'application/taxii+json;version=2.1';
const CONCURRENCY = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

async function ingest(hub: BenchHub): Promise<{ seconds: number; rate: number; failures: number }> {
  const bodies: string[] = [];
  let batch: string[] = [];
  for (const o of benchObjects(TOTAL)) {
    batch.push(JSON.stringify(o));
    if (batch.length === 1000) {
      bodies.push(`{"objects":[${batch.join(',')}]}`);
      batch = [];
    }
  }
  if (batch.length) bodies.push(`{"objects":[${batch.join(',')}]}`);
  let next = 0;
  let failures = 0;
  let stored = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await fetch(`${hub.collectionUrl}/objects/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.token}`, accept: TAXII, 'content-type': TAXII },
        body,
      });
      const status = (await res.json()) as { success_count?: number; failure_count?: number };
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(status)}`);
      stored += status.success_count ?? 0;
      failures += status.failure_count ?? 0;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (stored + failures !== TOTAL) throw new Error(`status accounted for ${stored + failures} of ${TOTAL}`);
  return { seconds, rate: stored / seconds, failures };
}

async function pagedRead(hub: BenchHub, limit: number): Promise<{ seconds: number; rate: number; count: number; pages: number }> {
  let next: string | undefined;
  let count = 0;
  let pages = 0;
  const started = performance.now();
  do {
    const q = new URLSearchParams({ limit: String(limit) });
    if (next) q.set('next', next);
    const res = await fetch(`${hub.collectionUrl}/objects/?${q}`, { headers: { authorization: `Bearer ${hub.token}`, accept: TAXII } });
    const env = (await res.json()) as { objects?: unknown[]; more?: boolean; next?: string };
    count += env.objects?.length ?? 0;
    pages++;
    next = env.more ? env.next : undefined;
  } while (next);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rate: count / seconds, count, pages };
}

async function filteredQueries(hub: BenchHub): Promise<{ median: number; p95: number; returned: number }> {
  // added_after points spread over the stored range: read the first/last date_added once.
  const head = await fetch(`${hub.collectionUrl}/manifest/?limit=1`, { headers: { authorization: `Bearer ${hub.token}`, accept: TAXII } });
  const first = Date.parse(head.headers.get('x-taxii-date-added-first')!);
  const times: number[] = [];
  let returned = 0;
  const span = Date.now() - first;
  for (let i = 0; i < QUERIES; i++) {
    const after = new Date(first + Math.floor((span * i) / QUERIES)).toISOString();
    const q = new URLSearchParams({ 'match[type]': 'indicator', added_after: after, limit: '100' });
    const t0 = performance.now();
    const res = await fetch(`${hub.collectionUrl}/objects/?${q}`, { headers: { authorization: `Bearer ${hub.token}`, accept: TAXII } });
    const body = (await res.json()) as { objects?: unknown[] };
    times.push(performance.now() - t0);
    returned += body.objects?.length ?? 0;
  }
  return { median: median(times), p95: pct(times, 0.95), returned };
}

async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kyojo_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function runBackend(backend: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-bench-'));
  const db = backend === 'postgres' ? await freshPgDatabase() : undefined;
  try {
    const { token, collectionId } = await seed(dataDir, db?.url);
    const hub = await startServer(dataDir, db?.url, token, collectionId);
    try {
      const ing = await ingest(hub);
      console.log(`[${backend}] ingest: ${TOTAL} objects in ${ing.seconds.toFixed(1)} s = ${Math.round(ing.rate)} objects/s (bundles of 1000, ${CONCURRENCY} clients, ${ing.failures} refused)`);
      for (const limit of [1000, 10000]) {
        const read = await pagedRead(hub, limit);
        console.log(`[${backend}] paged read (limit=${limit}): ${read.count} objects in ${read.pages} pages, ${read.seconds.toFixed(1)} s = ${Math.round(read.rate)} objects/s`);
      }
      const fq = await filteredQueries(hub);
      console.log(`[${backend}] filtered query (match[type]=indicator, added_after, limit=100) over ${TOTAL} objects: median ${fq.median.toFixed(2)} ms, p95 ${fq.p95.toFixed(2)} ms (${QUERIES} queries, ${fq.returned} objects returned)`);
      const mem = hub.rssMiB();
      console.log(`[${backend}] server memory at ${TOTAL} objects: RSS ${mem.rss.toFixed(0)} MiB, peak ${mem.peak.toFixed(0)} MiB`);
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  }
}

console.log(`kyojo bench: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`objects: ${TOTAL} (${realIocCount()} real indicator values from ../shared/data/iocs cycled; synthetic when absent)`);
for (const b of BACKENDS) await runBackend(b);
