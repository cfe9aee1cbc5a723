/**
 * Sightings: a member reports that it saw what an indicator describes, as a STIX `sighting`
 * stored through the normal ingest (envelope, mayWrite, shared store), and the indicator's
 * provider sees how often its indicators were sighted.
 *
 * A report is shared with the indicator's provider's organization (named in the audience by
 * the hub; the reporter is never told who that is) and with the reporter's chosen communities.
 * - attribution `public`: `where_sighted_refs` and `created_by_ref` name the reporter's
 *   organization identity (`identity--<UUIDv5 of the organization id>`), stored alongside
 *   (TLP:GREEN, its audience the union of every audience a sighting of the reporter has had, so
 *   no earlier sighting loses its where_sighted_refs endpoint);
 * - attribution `none`: neither; the envelope hides the reporter (as any anonymous share).
 * Aggregates over reporters follow the 5-organization rule (DESIGN.md).
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import type { Tlp } from '../policy/envelope.js';
import { HUB_PROVIDER } from '../sharing/hub-objects.js';
import { ingestWithEnvelope, type IngestItem } from '../sharing/ingest.js';
import { uuidV5 } from '../stix/sco-ids.js';
import { parseTimestampMicros } from '../stix/timestamps.js';
import type { Store, VisibilityPredicate } from '../store/types.js';
import type { Observable } from './observables.js';
import { MIN_ORGANIZATIONS, systemPredicate } from './system.js';

const ORG_IDENTITY_NAMESPACE = 'c5a8e0b2-3f47-4e0a-9a51-7d2c86b1e4f3';

/** The STIX identity of an organization of this hub, deterministic per organization. */
export function organizationIdentityId(orgId: string): string {
  return `identity--${uuidV5(orgId, ORG_IDENTITY_NAMESPACE)}`;
}

export interface SightingReport {
  indicatorId: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  observedValues: Observable[];
  attribution: 'public' | 'none';
  /** community slugs of the reporter's organization to share the sighting with, besides the provider */
  communities: string[];
  tlp: Extract<Tlp, 'clear' | 'green' | 'amber' | 'amber+strict'>;
}

export type ReportResult =
  | { ok: true; sighting: Record<string, unknown>; identity: string | null; items: IngestItem[] }
  | { ok: false; status: 404 | 422; reason: string; property?: string };

const CLASSIFICATION = { purpose: ['detection'], info_type: 'threat', timing: 'routine' };

/** Audience wire form of stored keys (ids back to slugs and emails); unknown ids are dropped. */
async function wireAudience(store: Store, keys: string[]): Promise<{ communities: string[]; organizations: string[]; users: string[] }> {
  const out = { communities: [] as string[], organizations: [] as string[], users: [] as string[] };
  for (const k of keys) {
    const id = k.slice(2);
    if (k.startsWith('c:')) {
      const c = await store.identity.getCommunity({ id });
      if (c) out.communities.push(c.slug);
    } else if (k.startsWith('o:')) {
      const o = await store.identity.getOrganization({ id });
      if (o) out.organizations.push(o.slug);
    } else if (k.startsWith('u:')) {
      const u = await store.identity.getUser({ id });
      if (u) out.users.push(u.email);
    }
  }
  return out;
}

const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])].sort();

/** Stores (or widens) the reporter's organization identity so that recipients of this audience resolve it. */
async function shareOrganizationIdentity(store: Store, p: Principal, audience: { communities: string[]; organizations: string[] }): Promise<IngestItem[]> {
  const id = organizationIdentityId(p.org.id);
  const stored = await store.shared.envelopeOf(id);
  const before = stored ? await wireAudience(store, stored.envelope.audienceKeys) : { communities: [], organizations: [], users: [] };
  const after = { communities: union(before.communities, audience.communities), organizations: union(before.organizations, audience.organizations), users: before.users };
  if (stored && after.communities.length === before.communities.length && after.organizations.length === before.organizations.length) return [];
  const created = new Date(Date.parse(p.org.createdAt) || 0).toISOString();
  const identity = {
    type: 'identity', spec_version: '2.1', id, created, modified: created,
    name: p.org.name, identity_class: 'organization',
  };
  const r = await ingestWithEnvelope(store, { publisher: p, defaultCommunitySlug: null, trust: new TrustService(store) },
    { tlp: 'green', audience: after, attribution: 'public' }, [identity]);
  return r.ok ? r.items : [];
}

