/**
 * Trends: what rises well above its baseline, per community, published as a flash note.
 *
 * For each community the hub reads what every member of it may see (communityPredicate: the
 * public and the community's own versions up to TLP:AMBER, no conditions), so a note it publishes
 * to that community never tells a member about something the member could not see. Over the last
 * `windowHours` and the `baselineDays` windows before it, it counts
 * - sightings (their `count`, at their last_seen, else first_seen, else created) per indicator,
 *   per malware family of the indicator (`indicates` relationships) and per reporting sector;
 * - new indicators (at their created) per malware family and per providing sector,
 * and flags a series whose current window reaches max(minCount, mean + k·stddev of the baseline
 * windows) — and only where at least 5 distinct organizations stand behind the current figure
 * (reporters for sightings, providers for indicators): the 5-organization rule of aggregates.
 *
 * Each flag becomes a `note` (timing flash, info_type threat, object_refs: the indicator, the
 * malware, or the sector's most sighted indicators) from the hub (provider HUB_PROVIDER, through
 * the normal ingest) to that community, with a deterministic id per community, series and window:
 * a rerun within the same window publishes nothing twice.
 */
import type { IngestItem } from '../sharing/ingest.js';
import { ingestWithEnvelope } from '../sharing/ingest.js';
import { TrustService } from '../identity/trust.js';
import { KYOJO_IDENTITY_ID } from '../policy/extensions.js';
import { uuidV5 } from '../stix/sco-ids.js';
import { parseTimestampMicros } from '../stix/timestamps.js';
import type { Community, SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import { communityPredicate, hubPrincipal, MIN_ORGANIZATIONS } from './system.js';

export interface TrendOptions {
  now?: Date;
  windowHours?: number;
  baselineDays?: number;
  /** how many standard deviations above the baseline mean */
  k?: number;
  /** the current window must reach at least this */
  minCount?: number;
  /** most rows of one type read per community and run */
  maxRows?: number;
}

export type TrendDimension = 'indicator' | 'malware' | 'sector';
export type TrendSignal = 'sightings' | 'indicators';

export interface Trend {
  community: { id: string; slug: string; name: string };
  dimension: TrendDimension;
  signal: TrendSignal;
  /** indicator or malware id, or sector name */
  key: string;
  label: string;
  current: number;
  baselineMean: number;
  baselineStddev: number;
  threshold: number;
  /** distinct organizations behind the current figure */
  organizations: number;
  /** what the note refers to */
  refs: string[];
  tlpRank: number;
  windowStartUs: number;
  windowEndUs: number;
}

const HOUR_US = 3_600_000_000;
const MAX_FAMILY_LOOKUPS = 5000;

interface Series {
  dimension: TrendDimension;
  signal: TrendSignal;
  key: string;
  buckets: number[];
  orgs: Set<string>;
  tlpRank: number;
  refs: Map<string, number>;
}

/** Latest versions of `type` added since `fromUs`, newest first, at most `max`. */
async function recent(store: Store, predicate: VisibilityPredicate, type: string, fromUs: number, max: number): Promise<SharedRow[]> {
  const out: SharedRow[] = [];
  let before: number | undefined;
  while (out.length < max) {
    const page = await store.shared.search({ predicate, types: [type], addedFrom: fromUs, addedBefore: before, limit: Math.min(1000, max - out.length) });
    out.push(...page.rows);
    if (!page.more || page.rows.length === 0) break;
    before = page.rows[page.rows.length - 1]!.dateAdded;
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Mean and population standard deviation. */
function stats(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length));
  return { mean, sd };
}

/** The rising series of one community. */
async function communityTrends(store: Store, c: Community, o: Required<Omit<TrendOptions, 'now'>>, nowUs: number, sectorOf: (orgId: string) => Promise<string>): Promise<Trend[]> {
  const predicate = communityPredicate(c.id, nowUs);
  const windowUs = o.windowHours * HOUR_US;
  const nBaseline = Math.max(1, Math.round((o.baselineDays * 24) / o.windowHours));
  const startUs = nowUs - windowUs * (nBaseline + 1);
  // A bucket index: 0 = the current window, 1..n the baseline windows before it; -1 outside.
  const bucketOf = (t: number | undefined): number => {
    if (t === undefined || t >= nowUs || t < startUs) return -1;
    return Math.floor((nowUs - 1 - t) / windowUs);
  };
  const series = new Map<string, Series>();
  const add = (dimension: TrendDimension, signal: TrendSignal, key: string, bucket: number, weight: number, org: string, tlpRank: number, ref: string) => {
    const id = `${dimension}|${signal}|${key}`;
    let s = series.get(id);
    if (!s) {
      s = { dimension, signal, key, buckets: new Array<number>(nBaseline + 1).fill(0), orgs: new Set(), tlpRank: 0, refs: new Map() };
      series.set(id, s);
    }
    s.buckets[bucket]! += weight;
    if (bucket === 0) {
      s.orgs.add(org);
      s.tlpRank = Math.max(s.tlpRank, tlpRank);
      s.refs.set(ref, (s.refs.get(ref) ?? 0) + weight);
    }
  };
  // Families of indicators, through `indicates` relationships this community may see.
  const families = new Map<string, string[]>();
  const familiesOf = async (indicatorId: string): Promise<string[]> => {
    let f = families.get(indicatorId);
    if (f) return f;
    f = [];
    if (families.size < MAX_FAMILY_LOOKUPS) {
      for (const r of await store.shared.referencing({ predicate, refId: indicatorId, limit: 50 })) {
        const rel = JSON.parse(r.json) as Record<string, unknown>;
        const target = str(rel.target_ref);
        if (rel.type === 'relationship' && rel.relationship_type === 'indicates' && rel.source_ref === indicatorId && target?.startsWith('malware--')) f.push(target);
      }
    }
    families.set(indicatorId, f);
    return f;
  };
  // the margin of a day: sightings are reported after they were seen
  const fromUs = startUs - 24 * HOUR_US;
  for (const row of await recent(store, predicate, 'sighting', fromUs, o.maxRows)) {
    const s = JSON.parse(row.json) as Record<string, unknown>;
    const of = str(s.sighting_of_ref);
    const b = bucketOf(parseTimestampMicros(str(s.last_seen) ?? str(s.first_seen) ?? str(s.created) ?? ''));
    if (!of?.startsWith('indicator--') || b < 0) continue;
    const weight = typeof s.count === 'number' ? s.count : 1;
    add('indicator', 'sightings', of, b, weight, row.providerOrgId, row.tlpRank, of);
    add('sector', 'sightings', await sectorOf(row.providerOrgId), b, weight, row.providerOrgId, row.tlpRank, of);
    for (const m of await familiesOf(of)) add('malware', 'sightings', m, b, weight, row.providerOrgId, row.tlpRank, m);
  }
  for (const row of await recent(store, predicate, 'indicator', fromUs, o.maxRows)) {
    const i = JSON.parse(row.json) as Record<string, unknown>;
    const b = bucketOf(parseTimestampMicros(str(i.created) ?? ''));
    if (b < 0) continue;
    add('sector', 'indicators', await sectorOf(row.providerOrgId), b, 1, row.providerOrgId, row.tlpRank, row.id);
    for (const m of await familiesOf(row.id)) add('malware', 'indicators', m, b, 1, row.providerOrgId, row.tlpRank, m);
  }
  const out: Trend[] = [];
  for (const s of series.values()) {
    const current = s.buckets[0]!;
    const { mean, sd } = stats(s.buckets.slice(1));
    const threshold = Math.max(o.minCount, mean + o.k * sd);
    if (current < threshold || current <= mean || s.orgs.size < MIN_ORGANIZATIONS) continue;
    const refs = s.dimension === 'sector'
      ? [...s.refs].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([r]) => r)
      : [s.key];
    out.push({
      community: { id: c.id, slug: c.slug, name: c.name }, dimension: s.dimension, signal: s.signal, key: s.key, label: s.key,
      current, baselineMean: mean, baselineStddev: sd, threshold, organizations: s.orgs.size, refs,
      tlpRank: Math.max(1, s.tlpRank), windowStartUs: nowUs - windowUs, windowEndUs: nowUs,
    });
  }
  // labels: the indicator's or malware's name as this community sees it; the note quotes it, so
  // its TLP is at least that object's (an AMBER indicator's pattern never goes out as GREEN)
  const named = out.filter((t) => t.dimension !== 'sector').map((t) => t.key);
  if (named.length > 0) {
    const page = await store.shared.query({ scope: { kind: 'all' }, predicate, ids: [...new Set(named)], versions: { last: true }, limit: named.length });
    const names = new Map(page.rows.map((r) => {
      const obj = JSON.parse(r.json) as Record<string, unknown>;
      return [r.id, { label: str(obj.name) ?? str(obj.pattern) ?? r.id, tlpRank: r.tlpRank }] as const;
    }));
    for (const t of out) {
      const n = t.dimension === 'sector' ? undefined : names.get(t.key);
      if (!n) continue;
      t.label = n.label;
      t.tlpRank = Math.max(t.tlpRank, n.tlpRank);
    }
  }
  return out.sort((a, b) => b.current / Math.max(1, b.threshold) - a.current / Math.max(1, a.threshold));
}

