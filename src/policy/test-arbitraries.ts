/**
 * fast-check generators of hubs, envelopes and viewers, for the tests that hold the
 * visibility predicate (predicate.ts) and the store's SQL to `mayView`. Test-only.
 * Instants sit around NOW, including exactly NOW (expiry and embargo ends are exclusive)
 * and unparsable ones (which fail closed).
 */
import fc from 'fast-check';
import { checkTlpBounds, type Attribution, type ClearanceLevel, type Envelope } from './envelope.js';
import { TLP_ORDER } from '../stix/markings.js';
import type { Role } from '../store/types.js';
import { PUBLIC_VIEWER, type Viewer } from './viewer.js';

export const NOW = new Date('2026-11-26T12:00:00.000Z');
export const NOW_TS = '2026-11-26T12:00:00.000Z';
export const EARLIER = '2026-11-01T00:00:00.000Z';
export const LATER = '2026-12-31T00:00:00.000Z';
const UNPARSABLE = 'soon';
const SECTORS = ['finance', 'energy', 'ict'];

export interface WorldOrg { id: string; sector: string; communities: string[] }
export interface World {
  communities: string[];
  orgs: WorldOrg[];
  /** user id → org id */
  users: { id: string; orgId: string }[];
  terms: string[];
}

/** A hub of 1-4 communities, 2-6 organizations (random sectors and memberships), 1-3 users each, 0-3 terms. */
export const arbWorld: fc.Arbitrary<World> = fc
  .record({
    nCommunities: fc.integer({ min: 1, max: 4 }),
    orgs: fc.array(fc.record({ sector: fc.constantFrom(...SECTORS), member: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), users: fc.integer({ min: 1, max: 3 }) }), { minLength: 2, maxLength: 6 }),
    nTerms: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ nCommunities, orgs, nTerms }) => {
    const communities = Array.from({ length: nCommunities }, (_, i) => `c${i}`);
    const world: World = {
      communities,
      orgs: orgs.map((o, i) => ({ id: `o${i}`, sector: o.sector, communities: communities.filter((_, c) => o.member[c]) })),
      users: orgs.flatMap((o, i) => Array.from({ length: o.users }, (_, u) => ({ id: `u${i}-${u}`, orgId: `o${i}` }))),
      terms: Array.from({ length: nTerms }, (_, i) => `terms-${i}`),
    };
    return world;
  });

const sub = <T>(xs: readonly T[]): fc.Arbitrary<T[]> => (xs.length === 0 ? fc.constant<T[]>([]) : fc.subarray([...xs], { maxLength: Math.min(3, xs.length) }));

/**
 * An envelope of world `w`. `bounded`: only envelopes checkTlpBounds accepts (what can be
 * stored through the write paths); otherwise also out-of-bounds audiences, which mayView
 * must ignore entry by entry.
 */
export function arbEnvelopeIn(w: World, bounded: boolean): fc.Arbitrary<Envelope> {
  const arb = fc
    .record({
      tlp: fc.constantFrom(...TLP_ORDER),
      public: fc.boolean(),
      communities: sub(w.communities),
      organizations: sub(w.orgs.map((o) => o.id)),
      users: sub(w.users.map((u) => u.id)),
      minClearance: fc.constantFrom<ClearanceLevel>(0, 0, 0, 1, 2, 3),
      terms: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: sub(w.terms), weight: 1 }),
      sectors: fc.oneof({ arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: sub(SECTORS), weight: 1 }),
      attribution: fc.constantFrom<Attribution>('public', 'operators', 'none'),
      embargoUntil: fc.constantFrom<string | null>(null, null, null, EARLIER, LATER, NOW_TS, UNPARSABLE),
      provider: fc.constantFrom(...w.users),
    })
    .map((r): Envelope => ({
      tlp: r.tlp,
      audience: { public: r.public, communities: r.communities, organizations: r.organizations, users: r.users },
      minClearance: r.minClearance,
      conditions: { terms: r.terms, sectors: r.sectors },
      attribution: r.attribution,
      classification: { purpose: [], infoType: null, tier: [], timing: null, embargoUntil: r.embargoUntil, channels: ['portal', 'email', 'api', 'stream'] },
      providerOrgId: r.provider.orgId,
      providerUserId: r.provider.id,
    }));
  return bounded ? arb.filter((e) => checkTlpBounds(e) === null) : arb;
}

/** A viewer of world `w`: a user of any role, an organization, a peer, or the public. */
export function arbViewerIn(w: World): fc.Arbitrary<Viewer> {
  const orgOf = (id: string) => w.orgs.find((o) => o.id === id) as WorldOrg;
  const user = fc
    .record({
      who: fc.constantFrom(...w.users),
      role: fc.constantFrom<Role>('operator', 'org-admin', 'analyst', 'analyst', 'reader'),
      level: fc.constantFrom(0, 1, 2, 3),
      grantUntil: fc.constantFrom(EARLIER, LATER, LATER, NOW_TS, UNPARSABLE),
      approvedUntil: fc.constantFrom<string | null>(null, EARLIER, LATER, LATER, NOW_TS),
      terms: sub(w.terms),
    })
    .map(({ who, role, level, grantUntil, approvedUntil, terms }): Viewer => {
      const org = orgOf(who.orgId);
      return {
        kind: 'user', userId: who.id, orgId: org.id, role, communityIds: new Set(org.communities), orgSector: org.sector,
        clearance: level === 0 ? null : { level: level as 1 | 2 | 3, validUntil: grantUntil },
        orgApprovedUntil: approvedUntil, acceptedTerms: new Set(terms),
      };
    });
  const organization = fc.constantFrom(...w.orgs).map((o): Viewer => ({ kind: 'organization', orgId: o.id, communityIds: new Set(o.communities), orgSector: o.sector }));
  const peer = fc
    .record({ communities: sub(w.communities), named: sub(w.orgs.map((o) => o.id)), maxTlp: fc.constantFrom('clear' as const, 'green' as const, 'amber' as const) })
    .map((r): Viewer => ({ kind: 'peer', peerId: 'p1', communityIds: new Set(r.communities), maxTlp: r.maxTlp, namedInAudienceAs: new Set(r.named) }));
  return fc.oneof({ arbitrary: user, weight: 5 }, { arbitrary: organization, weight: 1 }, { arbitrary: peer, weight: 1 }, { arbitrary: fc.constant(PUBLIC_VIEWER), weight: 1 });
}
