import type { FastifyInstance } from 'fastify';
import type { HubContext } from '../server/context.js';
import type { Collection } from '../store/types.js';
import { collectionsOf, resolveRoot, resolveTarget, viewerOf } from './access.js';
import { STIX_CONTENT_TYPE } from './media.js';
import { sendTaxii } from './respond.js';

type CollectionParams = { Params: { root: string; collection: string } };

function collectionResource(c: Collection, canRead: boolean, canWrite: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id, title: c.title };
  if (c.description) out.description = c.description;
  if (c.alias) out.alias = c.alias;
  out.can_read = canRead;
  out.can_write = canWrite;
  out.media_types = [STIX_CONTENT_TYPE];
  return out;
}

/** Get Collections (5.1) and Get a Collection (5.2). */
export function registerCollectionRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get<{ Params: { root: string } }>('/:root/collections/', async (request, reply) => {
    const viewer = viewerOf(request);
    const community = await resolveRoot(ctx, viewer, request.params.root);
    const listed = (await collectionsOf(ctx, viewer, community))
      .map((t) => ({ c: t.collection, r: t.canRead, w: t.canWrite }))
      .sort((a, b) => (a.c.createdAt < b.c.createdAt ? -1 : a.c.createdAt > b.c.createdAt ? 1 : a.c.id < b.c.id ? -1 : 1));
    // An empty list is omitted (5.1.1): the response is then `{}`.
    const body = listed.length > 0 ? { collections: listed.map((x) => collectionResource(x.c, x.r, x.w)) } : {};
    return sendTaxii(reply, JSON.stringify(body));
  });

  app.get<CollectionParams>('/:root/collections/:collection/', async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'see');
    return sendTaxii(reply, JSON.stringify(collectionResource(t.collection, t.canRead, t.canWrite)));
  });
}
