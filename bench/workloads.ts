/**
 * The three benchmark workloads, against any TAXII 2.1 collection:
 *
 *   - ingest: the objects of `benchObjects(n)` POSTed in envelopes of 1,000 by a few clients;
 *   - paged read: the whole collection read with `limit` + `next`;
 *   - filtered query: `match[type]=indicator&added_after=…&limit=100`, median and p95.
 *
 * `bench/run.ts` runs them against a `kyojo serve` it starts; `bench/external.ts` against
 * any server (e.g. the OASIS reference server). The HTTP client is node:http(s) with
 * keep-alive and no timeout of its own, so that a very slow answer is measured rather
 * than cut at fetch's 300 s header timeout.
 *
 * In `strict` mode (run.ts) an ingest answer other than 202, or statuses that do not
 * account for every object, is an error. Otherwise every answer is counted and reported:
 * servers differ in what they put in the status (complete or pending, counts or not).
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { benchObjects } from './data.js';

/** A TAXII 2.1 collection to benchmark. `headers` carries the authentication. */
export interface TaxiiTarget {
  /** `…/{api-root}/collections/{id}` (with or without the trailing slash). */
  collectionUrl: string;
  headers: Record<string, string>;
  /** How many objects the ingest posts (and so, the size the reads run at). */
  objectsCount: number;
}

export const TAXII = 'application/taxii+json;version=2.1';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** Raised by `request` when `timeoutMs` passed without a complete answer. */
export class RequestTimeout extends Error {}

/**
 * One HTTP request; the body is read whole. No timeout unless `timeoutMs` is given: slow
 * answers are measured. (The server may well go on working on a request given up on.)
 */
export function request(url: string, init: { method?: string; headers: Record<string, string>; body?: string; timeoutMs?: number }): Promise<Answer> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const headers: Record<string, string | number> = { ...init.headers };
  if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      u,
      { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.timeoutMs !== undefined) {
      const ms = init.timeoutMs;
      const timer = setTimeout(() => req.destroy(new RequestTimeout(`no answer within ${(ms / 1000).toFixed(0)} s`)), ms);
      req.on('close', () => clearTimeout(timer));
    }
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

function parse<T>(body: string): T {
  if (body.trim() === '') return {} as T;
  try {
    return JSON.parse(body) as T;
  } catch {
    return { unparsed: body.slice(0, 200) } as T;
  }
}

function base(target: TaxiiTarget): string {
  return target.collectionUrl.replace(/\/+$/, '');
}

/** The API root of a collection URL: `…/{root}/collections/{id}` → `…/{root}`. */
export function apiRootOf(collectionUrl: string): string {
  return collectionUrl.replace(/\/+$/, '').replace(/\/collections\/[^/]+$/, '');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
}

function bump(m: Record<string, number>, k: string, by = 1): void {
  m[k] = (m[k] ?? 0) + by;
}

/** A point in time (performance.now() scale) after which a workload stops starting requests. */
export type Deadline = number | undefined;

export function deadlineIn(seconds: number | undefined): Deadline {
  return seconds === undefined ? undefined : performance.now() + seconds * 1000;
}

function past(deadline: Deadline): boolean {
  return deadline !== undefined && performance.now() > deadline;
}

// ---------------------------------------------------------------------------------------

export interface IngestOptions {
  concurrency: number;
  bundleSize?: number;
  strict?: boolean;
  deadline?: Deadline;
  /** Give up on one request after this long (external runs against very slow servers). */
  timeoutMs?: number;
}

interface TaxiiStatus {
  id?: string;
  status?: string;
  total_count?: number;
  success_count?: number;
  failure_count?: number;
  pending_count?: number;
}

