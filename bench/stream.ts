/**
 * The live-stream benchmark (issue 6): 1,000 SSE clients connected to one hub, items published
 * one after another; delivery latency from the moment the publisher sends POST /api/v1/shares to
 * the moment a client has parsed the event (so it includes ingest, the commit, the bus, the feed,
 * the per-predicate store queries and the write to every socket).
 *
 * The hub is a real `kyojo serve` process (from the sources); the clients and the publisher share
 * this process. By default every client is a different user (1,000 distinct predicates: the
 * worst case, one store query per client per batch); `--users 10` spreads the clients over 10
 * users (clients with equal predicates share a query).
 *
 *   npm run bench:stream -- [--backend sqlite|postgres] [--clients 1000] [--users 1000] [--items 40] [--interval 250]
 *                           [--kind indicator|relationship]
 *
 * `--kind relationship` publishes relationships between two indicators: the endpoint rule makes
 * the hub ask the store once per distinct predicate (the slow path).
 *
 * Prints figures; asserts nothing. Copy them into docs/performance.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdentityService } from '../src/identity/service.js';
import { openStore } from '../src/store/open.js';
import { freshPostgresUrl } from '../src/store/postgres/test-db.js';
import { startServeProcess } from '../test/support/cli.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const BACKEND = args.get('backend') ?? 'sqlite';
const CLIENTS = Number(args.get('clients') ?? 1000);
const USERS = Math.min(CLIENTS, Number(args.get('users') ?? CLIENTS));
const ITEMS = Number(args.get('items') ?? 40);
const INTERVAL_MS = Number(args.get('interval') ?? 250);
/** indicator (decided in memory) or relationship (the endpoint rule: one store query per distinct predicate) */
const KIND = args.get('kind') ?? 'indicator';
const ORGS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One community, ORGS member organizations, USERS analysts with a token each; the publisher is user 0. */
async function seed(dataDir: string, databaseUrl: string | undefined): Promise<string[]> {
  const store = await openStore({ dataDir, databaseUrl });
  try {
    const identity = new IdentityService(store);
    await identity.addCommunity({ slug: 'bench-isac', name: 'Bench ISAC', kind: 'isac', sector: 'finance' });
    for (let o = 0; o < ORGS; o++) {
      await identity.addOrganization({ slug: `org${o}`, name: `Org ${o}`, kind: 'company', sector: 'finance' });
      await identity.joinCommunity('bench-isac', `org${o}`);
    }
    const tokens: string[] = [];
    for (let u = 0; u < USERS; u++) {
      const email = `analyst${u}@org${u % ORGS}.example`;
      await identity.addUser({ email, org: `org${u % ORGS}`, role: 'analyst' });
      tokens.push((await identity.addToken(email, 'bench')).secret);
    }
    return tokens;
  } finally {
    await store.close();
  }
}