/** Stores a sighting of an indicator the reporter may see. */
export async function reportSighting(store: Store, p: Principal, predicate: VisibilityPredicate, r: SightingReport, now = new Date()): Promise<ReportResult> {
  const page = await store.shared.query({ scope: { kind: 'all' }, predicate, ids: [r.indicatorId], types: ['indicator'], versions: { last: true }, limit: 1 });
  if (page.rows.length === 0) return { ok: false, status: 404, reason: `No indicator '${r.indicatorId}' that you may see.` };
  const own = new Map((await Promise.all([...p.communityIds].map((id) => store.identity.getCommunity({ id })))).filter((c) => c !== undefined).map((c) => [c.slug, c]));
  const unknown = r.communities.find((slug) => !own.has(slug));
  if (unknown !== undefined) return { ok: false, status: 422, property: 'communities', reason: `'${unknown.slice(0, 60)}' is not a community of your organization` };
  if (r.tlp === 'amber+strict' && r.communities.length > 0) {
    return { ok: false, status: 422, property: 'tlp', reason: 'TLP:AMBER+STRICT may not go to communities; choose amber, or no communities' };
  }
  // The provider's organization, named by the hub: the reporter never learns it from this.
  const providerOrgId = (await store.shared.envelopeOf(r.indicatorId))?.envelope.providerOrgId;
  const providerOrg = providerOrgId && providerOrgId !== HUB_PROVIDER ? await store.identity.getOrganization({ id: providerOrgId }) : undefined;
  const organizations = providerOrg && providerOrg.id !== p.org.id ? [providerOrg.slug] : [];
  const audience = { communities: r.communities, organizations };
  const ts = now.toISOString();
  const identityId = r.attribution === 'public' ? organizationIdentityId(p.org.id) : null;
  const items = identityId !== null ? await shareOrganizationIdentity(store, p, audience) : [];
  const sighting: Record<string, unknown> = {
    type: 'sighting', spec_version: '2.1', id: `sighting--${randomUUID()}`, created: ts, modified: ts,
    sighting_of_ref: r.indicatorId, count: r.count, first_seen: r.firstSeen, last_seen: r.lastSeen,
    ...(identityId ? { created_by_ref: identityId, where_sighted_refs: [identityId] } : {}),
    ...(r.observedValues.length > 0 ? { x_kyojo_observed_values: r.observedValues.map((o) => ({ type: o.type, value: o.value })) } : {}),
  };
  const result = await ingestWithEnvelope(store, { publisher: p, defaultCommunitySlug: null, trust: new TrustService(store) },
    { tlp: r.tlp, audience, attribution: r.attribution, classification: CLASSIFICATION }, [sighting]);
  if (!result.ok) return { ok: false, status: 422, reason: result.errors.map((e) => `${e.property}: ${e.message}`).join('; ') };
  const item = result.items[0]!;
  if (!item.ok) return { ok: false, status: 422, reason: item.reason };
  return { ok: true, sighting, identity: identityId, items: [...items, item] };
}

/** What a sighting row says: how many times, when, by whom (the stored provider). */
interface SightingFacts { count: number; first: string | null; last: string | null; orgId: string }

function factsOf(json: string, orgId: string, indicatorId: string): SightingFacts | null {
  const o = JSON.parse(json) as Record<string, unknown>;
  if (o.type !== 'sighting' || o.sighting_of_ref !== indicatorId) return null;
  const count = typeof o.count === 'number' ? o.count : 1;
  const first = typeof o.first_seen === 'string' ? o.first_seen : null;
  const last = typeof o.last_seen === 'string' ? o.last_seen : first;
  return { count, first, last, orgId };
}

