import type { FastifyInstance, FastifyReply } from 'fastify';
import { attributionHiddenStored } from '../policy/predicate.js';
import type { Viewer } from '../policy/viewer.js';
import { notSentToStandardPeer, peerViewerOf, servedToPeer } from '../federation/egress.js';
import type { Peer } from '../store/peers-types.js';
import { canonicalJson } from '../stix/index.js';
import type { HubContext } from '../server/context.js';
import { isStixId } from '../stix/index.js';
import type { ObjectRow, Page, SharedRow, SharedScope, VisibilityPredicate } from '../store/types.js';
import { policyViewerOf, resolveTarget } from './access.js';
import { manifestBody, objectsBody, setDateAddedHeaders, versionsBody } from './envelope.js';
import { forbidden, notFound } from './errors.js';
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

/**
 * Each row as this viewer receives it: the anonymous form when the provider's attribution is
 * hidden from it (never from the provider's organization), else the stored form.
 */
function asServed(page: Page<SharedRow>, viewer: Viewer, peer?: Peer): Page<ObjectRow> {
  if (peer) {
    // a peer hub's account: each version as federation sends it to that peer (src/federation/egress.ts),
    // leaving out what push leaves out for a peer of the standard profile
    const pv = peerViewerOf(peer);
    const rows: ObjectRow[] = [];
    for (const r of page.rows) {
      if (peer.profile === 'standard' && notSentToStandardPeer(r.id)) continue;
      const o = servedToPeer(r, pv, peer);
      if (o !== null) rows.push({ ...r, json: canonicalJson(o) });
    }
    return { more: page.more, rows };
  }
  return {
    more: page.more,
    rows: page.rows.map((r) => (attributionHiddenStored(r, viewer) && r.jsonAnonymous !== null ? { ...r, json: r.jsonAnonymous } : r)),
  };
}

/**
 * Collection content endpoints: objects (5.4, 5.5), object (5.6, 5.7), versions (5.8), manifest (5.3).
 * A collection is a view of the hub-wide versions (its scope) through the viewer's visibility
 * predicate: what the viewer may not see is absent, exactly like what does not exist.
 */
export function registerObjectRoutes(app: FastifyInstance, ctx: HubContext): void {
  const limits = ctx.config;
  const query = (scope: SharedScope, predicate: VisibilityPredicate, f: Filters, ids?: string[]) =>
    ctx.store.shared.query({
      scope,
      predicate,
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
    const f = filters(request.query, OBJECTS_FILTERS);
    const { viewer, predicate, peer } = await policyViewerOf(ctx, request);
    const page = asServed(await query(t.scope, predicate, f), viewer, peer);
    return send(reply, page, objectsBody(page));
  });

  app.get<CollectionReq>('/:root/collections/:collection/manifest/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const f = filters(request.query, OBJECTS_FILTERS);
    const { viewer, predicate, peer } = await policyViewerOf(ctx, request);
    // a peer's account lists only what it would be served (the same filter as objects)
    const raw = await query(t.scope, predicate, f);
    const page = peer ? asServed(raw, viewer, peer) : raw;
    return send(reply, page, manifestBody(page));
  });

  // Get an Object answers 404 when nothing matches the id and version filters (as 5.7
  // requires after a delete); a page past the end (added_after/next given) is `{}`.
  app.get<ObjectReq>('/:root/collections/:collection/objects/:object/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const f = filters(request.query, OBJECT_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const { viewer, predicate, peer } = await policyViewerOf(ctx, request);
    const page = asServed(await query(t.scope, predicate, f, [id]), viewer, peer);
    if (page.rows.length === 0 && !f.positioned) throw objectNotFound(id);
    return send(reply, page, objectsBody(page));
  });

  app.get<ObjectReq>('/:root/collections/:collection/objects/:object/versions/', { config: STIX_ACCEPTING }, async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'read');
    const f = filters(request.query, VERSIONS_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const { viewer, predicate, peer } = await policyViewerOf(ctx, request);
    const raw = await query(t.scope, predicate, f, [id]);
    const page = peer ? asServed(raw, viewer, peer) : raw;
    if (page.rows.length === 0 && !f.positioned) throw objectNotFound(id);
    return send(reply, page, versionsBody(page));
  });

  // Deleting removes versions hub-wide, and only the provider's organization or an operator may.
  // An object the viewer may not see in this collection is 404, as one that does not exist.
  app.delete<ObjectReq>('/:root/collections/:collection/objects/:object/', async (request, reply) => {
    const t = await resolveTarget(ctx, request, 'delete');
    const f = filters(request.query, DELETE_FILTERS);
    const id = request.params.object;
    if (!isStixId(id)) throw objectNotFound(id);
    const { viewer, predicate, peer } = await policyViewerOf(ctx, request);
    const versions = f.versions?.all ? undefined : f.versions;
    const seen = await ctx.store.shared.query({
      scope: t.scope, predicate, ids: [id], versions: versions ?? { all: true }, specVersions: f.specVersions, limit: 1,
    });
    if (seen.rows.length === 0) throw objectNotFound(id);
    // a peer hub's account is the peer, never an operator here, whatever role its user was given
    const operator = viewer.role === 'operator' && peer === undefined;
    if (!operator && seen.rows[0]!.providerOrgId !== viewer.orgId) {
      throw forbidden("Only the provider's organization (or an operator) may delete this object.");
    }
    const removed = await ctx.store.shared.delete({ id, versions, specVersions: f.specVersions });
    if (removed === 0) throw objectNotFound(id);
    request.log.info({ collection: t.collection.id, object: id, removed, user: viewer.userId }, 'taxii: object deleted');
    // 200 with no payload (5.7 defines none), but the TAXII Content-Type the spec requires.
    return sendTaxii(reply, '');
  });
}
