/**
 * The trust-model benchmark: the cost of the visibility predicate on a filtered TAXII query.
 *
 * Seeds 50 communities, 1,000 organizations (each a member of 1 to 3 communities, sectors
 * spread), one analyst and token per organization and an operator; starts a real
 * `kyojo serve`; ingests N objects over loopback TAXII as the 1,000 providers (each bundle
 * of 1,000 posted by one organization's analyst to one of its communities' collection,
 * with a mix of sharing envelopes, see `envelopeFor`); then measures
 * `match[type]=indicator&added_after=T&limit=100` over one community's collection for the
 * operator (who sees everything) and for a member analyst, interleaved, and reports the
 * ratio of the medians; the same on the hub-wide collection for information.
 *
 *   npm run bench:trust -- [--backend sqlite|postgres|both] [--objects 1000000] [--queries 200]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { IdentityService } from '../src/identity/service.js';
import { TrustService } from '../src/identity/trust.js';
import { KYOJO_SHARING_EXTENSION_ID } from '../src/policy/extensions.js';
import { openStore } from '../src/store/open.js';
import { benchObjects, realIocCount } from './data.js';
import { freshBenchDatabase, startServer } from './server.js';
import { median, pct, request, TAXII } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const TOTAL = Number(args.get('objects') ?? 1_000_000);
const QUERIES = Number(args.get('queries') ?? 200);
const BACKENDS = (args.get('backend') ?? 'both') === 'both' ? ['sqlite', 'postgres'] : [args.get('backend')!];
const PG_ADMIN = process.env.KYOJO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 2;
const BUNDLE = 1000;
const COMMUNITIES = 50;
const ORGS = 1000;
const HUB_COLLECTION = 'all';
const TERMS = 'bench-terms';

const SECTORS = ['finance', 'ict', 'energy', 'transport', 'healthcare', 'manufacturing', 'automotive', 'water', 'government', 'telecom', 'chemical', 'logistics', 'retail', 'education', 'other'];
const ORG_KINDS = ['company', 'company', 'company', 'sme', 'sme', 'government', 'vendor', 'research'];
const COMMUNITY_KINDS = ['isac', 'isao', 'supply-chain', 'government', 'international'];

const TLP = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
};

const cSlug = (c: number) => `c${String(c).padStart(2, '0')}`;
const oSlug = (o: number) => `org${String(o).padStart(4, '0')}`;
const email = (o: number) => `analyst@${oSlug(o)}.example`;

/** The communities of organization o: 1 to 3, distinct. */
function communitiesOf(o: number): number[] {
  const out = [o % COMMUNITIES];
  const extra = o % 3; // a third in one, a third in two, a third in three
  for (const c of [(o * 7 + 13) % COMMUNITIES, (o * 11 + 29) % COMMUNITIES].slice(0, extra)) if (!out.includes(c)) out.push(c);
  return out;
}

interface Seeded {
  operatorToken: string;
  tokens: string[];
  members: Map<number, number[]>;
}

async function seedTrust(dataDir: string, databaseUrl: string | undefined): Promise<Seeded> {
  const store = await openStore({ dataDir, databaseUrl });
  try {
    const identity = new IdentityService(store);
    const trust = new TrustService(store);
    await identity.addOrganization({ slug: 'hub', name: 'Hub', kind: 'isac', sector: 'other' });
    await identity.addUser({ email: 'op@hub.example', org: 'hub', role: 'operator' });
    const operatorToken = (await identity.addToken('op@hub.example')).secret;
    for (let c = 0; c < COMMUNITIES; c++) {
      await identity.addCommunity({ slug: cSlug(c), name: `Community ${c}`, kind: COMMUNITY_KINDS[c % COMMUNITY_KINDS.length]!, sector: SECTORS[c % SECTORS.length]! });
    }
    await trust.addTerms(TERMS, 'Bench terms', 'Use for network defence only.');
    const tokens: string[] = [];
    const members = new Map<number, number[]>();
    for (let o = 0; o < ORGS; o++) {
      await identity.addOrganization({ slug: oSlug(o), name: `Organization ${o}`, kind: ORG_KINDS[o % ORG_KINDS.length]!, sector: SECTORS[(o * 7) % SECTORS.length]! });
      for (const c of communitiesOf(o)) {
        await identity.joinCommunity(cSlug(c), oSlug(o));
        members.set(c, [...(members.get(c) ?? []), o]);
      }
      await identity.addUser({ email: email(o), org: oSlug(o), role: 'analyst' });
      tokens.push((await identity.addToken(email(o))).secret);
    }
    return { operatorToken, tokens, members };
  } finally {
    await store.close();
  }
}