export const FEWER_THAN_5 = `fewer than ${MIN_ORGANIZATIONS}`;

export interface SightingSummary {
  indicator: string;
  /** the sightings of it the caller may see itself */
  total: { reports: number; sightings: number; first_seen: string | null; last_seen: string | null };
  /** distinct reporting organizations hub-wide, or "fewer than 5" */
  organizations: number | string;
  /** sectors with at least 5 reporting organizations, hub-wide */
  by_sector: { sector: string; organizations: number; reports: number; sightings: number }[];
  /** what remains, never named: sectors with fewer than 5 reporting organizations each, and any hidden so that one cannot be worked out */
  other_sectors: string | null;
}

/** Most sighting reports of one indicator read for a summary (the newest). */
const MAX_REPORTS = 10_000;

/** How often an indicator was sighted, for its provider (the caller checks that it is the provider). */
export async function sightingSummary(store: Store, predicate: VisibilityPredicate, indicatorId: string): Promise<SightingSummary> {
  const read = async (pred: VisibilityPredicate) =>
    (await store.shared.referencing({ predicate: pred, refId: indicatorId, limit: MAX_REPORTS }))
      .map((r) => factsOf(r.json, r.providerOrgId, indicatorId)).filter((f) => f !== null);
  const [visible, all] = await Promise.all([read(predicate), read(systemPredicate(predicate.nowUs))]);
  const total: SightingSummary['total'] = { reports: visible.length, sightings: 0, first_seen: null, last_seen: null };
  const earlier = (a: string | null, b: string | null) => (a === null || (b !== null && (parseTimestampMicros(b) ?? Infinity) < (parseTimestampMicros(a) ?? Infinity)) ? b : a);
  const later = (a: string | null, b: string | null) => (a === null || (b !== null && (parseTimestampMicros(b) ?? -Infinity) > (parseTimestampMicros(a) ?? -Infinity)) ? b : a);
  for (const f of visible) {
    total.sightings += f.count;
    total.first_seen = earlier(total.first_seen, f.first);
    total.last_seen = later(total.last_seen, f.last);
  }
  const sectorOf = new Map<string, string>();
  for (const orgId of new Set(all.map((f) => f.orgId))) {
    sectorOf.set(orgId, (await store.identity.getOrganization({ id: orgId }))?.sector ?? 'other');
  }
  const bySector = new Map<string, { orgs: Set<string>; reports: number; sightings: number }>();
  for (const f of all) {
    const s = sectorOf.get(f.orgId)!;
    const e = bySector.get(s) ?? { orgs: new Set<string>(), reports: 0, sightings: 0 };
    e.orgs.add(f.orgId);
    e.reports++;
    e.sightings += f.count;
    bySector.set(s, e);
  }
  const orgCount = sectorOf.size;
  const shown = [...bySector].filter(([, e]) => e.orgs.size >= MIN_ORGANIZATIONS)
    .map(([sector, e]) => ({ sector, organizations: e.orgs.size, reports: e.reports, sightings: e.sightings }))
    .sort((a, b) => b.sightings - a.sightings || a.sector.localeCompare(b.sector));
  // Complementary suppression: the organizations outside the shown sectors can be worked out from
  // the shown total, so they must be none or at least 5; else the smallest shown sectors go too.
  const rest = () => orgCount - shown.reduce((n, s) => n + s.organizations, 0);
  while (shown.length > 0 && rest() > 0 && rest() < MIN_ORGANIZATIONS) {
    const smallest = shown.reduce((a, b) => (b.organizations < a.organizations || (b.organizations === a.organizations && b.sightings < a.sightings) ? b : a));
    shown.splice(shown.indexOf(smallest), 1);
  }
  return {
    indicator: indicatorId,
    total,
    organizations: orgCount >= MIN_ORGANIZATIONS ? orgCount : FEWER_THAN_5,
    by_sector: shown,
    other_sectors: shown.length < bySector.size ? `not shown: ${FEWER_THAN_5} organizations each, or so that such a sector cannot be worked out` : null,
  };
}
