import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TrustService } from '../identity/trust.js';
import type { HubContext } from '../server/context.js';
import { ingestWithEnvelope } from '../sharing/ingest.js';
import { announceStored } from '../notify/bus.js';
import { isObj, unprocessable } from './input.js';
import { ProblemError } from './problem.js';


/** `application/json`, with or without parameters. */
export function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * A preParsing hook for publishing routes: the role and media type are settled before the body
 * is read, so a reader cannot make the hub parse megabytes it will refuse anyway.
 */
export async function publisherOnly(request: FastifyRequest, _reply: unknown, payload: unknown) {
  if (request.principal!.user.role === 'reader') {
    throw new ProblemError({ title: 'Forbidden', status: 403, detail: 'Readers may not publish; sharing needs an analyst, organization admin or operator.' });
  }
  if (!isJson(request.headers['content-type'])) {
    throw new ProblemError({ title: 'Unsupported media type', status: 415, detail: 'Send it as Content-Type: application/json.' });
  }
  return payload;
}

/**
 * POST /api/v1/shares: STIX objects with one sharing envelope (DESIGN.md wire form) for all.
 * Answers 200 with every object either stored or refused (with its index and reason).
 * Audience default: the caller's organization's community when it belongs to exactly one;
 * otherwise `audience` is required.
 */
export function registerSharesRoute(app: FastifyInstance, ctx: HubContext): void {
  app.post('/shares', {
    // Role and media type are settled before the body is read: a reader cannot make the hub
    // parse megabytes it will refuse anyway.
    preParsing: publisherOnly,
    handler: async (request) => {
      const p = request.principal!;
      const body = request.body;
      if (!isObj(body)) throw unprocessable('The body must be a JSON object: {"objects": [...], "envelope": {...}}.');
      const unknown = Object.keys(body).filter((k) => k !== 'objects' && k !== 'envelope');
      if (unknown.length > 0) {
        throw unprocessable('The body has unknown properties.', unknown.map((k) => ({ property: k, message: 'is not a property of a share (expected objects, envelope)' })));
      }
      if (!Array.isArray(body.objects)) throw unprocessable('"objects" must be a list of STIX 2.1 objects.', [{ property: 'objects', message: 'must be a list of STIX 2.1 objects' }]);
      if (body.objects.length === 0) throw unprocessable('"objects" is empty; share at least one object.', [{ property: 'objects', message: 'must hold at least one object' }]);
      if (body.envelope === undefined) {
        throw unprocessable('The share has no envelope.', [{ property: 'envelope', message: 'is required (at least {"tlp": ...})' }]);
      }
      const communities = (await Promise.all([...p.communityIds].map((id) => ctx.store.identity.getCommunity({ id })))).filter((c) => c !== undefined);
      const single = communities.length === 1 ? communities[0]! : null;
      const result = await ingestWithEnvelope(ctx.store, {
        publisher: p,
        defaultCommunitySlug: single?.slug ?? null,
        trust: new TrustService(ctx.store),
      }, body.envelope, body.objects);
      if (!result.ok) {
        const errors = result.errors.map((e) => {
          const property = e.property === '' ? 'envelope' : `envelope.${e.property}`;
          if (e.property === 'audience' && single === null && isObj(body.envelope) && body.envelope.audience === undefined) {
            const names = communities.map((c) => c.slug).join(', ');
            return {
              property,
              message: communities.length === 0
                ? 'is required: your organization belongs to no community, so there is no default audience'
                : `is required: your organization belongs to ${communities.length} communities (${names}), so there is no default audience`,
            };
          }
          return { property, message: e.message };
        });
        throw unprocessable('The envelope is invalid; nothing was stored.', errors);
      }
      announceStored(ctx, result.items);
      const stored: { id: string; version: string; outcome: string }[] = [];
      const refused: { index: number; id: string | null; reason: string }[] = [];
      result.items.forEach((item, index) => {
        if (item.ok) stored.push({ id: item.id, version: item.versionKey, outcome: item.outcome });
        else refused.push({ index, id: item.id, reason: item.reason });
      });
      request.log.info({ user: p.user.id, stored: stored.length, refused: refused.length }, 'api: share');
      return { stored, refused };
    },
  });
}