function defaults(opts: TrendOptions): Required<Omit<TrendOptions, 'now'>> {
  return {
    windowHours: opts.windowHours ?? 24, baselineDays: opts.baselineDays ?? 14, k: opts.k ?? 3,
    minCount: opts.minCount ?? 5, maxRows: opts.maxRows ?? 200_000,
  };
}

/** The rising series of every community (or of the given ones). */
export async function computeTrends(store: Store, opts: TrendOptions = {}, communities?: Community[]): Promise<Trend[]> {
  const nowUs = (opts.now ?? new Date()).getTime() * 1000;
  const sectors = new Map<string, Promise<string>>();
  const sectorOf = (orgId: string): Promise<string> => {
    let p = sectors.get(orgId);
    if (!p) {
      p = store.identity.getOrganization({ id: orgId }).then((o) => o?.sector ?? 'other');
      sectors.set(orgId, p);
    }
    return p;
  };
  const out: Trend[] = [];
  for (const c of communities ?? (await store.identity.listCommunities())) out.push(...(await communityTrends(store, c, defaults(opts), nowUs, sectorOf)));
  return out;
}

const NOTE_NAMESPACE = '1d6f0a9e-84c2-4b4e-9f1a-3c7b5e2d8a60';

/** The id of a trend's note: one per community, series and window (the window's end, rounded to the hour). */
export function trendNoteId(t: Trend): string {
  return `note--${uuidV5(`${t.community.id}|${t.dimension}|${t.signal}|${t.key}|${Math.floor(t.windowEndUs / HOUR_US)}`, NOTE_NAMESPACE)}`;
}

