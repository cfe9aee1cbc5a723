import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TrustService } from '../identity/trust.js';
import type { HubContext } from '../server/context.js';
import { ingestObjects } from '../sharing/ingest.js';
import { announceStored } from '../notify/bus.js';
import { asIngestItems, receiveFromPeer } from '../federation/receive.js';
import { resolveTarget, viewerOf } from './access.js';
import { TaxiiError } from './errors.js';
import { postBodyKind } from './media.js';
import { sendTaxii } from './respond.js';
import { buildStatus, statusResource } from './status.js';

type AddReq = { Params: { root: string; collection: string }; Body: unknown };

function unprocessable(description: string): TaxiiError {
  return new TaxiiError(422, 'not-an-envelope', description);
}

/**
 * The objects a POST body carries. A TAXII envelope (`{"objects":[...]}`) under
 * application/taxii+json, a STIX bundle (`{"type":"bundle","objects":[...]}`) under
 * application/stix+json. JSON that is not that shape, and an empty list, are 422:
 * TAXII forbids empty lists, and a status with total_count 0 would mean "not started".
 */
export function submittedObjects(body: unknown, kind: 'envelope' | 'bundle'): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw unprocessable(kind === 'envelope' ? 'The body must be a TAXII envelope: {"objects": [...]}.' : 'The body must be a STIX bundle.');
  }
  const o = body as Record<string, unknown>;
  if (kind === 'bundle' && o.type !== 'bundle') {
    throw unprocessable('An application/stix+json body must be a STIX bundle ({"type": "bundle", "objects": [...]}).');
  }
  if (o.objects === undefined) throw unprocessable('The envelope has no objects to add.');
  if (!Array.isArray(o.objects)) throw unprocessable('The envelope property "objects" must be a list of STIX objects.');
  if (o.objects.length === 0) throw unprocessable('The envelope\'s objects list is empty; TAXII lists hold at least one value.');
  return o.objects;
}

/**
 * Add Objects (5.5): validate, build each object's envelope, ask the policy, store in one
 * transaction per chunk, answer 202 with a complete status.
 */
export function registerAddRoute(app: FastifyInstance, ctx: HubContext): void {
  app.post<AddReq>('/:root/collections/:collection/objects/', {
    // Access and media type are settled before the body is read: a reader or a
    // non-member cannot make the hub parse megabytes it will refuse anyway.
    preParsing: async (request: FastifyRequest<AddReq>, _reply, payload) => {
      request.taxiiTarget = await resolveTarget(ctx, request, 'write');
      if (!postBodyKind(request.headers['content-type'])) {
        throw new TaxiiError(
          415,
          'unsupported-media-type',
          'POST a TAXII envelope as Content-Type: application/taxii+json;version=2.1 (or a STIX bundle as application/stix+json;version=2.1).',
        );
      }
      return payload;
    },
    handler: async (request, reply) => {
      const viewer = viewerOf(request);
      const target = request.taxiiTarget!;
      const requestMicros = Date.now() * 1000;
      const objects = submittedObjects(request.body, postBodyKind(request.headers['content-type'])!);
      // Only a community's collection is writable (the hub-wide one is read-only), so the
      // audience defaults to that community.
      // A peer hub's account delivers as the peer: its configuration gives the envelope (src/federation/receive.ts).
      const peer = target.community ? await ctx.store.peers.byOrg(viewer.org.id) : undefined;
      if (peer?.direction === 'push') {
        throw new TaxiiError(403, 'forbidden', 'This account stands for a peer hub that receives from this hub (direction push); it delivers nothing here.');
      }
      // whatever role its user was given, a peer delivers only into the community it is configured for
      if (peer && target.community && target.community.id !== peer.communityId) {
        throw new TaxiiError(403, 'forbidden', "This account stands for a peer hub; it delivers only to its configured community's collections.");
      }
      const items = peer && target.community
        ? asIngestItems(await receiveFromPeer(ctx.store, peer, objects, { publisher: viewer, community: target.community, defaultTlp: ctx.config.defaultTlp }))
        : await ingestObjects(ctx.store, {
          publisher: viewer,
          community: target.community,
          defaultTlp: ctx.config.defaultTlp,
          trust: new TrustService(ctx.store),
        }, objects);
      announceStored(ctx, items);
      const status = buildStatus({ collectionId: target.collection.id, userId: viewer.user.id, requestMicros, submitted: objects, items });
      await ctx.store.statuses.save(status);
      request.log.info(
        { collection: target.collection.id, user: viewer.user.id, total: status.totalCount, failed: status.totalCount - status.successes.length },
        'taxii: objects added',
      );
      return sendTaxii(reply, JSON.stringify(statusResource(status)), 202);
    },
  });
}