/** Envelope mix, by position: see docs/performance.md "Trust model benchmark". */
const MIX = [
  '45% TLP:GREEN to the community (audience defaulted)',
  '30% TLP:AMBER to the community (audience defaulted)',
  '5% TLP:AMBER to two named organizations of the community only',
  '3% TLP:AMBER to the community and a named organization of another community',
  '10% TLP:CLEAR public (and the community)',
  '2% TLP:AMBER to the community with min_clearance 2',
  '2% TLP:GREEN to the community with terms',
  '3% TLP:GREEN to the community with attribution none',
];

function envelopeFor(obj: Record<string, unknown>, i: number, community: number, provider: number, members: number[]): void {
  const r = (i * 37) % 100; // spread over the positions, independent of the object type cycle (i % 20)
  let tlp: keyof typeof TLP = 'green';
  let sharing: Record<string, unknown> | undefined;
  const peer = (k: number) => oSlug(members[(provider + k) % members.length]!);
  if (r < 45) tlp = 'green';
  else if (r < 75) tlp = 'amber';
  else if (r < 80) {
    tlp = 'amber';
    sharing = { audience: { organizations: [...new Set([peer(1), peer(2)])] } };
  } else if (r < 83) {
    tlp = 'amber';
    sharing = { audience: { communities: [cSlug(community)], organizations: [oSlug((provider + 500) % ORGS)] } };
  } else if (r < 93) {
    tlp = 'clear';
    sharing = { audience: { public: true, communities: [cSlug(community)] } };
  } else if (r < 95) {
    tlp = 'amber';
    sharing = { min_clearance: 2 };
  } else if (r < 97) {
    sharing = { conditions: { terms: [TERMS] } };
  } else {
    sharing = { attribution: 'none' };
  }
  obj.object_marking_refs = [TLP[tlp]];
  if (sharing) obj.extensions = { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', ...sharing } };
}

const freshPgDatabase = () => freshBenchDatabase(PG_ADMIN, 'kyojo_bench_trust_');

const auth = (token: string) => ({ authorization: `Bearer ${token}`, accept: TAXII });

interface IngestStats { seconds: number; stored: number; failures: number; reasons: Map<string, number> }

async function ingestAsProviders(hubUrl: string, seeded: Seeded): Promise<IngestStats> {
  const gen = benchObjects(TOTAL);
  let bundleNo = 0;
  let done = false;
  const stats: IngestStats = { seconds: 0, stored: 0, failures: 0, reasons: new Map() };
  // the next bundle, built when a client is free: provider, community, body
  const next = (): { provider: number; community: number; body: string; count: number } | undefined => {
    if (done) return undefined;
    const b = bundleNo++;
    const provider = b % ORGS;
    const theirs = communitiesOf(provider);
    const community = theirs[Math.floor(b / ORGS) % theirs.length]!;
    const members = seeded.members.get(community)!.filter((o) => o !== provider);
    const objs: string[] = [];
    for (let k = 0; k < BUNDLE; k++) {
      const it = gen.next();
      if (it.done) {
        done = true;
        break;
      }
      const obj = it.value;
      envelopeFor(obj, b * BUNDLE + k, community, provider, members.length ? members : [provider]);
      objs.push(JSON.stringify(obj));
    }
    if (objs.length === 0) return undefined;
    return { provider, community, body: `{"objects":[${objs.join(',')}]}`, count: objs.length };
  };
  const started = performance.now();
  const worker = async () => {
    for (let b = next(); b; b = next()) {
      const res = await request(`${hubUrl}/taxii2/${cSlug(b.community)}/collections/shared/objects/`, {
        method: 'POST', headers: { ...auth(seeded.tokens[b.provider]!), 'content-type': TAXII }, body: b.body,
      });
      if (res.status !== 202) throw new Error(`POST by ${oSlug(b.provider)} to ${cSlug(b.community)} answered ${res.status}: ${res.body.slice(0, 300)}`);
      const s = JSON.parse(res.body) as { success_count?: number; failure_count?: number; failures?: { message?: string }[] };
      stats.stored += s.success_count ?? 0;
      stats.failures += s.failure_count ?? 0;
      for (const f of s.failures ?? []) stats.reasons.set(f.message ?? '?', (stats.reasons.get(f.message ?? '?') ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

interface Side { times: number[]; returned: number; codes: Map<number, number> }

/** The filtered query over one collection, operator and member interleaved (alternating who goes first). */
async function compare(collectionUrl: string, operatorToken: string, memberToken: string): Promise<{ op: Side; member: Side }> {
  const head = await request(`${collectionUrl}/manifest/?limit=1`, { headers: auth(operatorToken) });
  const first = Date.parse(String(head.headers['x-taxii-date-added-first']));
  if (Number.isNaN(first)) throw new Error(`manifest answered ${head.status} without X-TAXII-Date-Added-First`);
  const span = Date.now() - first;
  const op: Side = { times: [], returned: 0, codes: new Map() };
  const member: Side = { times: [], returned: 0, codes: new Map() };
  const one = async (side: Side, token: string, after: string) => {
    const q = new URLSearchParams({ 'match[type]': 'indicator', added_after: after, limit: '100' });
    const t0 = performance.now();
    const res = await request(`${collectionUrl}/objects/?${q}`, { headers: auth(token) });
    side.times.push(performance.now() - t0);
    side.codes.set(res.status, (side.codes.get(res.status) ?? 0) + 1);
    if (res.status === 200 && res.body.trim() !== '') side.returned += (JSON.parse(res.body) as { objects?: unknown[] }).objects?.length ?? 0;
  };
  // warm-up: one query each, not counted
  await one({ times: [], returned: 0, codes: new Map() }, operatorToken, new Date(first).toISOString());
  await one({ times: [], returned: 0, codes: new Map() }, memberToken, new Date(first).toISOString());
  for (let i = 0; i < QUERIES; i++) {
    const after = new Date(first + Math.floor((span * i) / QUERIES)).toISOString();
    if (i % 2 === 0) {
      await one(op, operatorToken, after);
      await one(member, memberToken, after);
    } else {
      await one(member, memberToken, after);
      await one(op, operatorToken, after);
    }
  }
  return { op, member };
}

function sideLine(label: string, what: string, who: string, s: Side): string {
  const codes = [...s.codes].map(([k, v]) => `HTTP ${k} x${v}`).join(', ');
  return `[${label}] ${what}, ${who}: median ${median(s.times).toFixed(2)} ms, p95 ${pct(s.times, 0.95).toFixed(2)} ms (${s.times.length} queries, ${s.returned} objects returned, ${codes})`;
}

async function runBackend(backend: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyojo-bench-trust-'));
  const db = backend === 'postgres' ? await freshPgDatabase() : undefined;
  try {
    const t0 = performance.now();
    const seeded = await seedTrust(dataDir, db?.url);
    console.log(`[${backend}] seeded ${COMMUNITIES} communities, ${ORGS} organizations, ${ORGS} analysts + 1 operator in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const hub = await startServer(dataDir, db?.url, seeded.operatorToken, '');
    try {
      const ing = await ingestAsProviders(hub.url, seeded);
      console.log(`[${backend}] ingest: ${TOTAL} objects as ${ORGS} providers in ${ing.seconds.toFixed(1)} s = ${Math.round(ing.stored / ing.seconds)} objects/s (bundles of ${BUNDLE}, ${CONCURRENCY} clients, ${ing.stored} stored, ${ing.failures} refused)`);
      for (const [reason, n] of ing.reasons) console.log(`[${backend}]   refused x${n}: ${reason}`);
      // community C: the first community; its member: the first member organization's analyst
      const C = 0;
      const memberOrg = seeded.members.get(C)![0]!;
      const memberToken = seeded.tokens[memberOrg]!;
      const who = `member = ${email(memberOrg)} (${communitiesOf(memberOrg).map(cSlug).join(', ')}), ${seeded.members.get(C)!.length} member organizations`;
      const community = await compare(`${hub.url}/taxii2/${cSlug(C)}/collections/shared`, seeded.operatorToken, memberToken);
      const what = `filtered query (match[type]=indicator, added_after, limit=100) over ${TOTAL} objects, community ${cSlug(C)} collection`;
      console.log(sideLine(backend, what, 'operator', community.op));
      console.log(sideLine(backend, what, `member analyst (${who})`, community.member));
      console.log(`[${backend}] ratio member/operator, community collection: medians ${(median(community.member.times) / median(community.op.times)).toFixed(2)}, p95 ${(pct(community.member.times, 0.95) / pct(community.op.times, 0.95)).toFixed(2)}`);
      const hubWide = await compare(`${hub.url}/taxii2/hub/collections/${HUB_COLLECTION}`, seeded.operatorToken, memberToken);
      const hw = `filtered query (match[type]=indicator, added_after, limit=100) over ${TOTAL} objects, hub-wide collection`;
      console.log(sideLine(backend, hw, 'operator', hubWide.op));
      console.log(sideLine(backend, hw, 'member analyst', hubWide.member));
      console.log(`[${backend}] ratio member/operator, hub-wide collection: medians ${(median(hubWide.member.times) / median(hubWide.op.times)).toFixed(2)}, p95 ${(pct(hubWide.member.times, 0.95) / pct(hubWide.op.times, 0.95)).toFixed(2)}`);
      const m = hub.rssMiB();
      console.log(`[${backend}] server memory at ${TOTAL} objects: RSS ${m.rss.toFixed(0)} MiB, peak ${m.peak.toFixed(0)} MiB`);
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  }
}

console.log(`kyojo trust bench: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`objects: ${TOTAL} (${realIocCount()} real indicator values cycled); ${COMMUNITIES} communities, ${ORGS} organizations; envelope mix: ${MIX.join('; ')}`);
for (const b of BACKENDS) await runBackend(b);
