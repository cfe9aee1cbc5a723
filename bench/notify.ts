/**
 * The delivery benchmark (issue 6): one flash item to 10,000 subscribers.
 *
 * - queue: the time from the item being stored to the dispatcher having queued a message for
 *   every subscriber (one store transaction with the cursor move): cold (subscribers' viewers
 *   and trust read for the first time) and warm (trust cached, as in steady operation);
 * - delivery: the mailer sending those messages to a local SMTP sink (smtp-server on loopback,
 *   pooled connections), messages per second from the first claim to the last markSent.
 *
 *   npm run bench:notify -- [--backend sqlite|postgres] [--subscribers 10000] [--orgs 100]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { Dispatcher } from '../src/notify/dispatcher.js';
import { Mailer } from '../src/notify/mailer.js';
import type { Envelope } from '../src/policy/envelope.js';
import { communityKey, storedEnvelopeOf } from '../src/policy/predicate.js';
import { openStore } from '../src/store/open.js';
import { freshPostgresUrl } from '../src/store/postgres/test-db.js';
import type { Store } from '../src/store/types.js';
import { versionKey } from '../src/stix/timestamps.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const SUBSCRIBERS = Number(args.get('subscribers') ?? 10_000);
const ORGS = Number(args.get('orgs') ?? 100);
const BACKEND = args.get('backend') ?? 'sqlite';
/** SQLite only: keep the seeded store in this directory and reuse it on the next run */
const KEEP = args.get('data');
const log = pino({ level: 'silent' });
const now = () => new Date().toISOString();
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function seed(store: Store): Promise<{ communityId: string; providerOrg: string; providerUser: string }> {
  const communityId = randomUUID();
  await store.identity.createCommunity({ id: communityId, slug: 'bench-isac', name: 'Bench ISAC', kind: 'isac', sector: 'finance', createdAt: now() });
  const orgs: string[] = [];
  for (let o = 0; o < ORGS; o++) {
    const id = randomUUID();
    await store.identity.createOrganization({ id, slug: `org${o}`, name: `Org ${o}`, kind: 'company', sector: 'finance', country: 'JP', createdAt: now() });
    await store.identity.addMember(communityId, id);
    orgs.push(id);
  }
  let providerUser = '';
  for (let u = 0; u < SUBSCRIBERS; u++) {
    const orgId = orgs[u % ORGS]!;
    const id = randomUUID();
    if (u === 0) providerUser = id;
    await store.identity.createUser({ id, email: `user${u}@org${u % ORGS}.example`, orgId, role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: now() });
    await store.notify.createSubscription({
      id: randomUUID(), owner: 'user', userId: id, orgId, name: 'All threats',
      filters: { infoTypes: ['threat'], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [] },
      delivery: u % 2 === 0 ? 'immediate' : 'daily', channels: ['email'], webhookId: null, email: null, language: u % 3 === 0 ? 'en' : 'ja',
      createdAt: now(), disabledAt: null,
    });
  }
  return { communityId, providerOrg: orgs[0]!, providerUser };
}

