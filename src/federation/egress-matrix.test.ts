/**
 * The egress matrix (issue 5): every TLP × audience kind × clearance × terms × sectors ×
 * attribution × embargo, stored in a real store, read through what federation uses — the
 * peer's `predicateFor(peerViewerOf(peer))` compiled by `store.shared.query` — for peers of
 * each maximum TLP, then shaped by servedToPeer under both profiles, with and without TLP 1.0.
 * The expectation is written out from DESIGN.md here, not taken from the policy module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_SHARING_EXTENSION_ID } from '../policy/extensions.js';
import { predicateFor, storedEnvelopeOf } from '../policy/predicate.js';
import type { Attribution, Envelope } from '../policy/envelope.js';
import { communityIdentityId } from '../sharing/identities.js';
import { canonicalJson } from '../stix/index.js';
import { TLP1_MARKING_IDS, TLP2_MARKING_IDS, TLP_ORDER, type Tlp } from '../stix/markings.js';
import { openStore } from '../store/open.js';
import type { Peer } from '../store/peers-types.js';
import type { SharedRow, SharedVersionInput, Store } from '../store/types.js';
import { isKyojoObject, notSentToStandardPeer, peerViewerOf, servedToPeer } from './egress.js';

const X = 'community-x'; // the peer's community
const Y = 'community-y';
const P = 'org-provider';
const N = 'org-named'; // the organization the peer stands for
const O = 'org-other';
const U = 'user-other';
const PROVIDER_IDENTITY = 'identity--0a1b2c3d-0000-4000-8000-000000000001';

type AudienceKind = 'public' | 'community-of-peer' | 'other-community' | 'org-peer-stands-for' | 'other-org' | 'user';
const AUDIENCES: AudienceKind[] = ['public', 'community-of-peer', 'other-community', 'org-peer-stands-for', 'other-org', 'user'];
const ATTRIBUTIONS: Attribution[] = ['public', 'operators', 'none'];

interface Case { n: number; tlp: Tlp; aud: AudienceKind; clearance: 0 | 2; terms: boolean; sectors: boolean; attribution: Attribution; embargo: boolean; type: 'indicator' | 'identity' }

function audienceOf(k: AudienceKind): Envelope['audience'] {
  const a = { public: false, communities: [] as string[], organizations: [] as string[], users: [] as string[] };
  if (k === 'public') a.public = true;
  if (k === 'community-of-peer') a.communities.push(X);
  if (k === 'other-community') a.communities.push(Y);
  if (k === 'org-peer-stands-for') a.organizations.push(N);
  if (k === 'other-org') a.organizations.push(O);
  if (k === 'user') a.users.push(U);
  return a;
}

/** DESIGN.md, "The sharing envelope" and issue 5 §3, for a peer of community X standing for N. */
function expected(c: Case, maxTlp: 'clear' | 'green' | 'amber'): boolean {
  const r = TLP_ORDER.indexOf(c.tlp);
  if (r >= 3) return false; // RED and AMBER+STRICT never leave the hub
  if (r > TLP_ORDER.indexOf(maxTlp)) return false; // beyond the agreement
  if (c.clearance > 0 || c.terms || c.sectors) return false; // a peer cannot vouch for who reads downstream
  if (c.embargo) return false; // nobody but the provider before the embargo ends
  if (c.type === 'identity' && c.attribution !== 'public') return false; // the hidden provider's identity stays here
  if (c.tlp === 'amber') return c.aud === 'org-peer-stands-for'; // AMBER only where the peer is named
  if (c.tlp === 'green') return c.aud === 'community-of-peer' || c.aud === 'org-peer-stands-for';
  return c.aud === 'public' || c.aud === 'community-of-peer' || c.aud === 'org-peer-stands-for'; // CLEAR
}

