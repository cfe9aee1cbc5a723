/**
 * The one rule (DESIGN.md "One rule decides who sees what"), written for reading: it is the
 * reference the database predicate is tested against. `mayView` allocates nothing (no
 * closures, arrays or Dates; timestamps parsed by the scratch-based STIX parser).
 *
 * mayView(viewer, version, now):
 * 1. The provider's organization always sees its own versions (embargo included).
 * 2. Under embargo (now < embargo_until) nobody else does, operators included.
 * 3. Operators see everything else.
 * 4. Otherwise the viewer must be in the audience AND meet min_clearance AND every condition.
 *    Audience entries count only within the TLP's bounds (public: CLEAR; communities: up to
 *    AMBER; organizations: up to AMBER+STRICT; users: any), so an envelope that somehow
 *    escaped validation still cannot widen what its TLP allows.
 *    - user: the public; a community of its organization; its organization; itself.
 *      Clearance: a grant at or above the level, not expired at `now`, and its organization's
 *      facility approval not expired at `now`. Terms: all accepted. Sectors: its org's sector.
 *    - organization: as a user without the user entry; fails any clearance or terms condition.
 *    - peer: RED and AMBER+STRICT never; nothing above its maxTlp; never with min_clearance,
 *      terms or sectors (it cannot vouch for who reads it downstream); AMBER only when one of
 *      the organizations it stands for is named; GREEN also when one of its communities is in
 *      the audience; CLEAR also when public.
 *    - public: public CLEAR with no clearance and no conditions.
 * 5. An `identity` version whose own envelope hides attribution from the viewer
 *    (egress.ts attributionHidden) is not visible to it: under `none` only the provider's
 *    organization sees it; under `operators` the provider's organization and operators do
 *    (DESIGN.md: the provider's identity under `attribution: none` stays in the hub).
 * Expiry instants are exclusive: a grant valid until T no longer counts at T; an embargo
 * until T is lifted at T. An unparsable instant fails closed.
 */
import { parseTimestampMicros } from '../stix/timestamps.js';
import { tlpRank } from '../stix/markings.js';
import { attributionHidden } from './egress.js';
import { checkTlpBounds, isNarrowerOrEqual } from './envelope.js';
import type { AudienceLookups, Envelope } from './envelope.js';
import type { PeerViewer, Viewer } from './viewer.js';

function anyIn(ids: readonly string[], set: ReadonlySet<string>): boolean {
  for (let i = 0; i < ids.length; i++) if (set.has(ids[i] as string)) return true;
  return false;
}

/** True while `until` lies after now; null or unparsable → false (nothing valid). */
function validAt(until: string | null, nowUs: number): boolean {
  if (until === null) return false;
  const t = parseTimestampMicros(until);
  return t !== undefined && nowUs < t;
}

export function isEmbargoed(e: Envelope, now: Date): boolean {
  return embargoedAt(e, now.getTime() * 1000);
}

function embargoedAt(e: Envelope, nowUs: number): boolean {
  const until = e.classification.embargoUntil;
  if (until === null) return false;
  const t = parseTimestampMicros(until);
  return t === undefined || nowUs < t;
}

function peerMayView(v: PeerViewer, e: Envelope): boolean {
  const r = tlpRank(e.tlp);
  if (r < 0 || r > 2 || r > tlpRank(v.maxTlp)) return false; // RED, AMBER+STRICT, beyond the agreement
  if (e.minClearance > 0 || e.conditions.terms.length > 0 || e.conditions.sectors.length > 0) return false;
  const a = e.audience;
  if (anyIn(a.organizations, v.namedInAudienceAs)) return true;
  if (r === 2) return false; // AMBER: only when named
  if (anyIn(a.communities, v.communityIds)) return true;
  return r === 0 && a.public;
}