async function addFlash(store: Store, s: { communityId: string; providerOrg: string; providerUser: string }, n: number): Promise<void> {
  const created = new Date().toISOString();
  const obj = { type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`, created, modified: created, name: `Flash item ${n}`, is_family: false };
  const envelope: Envelope = {
    tlp: 'amber',
    audience: { public: false, communities: [s.communityId], organizations: [], users: [] },
    minClearance: 0,
    conditions: { terms: [], sectors: [] },
    attribution: 'public',
    classification: { purpose: ['detection'], infoType: 'threat', tier: [], timing: 'flash', embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] },
    providerOrgId: s.providerOrg,
    providerUserId: s.providerUser,
  };
  await store.shared.add([{
    id: obj.id, type: obj.type, specVersion: '2.1', created, modified: created, versionKey: versionKey(created),
    json: JSON.stringify(obj), jsonAnonymous: null, envelope: storedEnvelopeOf(envelope), endpoints: [],
  }]);
}

async function main(): Promise<void> {
  const dataDir = KEEP ?? mkdtempSync(join(tmpdir(), 'kyojo-bench-notify-'));
  const marker = join(dataDir, 'bench-notify.json');
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (BACKEND === 'postgres') {
    const db = await freshPostgresUrl();
    if ('skip' in db) throw new Error(`no PostgreSQL: ${db.skip}`);
    databaseUrl = db.url;
    drop = db.drop;
  }
  const store = await openStore({ dataDir, databaseUrl });
  console.log(`delivery benchmark: ${BACKEND}, ${SUBSCRIBERS} subscribers in ${ORGS} organizations (half immediate, half daily digest), ${cpus().length} CPUs`);
  let t0 = process.hrtime.bigint();
  let s: Awaited<ReturnType<typeof seed>>;
  if (KEEP && existsSync(marker)) {
    s = JSON.parse(readFileSync(marker, 'utf8')) as typeof s;
    // the outbox of the previous run goes: every message is sent or counted again
    console.log('reusing the seeded store');
  } else {
    s = await seed(store);
    if (KEEP) writeFileSync(marker, JSON.stringify(s));
    console.log(`seeded in ${(ms(t0) / 1000).toFixed(1)} s (audience key ${communityKey(s.communityId).slice(0, 10)}…)`);
  }

  // BENCH_TRACE: the dispatcher's debug log shows each batch's phases (subscribers read, decide, enqueue)
  const dispatcher = new Dispatcher({ store, log: process.env.BENCH_TRACE ? pino({ level: 'debug' }) : log, coalesceSeconds: 60, pollMs: 3_600_000 });
  dispatcher.start();
  await dispatcher.wake(); // lease and cursor at the store's end

  const queueOnce = async (n: number): Promise<number> => {
    const before = await store.notify.countByStatus();
    t0 = process.hrtime.bigint();
    await addFlash(store, s, n);
    await dispatcher.wake();
    const took = ms(t0);
    const after = await store.notify.countByStatus();
    if (after.pending - before.pending !== SUBSCRIBERS) throw new Error(`queued ${after.pending - before.pending}, not ${SUBSCRIBERS}`);
    return took;
  };
  const cold = await queueOnce(1);
  const warm = await queueOnce(2);
  console.log(`queue one flash item for ${SUBSCRIBERS} subscribers (store write + dispatch): cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`);
  await dispatcher.stop();

  // delivery to a local SMTP sink
  let received = 0;
  const sink = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 50,
    onData(stream, _session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const port = (sink.server.address() as { port: number }).port;
  const total = 2 * SUBSCRIBERS;
  const spent = new Map<string, number>();
  if (process.env.BENCH_NO_MARK) store.notify.markSentMany = async () => undefined; // what sending costs without the store's bookkeeping
  if (process.env.BENCH_TRACE) {
    for (const [name, repo] of [['notify', store.notify], ['identity', store.identity], ['trust', store.trust], ['shared', store.shared]] as const) {
      for (const k of Object.keys(repo) as (keyof typeof repo)[]) {
        const f = repo[k] as unknown;
        if (typeof f !== 'function') continue;
        (repo as unknown as Record<string, unknown>)[k as string] = async (...a: unknown[]) => {
          const t = process.hrtime.bigint();
          try {
            return await (f as (...x: unknown[]) => Promise<unknown>).apply(repo, a);
          } finally {
            spent.set(`${name}.${String(k)}`, (spent.get(`${name}.${String(k)}`) ?? 0) + ms(t));
          }
        };
      }
    }
  }
  for (const concurrency of [16]) {
    const mailer = new Mailer({
      store, log, retry: { baseMs: 1000, maxMs: 1000, giveUpAfterMs: 3_600_000 }, claimLimit: 500, concurrency,
      smtp: { url: `smtp://127.0.0.1:${port}`, from: 'kyojo@bench.example', requireTls: false, maxConnections: 8 },
      baseUrl: 'https://kyojo.bench.example', unsubscribeUrl: (id) => `https://kyojo.bench.example/api/v1/unsubscribe/${id}`,
      pollMs: 3_600_000,
    });
    t0 = process.hrtime.bigint();
    mailer.start();
    while (mailer.counts.sent + mailer.counts.failed < total) await mailer.wake();
    const took = ms(t0);
    await mailer.stop();
    console.log(`delivered ${mailer.counts.sent} messages (${received} received, ${mailer.counts.failed} failed) in ${(took / 1000).toFixed(1)} s: ${(mailer.counts.sent / (took / 1000)).toFixed(0)} messages/s (concurrency ${concurrency}, 8 SMTP connections)`);
  }
  if (spent.size > 0 && process.env.BENCH_TRACE) console.log([...spent].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join('\n'));
  await new Promise<void>((r) => sink.close(() => r()));
  await store.close();
  await drop?.();
  if (!KEEP) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
