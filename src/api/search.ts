import type { FastifyInstance } from 'fastify';
import { SECTORS } from '../identity/validation.js';
import { INFO_TYPES, PURPOSES, TIMINGS } from '../policy/envelope.js';
import { canSeeCommunity } from '../policy/index.js';
import { communityKey } from '../policy/predicate.js';
import type { HubContext } from '../server/context.js';
import { isStixTypeName } from '../stix/ids.js';
import { TLP_ORDER } from '../stix/markings.js';
import { parseTimestampMicros } from '../stix/timestamps.js';
import type { Community, InfoTypeCount, SharedSearchQuery, Tier } from '../store/types.js';
import { TIERS } from '../identity/validation.js';
import { HUB_PROVIDER } from '../sharing/hub-objects.js';
import { callerCommunities, meOf } from './me.js';
import { ProblemError } from './problem.js';
import { callerView, OrgNames, summaryOf, type CallerView, type Summary } from './view.js';
import type { Principal } from '../identity/principal.js';

type Query = Record<string, string | string[] | undefined>;

const MAX_TEXT = 500;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const HOME_DAYS = 30;
const HOME_ITEMS = 50;
const US_PER_MS = 1000;
/**
 * What the home page lists: the objects people read (STIX domain objects and sightings), not
 * the observables and relationships a report brings with it (they are on its page).
 */
const HOME_TYPES = [
  'report', 'note', 'opinion', 'grouping', 'indicator', 'malware', 'malware-analysis', 'vulnerability', 'attack-pattern',
  'campaign', 'intrusion-set', 'threat-actor', 'tool', 'infrastructure', 'course-of-action', 'incident', 'observed-data', 'sighting',
];

interface ParamError { property: string; message: string }