/** May this viewer see this object version (of STIX type `type`) now? */
export function mayView(viewer: Viewer, version: { envelope: Envelope; type: string }, now: Date): boolean {
  const e = version.envelope;
  const nowUs = now.getTime() * 1000;
  if ((viewer.kind === 'user' || viewer.kind === 'organization') && viewer.orgId === e.providerOrgId) return true;
  if (version.type === 'identity' && attributionHidden(e, viewer)) return false;
  if (embargoedAt(e, nowUs)) return false;
  if (viewer.kind === 'peer') return peerMayView(viewer, e);
  const r = tlpRank(e.tlp);
  if (r < 0) return false;
  const a = e.audience;
  const c = e.conditions;
  if (viewer.kind === 'public') {
    return r === 0 && a.public && e.minClearance === 0 && c.terms.length === 0 && c.sectors.length === 0;
  }
  if (viewer.kind === 'user' && viewer.role === 'operator') return true;

  const inAudience =
    (a.public && r === 0) ||
    (r <= 2 && anyIn(a.communities, viewer.communityIds)) ||
    (r <= 3 && a.organizations.includes(viewer.orgId)) ||
    (viewer.kind === 'user' && a.users.includes(viewer.userId));
  if (!inAudience) return false;

  if (c.sectors.length > 0 && !c.sectors.includes(viewer.orgSector)) return false;
  if (viewer.kind === 'organization') return e.minClearance === 0 && c.terms.length === 0;

  if (e.minClearance > 0) {
    const g = viewer.clearance;
    if (g === null || g.level < e.minClearance || !validAt(g.validUntil, nowUs)) return false;
    if (!validAt(viewer.orgApprovedUntil, nowUs)) return false;
  }
  for (let i = 0; i < c.terms.length; i++) if (!viewer.acceptedTerms.has(c.terms[i] as string)) return false;
  return true;
}

export type WriteDecision = { ok: true; audited: boolean } | { ok: false; reason: string };

export interface WriteOptions {
  /** an operator explicitly overriding the narrowing rule (always audited); ignored for others */
  operatorOverride?: boolean;
  lookups?: AudienceLookups;
}

/**
 * May this viewer add a version (existing = the envelope of the latest stored version, or null
 * for a new object) or change an envelope to `next`?
 * - only users publish; readers never;
 * - only the provider's organization, or an operator (then `audited`); the provider never changes;
 * - `next` must respect its TLP's bounds;
 * - the provider's organization may widen its own envelope or lower its TLP (FIRST TLP: the
 *   source decides its label); nobody else widens: an operator acting for another provider must
 *   stay narrower than or equal to `existing` (isNarrowerOrEqual) unless it passes
 *   `operatorOverride` — an explicit, audited act, never implied.
 */
export function mayWrite(viewer: Viewer, existing: Envelope | null, next: Envelope, now: Date, opts: WriteOptions = {}): WriteDecision {
  if (viewer.kind !== 'user') return { ok: false, reason: `a ${viewer.kind} viewer cannot publish; only users can` };
  if (viewer.role === 'reader') return { ok: false, reason: 'readers may not publish or change envelopes' };
  const operator = viewer.role === 'operator';
  if (existing !== null && next.providerOrgId !== existing.providerOrgId) {
    return { ok: false, reason: 'the provider of an object cannot change' };
  }
  const owner = next.providerOrgId;
  if (viewer.orgId !== owner && !operator) {
    return {
      ok: false,
      reason: existing === null
        ? "a user may only publish as its own organization"
        : "only the provider's organization may add a version of this object or change its envelope",
    };
  }
  let audited = viewer.orgId !== owner;
  const bounds = checkTlpBounds(next);
  if (bounds !== null) return { ok: false, reason: bounds };
  if (existing !== null && viewer.orgId !== owner) {
    const why = isNarrowerOrEqual(next, existing, now, opts.lookups);
    if (why !== null) {
      if (!(operator && opts.operatorOverride === true)) return { ok: false, reason: `the envelope ${why}` };
      audited = true;
    }
  }
  return { ok: true, audited };
}

export type EndpointState = 'visible' | 'invisible' | 'absent';

/**
 * A relationship or sighting is visible (given the viewer may see it) unless one of its
 * endpoints is stored here and invisible to the viewer: it must never reveal such an object.
 * Endpoints not in the hub ('absent', e.g. an ATT&CK technique not loaded) do not hide it: the
 * reference reveals only an id the hub does not hold. A reference to a provider identity
 * that egress rewrites (redactForRecipient) should be classified after rewriting.
 */
export function relationshipVisible(endpoints: readonly EndpointState[]): boolean {
  for (let i = 0; i < endpoints.length; i++) if (endpoints[i] === 'invisible') return false;
  return true;
}

/**
 * The endpoint ids of a relationship (source_ref, target_ref) or sighting (sighting_of_ref,
 * observed_data_refs, where_sighted_refs); [] for any other object.
 */
export function endpointRefs(obj: Record<string, unknown>): string[] {
  const keys = obj.type === 'relationship'
    ? ['source_ref', 'target_ref']
    : obj.type === 'sighting'
      ? ['sighting_of_ref', 'observed_data_refs', 'where_sighted_refs']
      : [];
  const out: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') out.push(s);
  }
  return out;
}
