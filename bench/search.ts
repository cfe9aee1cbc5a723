/**
 * The portal search benchmark: latency of `store.shared.search` (text and filters),
 * `countByInfoType` and `referencing` for an operator (sees everything) and a member analyst,
 * interleaved, straight on the store (no server, no HTTP), on SQLite and PostgreSQL.
 *
 * Seeds `bench/data.ts`'s objects (80 % indicators from real IoC values when present, plus
 * malware, ipv4-addr SCOs and relationships) as 200 provider organizations in 20 communities,
 * in batches of 5,000 through `store.shared.add` with what ingest would store: envelopes in the
 * trust benchmark's mix (bench/trust.ts: GREEN/AMBER to the community, named organizations,
 * CLEAR public, clearance, terms, hidden attribution) and a 5W1H classification cycling over
 * the info types (a sixth unclassified), with the search text of each object.
 *
 *   node --import tsx bench/search.ts [--backend sqlite|postgres|both] [--objects 100000] [--queries 50]
 *
 * Prints figures; it asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { endpointRefs } from '../src/policy/decide.js';
import type { Envelope } from '../src/policy/envelope.js';
import { predicateFor, storedEnvelopeOf } from '../src/policy/predicate.js';
import type { UserViewer } from '../src/policy/viewer.js';
import { searchTextOf } from '../src/stix/search-text.js';
import { openStore } from '../src/store/open.js';
import { UNVERSIONED_KEY, type SharedSearchQuery, type SharedVersionInput, type Store, type VisibilityPredicate } from '../src/store/types.js';
import { benchObjects, realIocCount } from './data.js';
import { freshBenchDatabase } from './server.js';
import { median, pct } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const TOTAL = Number(args.get('objects') ?? 100_000);
const QUERIES = Number(args.get('queries') ?? 50);
const BACKENDS = (args.get('backend') ?? 'both') === 'both' ? ['sqlite', 'postgres'] : [args.get('backend')!];
const PG_ADMIN = process.env.KYOJO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COMMUNITIES = 20;
const ORGS = 200;
const BATCH = 5_000;
const INFO_TYPES = ['threat', 'vulnerability', 'incident', 'analysis', 'best-practice', null] as const;

const communitiesOf = (o: number): number[] => [...new Set([o % COMMUNITIES, (o * 7 + 3) % COMMUNITIES].slice(0, 1 + (o % 2)))];
const orgId = (o: number) => `o${o}`;

/** The envelope of object i provided by organization o to community c (bench/trust.ts's mix). */
function envelopeFor(i: number, o: number, c: number): Envelope {
  const r = (i * 37) % 100;
  const peer = (k: number) => orgId((o + k) % ORGS);
  const e: Envelope = {
    tlp: 'green',
    audience: { public: false, communities: [`c${c}`], organizations: [], users: [] },
    minClearance: 0,
    conditions: { terms: [], sectors: [] },
    attribution: 'public',
    classification: {
      purpose: [(['detection', 'response', 'awareness'] as const)[i % 3]!], infoType: INFO_TYPES[i % INFO_TYPES.length]!,
      tier: [(['executive', 'manager', 'practitioner'] as const)[i % 3]!], timing: i % 10 === 0 ? 'flash' : 'routine', embargoUntil: null,
      channels: ['portal', 'email', 'api', 'stream'],
    },
    providerOrgId: orgId(o),
    providerUserId: `u${o}`,
  };
  if (r < 45) return e;
  if (r < 75) return { ...e, tlp: 'amber' };
  if (r < 80) return { ...e, tlp: 'amber', audience: { ...e.audience, communities: [], organizations: [peer(1), peer(2)] } };
  if (r < 83) return { ...e, tlp: 'amber', audience: { ...e.audience, organizations: [peer(100)] } };
  if (r < 93) return { ...e, tlp: 'clear', audience: { ...e.audience, public: true } };
  if (r < 95) return { ...e, tlp: 'amber', minClearance: 2 };
  if (r < 97) return { ...e, conditions: { terms: ['bench-terms'], sectors: [] } };
  return { ...e, attribution: 'none' };
}

interface Seeded { rareValue: string; malwareId: string }

async function seed(store: Store): Promise<Seeded> {
  let batch: SharedVersionInput[] = [];
  let rareValue = '';
  let malwareId = '';
  let i = 0;
  const flush = async () => {
    if (batch.length > 0) await store.shared.add(batch);
    batch = [];
  };
  for (const obj of benchObjects(TOTAL)) {
    const o = Math.floor(i / 1000) % ORGS;
    const theirs = communitiesOf(o);
    const c = theirs[Math.floor(i / (1000 * ORGS)) % theirs.length]!;
    const env = envelopeFor(i, o, c);
    const json = JSON.stringify(obj);
    const versioned = typeof obj.modified === 'string';
    batch.push({
      id: obj.id as string, type: obj.type as string, specVersion: '2.1', created: (obj.created as string) ?? null, modified: (obj.modified as string) ?? null,
      versionKey: versioned ? (obj.modified as string) : UNVERSIONED_KEY, json,
      jsonAnonymous: env.attribution === 'public' ? null : json, envelope: storedEnvelopeOf(env), endpoints: endpointRefs(obj), searchText: searchTextOf(obj),
    });
    if (i === Math.floor(TOTAL / 2)) rareValue = String(obj.pattern ?? obj.value ?? obj.name ?? '').replace(/^.*'([^']+)'.*$/, '$1');
    if (obj.type === 'malware' && i < TOTAL * 0.9) malwareId = obj.id as string;
    i++;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return { rareValue, malwareId };
}

