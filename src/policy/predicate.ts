/**
 * The one rule (decide.ts `mayView`) as data the store can compile (DESIGN.md "One rule decides
 * who sees what": lists are filtered in the database, not after). Two halves:
 * - `storedEnvelopeOf`: the envelope as the store keeps it (TLP rank, audience keys, embargo in
 *   microseconds, conditions);
 * - `predicateFor`: what a viewer may see at `now` (VisibilityPredicate, src/store/types.ts).
 * `matchesPredicate` evaluates a predicate in memory (streams, webhooks, tests). The property
 * test in predicate.test.ts holds `matchesPredicate(predicateFor(v, now), storedEnvelopeOf(e))`
 * equal to `mayView(v, { envelope: e }, now)`; the generated matrix test holds the store's SQL
 * to the same rule on both backends.
 *
 * Audience keys carry the TLP bounds of mayView as the highest rank each reaches: the public
 * CLEAR (0); a community up to AMBER (2); an organization up to AMBER+STRICT (3); a named user
 * anything (4). Peers: nothing above their agreement's maximum; communities up to GREEN; only
 * the organizations they stand for up to AMBER; never a named user.
 * Conditions fold into the other fields: a viewer that can never meet a clearance or terms
 * condition (organization, peer, public) has clearance 0 and no accepted terms; one that can
 * never meet a sectors condition (peer, public) has no sector.
 */
import { TLP_ORDER, tlpRank } from '../stix/markings.js';
import { formatMicros, parseTimestampMicros } from '../stix/timestamps.js';
import type { AudienceGrant, StoredEnvelope, VisibilityPredicate } from '../store/types.js';
import type { Envelope } from './envelope.js';
import type { Viewer } from './viewer.js';

export type { AudienceGrant, StoredEnvelope, VisibilityPredicate } from '../store/types.js';

export const PUBLIC_KEY = 'public';
export const communityKey = (communityId: string): string => `c:${communityId}`;
export const orgKey = (orgId: string): string => `o:${orgId}`;
export const userKey = (userId: string): string => `u:${userId}`;

/** The stored end of an embargo that cannot be parsed: it never ends (mayView fails closed). */
export const EMBARGO_FOREVER = Number.MAX_SAFE_INTEGER;

/**
 * The storage form of an envelope. Throws RangeError for a TLP that is not one (parseEnvelopeInput
 * never yields one): the store keeps valid TLPs only, so nothing corrupt is stored at all.
 */
export function storedEnvelopeOf(e: Envelope): StoredEnvelope {
  const rank = tlpRank(e.tlp);
  if (rank < 0) throw new RangeError(`not a TLP: ${String(e.tlp)}`);
  const a = e.audience;
  const until = e.classification.embargoUntil;
  return {
    tlpRank: rank,
    audienceKeys: [
      ...(a.public ? [PUBLIC_KEY] : []),
      ...a.communities.map(communityKey),
      ...a.organizations.map(orgKey),
      ...a.users.map(userKey),
    ],
    minClearance: e.minClearance,
    embargoUntilUs: until === null ? null : (parseTimestampMicros(until) ?? EMBARGO_FOREVER),
    attribution: e.attribution,
    providerOrgId: e.providerOrgId,
    providerUserId: e.providerUserId,
    sectors: [...e.conditions.sectors],
    terms: [...e.conditions.terms],
    classificationJson: JSON.stringify(e.classification),
  };
}

/** True while `until` lies after now; null or unparsable → false (as decide.ts validAt). */
function validAt(until: string | null, nowUs: number): boolean {
  if (until === null) return false;
  const t = parseTimestampMicros(until);
  return t !== undefined && nowUs < t;
}

const grants = (entries: [string, number][]): AudienceGrant[] => entries.map(([key, maxTlpRank]) => ({ key, maxTlpRank }));