export interface IngestResult {
  seconds: number;
  /** success_count summed over the answers, per second. */
  rate: number;
  /** success_count summed. */
  stored: number;
  failures: number;
  pending: number;
  /** Objects in the envelopes that were sent (less than objectsCount when stopped at the deadline). */
  sent: number;
  bundlesSent: number;
  bundlesTotal: number;
  /** HTTP code → number of answers. */
  httpCodes: Record<string, number>;
  /** `status` field of the status resources → number of answers. */
  statusValues: Record<string, number>;
  /** Answers (202) whose status had no success_count. */
  withoutCounts: number;
  /** Status ids that were still pending, for `awaitStatuses`. */
  pendingStatusIds: string[];
  partial: boolean;
  /** Wall-clock time the first envelope was sent (a fallback for date_added). */
  startedAt: number;
}

function bundles(total: number, size: number): { body: string; count: number }[] {
  const out: { body: string; count: number }[] = [];
  let batch: string[] = [];
  for (const o of benchObjects(total)) {
    batch.push(JSON.stringify(o));
    if (batch.length === size) {
      out.push({ body: `{"objects":[${batch.join(',')}]}`, count: batch.length });
      batch = [];
    }
  }
  if (batch.length) out.push({ body: `{"objects":[${batch.join(',')}]}`, count: batch.length });
  return out;
}

