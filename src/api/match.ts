/**
 * POST /api/v1/match: the caller's observables, SCOs or observed-data against every indicator
 * the caller may see (src/match). Hits carry the indicator as the caller receives it, its TLP,
 * 5W1H classification, provider (where attribution allows) and the related objects the caller
 * may see (malware, attack patterns, ... through visible relationships).
 *
 * Only the caller's own index is consulted, and hit indicators are read again through the
 * caller's predicate before they are served: an indicator the caller may not see gives exactly
 * the answer a value nobody flagged gives. The answer counts only what was sent and what hit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isStixId } from '../stix/ids.js';
import type { HubContext } from '../server/context.js';
import { matchObservables, matchObservations, type Hit } from '../match/matcher.js';
import { observable, observationsOfObjects, lookupsOfSco, type Observable } from '../match/observables.js';
import { MatchService, type IndicatorRef } from '../match/service.js';
import type { SharedRow } from '../store/types.js';
import { isJson } from './shares.js';
import { isObj, unprocessable, type FieldError } from './input.js';
import { ProblemError } from './problem.js';
import { registerSightingRoutes } from './sightings.js';
import { callerView, OrgNames, servedJson, summaryOf, type CallerView, type Summary } from './view.js';

/** Most observables, or objects, in one request. */
export const MAX_MATCH_ITEMS = 10_000;
const MAX_VALUE = 2048;
/** Indicators (distinct, per request) whose related objects are looked up. */
const MAX_CONTEXT_INDICATORS = 100;
const MAX_RELATED = 50;
const CONTEXT_TYPES = new Set(['malware', 'attack-pattern', 'intrusion-set', 'threat-actor', 'campaign', 'infrastructure', 'tool', 'vulnerability']);
const MAX_ERRORS = 20;

interface MatchInput {
  observables?: Observable[];
  objects?: unknown[];
  context: boolean;
}

function parseBody(body: unknown): MatchInput {
  if (!isObj(body)) throw unprocessable('The body must be a JSON object: {"observables": [{"type": "ipv4-addr", "value": "…"}]} or {"objects": [SCOs or observed-data]}.');
  const isBundle = body.type === 'bundle';
  const allowed = isBundle ? ['type', 'id', 'objects', 'spec_version'] : ['observables', 'objects', 'context'];
  const errors: FieldError[] = Object.keys(body).filter((k) => !allowed.includes(k))
    .map((k) => ({ property: k, message: `is not a property of a match request (expected ${allowed.join(', ')})` }));
  const context = body.context === undefined ? true : body.context;
  if (typeof context !== 'boolean') errors.push({ property: 'context', message: 'must be true or false' });
  const has = (k: string) => body[k] !== undefined;
  if (has('observables') === has('objects')) errors.push({ property: has('objects') ? 'observables' : 'objects', message: 'give either "observables" or "objects", not both nor neither' });
  const list = (has('observables') ? body.observables : body.objects) as unknown;
  const name = has('observables') ? 'observables' : 'objects';
  if (errors.length === 0) {
    if (!Array.isArray(list) || list.length === 0) errors.push({ property: name, message: 'must be a non-empty list' });
    else if (list.length > MAX_MATCH_ITEMS) errors.push({ property: name, message: `may hold at most ${MAX_MATCH_ITEMS} items per request; send the rest in further requests` });
  }
  if (errors.length > 0) throw unprocessable('The match request is not valid.', errors);
  if (name === 'objects') {
    const bad = (list as unknown[]).findIndex((o) => !isObj(o) || typeof o.type !== 'string');
    if (bad >= 0) throw unprocessable('The match request is not valid.', [{ property: `objects[${bad}]`, message: 'must be a STIX object with a type' }]);
    return { objects: list as unknown[], context: context as boolean };
  }
  const observables: Observable[] = [];
  (list as unknown[]).forEach((o, i) => {
    if (errors.length >= MAX_ERRORS) return;
    const at = `observables[${i}]`;
    if (!isObj(o)) return errors.push({ property: at, message: 'must be an object {"type", "value"}' });
    const extra = Object.keys(o).filter((k) => k !== 'type' && k !== 'value');
    if (extra.length > 0) return errors.push({ property: `${at}.${extra[0]}`, message: 'is not a property of an observable (expected type, value)' });
    if (typeof o.value !== 'string' || o.value.trim() === '') return errors.push({ property: `${at}.value`, message: 'must be a non-empty string' });
    if (o.value.length > MAX_VALUE) return errors.push({ property: `${at}.value`, message: `may be at most ${MAX_VALUE} characters` });
    const ob = typeof o.type === 'string' ? observable(o.type, o.value.trim()) : undefined;
    if (!ob) {
      return errors.push({ property: `${at}.type`, message: 'must be one of ipv4-addr, ipv6-addr, domain-name, url, email-addr, file (a hash), or ip, domain, hostname, email, md5, sha1, sha256, hash, auto' });
    }
    observables.push(ob);
  });
  if (errors.length > 0) throw unprocessable('The match request is not valid.', errors);
  return { observables, context: context as boolean };
}

