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
import { realIocCount } from './data.js';
import { freshBenchDatabase, seed, startServer } from './server.js';
import { filteredQueries, ingest, ingestLine, memoryLine, pagedRead, queryLine, readLine, type TaxiiTarget } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const TOTAL = Number(args.get('objects') ?? 1_000_000);
const QUERIES = Number(args.get('queries') ?? 200);
const BACKENDS = (args.get('backend') ?? 'both') === 'both' ? ['sqlite', 'postgres'] : [args.get('backend')!];
const PG_ADMIN = process.env.KYOJO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 2;

const freshPgDatabase = () => freshBenchDatabase(PG_ADMIN, 'kyojo_bench_');

async function runBackend(backend: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-bench-'));
  const db = backend === 'postgres' ? await freshPgDatabase() : undefined;
  try {
    const { token, collectionId } = await seed(dataDir, db?.url);
    const hub = await startServer(dataDir, db?.url, token, collectionId);
    try {
      const target: TaxiiTarget = { collectionUrl: hub.collectionUrl, headers: { authorization: `Bearer ${hub.token}` }, objectsCount: TOTAL };
      const ing = await ingest(target, { concurrency: CONCURRENCY, strict: true });
      console.log(ingestLine(backend, TOTAL, ing, CONCURRENCY));
      for (const limit of [1000, 10000]) console.log(readLine(backend, limit, await pagedRead(target, limit)));
      console.log(queryLine(backend, TOTAL, await filteredQueries(target, QUERIES)));
      console.log(memoryLine(backend, TOTAL, hub.rssMiB()));
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
