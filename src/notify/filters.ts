/**
 * What a subscription selects (SubscriptionFilters, src/store/notify-types.ts) and which channel
 * may carry an item, decided on one version's facts. Pure. Visibility is not decided here: the
 * dispatcher asks the policy first (predicateFor + matchesPredicate), then these.
 *
 * - 5W1H: info type, purpose (any of), tier (any of), timing, from the version's classification;
 *   an unclassified version matches none of these filters when they are set.
 * - communities / sectors: of the version's audience communities that the subscriber belongs to
 *   (all of them for a viewer who sees everything, an operator): an item that reached the
 *   subscriber another way (its organization, its name, the public) matches neither.
 * - types, TLP (names), keywords (any one, as a substring of the search text, case-insensitive).
 * - channels: the classification's `channels` says what may carry the version. Email needs
 *   `email`; a webhook is machine-to-machine delivery, as TAXII is, so it needs `api`.
 */
import { TLP_ORDER, type Tlp } from '../stix/markings.js';
import type { SubscriptionFilters } from '../store/notify-types.js';
import type { StoredEnvelope } from '../store/types.js';

/** The 5W1H of a version as stored (the policy's Classification, camelCase JSON). */
export interface ItemClassification {
  infoType: string | null;
  purposes: string[];
  tiers: string[];
  timing: string | null;
  /** what may carry it; all four when the provider said nothing */
  channels: string[];
}

const ALL_CHANNELS = ['portal', 'email', 'api', 'stream'];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The stored classification JSON read leniently; unreadable = unclassified, every channel. */
export function classificationOf(json: string): ItemClassification {
  let c: unknown;
  try {
    c = JSON.parse(json);
  } catch {
    c = null;
  }
  const o = c !== null && typeof c === 'object' ? (c as Record<string, unknown>) : {};
  return {
    infoType: typeof o.infoType === 'string' ? o.infoType : null,
    purposes: strings(o.purpose),
    tiers: strings(o.tier),
    timing: typeof o.timing === 'string' ? o.timing : null,
    channels: Array.isArray(o.channels) ? strings(o.channels) : [...ALL_CHANNELS],
  };
}

/** One version as the dispatcher decides on it, computed once per batch. */
export interface ItemFacts {
  id: string;
  type: string;
  versionKey: string;
  dateAdded: number;
  tlp: Tlp;
  envelope: StoredEnvelope;
  classification: ItemClassification;
  /** community ids of the audience (`c:` keys) */
  audienceCommunities: string[];
  /** the lower-cased search text (src/stix/search-text.ts) */
  searchText: string;
  /** a relationship's or sighting's endpoint ids (policy endpointRefs); [] otherwise */
  endpoints: string[];
}

export function tlpOfRank(rank: number): Tlp {
  return TLP_ORDER[rank] ?? 'red';
}

/** The audience community ids of a stored envelope. */
export function audienceCommunitiesOf(env: StoredEnvelope): string[] {
  return env.audienceKeys.filter((k) => k.startsWith('c:')).map((k) => k.slice(2));
}

/** Whom the community and sector filters are read for. */
export interface FilterScope {
  /** the communities the subscriber's organization belongs to; 'all' for a viewer who sees everything */
  communities: ReadonlySet<string> | 'all';
  /** each community's sector (null: cross-sector) */
  communitySectors: ReadonlyMap<string, string | null>;
}

const anyOf = (wanted: readonly string[], have: readonly string[]): boolean =>
  wanted.length === 0 || have.some((h) => wanted.includes(h));

const oneOf = (wanted: readonly string[], have: string | null): boolean =>
  wanted.length === 0 || (have !== null && wanted.includes(have));

/** Whether the item passes every filter of the subscription (each narrows; empty = any). */
export function matchesFilters(f: SubscriptionFilters, item: ItemFacts, scope: FilterScope): boolean {
  const c = item.classification;
  if (!oneOf(f.infoTypes, c.infoType)) return false;
  if (!anyOf(f.purposes, c.purposes)) return false;
  if (!anyOf(f.tiers, c.tiers)) return false;
  if (!oneOf(f.timings, c.timing)) return false;
  if (!oneOf(f.types, item.type)) return false;
  if (!oneOf(f.tlps, item.tlp)) return false;
  if (f.communities.length > 0 || f.sectors.length > 0) {
    const own = scope.communities;
    const venues = own === 'all' ? item.audienceCommunities : item.audienceCommunities.filter((id) => own.has(id));
    if (!anyOf(f.communities, venues) || venues.length === 0) return false;
    if (f.sectors.length > 0) {
      const sectors = venues.map((id) => scope.communitySectors.get(id) ?? null).filter((s): s is string => s !== null);
      if (!anyOf(f.sectors, sectors) || sectors.length === 0) return false;
    }
  }
  if (f.keywords.length > 0 && !f.keywords.some((k) => k.trim() !== '' && item.searchText.includes(k.trim().toLowerCase()))) return false;
  return true;
}

/** Whether the version's classification lets this channel carry it (email → `email`, webhook → `api`). */
export function channelAllows(c: ItemClassification, channel: 'email' | 'webhook'): boolean {
  return c.channels.includes(channel === 'email' ? 'email' : 'api');
}

/** Whether the item is classified `flash` (always immediate, whatever the delivery mode). */
export function isFlash(c: ItemClassification): boolean {
  return c.timing === 'flash';
}