/** What `viewer` may see at `now`. The result is only valid at that instant (expiry, embargo). */
export function predicateFor(viewer: Viewer, now: Date): VisibilityPredicate {
  const nowUs = now.getTime() * 1000;
  const none = { seesAll: false, ownOrgId: null, clearance: 0 as const, sector: null, acceptedTerms: [], nowUs };
  switch (viewer.kind) {
    case 'public':
      return { ...none, keys: grants([[PUBLIC_KEY, 0]]) };
    case 'peer': {
      const max = Math.min(2, tlpRank(viewer.maxTlp));
      return {
        ...none,
        keys: grants([
          [PUBLIC_KEY, Math.min(0, max)],
          ...[...viewer.communityIds].sort().map((c): [string, number] => [communityKey(c), Math.min(1, max)]),
          ...[...viewer.namedInAudienceAs].sort().map((o): [string, number] => [orgKey(o), max]),
        ]),
      };
    }
    case 'organization':
    case 'user': {
      const keys: [string, number][] = [
        [PUBLIC_KEY, 0],
        ...[...viewer.communityIds].sort().map((c): [string, number] => [communityKey(c), 2]),
        [orgKey(viewer.orgId), 3],
      ];
      if (viewer.kind === 'organization') return { ...none, ownOrgId: viewer.orgId, sector: viewer.orgSector, keys: grants(keys) };
      keys.push([userKey(viewer.userId), 4]);
      const g = viewer.clearance;
      const cleared = g !== null && validAt(g.validUntil, nowUs) && validAt(viewer.orgApprovedUntil, nowUs);
      return {
        seesAll: viewer.role === 'operator',
        ownOrgId: viewer.orgId,
        keys: grants(keys),
        clearance: cleared ? g.level : 0,
        sector: viewer.orgSector,
        acceptedTerms: [...viewer.acceptedTerms].sort(),
        nowUs,
      };
    }
  }
}

/**
 * Whether an `identity` version under `attribution` is hidden from a viewer that is not its
 * provider's organization: `none` from everyone, `operators` from all but operators (seesAll).
 */
export function identityHiddenUnder(p: Pick<VisibilityPredicate, 'seesAll'>, attribution: StoredEnvelope['attribution']): boolean {
  return attribution === 'none' || (attribution === 'operators' && !p.seesAll);
}

/** The predicate evaluated in memory on a version of STIX type `type`, exactly as the store's SQL evaluates it. */
export function matchesPredicate(p: VisibilityPredicate, s: StoredEnvelope, type: string): boolean {
  if (p.ownOrgId !== null && s.providerOrgId === p.ownOrgId) return true;
  if (type === 'identity' && identityHiddenUnder(p, s.attribution)) return false;
  if (s.embargoUntilUs !== null && p.nowUs < s.embargoUntilUs) return false;
  if (p.seesAll) return true;
  if (s.minClearance > p.clearance) return false;
  if (s.sectors.length > 0 && (p.sector === null || !s.sectors.includes(p.sector))) return false;
  for (const t of s.terms) if (!p.acceptedTerms.includes(t)) return false;
  return p.keys.some((k) => s.tlpRank <= k.maxTlpRank && s.audienceKeys.includes(k.key));
}

/**
 * The envelope back from its storage form (the `existing` of mayWrite from shared.envelopeOf).
 * Ids stay ids; an embargo that never ends comes back as the last representable instant.
 */
export function envelopeOfStored(s: StoredEnvelope): Envelope {
  const audience = { public: false, communities: [] as string[], organizations: [] as string[], users: [] as string[] };
  for (const k of s.audienceKeys) {
    if (k === PUBLIC_KEY) audience.public = true;
    else if (k.startsWith('c:')) audience.communities.push(k.slice(2));
    else if (k.startsWith('o:')) audience.organizations.push(k.slice(2));
    else if (k.startsWith('u:')) audience.users.push(k.slice(2));
  }
  const classification = JSON.parse(s.classificationJson) as Envelope['classification'];
  const embargoUntil = s.embargoUntilUs === null
    ? null
    : s.embargoUntilUs >= EMBARGO_FOREVER ? '9999-12-31T23:59:59.999Z' : formatMicros(s.embargoUntilUs);
  return {
    tlp: TLP_ORDER[s.tlpRank] ?? 'red',
    audience,
    minClearance: s.minClearance,
    conditions: { terms: [...s.terms], sectors: [...s.sectors] },
    attribution: s.attribution,
    classification: { ...classification, embargoUntil },
    providerOrgId: s.providerOrgId,
    providerUserId: s.providerUserId,
  };
}

/**
 * attributionHidden (egress.ts) on a stored row: whether this viewer is served the version's
 * anonymous form. Never for the provider's organization; under `operators`, for all but operators.
 */
export function attributionHiddenStored(row: { attribution: StoredEnvelope['attribution']; providerOrgId: string }, viewer: Viewer): boolean {
  if (row.attribution === 'public') return false;
  if ((viewer.kind === 'user' || viewer.kind === 'organization') && viewer.orgId === row.providerOrgId) return false;
  if (row.attribution === 'operators') return !(viewer.kind === 'user' && viewer.role === 'operator');
  return true;
}