/** A minimal SSE reader: the STIX id of every object event and when it was parsed. */
function connectClient(url: string, token: string, agent: Agent, onEvent: (id: string, at: number) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/v1/stream`, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buf = '';
      let ready = false;
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!ready && /(^|\n):/.test(block)) {
            ready = true;
            resolve(() => req.destroy());
          }
          const m = /\ndata: \{"id":"([^"]+)"/.exec(block);
          if (m) onEvent(m[1]!, at);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-bench-stream-'));
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (BACKEND === 'postgres') {
    const db = await freshPostgresUrl();
    if ('skip' in db) throw new Error(db.skip);
    databaseUrl = db.url;
    drop = db.drop;
  }
  const env: NodeJS.ProcessEnv = { KYOJO_DATA: dataDir, DATABASE_URL: databaseUrl ?? '', KYOJO_SECRET_KEY: randomBytes(32).toString('base64') };
  let t = performance.now();
  const tokens = await seed(dataDir, databaseUrl);
  console.log(`seeded ${USERS} users in ${((performance.now() - t) / 1000).toFixed(1)} s (${BACKEND})`);
  const hub = await startServeProcess([], env);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const closers: (() => void)[] = [];
  try {
    const arrivals = new Map<string, number[]>();
    const onEvent = (id: string, at: number) => {
      const list = arrivals.get(id);
      if (list) list.push(at);
      else arrivals.set(id, [at]);
    };
    t = performance.now();
    for (let i = 0; i < CLIENTS; i += 50) {
      const batch = Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) => connectClient(hub.url, tokens[(i + k) % USERS]!, agent, onEvent));
      closers.push(...await Promise.all(batch));
    }
    console.log(`${CLIENTS} clients connected in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const sent = new Map<string, number>();
    const answered: number[] = [];
    const publisher = tokens[0]!;
    const T = '2026-03-01T00:00:00.000Z';
    const indicatorObj = (id: string) => ({
      type: 'indicator', spec_version: '2.1', id, created: T, modified: T,
      name: 'Bench indicator', pattern: "[ipv4-addr:value = '203.0.113.9']", pattern_type: 'stix', valid_from: '2026-03-01T00:00:00Z',
    });
    // relationships point at the first two items (the warm-up publishes them)
    const ends: string[] = [];
    const publish = async () => {
      const rel = KIND === 'relationship' && ends.length === 2;
      const id = `${rel ? 'relationship' : 'indicator'}--${randomUUID()}`;
      const obj = rel
        ? { type: 'relationship', spec_version: '2.1', id, created: T, modified: T, relationship_type: 'related-to', source_ref: ends[0], target_ref: ends[1] }
        : indicatorObj(id);
      if (!rel) ends.push(id);
      const body = JSON.stringify({ objects: [obj], envelope: { tlp: 'amber', audience: { communities: ['bench-isac'] } } });
      const t0 = performance.now();
      sent.set(id, t0);
      const res = await fetch(`${hub.url}/api/v1/shares`, {
        method: 'POST', headers: { authorization: `Bearer ${publisher}`, 'content-type': 'application/json' }, body,
      });
      if (res.status !== 200) throw new Error(`share answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      answered.push(performance.now() - t0);
    };
    // warm-up items (first queries, JIT; the relationships' endpoints), not counted
    for (let i = 0; i < 2; i++) {
      await publish();
      const warm = [...sent.keys()].at(-1)!;
      while ((arrivals.get(warm)?.length ?? 0) < CLIENTS) await sleep(20);
    }
    sent.clear();
    answered.length = 0;
    for (let i = 0; i < ITEMS; i++) {
      await publish();
      await sleep(INTERVAL_MS);
    }
    const deadline = performance.now() + 60_000;
    const complete = () => [...sent.keys()].every((id) => (arrivals.get(id)?.length ?? 0) >= CLIENTS);
    while (!complete() && performance.now() < deadline) await sleep(50);

    const latencies: number[] = [];
    const perItemP99: number[] = [];
    let delivered = 0;
    for (const [id, t0] of sent) {
      const ats = (arrivals.get(id) ?? []).map((a) => a - t0).sort((x, y) => x - y);
      delivered += ats.length;
      latencies.push(...ats);
      if (ats.length > 0) perItemP99.push(pct(ats, 99));
    }
    latencies.sort((x, y) => x - y);
    const expected = sent.size * CLIENTS;
    console.log(`\nlive stream: ${CLIENTS} clients (${USERS} distinct users), ${sent.size} ${KIND} items every ${INTERVAL_MS} ms, ${BACKEND}, ${cpus().length} CPUs`);
    console.log(`  delivered ${delivered} of ${expected} events${delivered === expected ? '' : ' (INCOMPLETE)'}`);
    console.log(`  latency from POST to parsed event: p50 ${pct(latencies, 50).toFixed(1)} ms, p90 ${pct(latencies, 90).toFixed(1)} ms, `
      + `p99 ${pct(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`);
    answered.sort((x, y) => x - y);
    console.log(`  the POST itself (ingest and commit): p50 ${pct(answered, 50).toFixed(1)} ms, max ${(answered.at(-1) ?? NaN).toFixed(1)} ms`);
    perItemP99.sort((x, y) => x - y);
    console.log(`  per item p99: median ${pct(perItemP99, 50).toFixed(1)} ms, worst ${(perItemP99.at(-1) ?? NaN).toFixed(1)} ms`);
  } finally {
    closers.forEach((c) => c());
    agent.destroy();
    const exited = new Promise((r) => hub.child.once('exit', r));
    hub.child.kill('SIGTERM');
    await exited;
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
