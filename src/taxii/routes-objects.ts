import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HubContext } from '../server/context.js';
import { isStixId } from '../stix/index.js';
import type { ObjectRow, Page } from '../store/types.js';
import { resolveTarget } from './access.js';
import { manifestBody, objectsBody, setDateAddedHeaders, versionsBody } from './envelope.js';
import { notFound } from './errors.js';
import {
  DELETE_FILTERS, OBJECT_FILTERS, OBJECTS_FILTERS, VERSIONS_FILTERS, parseFilters, type FilterSpec, type Filters, type RawQuery,
} from './filters.js';
import { sendTaxii } from './respond.js';

type CollectionReq = { Params: { root: string; collection: string }; Querystring: RawQuery };
type ObjectReq = { Params: { root: string; collection: string; object: string }; Querystring: RawQuery };

/** Route config read by the plugin's negotiation hook: these GETs also accept application/stix+json. */
export const STIX_ACCEPTING = { taxiiStix: true } as const;

function send(reply: FastifyReply, page: Page<ObjectRow>, body: string): FastifyReply {
  setDateAddedHeaders(reply, page.rows);
  return sendTaxii(reply, body);
}

function objectNotFound(id: string) {
  return notFound(`No object '${id.slice(0, 120)}' matching these filters is in this collection.`);
}

/** Collection content endpoints: objects (5.4, 5.5), object (5.6, 5.7), versions (5.8), manifest (5.3). */
export function registerObjectRoutes(app: FastifyInstance, ctx: HubContext): void {
  const limits = ctx.config;
  const query = (collectionId: string, f: Filters, ids?: string[]) =>
    ctx.store.objects.query({
      collectionId,
      addedAfter: f.addedAfter,
      ids: ids ?? f.ids,
      types: f.types,
      versions: f.versions,
      specVersions: f.specVersions,
      limit: f.limit,
    });
  const filters = (q: RawQuery, spec: FilterSpec) => parseFilters(q, spec, limits);

  app.get<CollectionReq>('/:root/collections/:collection/objects/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const page = await query(t.collection.id, filters(request.query, OBJECTS_FILTERS));
    return send(reply, page, objectsBody(page));
  });

  app.get<CollectionReq>('/:root/collections/:collection/manifest/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const page = await query(t.collection.id, filters(request.query, OBJECTS_FILTERS));
    return send(reply, page, manifestBody(page));
  });

  // Get an Object answers 404 when nothing matches the id and version filters (as 5.7
  // requires after a delete); a page past the end (added_after/next given) is `{}`.
  app.get<ObjectReq>('/:root/collections/:collection/objects/:object/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const f = filters(request.query, OBJECT_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const page = await query(t.collection.id, f, [id]);
    if (page.rows.length === 0 && !f.positioned) throw objectNotFound(id);
    return send(reply, page, objectsBody(page));
  });

  app.get<ObjectReq>('/:root/collections/:collection/objects/:object/versions/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const f = filters(request.query, VERSIONS_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const page = await query(t.collection.id, f, [id]);
    if (page.rows.length === 0 && !f.positioned) throw objectNotFound(id);
    return send(reply, page, versionsBody(page));
  });

  app.delete<ObjectReq>('/:root/collections/:collection/objects/:object/', async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'delete');
    const f = filters(request.query, DELETE_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const removed = await ctx.store.objects.delete({
      collectionId: t.collection.id,
      id,
      versions: f.versions?.all ? undefined : f.versions,
      specVersions: f.specVersions,
    });
    if (removed === 0) throw objectNotFound(id);
    request.log.info({ collection: t.collection.id, object: id, removed, user: request.taxiiViewer?.user.id }, 'taxii: object deleted');
    // 200 with no payload (5.7 defines none), but the TAXII Content-Type the spec requires.
    return sendTaxii(reply, '');
  });
}
