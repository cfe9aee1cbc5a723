/** ingestObjects on a stub store: outcomes in submission order, and the event loop kept alive. */
import { describe, expect, it } from 'vitest';
import type { TrustService } from '../identity/trust.js';
import type { AddResult, Community, SharedVersionInput, Store } from '../store/types.js';
import { VALID, valid } from '../stix/fixtures/valid-objects.js';
import { TLP2_MARKING_IDS } from '../stix/markings.js';
import { ingestObjects, ingestWithEnvelope, type Publication } from './ingest.js';

const COMMUNITY = { id: 'c1', slug: 'fin-isac' } as Community;

function stubStore(onAdd: (versions: SharedVersionInput[]) => void): Store {
  const shared = {
    async add(versions: SharedVersionInput[]): Promise<AddResult[]> {
      onAdd(versions);
      return versions.map((v, i) => ({ id: v.id, versionKey: v.versionKey, outcome: 'added' as const, dateAdded: 1000 + i }));
    },
    async envelopeOf() {
      return undefined;
    },
    async envelopesOf() {
      return new Map();
    },
  };
  const identity = {
    listCommunities: async () => [COMMUNITY],
    listOrganizations: async () => [],
    listUsers: async () => [],
  };
  const trust = { listTerms: async () => [] };
  return { shared, identity, trust } as unknown as Store;
}

const publication: Publication = {
  publisher: {
    user: { id: 'u1', email: 'a@acme.example', orgId: 'o1', role: 'analyst' },
    org: { id: 'o1', slug: 'acme', sector: 'finance' },
    communityIds: new Set(['c1']),
    tokenId: null,
  } as unknown as Publication['publisher'],
  community: COMMUNITY,
  defaultTlp: 'amber',
  trust: { trustOf: async () => ({ clearance: null, orgApprovedUntil: null, acceptedTerms: new Set<string>() }) } as unknown as TrustService,
};

describe('ingestObjects', () => {
  it('reports each object in submission order', async () => {
    const items = await ingestObjects(stubStore(() => {}), publication, [1, valid('tool'), {}]);
    expect(items.map((i) => i.ok)).toEqual([false, true, false]);
    expect(items[1]).toMatchObject({ ok: true, id: VALID.tool!.id, outcome: 'added', message: 'no TLP marking: TLP:AMBER applied (hub default)' });
  });

  it('stores the envelope: default TLP, the community as audience, the poster as provider', async () => {
    const stored: SharedVersionInput[] = [];
    await ingestObjects(stubStore((v) => stored.push(...v)), publication, [valid('tool')]);
    expect(stored[0]!.envelope).toMatchObject({ tlpRank: 2, audienceKeys: ['c:c1'], providerOrgId: 'o1', providerUserId: 'u1', attribution: 'public' });
    expect(stored[0]!.jsonAnonymous).toBeNull();
  });

  it('lets other work run while it validates a large submission', async () => {
    // Validation is synchronous; 17 million `{}` in a 50 MB body held the event loop
    // for over 20 seconds, stalling every other request of the hub.
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const submitted: unknown[] = new Array(50_000).fill({});
    submitted.push(valid('tool'));
    await ingestObjects(stubStore(() => order.push('store')), publication, submitted);
    expect(order).toEqual(['other work', 'store']);
  });
});

describe('ingestWithEnvelope', () => {
  const envPub = { publisher: publication.publisher, trust: publication.trust, defaultCommunitySlug: 'fin-isac' };

  it('applies the one envelope to every object, the default audience being the given community', async () => {
    const stored: SharedVersionInput[] = [];
    const r = await ingestWithEnvelope(stubStore((v) => stored.push(...v)), envPub, { tlp: 'green', attribution: 'none' }, [valid('tool'), valid('malware')]);
    expect(r.ok && r.items.map((i) => i.ok)).toEqual([true, true]);
    expect(stored).toHaveLength(2);
    for (const v of stored) {
      expect(v.envelope).toMatchObject({ tlpRank: 1, audienceKeys: ['c:c1'], providerOrgId: 'o1', providerUserId: 'u1', attribution: 'none' });
      expect(JSON.parse(v.json).object_marking_refs).toContain(TLP2_MARKING_IDS.green);
      expect(v.jsonAnonymous).not.toBeNull();
    }
  });

  it('refuses an object marked stricter than the envelope, and narrows a less strict one', async () => {
    const stored: SharedVersionInput[] = [];
    const red = { ...valid('tool'), object_marking_refs: [TLP2_MARKING_IDS.red] };
    const clear = { ...valid('malware'), object_marking_refs: [TLP2_MARKING_IDS.clear] };
    const r = await ingestWithEnvelope(stubStore((v) => stored.push(...v)), envPub, { tlp: 'amber' }, [red, clear]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items[0]).toMatchObject({ ok: false, reason: expect.stringContaining('stricter than the envelope') });
    expect(r.items[1]).toMatchObject({ ok: true });
    expect(JSON.parse(stored[0]!.json).object_marking_refs).toEqual([TLP2_MARKING_IDS.amber]);
  });

  it('stores nothing when the envelope is invalid, and names every error', async () => {
    let added = 0;
    const r = await ingestWithEnvelope(stubStore(() => added++), { ...envPub, defaultCommunitySlug: null }, { tlp: 'pink' }, [valid('tool')]);
    expect(r).toEqual({ ok: false, errors: [{ property: 'tlp', message: expect.any(String) }, { property: 'audience', message: expect.any(String) }] });
    expect(added).toBe(0);
  });
});
