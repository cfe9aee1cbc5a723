/**
 * The hub-core benchmark workloads (bench/workloads.ts) against any TAXII 2.1 collection,
 * e.g. another implementation running locally, to compare like for like:
 *
 *   node --import tsx bench/external.ts --url COLLECTION_URL --user U --password P --objects N
 *        [--pid PID] [--queries 200] [--label NAME] [--concurrency 2] [--budget-seconds S]
 *        [--token BEARER]   (instead of --user/--password)
 *        [--workloads read,query]   (what runs after the ingest, which always runs)
 *        [--request-timeout-seconds S]   (give up on a single request after S s)
 *        [--limits 1000,10000]   (the page sizes of the paged reads)
 *
 * COLLECTION_URL is `…/{api-root}/collections/{id}/`; the collection should be empty and
 * writable by the user. With --pid (a process on this machine) the server's RSS is read
 * from /proc/PID/status. --budget-seconds bounds each workload: no new request is started
 * after it, and the figure printed is then marked partial. Prints the same figure lines as
 * `npm run bench`, each followed by what the server said (HTTP codes, status values, …).
 */
import { cpus, totalmem } from 'node:os';
import { realIocCount } from './data.js';
import {
  apiRootOf, awaitStatuses, deadlineIn, filteredQueries, ingest, ingestDetailLine, ingestLine, memoryLine, pagedRead,
  queryDetailLine, queryLine, readDetailLine, readLine, request, rssMiB, TAXII, type TaxiiTarget,
} from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');

function usage(msg: string): never {
  console.error(`${msg}\nusage: node --import tsx bench/external.ts --url COLLECTION_URL (--user U --password P | --token T) --objects N [--pid PID] [--queries 200] [--label NAME] [--concurrency 2] [--budget-seconds S] [--workloads read,query] [--request-timeout-seconds S] [--limits 1000,10000]`);
  process.exit(2);
}

const url = args.get('url') ?? usage('--url is required');
const TOTAL = Number(args.get('objects') ?? usage('--objects is required'));
if (!Number.isInteger(TOTAL) || TOTAL <= 0) usage('--objects must be a positive integer');
const QUERIES = Number(args.get('queries') ?? 200);
const CONCURRENCY = Number(args.get('concurrency') ?? 2);
const LABEL = args.get('label') ?? 'external';
const PID = args.has('pid') ? Number(args.get('pid')) : undefined;
const BUDGET = args.has('budget-seconds') ? Number(args.get('budget-seconds')) : undefined;
const TIMEOUT_MS = args.has('request-timeout-seconds') ? Number(args.get('request-timeout-seconds')) * 1000 : undefined;
const LIMITS = (args.get('limits') ?? '1000,10000').split(',').map(Number);
const WORKLOADS = new Set((args.get('workloads') ?? 'read,query').split(','));

let authorization: string;
if (args.has('token')) authorization = `Bearer ${args.get('token')}`;
else if (args.has('user')) authorization = `Basic ${Buffer.from(`${args.get('user')}:${args.get('password') ?? ''}`).toString('base64')}`;
else usage('--user/--password or --token is required');

const target: TaxiiTarget = { collectionUrl: url, headers: { authorization }, objectsCount: TOTAL };
const memory = () => (PID === undefined ? undefined : rssMiB(PID));

console.log(`kyojo bench (external): ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
const bounds = [BUDGET === undefined ? '' : `no new request after ${BUDGET} s in a workload`, TIMEOUT_MS === undefined ? '' : `a request given up after ${TIMEOUT_MS / 1000} s`].filter(Boolean);
console.log(`target: ${url}${PID === undefined ? '' : ` (server pid ${PID})`}${bounds.length ? `; ${bounds.join(', ')}` : ''}`);
console.log(`objects: ${TOTAL} (${realIocCount()} real indicator values from ../shared/data/iocs cycled; synthetic when absent)`);

// What the server says about itself and the collection, before anything is posted.
const root = await request(`${apiRootOf(url)}/`, { headers: { ...target.headers, accept: TAXII } });
const coll = await request(`${url.replace(/\/+$/, '')}/`, { headers: { ...target.headers, accept: TAXII } });
const server = root.headers.server ? `, Server: ${root.headers.server}` : '';
console.log(`[${LABEL}] API root: HTTP ${root.status}${server}, ${root.body.slice(0, 300)}`);
console.log(`[${LABEL}] collection: HTTP ${coll.status}, ${coll.body.slice(0, 300)}`);
if (coll.status !== 200) process.exit(1);
const m0 = memory();
if (m0) console.log(`[${LABEL}] server memory before ingest: RSS ${m0.rss.toFixed(0)} MiB`);

const ing = await ingest(target, { concurrency: CONCURRENCY, deadline: deadlineIn(BUDGET), timeoutMs: TIMEOUT_MS });
console.log(ingestLine(LABEL, TOTAL, ing, CONCURRENCY));
console.log(ingestDetailLine(LABEL, ing));
if (ing.pendingStatusIds.length > 0) {
  const w = await awaitStatuses(target, ing.pendingStatusIds, deadlineIn(BUDGET));
  console.log(`[${LABEL}]   ${ing.pendingStatusIds.length} pending statuses polled: ${w.complete} complete after ${w.seconds.toFixed(1)} s more (success_count ${w.stored}, failure_count ${w.failures}), ${w.stillPending} still pending`);
}
const m1 = memory();
if (m1) console.log(`[${LABEL}] server memory after ingest: RSS ${m1.rss.toFixed(0)} MiB`);

// The size the reads run at: what the server reported as stored, else what was sent.
const size = ing.stored > 0 ? ing.stored : ing.sent;
if (WORKLOADS.has('read')) {
  for (const limit of LIMITS) {
    const r = await pagedRead(target, limit, deadlineIn(BUDGET), TIMEOUT_MS);
    console.log(readLine(LABEL, limit, r));
    console.log(readDetailLine(LABEL, r));
  }
}
if (WORKLOADS.has('query')) {
  const fq = await filteredQueries(target, QUERIES, { deadline: deadlineIn(BUDGET), fallbackFirst: ing.startedAt, timeoutMs: TIMEOUT_MS });
  console.log(queryLine(LABEL, size, fq));
  console.log(queryDetailLine(LABEL, fq));
}
const m2 = memory();
if (m2) console.log(memoryLine(LABEL, size, m2));
process.exit(0);