function cases(): Case[] {
  const out: Case[] = [];
  let n = 0;
  for (const tlp of TLP_ORDER) for (const aud of AUDIENCES) for (const clearance of [0, 2] as const) for (const terms of [false, true])
    for (const sectors of [false, true]) for (const attribution of ATTRIBUTIONS) for (const embargo of [false, true]) {
      out.push({ n: n++, tlp, aud, clearance, terms, sectors, attribution, embargo, type: 'indicator' });
    }
  for (const tlp of TLP_ORDER) for (const aud of AUDIENCES) for (const attribution of ATTRIBUTIONS) {
    out.push({ n: n++, tlp, aud, clearance: 0, terms: false, sectors: false, attribution, embargo: false, type: 'identity' });
  }
  return out;
}

const idOf = (c: Case) => `${c.type}--00000000-0000-4000-8000-${String(c.n).padStart(12, '0')}`;
const MODIFIED = '2026-02-01T00:00:00.000Z';

function versionOf(c: Case): SharedVersionInput {
  const envelope: Envelope = {
    tlp: c.tlp, audience: audienceOf(c.aud), minClearance: c.clearance,
    conditions: { terms: c.terms ? ['gov-terms'] : [], sectors: c.sectors ? ['finance'] : [] },
    attribution: c.attribution,
    classification: { purpose: ['detection'], infoType: 'threat', tier: [], timing: 'flash', embargoUntil: c.embargo ? '2999-01-01T00:00:00.000Z' : null, channels: ['api'] },
    providerOrgId: P, providerUserId: 'user-provider',
  };
  const obj: Record<string, unknown> = {
    type: c.type, spec_version: '2.1', id: idOf(c), created: MODIFIED, modified: MODIFIED, created_by_ref: PROVIDER_IDENTITY,
    object_marking_refs: [TLP2_MARKING_IDS[c.tlp], 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'.replace('f88d', 'aaaa')],
    extensions: {
      [KYOJO_CLASSIFICATION_EXTENSION_ID]: { extension_type: 'property-extension', info_type: 'threat' },
      // never stored by ingest; here to prove the second lock
      [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', audience: { organizations: ['secret-org'] } },
      'extension-definition--11111111-2222-4333-8444-555555555555': { extension_type: 'property-extension', x: 1 },
    },
    ...(c.type === 'indicator'
      ? { name: `case ${c.n}`, pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: MODIFIED, indicator_types: ['malicious-activity'] }
      : { name: 'Provider Co', identity_class: 'organization' }),
  };
  const anon = c.attribution === 'public' ? null : { ...obj, created_by_ref: communityIdentityId(X) };
  return {
    id: idOf(c), type: c.type, specVersion: '2.1', created: MODIFIED, modified: MODIFIED, versionKey: '2026-02-01T00:00:00.000000000Z',
    json: canonicalJson(obj), jsonAnonymous: anon === null ? null : canonicalJson(anon), envelope: storedEnvelopeOf(envelope), endpoints: [],
  };
}

async function visibleTo(store: Store, peer: Peer): Promise<SharedRow[]> {
  const predicate = predicateFor(peerViewerOf(peer), new Date());
  const rows: SharedRow[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await store.shared.query({ scope: { kind: 'all' }, predicate, addedAfter: after, versions: { all: true }, limit: 500 });
    rows.push(...page.rows);
    if (!page.more) return rows;
    after = page.rows[page.rows.length - 1]!.dateAdded;
  }
}

const peerOf = (maxTlp: Peer['maxTlp'], profile: Peer['profile'], tlp1: boolean): Peer => ({
  id: `peer-${maxTlp}`, name: `p-${maxTlp}`, url: 'https://peer.example', apiRoot: '/taxii2/x/', collections: ['c'], direction: 'push', passive: false,
  communityId: X, orgId: 'org-peer', userId: 'user-peer', profile, maxTlp, tlp1, asOrgIds: [N], caFile: null, credentials: null, createdAt: MODIFIED,
});

describe('federation egress: the peer viewer over every envelope', () => {
  const all = cases();
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kyojo-egress-'));
    store = await openStore({ dataDir: dir });
    const results = await store.shared.add(all.map(versionOf));
    expect(results.every((r) => r.outcome === 'added')).toBe(true);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const maxTlp of ['clear', 'green', 'amber'] as const) {
    it(`a peer with max TLP ${maxTlp} receives exactly what DESIGN.md allows (${all.length} envelopes)`, async () => {
      const got = new Set((await visibleTo(store, peerOf(maxTlp, 'kyojo', false))).map((r) => r.id));
      const want = new Set(all.filter((c) => expected(c, maxTlp)).map(idOf));
      const wrong = all.filter((c) => got.has(idOf(c)) !== want.has(idOf(c))).map((c) => ({ ...c, got: got.has(idOf(c)) }));
      expect(wrong).toEqual([]);
      expect(want.size).toBeGreaterThan(0);
    });
  }

  it('shapes every version it may send: no access-control data, TLP 2.0 marking, anonymous when attribution is hidden, profiles', async () => {
    const byId = new Map(all.map((c) => [idOf(c), c]));
    let checked = 0;
    for (const profile of ['kyojo', 'standard'] as const) for (const tlp1 of [false, true]) {
      const peer = peerOf('amber', profile, tlp1);
      for (const row of await visibleTo(store, peer)) {
        const c = byId.get(row.id)!;
        const o = servedToPeer(row, peerViewerOf(peer), peer)!;
        expect(o).not.toBeNull();
        const text = JSON.stringify(o);
        expect(text).not.toContain(KYOJO_SHARING_EXTENSION_ID);
        expect(text).not.toContain('secret-org');
        expect(text).not.toContain(P);
        const ext = (o.extensions ?? {}) as Record<string, unknown>;
        expect(Object.hasOwn(ext, KYOJO_CLASSIFICATION_EXTENSION_ID)).toBe(profile === 'kyojo');
        expect(Object.hasOwn(ext, 'extension-definition--11111111-2222-4333-8444-555555555555')).toBe(true); // others' extensions stay
        const marks = o.object_marking_refs as string[];
        expect(marks).toContain(TLP2_MARKING_IDS[c.tlp]);
        expect(marks.filter((m) => Object.values(TLP2_MARKING_IDS).includes(m))).toHaveLength(1);
        const one = { clear: TLP1_MARKING_IDS.white, green: TLP1_MARKING_IDS.green, amber: TLP1_MARKING_IDS.amber }[c.tlp as 'clear'];
        expect(marks.includes(one)).toBe(tlp1);
        expect(o.created_by_ref).toBe(c.attribution === 'public' ? PROVIDER_IDENTITY : communityIdentityId(X));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuses to shape what must never leave even if a query returned it', () => {
    const peer = peerOf('amber', 'kyojo', false);
    const row = { id: 'indicator--x', json: '{"type":"indicator","id":"indicator--x"}', jsonAnonymous: null, attribution: 'public', providerOrgId: P } as SharedRow;
    expect(servedToPeer({ ...row, tlpRank: 3 }, peerViewerOf(peer), peer)).toBeNull();
    expect(servedToPeer({ ...row, tlpRank: 4 }, peerViewerOf(peer), peer)).toBeNull();
    expect(servedToPeer({ ...row, tlpRank: 1, attribution: 'none' }, peerViewerOf(peer), peer)).toBeNull(); // hidden, no anonymous form
    const red = { ...row, tlpRank: 1, json: JSON.stringify({ type: 'indicator', id: 'indicator--x', object_marking_refs: [TLP2_MARKING_IDS.red] }) };
    expect(servedToPeer(red, peerViewerOf(peer), peer)).toBeNull(); // a stricter marking on the object wins
    const kyojoObject = { ...row, tlpRank: 0, id: KYOJO_CLASSIFICATION_EXTENSION_ID, json: JSON.stringify({ type: 'extension-definition', id: KYOJO_CLASSIFICATION_EXTENSION_ID }) };
    expect(isKyojoObject(kyojoObject.id)).toBe(true);
    expect(isKyojoObject('indicator--x')).toBe(false);
    expect(notSentToStandardPeer(kyojoObject.id)).toBe(true);
    expect(notSentToStandardPeer('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb')).toBe(true); // TLP 2.0 GREEN
    expect(notSentToStandardPeer('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da')).toBe(true); // TLP 1.0 GREEN
    expect(notSentToStandardPeer('extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d')).toBe(true); // TLP 2.0 extension
    expect(notSentToStandardPeer('indicator--x')).toBe(false);
  });
});