function viewer(o: number, role: 'operator' | 'analyst'): UserViewer {
  return {
    kind: 'user', userId: `u${o}`, orgId: orgId(o), role, communityIds: new Set(role === 'operator' ? [] : communitiesOf(o).map((c) => `c${c}`)),
    orgSector: 'finance', clearance: null, orgApprovedUntil: null, acceptedTerms: new Set(),
  };
}

type Case = { name: string; run: (p: VisibilityPredicate) => Promise<number> };

async function runBackend(backend: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-bench-search-'));
  const db = backend === 'postgres' ? await freshBenchDatabase(PG_ADMIN, 'kyojo_bench_search_') : undefined;
  const store = await openStore({ dataDir, databaseUrl: db?.url });
  try {
    const t0 = performance.now();
    const seeded = await seed(store);
    console.log(`[${backend}] seeded ${TOTAL} objects from ${ORGS} organizations in ${COMMUNITIES} communities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const now = new Date();
    const operator = predicateFor({ ...viewer(ORGS, 'operator'), orgId: 'o-hub' }, now);
    const member = predicateFor(viewer(0, 'analyst'), now);
    const monthAgo = (Date.now() - 30 * 86_400_000) * 1000;
    const search = (q: Omit<SharedSearchQuery, 'predicate'>) => async (p: VisibilityPredicate) => (await store.shared.search({ ...q, predicate: p })).rows.length;
    const cases: Case[] = [
      { name: 'home: newest 50 of the last 30 days, no filter', run: search({ addedFrom: monthAgo, limit: 50 }) },
      { name: 'text, a common word ("malicious")', run: search({ text: 'malicious', limit: 25 }) },
      { name: 'text, two common words ("observed activity")', run: search({ text: 'observed activity', limit: 25 }) },
      { name: `text, one value ("${seeded.rareValue.slice(0, 40)}")`, run: search({ text: seeded.rareValue, limit: 25 }) },
      { name: 'text, a word no object has ("zzqx")', run: search({ text: 'zzqx', limit: 25 }) },
      { name: 'text, a two-character term ("ab")', run: search({ text: 'ab', limit: 25 }) },
      { name: 'filter: type malware', run: search({ types: ['malware'], limit: 25 }) },
      { name: 'filter: info type incident, TLP:AMBER, flash', run: search({ infoTypes: ['incident'], tlpRanks: [2], timings: ['flash'], limit: 25 }) },
      { name: 'filter: text "malicious" + info type threat + purpose detection', run: search({ text: 'malicious', infoTypes: ['threat'], purposes: ['detection'], limit: 25 }) },
      { name: 'countByInfoType, last 30 days', run: async (p) => (await store.shared.countByInfoType({ predicate: p, addedFrom: monthAgo })).length },
      { name: 'referencing one malware, limit 20', run: async (p) => (await store.shared.referencing({ predicate: p, refId: seeded.malwareId, limit: 20 })).length },
    ];
    for (const c of cases) {
      const times = { op: [] as number[], member: [] as number[] };
      const rows = { op: 0, member: 0 };
      const one = async (side: 'op' | 'member') => {
        const t = performance.now();
        rows[side] = await c.run(side === 'op' ? operator : member);
        times[side].push(performance.now() - t);
      };
      await one('op'); // warm-up, not counted
      await one('member');
      times.op = [];
      times.member = [];
      const n = c.name.startsWith('countByInfoType') ? Math.max(3, Math.floor(QUERIES / 10)) : QUERIES;
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) {
          await one('op');
          await one('member');
        } else {
          await one('member');
          await one('op');
        }
      }
      const f = (xs: number[]) => `median ${median(xs).toFixed(2)} ms, p95 ${pct(xs, 0.95).toFixed(2)} ms`;
      console.log(`[${backend}] ${c.name}: operator ${f(times.op)} (${rows.op} rows); member ${f(times.member)} (${rows.member} rows); ${n} queries each`);
    }
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  }
}

console.log(`kyojo search bench: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`objects: ${TOTAL} (${realIocCount()} real indicator values cycled), dated now; ${COMMUNITIES} communities, ${ORGS} provider organizations; member = analyst of o0 (${communitiesOf(0).map((c) => `c${c}`).join(', ')})`);
for (const b of BACKENDS) await runBackend(b);
