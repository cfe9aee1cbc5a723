/**
 * POST /api/v1/sightings: report a sighting of an indicator (one step from a match hit);
 * GET /api/v1/sightings/summary?indicator=ID: how often an indicator of the caller's
 * organization was sighted (src/match/sightings.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isStixId } from '../stix/ids.js';
import { isStixTimestamp, parseTimestampMicros } from '../stix/timestamps.js';
import type { HubContext } from '../server/context.js';
import { announceStored } from '../notify/bus.js';
import { observable, type Observable } from '../match/observables.js';
import { reportSighting, sightingSummary, type SightingReport } from '../match/sightings.js';
import { isObj, unprocessable, type FieldError } from './input.js';
import { ProblemError } from './problem.js';
import { isJson } from './shares.js';
import { callerView } from './view.js';

const FIELDS = ['indicator_id', 'count', 'first_seen', 'last_seen', 'observed_values', 'attribution', 'communities', 'tlp'];
const TLPS = ['clear', 'green', 'amber', 'amber+strict'];
const MAX_VALUES = 100;
const MAX_COUNT = 999_999_999;

function parseReport(body: unknown, now: Date): SightingReport {
  if (!isObj(body)) throw unprocessable('The body must be a JSON object: {"indicator_id", "count", "first_seen", "last_seen", "attribution"}.');
  const errors: FieldError[] = Object.keys(body).filter((k) => !FIELDS.includes(k))
    .map((k) => ({ property: k, message: `is not a property of a sighting report (expected ${FIELDS.join(', ')})` }));
  const id = body.indicator_id;
  if (!isStixId(id) || !id.startsWith('indicator--')) errors.push({ property: 'indicator_id', message: 'must be an indicator id (indicator--UUID)' });
  const count = body.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > MAX_COUNT) errors.push({ property: 'count', message: `must be a whole number from 0 to ${MAX_COUNT}` });
  const nowTs = now.toISOString();
  const first = body.first_seen ?? body.last_seen ?? nowTs;
  const last = body.last_seen ?? body.first_seen ?? nowTs;
  for (const [k, v] of [['first_seen', first], ['last_seen', last]] as const) {
    if (!isStixTimestamp(v)) errors.push({ property: k, message: 'must be a STIX timestamp (2026-11-26T09:00:00Z)' });
  }
  if (isStixTimestamp(first) && isStixTimestamp(last) && parseTimestampMicros(last)! < parseTimestampMicros(first)!) {
    errors.push({ property: 'last_seen', message: 'must not be earlier than first_seen' });
  }
  const attribution = body.attribution;
  if (attribution !== 'public' && attribution !== 'none') {
    errors.push({ property: 'attribution', message: "is required: 'public' (your organization is named) or 'none' (anonymous)" });
  }
  const tlp = body.tlp ?? 'amber';
  if (typeof tlp !== 'string' || !TLPS.includes(tlp)) errors.push({ property: 'tlp', message: `must be one of ${TLPS.join(', ')}` });
  const communities = body.communities ?? [];
  if (!Array.isArray(communities) || communities.length > 100 || !communities.every((c) => typeof c === 'string')) {
    errors.push({ property: 'communities', message: 'must be a list of community slugs (at most 100)' });
  }
  const values: Observable[] = [];
  const rawValues = body.observed_values ?? [];
  if (!Array.isArray(rawValues) || rawValues.length > MAX_VALUES) errors.push({ property: 'observed_values', message: `must be a list of at most ${MAX_VALUES} observables {"type", "value"}` });
  else {
    rawValues.forEach((v, i) => {
      const o = isObj(v) && typeof v.type === 'string' && typeof v.value === 'string' && v.value.length <= 2048 ? observable(v.type, v.value) : undefined;
      if (!o) errors.push({ property: `observed_values[${i}]`, message: 'must be an observable {"type": "ipv4-addr", "value": "…"}' });
      else values.push(o);
    });
  }
  if (errors.length > 0) throw unprocessable('The sighting report is not valid.', errors.slice(0, 20));
  return {
    indicatorId: id as string, count: count as number, firstSeen: first as string, lastSeen: last as string,
    observedValues: values, attribution: attribution as 'public' | 'none',
    communities: [...new Set(communities as string[])], tlp: tlp as SightingReport['tlp'],
  };
}

export function registerSightingRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.post('/sightings', {
    preParsing: async (request: FastifyRequest, _reply, payload) => {
      if (request.principal!.user.role === 'reader') {
        throw new ProblemError({ title: 'Forbidden', status: 403, detail: 'Readers may not report sightings; that needs an analyst, organization admin or operator.' });
      }
      if (!isJson(request.headers['content-type'])) {
        throw new ProblemError({ title: 'Unsupported media type', status: 415, detail: 'POST the report as Content-Type: application/json.' });
      }
      return payload;
    },
    handler: async (request, reply) => {
      const now = new Date();
      const report = parseReport(request.body, now);
      const p = request.principal!;
      const view = await callerView(ctx, p, now);
      const r = await reportSighting(ctx.store, p, view.predicate, report, now);
      if (!r.ok) {
        if (r.status === 404) throw new ProblemError({ title: 'Not found', status: 404, detail: r.reason });
        throw unprocessable('The sighting was not stored.', [{ property: r.property ?? '', message: r.reason }]);
      }
      announceStored(ctx, r.items);
      request.log.info({ user: p.user.id, sighting: r.sighting.id, attribution: report.attribution }, 'api: sighting');
      return reply.code(201).send({ sighting: r.sighting });
    },
  });

  app.get('/sightings/summary', async (request) => {
    const q = request.query as Record<string, string | string[] | undefined>;
    const id = q.indicator;
    if (typeof id !== 'string' || !isStixId(id) || !id.startsWith('indicator--')) {
      throw new ProblemError({ title: 'Bad request', status: 400, detail: 'Give ?indicator=indicator--UUID (one indicator of your organization).' });
    }
    const p = request.principal!;
    // Only the provider's organization; anyone else gets what a missing indicator gets.
    const env = await ctx.store.shared.envelopeOf(id);
    if (!env || env.envelope.providerOrgId !== p.org.id) {
      throw new ProblemError({ title: 'Not found', status: 404, detail: `No indicator '${id}' provided by your organization.` });
    }
    const view = await callerView(ctx, p);
    return sightingSummary(ctx.store, view.predicate, id);
  });
}
