/**
 * Three hubs on loopback (the third on PostgreSQL when a server is reachable; mandatory in CI):
 * a chain A→B→C by pull and a ring A→B→C→A by push. Publication at every TLP and audience kind,
 * then every hub holds exactly what the rule allows, once, and nothing else: the full sets of
 * stored versions are compared with what DESIGN.md says should have reached each hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityIdentityId } from '../../src/sharing/identities.js';
import { TLP2_MARKING_IDS } from '../../src/stix/markings.js';
import { requirePostgres } from '../../src/store/postgres/test-db.js';
import { allRows, indicator, link, share, snapshot, startNamedHub, syncUntilQuiet, type Hub } from './helpers.js';

async function threeHubs(): Promise<Hub[]> {
  const hubs: Hub[] = [];
  for (const [name, backend] of [['a', 'sqlite'], ['b', 'sqlite'], ['c', 'postgres']] as const) {
    let h = await startNamedHub(name, backend);
    if ('skip' in h) {
      if (requirePostgres) throw new Error(h.skip);
      console.warn(`federation: hub ${name} on SQLite instead of PostgreSQL: ${h.skip}`);
      h = await startNamedHub(name, 'sqlite') as Hub;
    }
    hubs.push(h as Hub);
  }
  return hubs;
}

const FAR = '2099-01-01T00:00:00Z';
const key = (o: Record<string, unknown>) => `${String(o.id)}@${String(o.modified).slice(0, 19)}.${(String(o.modified).slice(20, -1) + '000000000').slice(0, 9)}Z`;

interface Pub { label: string; envelope: Record<string, unknown>; objects: Record<string, unknown>[]; reach: ('b' | 'c')[] }

/** What A publishes, and how far each may travel down the chain A→B→C (B stands for acme at A). */
function publications(): Pub[] {
  const green = indicator('green to fin-isac');
  const amber = indicator('amber to fin-isac');
  return [
    { label: 'clear public', envelope: { tlp: 'clear', audience: { public: true } }, objects: [indicator('clear public')], reach: ['b', 'c'] },
    { label: 'clear community', envelope: { tlp: 'clear' }, objects: [indicator('clear community')], reach: ['b', 'c'] },
    { label: 'green community', envelope: { tlp: 'green' }, objects: [green], reach: ['b', 'c'] },
    { label: 'green other community', envelope: { tlp: 'green', audience: { communities: ['energy-isac'] } }, objects: [indicator('green energy')], reach: [] },
    { label: 'amber community', envelope: { tlp: 'amber' }, objects: [amber], reach: [] },
    { label: 'amber named org', envelope: { tlp: 'amber', audience: { organizations: ['acme'] } }, objects: [indicator('amber acme')], reach: ['b'] },
    { label: 'amber other org', envelope: { tlp: 'amber', audience: { organizations: ['bank'] } }, objects: [indicator('amber bank')], reach: [] },
    { label: 'amber+strict', envelope: { tlp: 'amber+strict', audience: { organizations: ['acme'] } }, objects: [indicator('strict')], reach: [] },
    { label: 'red', envelope: { tlp: 'red', audience: { users: ['reader@acme.example'] } }, objects: [indicator('red')], reach: [] },
    { label: 'clearance', envelope: { tlp: 'green', min_clearance: 1 }, objects: [indicator('clearance')], reach: [] },
    { label: 'sectors', envelope: { tlp: 'green', conditions: { sectors: ['finance'] } }, objects: [indicator('sectors')], reach: [] },
    { label: 'anonymous', envelope: { tlp: 'green', attribution: 'none' }, objects: [indicator('anonymous', { createdBy: 'identity--0a1b2c3d-0000-4000-8000-00000000acde' })], reach: ['b', 'c'] },
    { label: 'operators', envelope: { tlp: 'green', attribution: 'operators' }, objects: [indicator('operators', { createdBy: 'identity--0a1b2c3d-0000-4000-8000-00000000acde' })], reach: ['b', 'c'] },
    { label: 'embargo', envelope: { tlp: 'green', classification: { embargo_until: FAR } }, objects: [indicator('embargo')], reach: [] },
    {
      label: 'relationship to an amber object', envelope: { tlp: 'green' }, reach: [],
      objects: [{ type: 'relationship', spec_version: '2.1', id: 'relationship--6d0a3f0e-1b1e-4c8a-9d51-6a7d3b1e0c11', created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z', relationship_type: 'related-to', source_ref: green.id, target_ref: amber.id }],
    },
  ];
}

describe('federation: a chain A→B→C by pull', () => {
  let hubs: Hub[];
  let before: Map<string, Set<string>>;
  const pubs = publications();
  beforeAll(async () => {
    hubs = await threeHubs();
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    before = new Map(await Promise.all(hubs.map(async (h) => [h.name, await snapshot(h)] as const)));
    await link(a, b, { how: 'pull', asOrgs: ['acme'] });
    await link(b, c, { how: 'pull' });
    for (const p of pubs) await share(a, p.envelope, p.objects);
  }, 120_000);
  afterAll(async () => {
    for (const h of hubs ?? []) await h.close();
  });

  it('every hub holds exactly what the rule allows, once, and nothing else', async () => {
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    await syncUntilQuiet(hubs);
    const published = (hub: 'a' | 'b' | 'c') => pubs.filter((p) => hub === 'a' || p.reach.includes(hub)).flatMap((p) => p.objects.map(key));
    const expectSet = (...parts: Iterable<string>[]) => new Set(parts.flatMap((p) => [...p]));
    expect(await snapshot(a)).toEqual(expectSet(before.get('a')!, published('a')));
    expect(await snapshot(b)).toEqual(expectSet(before.get('b')!, before.get('a')!, published('b')));
    expect(await snapshot(c)).toEqual(expectSet(before.get('c')!, before.get('b')!, before.get('a')!, published('c')));

    // provenance: B's copies are provided by peer-a; anonymous ones name A's community identity
    const aFin = (await a.store.identity.getCommunity({ slug: 'fin-isac' }))!.id;
    const peerA = (await b.store.identity.getOrganization({ slug: 'peer-a' }))!.id;
    for (const label of ['anonymous', 'operators']) {
      const id = String(pubs.find((p) => p.label === label)!.objects[0]!.id);
      for (const h of [b, c]) {
        const row = (await allRows(h.store)).find((r) => r.id === id)!;
        expect(JSON.parse(row.json).created_by_ref).toBe(communityIdentityId(aFin));
      }
    }
    const green = String(pubs.find((p) => p.label === 'green community')!.objects[0]!.id);
    expect((await allRows(b.store)).find((r) => r.id === green)!.providerOrgId).toBe(peerA);
    expect((await b.store.peers.provenanceOf(green, '2026-03-01T00:00:00.000000000Z')).map((p) => p.peerId))
      .toEqual([(await b.store.peers.get({ name: 'a' }))!.id]);
  }, 120_000);

  it('a newer version and a revocation replace the older ones everywhere; re-syncing changes nothing', async () => {
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    const green = pubs.find((p) => p.label === 'green community')!.objects[0]!;
    const clear = pubs.find((p) => p.label === 'clear community')!.objects[0]!;
    const v2 = { ...green, modified: '2026-03-02T00:00:00.000Z', name: 'green, second version' };
    const revoked = { ...clear, modified: '2026-03-02T00:00:00.000Z', revoked: true };
    await share(a, { tlp: 'green' }, [v2]);
    await share(a, { tlp: 'clear' }, [revoked]);
    await syncUntilQuiet(hubs);
    for (const h of [b, c]) {
      const rows = await allRows(h.store);
      expect(rows.filter((r) => r.id === green.id).map((r) => r.versionKey).sort()).toEqual(['2026-03-01T00:00:00.000000000Z', '2026-03-02T00:00:00.000000000Z']);
      const latest = await h.store.shared.query({ scope: { kind: 'all' }, predicate: { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Date.now() * 1000 }, ids: [String(clear.id)], limit: 5 });
      expect(JSON.parse(latest.rows[0]!.json).revoked).toBe(true);
    }
    const counts = await Promise.all(hubs.map(async (h) => (await snapshot(h)).size));
    expect(await syncUntilQuiet(hubs)).toBe(1);
    expect(await Promise.all(hubs.map(async (h) => (await snapshot(h)).size))).toEqual(counts);
    expect((await b.store.peers.state((await b.store.peers.get({ name: 'a' }))!.id))!.consecutiveFailures).toBe(0);
  }, 120_000);
});

describe('federation: a ring A→B→C→A by push', () => {
  let hubs: Hub[];
  let before: Map<string, Set<string>>;
  beforeAll(async () => {
    hubs = await threeHubs();
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    before = new Map(await Promise.all(hubs.map(async (h) => [h.name, await snapshot(h)] as const)));
    await link(a, b, { how: 'push' });
    await link(b, c, { how: 'push' });
    await link(c, a, { how: 'push' });
  }, 120_000);
  afterAll(async () => {
    for (const h of hubs ?? []) await h.close();
  });

  it('every version arrives once at each hub and never returns to its origin as new', async () => {
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    const fromA = [indicator('ring A green'), indicator('ring A clear')];
    const fromB = [indicator('ring B green')];
    const fromC = [indicator('ring C green')];
    const amberA = indicator('ring A amber');
    await share(a, { tlp: 'green' }, [fromA[0]!]);
    await share(a, { tlp: 'clear', audience: { public: true } }, [fromA[1]!]);
    await share(a, { tlp: 'amber' }, [amberA]);
    await share(b, { tlp: 'green' }, fromB);
    await share(c, { tlp: 'green' }, fromC, 'acmeAnalyst');
    await syncUntilQuiet(hubs);
    const everywhere = [...fromA, ...fromB, ...fromC].map(key);
    const hubObjects = [...before.values()].flatMap((s) => [...s]);
    for (const h of [b, c]) expect(await snapshot(h)).toEqual(new Set([...hubObjects, ...everywhere]));
    expect(await snapshot(a)).toEqual(new Set([...hubObjects, ...everywhere, key(amberA)]));
    // the origin kept its own provider: what came back round the ring was recognised, not stored
    const acme = (await a.store.identity.getOrganization({ slug: 'acme' }))!.id;
    for (const o of fromA) expect((await allRows(a.store)).find((r) => r.id === o.id)!.providerOrgId).toBe(acme);
    for (const h of hubs) {
      for (const p of await h.store.peers.list()) {
        const s = (await h.store.peers.state(p.id))!;
        expect(s.refused).toBe(0);
        expect(s.consecutiveFailures).toBe(0);
      }
    }
  }, 120_000);

  it('a provider narrowing its envelope sends a revocation that reaches every hub holding the object', async () => {
    const [a, b, c] = hubs as [Hub, Hub, Hub];
    const o = indicator('narrowed later');
    await share(a, { tlp: 'green' }, [o]);
    await syncUntilQuiet(hubs);
    for (const h of [b, c]) expect((await allRows(h.store)).some((r) => r.id === o.id)).toBe(true);
    // a new version that no peer may receive (AMBER to the community)
    await share(a, { tlp: 'amber' }, [{ ...o, modified: '2026-03-05T00:00:00.000Z', description: 'now amber' }]);
    await syncUntilQuiet(hubs);
    expect((await a.store.peers.state((await a.store.peers.get({ name: 'b' }))!.id))!.revocations).toBe(1);
    for (const h of [b, c]) {
      const versions = (await allRows(h.store)).filter((r) => r.id === o.id).map((r) => JSON.parse(r.json) as Record<string, unknown>);
      expect(versions).toHaveLength(2);
      const latest = versions.sort((x, y) => String(x.modified).localeCompare(String(y.modified)))[1]!;
      expect(latest.revoked).toBe(true);
      expect(latest.description).toBeUndefined(); // the amber content never left
    }
    // the same version narrowed in place (audience: one organization the peers do not stand for)
    const p = indicator('narrowed in place');
    await share(a, { tlp: 'green' }, [p]);
    await syncUntilQuiet(hubs);
    await share(a, { tlp: 'green', audience: { organizations: ['bank'] } }, [p]);
    await syncUntilQuiet(hubs);
    for (const h of [b, c]) {
      const versions = (await allRows(h.store)).filter((r) => r.id === p.id).map((r) => JSON.parse(r.json) as Record<string, unknown>);
      expect(versions.map((x) => x.revoked ?? false).sort()).toEqual([false, true]);
      // marked as it was sent (GREEN), so it travels as far as the version did
      for (const x of versions) expect(x.object_marking_refs).toContain(TLP2_MARKING_IDS.green);
    }
    // locally nothing was revoked: the provider's amber version is the latest at A
    const atA = (await allRows(a.store)).filter((r) => r.id === o.id).map((r) => JSON.parse(r.json) as Record<string, unknown>);
    expect(atA.map((x) => x.revoked ?? false)).toEqual([false, false]);
  }, 120_000);
});
