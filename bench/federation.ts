/**
 * The federation benchmark (issue 5): hub A in this process, hub B in a child process
 * (bench/federation-peer.ts) — two hubs, two event loops, as two real hubs would be; both share
 * this machine's cores. `--in-process` runs B in this process instead (the earlier method).
 * SQLite, or PostgreSQL for both with --backend postgres.
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
 *                               [--only push|pull|latency] [--in-process]
 *                               [--push-concurrency 1] [--step-rows 4000]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { addPeer } from '../src/federation/peers.js';
import { FederationService } from '../src/federation/service.js';
import { TrustService } from '../src/identity/trust.js';
import { ingestObjects } from '../src/sharing/ingest.js';
import { HUB_COLLECTION } from '../src/taxii/access.js';
import type { TestHub } from '../test/support/hub.js';
import { benchObjects } from './data.js';
import { peerCommands, startPeerHub, type PeerCommand } from './federation-peer.js';
import { median, pct } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]!;
  if (a === '--in-process') args.set('in-process', '1');
  else args.set(a.replace(/^--/, ''), process.argv[++i] ?? '');
}
const TOTAL = Number(args.get('objects') ?? 100_000);
const SAMPLES = Number(args.get('samples') ?? 200);
const BACKEND = (args.get('backend') ?? 'sqlite') as 'sqlite' | 'postgres';
const IN_PROCESS = args.has('in-process');
const PUSH = { concurrency: Number(args.get('push-concurrency') ?? 1), stepRows: Number(args.get('step-rows') ?? 4000) };
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

/** Hub B, wherever it runs. */
interface PeerHub {
  url: string;
  call(c: PeerCommand): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function peerHub(): Promise<PeerHub> {
  if (IN_PROCESS) {
    const b = await startPeerHub(BACKEND);
    const run = peerCommands(b);
    return { url: b.url, call: run, close: () => b.close() };
  }
  const child = fork(new URL('./federation-peer.ts', import.meta.url).pathname, ['--child', BACKEND], { execArgv: ['--import', 'tsx'] });
  const waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`hub B exited (${code}) before it was ready`)));
    child.on('message', (m: { ready?: string; seq?: number; result?: Record<string, unknown>; error?: string }) => {
      if (m.ready) return resolve(m.ready);
      const w = waiting.get(m.seq!);
      waiting.delete(m.seq!);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.result!);
    });
  });
  const call = (command: PeerCommand) => new Promise<Record<string, unknown>>((resolve, reject) => {
    waiting.set(++seq, { resolve, reject });
    child.send({ seq, command });
  });
  return {
    url,
    call,
    close: async () => {
      await call({ cmd: 'close' });
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
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

/** An account of peer `peer` on A (analyst of its organization) and its token. */
async function accountOnA(a: TestHub, peer: string): Promise<string> {
  const email = `${peer}@peers.bench`;
  await a.ctx.identity.addUser({ email, org: `peer-${peer}`, role: 'analyst' });
  return (await a.ctx.identity.addToken(email, 'bench')).secret;
}

async function replicatePush(a: TestHub, objects: number): Promise<void> {
  const b = await peerHub();
  try {
    const { token, collection } = await b.call({ cmd: 'accept-push' }) as { token: string; collection: string };
    const before = (await b.call({ cmd: 'count' })).count as number;
    await addPeer(a.ctx.store, a.ctx.config, { name: 'b-push', direction: 'push', url: b.url, apiRoot: '/taxii2/fin-isac/', collections: [collection], community: 'fin-isac', credentials: token, maxTlp: 'amber' });
    const service = new FederationService({ store: a.ctx.store, config: a.ctx.config }, { push: PUSH });
    const t0 = performance.now();
    for (;;) {
      const r = await service.syncOnce('b-push');
      if (r.push?.caughtUp ?? true) break;
    }
    const s = (performance.now() - t0) / 1000;
    const arrived = ((await b.call({ cmd: 'count' })).count as number) - before;
    console.log(`replication push: ${arrived} versions A→B in ${s.toFixed(2)} s (${Math.round(arrived / s)} objects/s; ${objects} published)`);
  } finally {
    await a.ctx.store.peers.remove((await a.ctx.store.peers.get({ name: 'b-push' }))?.id ?? '').catch(() => undefined);
    await b.close();
  }
}

async function replicatePull(a: TestHub, objects: number): Promise<void> {
  const b = await peerHub();
  try {
    await addPeer(a.ctx.store, a.ctx.config, { name: 'b-pull', direction: 'push', passive: true, community: 'fin-isac', maxTlp: 'amber' });
    const token = await accountOnA(a, 'b-pull');
    const r = await b.call({ cmd: 'pull', url: a.url, token, collection: HUB_COLLECTION.id }) as { seconds: number; arrived: number };
    console.log(`replication pull: ${r.arrived} versions A→B in ${r.seconds.toFixed(2)} s (${Math.round(r.arrived / r.seconds)} objects/s; ${objects} published)`);
  } finally {
    await b.close();
  }
}

async function latency(a: TestHub): Promise<void> {
  const b = await peerHub();
  const { token, collection } = await b.call({ cmd: 'accept-push' }) as { token: string; collection: string };
  for (const p of await a.ctx.store.peers.list()) await a.ctx.store.peers.remove(p.id);
  await addPeer(a.ctx.store, a.ctx.config, { name: 'b-live', direction: 'push', url: b.url, apiRoot: '/taxii2/fin-isac/', collections: [collection], community: 'fin-isac', credentials: token, maxTlp: 'amber' });
  // as kyojo serve runs it: woken by the feed, polling every second
  const service = new FederationService({ store: a.ctx.store, config: a.ctx.config }, { pollMs: 1000 });
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
      await b.call({ cmd: 'wait', id });
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
  console.log(`federation benchmark: ${TOTAL} objects, ${BACKEND}, hub B ${IN_PROCESS ? 'in this process' : 'in a child process'}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ${new Date().toISOString()}`);
  const a = await startPeerHub(BACKEND);
  try {
    const t0 = performance.now();
    await seed(a, TOTAL);
    console.log(`seeded A with ${await a.ctx.store.shared.count()} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s (not part of the figures)`);
    const only = args.get('only'); // push | pull | latency: one part alone
    if (!only || only === 'push') await replicatePush(a, TOTAL);
    if (!only || only === 'pull') await replicatePull(a, TOTAL);
    if (!only || only === 'latency') await latency(a);
  } finally {
    await a.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