export interface ServedHit {
  observable: Observable | null;
  /** the observation (observed-data or the SCOs sent together) a pattern matched; null for observables */
  observation: number | null;
  match: Hit<IndicatorRef>['match'];
  term: string;
  indicator: Record<string, unknown>;
  tlp: string;
  classification: Record<string, unknown> | null;
  provider: Summary['provider'];
  context: (Summary & { relationship_type: string | null })[];
}

/** Rows of these ids the caller may see (latest versions), by id. */
async function visibleRows(ctx: HubContext, view: CallerView, ids: string[], types?: string[]): Promise<Map<string, SharedRow>> {
  const out = new Map<string, SharedRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const page = await ctx.store.shared.query({ scope: { kind: 'all' }, predicate: view.predicate, ids: chunk, types, versions: { last: true }, limit: chunk.length });
    for (const r of page.rows) out.set(r.id, r);
  }
  return out;
}

/** Related malware, attack patterns, ... of one indicator, through relationships the caller may see. */
async function contextOf(ctx: HubContext, view: CallerView, id: string, orgs: OrgNames): Promise<ServedHit['context']> {
  const rels = await ctx.store.shared.referencing({ predicate: view.predicate, refId: id, limit: MAX_RELATED });
  const ends = new Map<string, string | null>();
  for (const r of rels) {
    if (r.type !== 'relationship') continue;
    const o = JSON.parse(servedJson(r, view.viewer)) as Record<string, unknown>;
    const other = o.source_ref === id ? o.target_ref : o.source_ref;
    if (typeof other === 'string' && isStixId(other) && CONTEXT_TYPES.has(other.slice(0, other.indexOf('--'))) && !ends.has(other)) {
      ends.set(other, typeof o.relationship_type === 'string' ? o.relationship_type : null);
    }
  }
  if (ends.size === 0) return [];
  const rows = await visibleRows(ctx, view, [...ends.keys()]);
  const out: ServedHit['context'] = [];
  for (const [other, relationship_type] of ends) {
    const row = rows.get(other);
    if (row) out.push({ ...(await summaryOf(row, view.viewer, orgs)), relationship_type });
  }
  return out;
}

/** The hits as the caller may receive them; hits on indicators it can no longer see are dropped. */
export async function serveHits(ctx: HubContext, view: CallerView, hits: Hit<IndicatorRef>[], withContext: boolean, byObservation: boolean): Promise<ServedHit[]> {
  if (hits.length === 0) return [];
  const ids = [...new Set(hits.map((h) => h.entry.id))];
  const rows = await visibleRows(ctx, view, ids, ['indicator']);
  const orgs = new OrgNames(ctx);
  const served = new Map<string, { object: Record<string, unknown>; summary: Summary; context: ServedHit['context'] }>();
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) continue;
    const object = JSON.parse(servedJson(row, view.viewer)) as Record<string, unknown>;
    const context = withContext && served.size < MAX_CONTEXT_INDICATORS ? await contextOf(ctx, view, id, orgs) : [];
    served.set(id, { object, summary: await summaryOf(row, view.viewer, orgs, object), context });
  }
  const out: ServedHit[] = [];
  for (const h of hits) {
    const s = served.get(h.entry.id);
    if (!s) continue;
    out.push({
      observable: h.observable,
      observation: byObservation && h.at >= 0 ? h.at : null,
      match: h.match,
      term: h.term,
      indicator: s.object,
      tlp: s.summary.tlp,
      classification: s.summary.classification,
      provider: s.summary.provider,
      context: s.context,
    });
  }
  return out;
}

export function registerMatchRoutes(app: FastifyInstance, ctx: HubContext): void {
  // Built on first use: routes are registered without touching the context.
  let service: MatchService | undefined;
  const matcher = (): MatchService => (service ??= new MatchService(ctx.store));

  app.post('/match', {
    preParsing: async (request: FastifyRequest, _reply, payload) => {
      if (!isJson(request.headers['content-type'])) {
        throw new ProblemError({ title: 'Unsupported media type', status: 415, detail: 'POST the observables as Content-Type: application/json.' });
      }
      return payload;
    },
    handler: async (request) => {
      const input = parseBody(request.body);
      const view = await callerView(ctx, request.principal!);
      const index = await matcher().indexFor(view.predicate);
      const nowUs = view.predicate.nowUs;
      let hits: Hit<IndicatorRef>[];
      let observables: number;
      let observations = 0;
      if (input.observables) {
        hits = matchObservables(index, input.observables, nowUs);
        observables = input.observables.length;
      } else {
        const obs = observationsOfObjects(input.objects!);
        observations = obs.length;
        observables = obs.reduce((n, o) => n + o.scos.reduce((m, [, sco]) => m + lookupsOfSco(sco).length, 0), 0);
        hits = matchObservations(index, obs, nowUs);
      }
      const served = await serveHits(ctx, view, hits, input.context, input.objects !== undefined);
      request.log.info({ user: request.principal!.user.id, observables, hits: served.length }, 'api: match');
      return {
        hits: served,
        summary: { observables, observations, hits: served.length, indicators: new Set(served.map((h) => h.indicator.id)).size },
      };
    },
  });

  registerSightingRoutes(app, ctx);
}