export async function ingest(target: TaxiiTarget, opts: IngestOptions): Promise<IngestResult> {
  const all = bundles(target.objectsCount, opts.bundleSize ?? 1000);
  const url = `${base(target)}/objects/`;
  const r: IngestResult = {
    seconds: 0, rate: 0, stored: 0, failures: 0, pending: 0, sent: 0, bundlesSent: 0, bundlesTotal: all.length,
    httpCodes: {}, statusValues: {}, withoutCounts: 0, pendingStatusIds: [], partial: false, startedAt: Date.now(),
  };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < all.length) {
      if (past(opts.deadline)) {
        r.partial = true;
        return;
      }
      const b = all[next++]!;
      let res: Answer;
      try {
        res = await request(url, { method: 'POST', headers: { ...target.headers, accept: TAXII, 'content-type': TAXII }, body: b.body, timeoutMs: opts.timeoutMs });
      } catch (e) {
        if (!(e instanceof RequestTimeout)) throw e;
        r.bundlesSent++;
        r.sent += b.count;
        bump(r.httpCodes, 'timeout');
        r.partial = true;
        next = all.length;
        return;
      }
      const status = parse<TaxiiStatus>(res.body);
      if (opts.strict && res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(status)}`);
      r.bundlesSent++;
      r.sent += b.count;
      bump(r.httpCodes, String(res.status));
      if (res.status >= 200 && res.status < 300) {
        bump(r.statusValues, status.status ?? '(none)');
        if (status.success_count === undefined) r.withoutCounts++;
        r.stored += status.success_count ?? 0;
        r.failures += status.failure_count ?? 0;
        r.pending += status.pending_count ?? 0;
        if (status.status === 'pending' && status.id) r.pendingStatusIds.push(status.id);
      } else {
        r.failures += b.count;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  r.seconds = (performance.now() - started) / 1000;
  r.rate = r.stored / r.seconds;
  if (opts.strict && r.stored + r.failures !== target.objectsCount) {
    throw new Error(`status accounted for ${r.stored + r.failures} of ${target.objectsCount}`);
  }
  return r;
}

export interface StatusWait {
  seconds: number;
  complete: number;
  stillPending: number;
  stored: number;
  failures: number;
}

/** Polls `{api-root}/status/{id}/` until every status is complete (or the deadline). */
export async function awaitStatuses(target: TaxiiTarget, ids: string[], deadline?: Deadline): Promise<StatusWait> {
  const root = apiRootOf(target.collectionUrl);
  const started = performance.now();
  const w: StatusWait = { seconds: 0, complete: 0, stillPending: 0, stored: 0, failures: 0 };
  let open = [...ids];
  while (open.length > 0 && !past(deadline)) {
    const still: string[] = [];
    for (const id of open) {
      const res = await request(`${root}/status/${id}/`, { headers: { ...target.headers, accept: TAXII } });
      const s = parse<TaxiiStatus>(res.body);
      if (res.status === 200 && s.status === 'complete') {
        w.complete++;
        w.stored += s.success_count ?? 0;
        w.failures += s.failure_count ?? 0;
      } else still.push(id);
    }
    open = still;
    if (open.length) await new Promise((r) => setTimeout(r, 500));
  }
  w.stillPending = open.length;
  w.seconds = (performance.now() - started) / 1000;
  return w;
}

// ---------------------------------------------------------------------------------------

export interface ReadResult {
  seconds: number;
  rate: number;
  count: number;
  pages: number;
  /** Time to the first page (servers that filter and sort the whole collection pay it there). */
  firstPageMs: number;
  /** The largest page received: less than `limit` when the server caps it. */
  largestPage: number;
  /** Why the read stopped before `more` was false, if it did. */
  stopped?: string;
}

export async function pagedRead(target: TaxiiTarget, limit: number, deadline?: Deadline, timeoutMs?: number): Promise<ReadResult> {
  let next: string | undefined;
  const r: ReadResult = { seconds: 0, rate: 0, count: 0, pages: 0, firstPageMs: 0, largestPage: 0 };
  const started = performance.now();
  do {
    if (past(deadline)) {
      r.stopped = 'time budget spent';
      break;
    }
    const q = new URLSearchParams({ limit: String(limit) });
    if (next) q.set('next', next);
    let res: Answer;
    try {
      res = await request(`${base(target)}/objects/?${q}`, { headers: { ...target.headers, accept: TAXII }, timeoutMs });
    } catch (e) {
      if (!(e instanceof RequestTimeout)) throw e;
      r.stopped = `page ${r.pages + 1}: ${e.message}`;
      if (r.pages === 0) r.firstPageMs = performance.now() - started;
      break;
    }
    const env = parse<{ objects?: unknown[]; more?: boolean; next?: string }>(res.body);
    if (r.pages === 0) r.firstPageMs = performance.now() - started;
    if (res.status !== 200) {
      r.stopped = `page ${r.pages + 1} answered HTTP ${res.status}: ${res.body.slice(0, 160)}`;
      break;
    }
    const n = env.objects?.length ?? 0;
    r.count += n;
    r.largestPage = Math.max(r.largestPage, n);
    r.pages++;
    next = env.more ? env.next : undefined;
    if (env.more && !env.next) r.stopped = 'more=true without next';
  } while (next);
  r.seconds = (performance.now() - started) / 1000;
  r.rate = r.count / r.seconds;
  return r;
}

// ---------------------------------------------------------------------------------------

export interface QueryResult {
  median: number;
  p95: number;
  returned: number;
  /** Queries run (fewer than asked when stopped at the deadline). */
  ran: number;
  asked: number;
  /** HTTP code → number of answers. */
  httpCodes: Record<string, number>;
  /** Where the first date_added came from. */
  firstFrom: 'X-TAXII-Date-Added-First' | 'ingest start';
}

/**
 * `match[type]=indicator&added_after=T&limit=100`, T spread from the collection's first
 * date_added (the manifest's `X-TAXII-Date-Added-First`) to now.
 */
export async function filteredQueries(
  target: TaxiiTarget,
  queries: number,
  opts: { deadline?: Deadline; fallbackFirst?: number; timeoutMs?: number } = {},
): Promise<QueryResult> {
  const head = await request(`${base(target)}/manifest/?limit=1`, { headers: { ...target.headers, accept: TAXII } });
  const header = head.headers['x-taxii-date-added-first'];
  let first = typeof header === 'string' ? Date.parse(header) : NaN;
  let firstFrom: QueryResult['firstFrom'] = 'X-TAXII-Date-Added-First';
  if (Number.isNaN(first)) {
    if (opts.fallbackFirst === undefined) throw new Error(`manifest answered ${head.status} without X-TAXII-Date-Added-First`);
    first = opts.fallbackFirst;
    firstFrom = 'ingest start';
  }
  const times: number[] = [];
  const httpCodes: Record<string, number> = {};
  let returned = 0;
  const span = Date.now() - first;
  for (let i = 0; i < queries; i++) {
    if (past(opts.deadline)) break;
    const after = new Date(first + Math.floor((span * i) / queries)).toISOString();
    const q = new URLSearchParams({ 'match[type]': 'indicator', added_after: after, limit: '100' });
    const t0 = performance.now();
    let res: Answer;
    try {
      res = await request(`${base(target)}/objects/?${q}`, { headers: { ...target.headers, accept: TAXII }, timeoutMs: opts.timeoutMs });
    } catch (e) {
      if (!(e instanceof RequestTimeout)) throw e;
      bump(httpCodes, 'timeout');
      break;
    }
    const body = parse<{ objects?: unknown[] }>(res.body);
    times.push(performance.now() - t0);
    bump(httpCodes, String(res.status));
    returned += body.objects?.length ?? 0;
  }
  return { median: median(times), p95: pct(times, 0.95), returned, ran: times.length, asked: queries, httpCodes, firstFrom };
}

// ---------------------------------------------------------------------------------------

/** VmRSS and VmHWM (peak) of a local process, in MiB. */
export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// The figure lines, shared by run.ts and external.ts so that their output compares line by line.

export function ingestLine(label: string, total: number, r: IngestResult, concurrency: number): string {
  const head = r.partial
    ? `ingest: PARTIAL, ${r.sent} of ${total} objects sent (${r.bundlesSent} of ${r.bundlesTotal} envelopes) before the time budget ran out,`
    : `ingest: ${total} objects`;
  return `[${label}] ${head} in ${r.seconds.toFixed(1)} s = ${Math.round(r.rate)} objects/s (bundles of 1000, ${concurrency} clients, ${r.failures} refused)`;
}

export function readLine(label: string, limit: number, r: ReadResult): string {
  return `[${label}] paged read (limit=${limit}): ${r.count} objects in ${r.pages} pages, ${r.seconds.toFixed(1)} s = ${Math.round(r.rate)} objects/s`;
}

export function queryLine(label: string, total: number, r: QueryResult): string {
  const n = r.ran === r.asked ? `${r.asked} queries` : `only ${r.ran} of ${r.asked} queries within the time budget`;
  return `[${label}] filtered query (match[type]=indicator, added_after, limit=100) over ${total} objects: median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (${n}, ${r.returned} objects returned)`;
}

export function memoryLine(label: string, total: number, m: { rss: number; peak: number }): string {
  return `[${label}] server memory at ${total} objects: RSS ${m.rss.toFixed(0)} MiB, peak ${m.peak.toFixed(0)} MiB`;
}

function counts(m: Record<string, number>): string {
  return Object.entries(m).map(([k, v]) => `${k} x${v}`).join(', ') || 'none';
}

/** What the server said, beyond the figures (external runs). */
export function ingestDetailLine(label: string, r: IngestResult): string {
  return `[${label}]   ingest answers: HTTP ${counts(r.httpCodes)}; status ${counts(r.statusValues)}; success_count ${r.stored}, failure_count ${r.failures}, pending_count ${r.pending}${r.withoutCounts ? `, ${r.withoutCounts} statuses without success_count` : ''}`;
}

export function readDetailLine(label: string, r: ReadResult): string {
  return `[${label}]   first page ${r.firstPageMs.toFixed(0)} ms, largest page ${r.largestPage} objects${r.stopped ? `; stopped: ${r.stopped}` : ''}`;
}

export function queryDetailLine(label: string, r: QueryResult): string {
  return `[${label}]   query answers: HTTP ${counts(r.httpCodes)}; first date_added from ${r.firstFrom}`;
}