/** A list parameter: repeated, comma-separated, or both. */
function listParam(q: Query, name: string): string[] {
  const raw = q[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function oneParam(q: Query, name: string, errors: ParamError[]): string | undefined {
  const raw = q[name];
  if (Array.isArray(raw)) {
    errors.push({ property: name, message: 'may be given once' });
    return undefined;
  }
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function enumList(q: Query, name: string, allowed: readonly string[], errors: ParamError[]): string[] | undefined {
  const values = listParam(q, name);
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length > 0) errors.push({ property: name, message: `unknown value ${bad.map((b) => `'${b.slice(0, 40)}'`).join(', ')}; expected ${allowed.join(', ')}` });
  return values.length > 0 ? [...new Set(values)] : undefined;
}

/** A date (YYYY-MM-DD, UTC midnight) or an RFC 3339 timestamp, as microseconds. */
function timeParam(q: Query, name: string, errors: ParamError[], endOfDay = false): number | undefined {
  const v = oneParam(q, name, errors);
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const ms = Date.parse(`${v}T00:00:00Z`);
    if (!Number.isNaN(ms)) return (ms + (endOfDay ? 86_400_000 : 0)) * US_PER_MS;
  }
  const us = parseTimestampMicros(v);
  if (us === undefined) errors.push({ property: name, message: 'must be a date (2026-11-26) or a timestamp (2026-11-26T09:00:00Z)' });
  return us;
}

export async function parseSearch(ctx: HubContext, p: Principal, q: Query, view: CallerView): Promise<SharedSearchQuery> {
  const errors: ParamError[] = [];
  const text = oneParam(q, 'q', errors);
  if (text !== undefined && text.length > MAX_TEXT) errors.push({ property: 'q', message: `may be at most ${MAX_TEXT} characters` });
  const types = listParam(q, 'type');
  const badTypes = types.filter((t) => !isStixTypeName(t));
  if (badTypes.length > 0) errors.push({ property: 'type', message: `not a STIX type name: ${badTypes.map((t) => `'${String(t).slice(0, 40)}'`).join(', ')}` });
  const tlps = enumList(q, 'tlp', TLP_ORDER, errors);
  const infoTypes = enumList(q, 'info_type', INFO_TYPES, errors);
  const purposes = enumList(q, 'purpose', PURPOSES, errors);
  const tiers = enumList(q, 'tier', TIERS, errors);
  const timings = enumList(q, 'timing', TIMINGS, errors);
  const sectors = enumList(q, 'sector', SECTORS, errors);
  const communitySlugs = listParam(q, 'community');
  const addedFrom = timeParam(q, 'from', errors);
  const to = timeParam(q, 'to', errors, true);
  const cursorRaw = oneParam(q, 'cursor', errors);
  let cursor: number | undefined;
  if (cursorRaw !== undefined) {
    cursor = /^\d{1,16}$/.test(cursorRaw) ? Number(cursorRaw) : undefined;
    if (cursor === undefined) errors.push({ property: 'cursor', message: 'is not a cursor this hub gave (use the `next` of the previous page)' });
  }
  const limitRaw = oneParam(q, 'limit', errors);
  let limit = DEFAULT_LIMIT;
  if (limitRaw !== undefined) {
    limit = Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      errors.push({ property: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` });
      limit = DEFAULT_LIMIT;
    }
  }
  let audienceAnyOf: string[] | undefined;
  if (communitySlugs.length > 0 || sectors) {
    const mine = await callerCommunities(ctx, p);
    const chosen = new Set<Community>();
    for (const slug of communitySlugs) {
      const c = mine.find((m) => m.slug === slug);
      if (c) chosen.add(c);
      else errors.push({ property: 'community', message: `'${slug.slice(0, 64)}' is not a community of your organization` });
    }
    const bySector = sectors ? mine.filter((c) => c.sector !== null && sectors.includes(c.sector)) : [];
    // Both given: communities that are also of those sectors.
    const picked = communitySlugs.length > 0 && sectors ? [...chosen].filter((c) => bySector.includes(c)) : [...chosen, ...bySector];
    audienceAnyOf = picked.filter((c) => canSeeCommunity(p, c.id)).map((c) => communityKey(c.id));
  }
  if (errors.length > 0) throw new ProblemError({ title: 'Bad request', status: 400, detail: 'The search has invalid parameters.', errors });
  const before = [cursor, to].filter((v): v is number => v !== undefined);
  return {
    predicate: view.predicate,
    ...(text !== undefined ? { text } : {}),
    ...(types.length > 0 ? { types: [...new Set(types)] } : {}),
    ...(tlps ? { tlpRanks: tlps.map((t) => TLP_ORDER.indexOf(t as (typeof TLP_ORDER)[number])) } : {}),
    ...(infoTypes ? { infoTypes } : {}),
    ...(purposes ? { purposes } : {}),
    ...(tiers ? { tiers } : {}),
    ...(timings ? { timings } : {}),
    ...(audienceAnyOf ? { audienceAnyOf } : {}),
    ...(addedFrom !== undefined ? { addedFrom } : {}),
    ...(before.length > 0 ? { addedBefore: Math.min(...before) } : {}),
    limit,
  };
}

/**
 * What each desk reads first (issue 4): an executive summaries and best practice, a manager
 * analysis and incidents, a practitioner indicators and vulnerabilities.
 */
const TIER_PREFERS: Readonly<Record<Tier, { infoTypes: readonly string[]; types: readonly string[] }>> = {
  executive: { infoTypes: ['best-practice', 'analysis'], types: ['report', 'note', 'opinion', 'course-of-action'] },
  manager: { infoTypes: ['analysis', 'incident', 'best-practice'], types: ['report', 'incident', 'course-of-action'] },
  practitioner: { infoTypes: ['threat', 'vulnerability'], types: ['indicator', 'vulnerability', 'malware', 'attack-pattern', 'sighting'] },
};

/**
 * Home ordering: flash first; then what is written for the viewer's tier (its classification
 * names the tier), then what that desk prefers by info type or STIX type; newest first within.
 */
export function homeOrder(items: Summary[], tier: Tier): Summary[] {
  const prefers = TIER_PREFERS[tier];
  const rank = (s: Summary): number => {
    const c = s.classification;
    const flash = c?.timing === 'flash' ? 0 : 4;
    const forTier = Array.isArray(c?.tier) && (c.tier as unknown[]).includes(tier) ? 0 : 2;
    const preferred = prefers.infoTypes.includes(String(c?.info_type ?? '')) || prefers.types.includes(s.type) ? 0 : 1;
    return flash + forTier + preferred;
  };
  return items
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s);
}

const COUNTS_TTL_MS = 60_000;
const COUNTS_CACHE_MAX = 1_000;

/**
 * Home counts read every visible version of the last 30 days (docs/performance.md "Portal search
 * benchmark"): kept a minute per distinct predicate. A user's predicate names the user (its
 * `u:` audience key), so this is per user: a member who reloads the home page counts once a
 * minute, not once per page view; no count ever serves another viewer.
 */
class CountsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<InfoTypeCount[]> }>();
  get(key: string, now: number, load: () => Promise<InfoTypeCount[]>): Promise<InfoTypeCount[]> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < COUNTS_TTL_MS) return hit.value;
    const value = load();
    value.catch(() => this.entries.delete(key));
    this.entries.set(key, { at: now, value });
    if (this.entries.size > COUNTS_CACHE_MAX) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

/** GET /search and GET /home (docs/api/portal.md): only what the caller may see, by the one predicate. */
export function registerSearchRoutes(app: FastifyInstance, ctx: HubContext): void {
  const countsCache = new CountsCache();
  app.get<{ Querystring: Query }>('/search', async (request) => {
    const p = request.principal!;
    const view = await callerView(ctx, p);
    const query = await parseSearch(ctx, p, request.query, view);
    const page = await ctx.store.shared.search(query);
    const orgs = new OrgNames(ctx);
    const items = await Promise.all(page.rows.map((r) => summaryOf(r, view.viewer, orgs)));
    const last = page.rows[page.rows.length - 1];
    return { items, next: page.more && last ? String(last.dateAdded) : null };
  });

  app.get('/home', async (request) => {
    const p = request.principal!;
    const now = new Date();
    const view = await callerView(ctx, p, now);
    const sinceUs = (now.getTime() - HOME_DAYS * 86_400_000) * US_PER_MS;
    const [page, counts, me] = await Promise.all([
      ctx.store.shared.search({ predicate: view.predicate, addedFrom: sinceUs, types: HOME_TYPES, limit: HOME_ITEMS * 4 }),
      countsCache.get(JSON.stringify({ ...view.predicate, nowUs: 0 }), now.getTime(), () => ctx.store.shared.countByInfoType({ predicate: view.predicate, addedFrom: sinceUs })),
      meOf(ctx, p),
    ]);
    const orgs = new OrgNames(ctx);
    // The hub's own objects (definitions, community identities) are plumbing, not news.
    const rows = page.rows.filter((r) => r.providerOrgId !== HUB_PROVIDER);
    const items = homeOrder(await Promise.all(rows.map((r) => summaryOf(r, view.viewer, orgs))), p.user.tier).slice(0, HOME_ITEMS);
    const countMap: Record<string, number> = {};
    for (const c of counts) countMap[c.infoType ?? 'unclassified'] = (countMap[c.infoType ?? 'unclassified'] ?? 0) + c.count;
    return { items, counts: countMap, since: new Date(sinceUs / US_PER_MS).toISOString(), communities: me.communities };
  });
}