const WHAT: Readonly<Record<TrendSignal, string>> = { sightings: 'sightings', indicators: 'new indicators' };
const round = (x: number) => Math.round(x * 10) / 10;

/** The flash note of a trend. */
export function trendNote(t: Trend): Record<string, unknown> {
  // created/modified: the window's end to the hour, so replicas computing the same trend agree on the version
  const ts = new Date(Math.floor(t.windowEndUs / HOUR_US) * (HOUR_US / 1000)).toISOString();
  const subject = t.dimension === 'indicator' ? `indicator "${t.label}"` : t.dimension === 'malware' ? `malware "${t.label}"` : `the ${t.key} sector`;
  const hours = Math.round((t.windowEndUs - t.windowStartUs) / HOUR_US);
  return {
    type: 'note', spec_version: '2.1', id: trendNoteId(t), created: ts, modified: ts, created_by_ref: KYOJO_IDENTITY_ID,
    abstract: `Rising ${WHAT[t.signal]} of ${subject} in ${t.community.name}`,
    content: `${t.current} ${WHAT[t.signal]} of ${subject} in the ${hours} hours to ${ts}, from ${t.organizations} organizations; `
      + `baseline ${round(t.baselineMean)} ± ${round(t.baselineStddev)} per ${hours} hours, threshold ${round(t.threshold)}. Flagged by the Kyojo hub.`,
    object_refs: t.refs,
    labels: ['kyojo-trend', `trend-${t.dimension}`, `trend-${t.signal}`],
    x_kyojo_trend: {
      dimension: t.dimension, signal: t.signal, key: t.key, current: t.current, baseline_mean: round(t.baselineMean),
      baseline_stddev: round(t.baselineStddev), threshold: round(t.threshold), organizations: t.organizations, window_hours: hours,
    },
  };
}

/** Publishes each trend's note to its community (once per window); returns the stored items. */
export async function publishTrends(store: Store, trends: readonly Trend[]): Promise<{ published: string[]; items: IngestItem[] }> {
  if (trends.length === 0) return { published: [], items: [] };
  const existing = await store.shared.envelopesOf(trends.map(trendNoteId));
  const communities = await store.identity.listCommunities();
  const hub = hubPrincipal(communities);
  const published: string[] = [];
  const items: IngestItem[] = [];
  for (const t of trends) {
    if (existing.has(trendNoteId(t))) continue;
    const r = await ingestWithEnvelope(store, { publisher: hub, defaultCommunitySlug: null, trust: new TrustService(store) }, {
      tlp: t.tlpRank >= 2 ? 'amber' : 'green',
      audience: { communities: [t.community.slug] },
      attribution: 'public',
      classification: { purpose: ['detection'], info_type: 'threat', timing: 'flash', tier: ['practitioner'] },
    }, [trendNote(t)]);
    if (!r.ok) throw new Error(`trend note envelope refused: ${r.errors.map((e) => e.message).join('; ')}`);
    items.push(...r.items);
    if (r.items[0]?.ok) published.push(trendNoteId(t));
  }
  return { published, items };
}
