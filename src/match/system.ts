/**
 * What the hub itself uses to read and publish for early warning: a predicate that sees every
 * version not under embargo (aggregates; never served as such), a community-wide predicate (what
 * every member of a community may see, whoever it is), and the hub as a publisher.
 */
import type { Principal } from '../identity/principal.js';
import { MIN_ORGANIZATIONS_PER_FIGURE } from '../policy/posture-access.js';
import { communityKey, PUBLIC_KEY } from '../policy/predicate.js';
import { HUB_PROVIDER } from '../sharing/hub-objects.js';
import type { Community, VisibilityPredicate } from '../store/types.js';

/** Aggregates over organizations show a figure only when at least this many stand behind it (the policy's rule, DESIGN.md). */
export const MIN_ORGANIZATIONS = MIN_ORGANIZATIONS_PER_FIGURE;

/** Every version not under embargo (identities under hidden attribution aside, as for operators). */
export function systemPredicate(nowUs: number): VisibilityPredicate {
  return { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs };
}

/**
 * What every member of a community sees whatever its trust: versions for the public or the
 * community up to TLP:AMBER, without clearance, sector or terms conditions, not under embargo.
 */
export function communityPredicate(communityId: string, nowUs: number): VisibilityPredicate {
  return {
    seesAll: false, ownOrgId: null,
    keys: [{ key: PUBLIC_KEY, maxTlpRank: 0 }, { key: communityKey(communityId), maxTlpRank: 2 }],
    clearance: 0, sector: null, acceptedTerms: [], nowUs,
  };
}

/**
 * The hub as a publisher (trends' flash notes): provider HUB_PROVIDER, the organization no member
 * has, as for the hub's own objects (src/sharing/hub-objects.ts). An analyst, so that it writes
 * only its own objects and nothing it does is an operator's audited act.
 */
export function hubPrincipal(communities: readonly Community[]): Principal {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    user: { id: HUB_PROVIDER, email: 'hub@kyojo.invalid', orgId: HUB_PROVIDER, role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: at },
    org: { id: HUB_PROVIDER, slug: HUB_PROVIDER, name: 'Kyojo hub', kind: 'isac', sector: 'other', country: null, createdAt: at },
    communityIds: new Set(communities.map((c) => c.id)),
    tokenId: null,
  };
}
