/**
 * The federation benchmark (issue 5): two hubs on loopback in this process, A and B (SQLite,
 * or PostgreSQL for both with --backend postgres).
 *
 * 1. replication: N objects (bench/data.ts: indicators from real IoC values, malware, SCOs,
 *    relationships; TLP:GREEN to fin-isac) are stored at A, then A→B is synced until caught up,
 *    by push (A POSTs to B) and, on a fresh B, by pull (B pages A's hub-wide collection);
 *    objects per second and the wall time;
 * 2. latency with push: A's federation loop runs as in `kyojo serve` (woken by the feed, 1 s
 *    poll); one object at a time is published at A through POST /api/v1/shares and B's store is
 *    polled every 2 ms until it holds it; p50 and p99 of publish-to-visible-on-peer.
 *
 *   npm run bench:federation -- [--objects 100000] [--samples 200] [--backend sqlite|postgres]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { addPeer } from '../src/federation/peers.js';
import { FederationService } from '../src/federation/service.js';
import { TrustService } from '../src/identity/trust.js';
import { ingestObjects } from '../src/sharing/ingest.js';
import { HUB_COLLECTION } from '../src/taxii/access.js';
import type { VisibilityPredicate } from '../src/store/types.js';
import { startTestHub, type TestHub } from '../test/support/hub.js';
import { benchObjects } from './data.js';
import { median, pct } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const TOTAL = Number(args.get('objects') ?? 100_000);
const SAMPLES = Number(args.get('samples') ?? 200);
const BACKEND = (args.get('backend') ?? 'sqlite') as 'sqlite' | 'postgres';
const PUSH = { concurrency: Number(args.get('push-concurrency') ?? 1), stepRows: Number(args.get('step-rows') ?? 4000) };
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const ALL: VisibilityPredicate = { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Number.MAX_SAFE_INTEGER };

async function hub(): Promise<TestHub> {
  const h = await startTestHub({ backend: BACKEND, config: { secretKey: randomBytes(32) } });
  if ('skip' in h) throw new Error(h.skip);
  return h;
}

async function account(at: TestHub, peer: string): Promise<string> {
  const email = `${peer}@peers.bench`;
  await at.ctx.identity.addUser({ email, org: `peer-${peer}`, role: 'analyst' });
  return (await at.ctx.identity.addToken(email, 'bench')).secret;
}

async function seed(a: TestHub, n: number): Promise<void> {
  const publisher = (await a.ctx.identity.principalFor(a.users.acmeAnalyst, null))!;
  const community = (await a.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
  const pub = { publisher, community, defaultTlp: 'green' as const, trust: new TrustService(a.ctx.store) };
  let batch: Record<string, unknown>[] = [];
  for (const o of benchObjects(n)) {
    batch.push(o.type === 'marking-definition' ? o : { ...o, object_marking_refs: [GREEN] });
    if (batch.length === 5000) {
      await ingestObjects(a.ctx.store, pub, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await ingestObjects(a.ctx.store, pub, batch);
}

async function count(h: TestHub): Promise<number> {
  return h.ctx.store.shared.count();
}

async function replicate(how: 'push' | 'pull', a: TestHub, objects: number): Promise<void> {
  const b = await hub();
  try {
    const before = await count(b);
    let service: FederationService;
    let name: string;
    if (how === 'push') {
      await addPeer(b.ctx.store, b.ctx.config, { name: 'a', direction: 'pull', passive: true, community: 'fin-isac', maxTlp: 'amber' });
      const token = await account(b, 'a');
      await addPeer(a.ctx.store, a.ctx.config, { name: 'b-push', direction: 'push', url: b.url, apiRoot: '/taxii2/fin-isac/', collections: [b.collections.finIsac], community: 'fin-isac', credentials: token, maxTlp: 'amber' });
      service = new FederationService({ store: a.ctx.store, config: a.ctx.config }, { push: PUSH });
      name = 'b-push';
    } else {
      await addPeer(a.ctx.store, a.ctx.config, { name: 'b-pull', direction: 'push', passive: true, community: 'fin-isac', maxTlp: 'amber' });
      const token = await account(a, 'b-pull');
      await addPeer(b.ctx.store, b.ctx.config, { name: 'a', direction: 'pull', url: a.url, apiRoot: '/taxii2/hub/', collections: [HUB_COLLECTION.id], community: 'fin-isac', credentials: token, maxTlp: 'amber' });
      service = new FederationService({ store: b.ctx.store, config: b.ctx.config });
      name = 'a';
    }
    const t0 = performance.now();
    for (;;) {
      const r = await service.syncOnce(name);
      if ((r.push?.caughtUp ?? true) && (r.pull?.caughtUp ?? true)) break;
    }
    const s = (performance.now() - t0) / 1000;
    const arrived = (await count(b)) - before;
    console.log(`replication ${how}: ${arrived} versions A→B in ${s.toFixed(2)} s (${Math.round(arrived / s)} objects/s; ${objects} published)`);
  } finally {
    await b.close();
  }
}

async function latency(a: TestHub): Promise<void> {
  const b = await hub();
  await addPeer(b.ctx.store, b.ctx.config, { name: 'a', direction: 'pull', passive: true, community: 'fin-isac', maxTlp: 'amber' });
  const token = await account(b, 'a');
  await addPeer(a.ctx.store, a.ctx.config, { name: 'b-live', direction: 'push', url: b.url, apiRoot: '/taxii2/fin-isac/', collections: [b.collections.finIsac], community: 'fin-isac', credentials: token, maxTlp: 'amber' });
  // as kyojo serve runs it: woken by the feed, polling every second
  const service = new FederationService({ store: a.ctx.store, config: a.ctx.config }, { pollMs: 1000 });
  for (const p of await a.ctx.store.peers.list()) if (p.name !== 'b-live') await a.ctx.store.peers.remove(p.id);
  const unwake = a.ctx.feed.onRows(() => service.wake());
  service.start();
  // let it catch up with what is already there
  const peer = (await a.ctx.store.peers.get({ name: 'b-live' }))!;
  while ((await a.ctx.store.peers.state(peer.id))!.caughtUpAt === null) await new Promise((r) => setTimeout(r, 100));
  const ms: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const id = `indicator--${crypto.randomUUID()}`;
      const t0 = performance.now();
      const res = await fetch(`${a.url}/api/v1/shares`, {
        method: 'POST', headers: { authorization: a.auth('acmeAnalyst'), 'content-type': 'application/json' },
        body: JSON.stringify({ envelope: { tlp: 'green' }, objects: [{ type: 'indicator', spec_version: '2.1', id, created: '2026-05-01T00:00:00.000Z', modified: '2026-05-01T00:00:00.000Z', pattern: `[ipv4-addr:value = '198.51.100.${i % 250}']`, pattern_type: 'stix', valid_from: '2026-05-01T00:00:00Z' }] }),
      });
      if (res.status !== 200 && res.status !== 201) throw new Error(`share: ${res.status} ${await res.text()}`);
      for (;;) {
        const page = await b.ctx.store.shared.query({ scope: { kind: 'all' }, predicate: ALL, ids: [id], limit: 1 });
        if (page.rows.length > 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      ms.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80)); // publications arrive at random moments
    }
  } finally {
    unwake();
    await service.stop();
    await b.close();
  }
  console.log(`latency with push: publish-to-visible-on-peer over ${ms.length} objects: p50 ${median(ms).toFixed(0)} ms, p99 ${pct(ms, 0.99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  console.log(`federation benchmark: ${TOTAL} objects, ${BACKEND}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ${new Date().toISOString()}`);
  const a = await hub();
  try {
    const t0 = performance.now();
    await seed(a, TOTAL);
    console.log(`seeded A with ${await count(a)} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s (not part of the figures)`);
    const only = args.get('only'); // push | pull | latency: one part alone
    if (!only || only === 'push') await replicate('push', a, TOTAL);
    if (!only || only === 'pull') await replicate('pull', a, TOTAL);
    if (!only || only === 'latency') await latency(a);
  } finally {
    await a.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
