import type { FastifyRequest } from 'fastify';
import type { Principal } from '../identity/principal.js';
import { canReadCollection, canSeeCommunity, canWriteCollection } from '../policy/index.js';
import type { HubContext } from '../server/context.js';
import type { Collection, Community } from '../store/types.js';
import { forbidden, notFound, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the authenticated TAXII viewer, set by the plugin's onRequest hook */
    taxiiViewer: Principal | null;
    /** the API root and collection a POST targets, resolved before its body is read */
    taxiiTarget: Target | null;
  }
}

export interface Target {
  community: Community;
  collection: Collection;
  canRead: boolean;
  canWrite: boolean;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function viewerOf(request: FastifyRequest): Principal {
  const v = request.taxiiViewer;
  if (!v) throw unauthorized();
  return v;
}

/**
 * The API root (a community) named in the path. One the viewer may not see is 404,
 * exactly like one that does not exist (canSeeCommunity decides).
 */
export async function resolveRoot(ctx: HubContext, viewer: Principal, slug: string): Promise<Community> {
  if (!SLUG.test(slug)) throw notFound(`There is no API root '${slug.slice(0, 80)}' you can see.`);
  const community = await ctx.store.identity.getCommunity({ slug });
  if (!community || !canSeeCommunity(viewer, community.id)) throw notFound(`There is no API root '${slug}' you can see.`);
  return community;
}

/** A collection of the root by id or alias, with the viewer's rights from the policy. */
export async function resolveCollection(ctx: HubContext, viewer: Principal, community: Community, idOrAlias: string): Promise<Target> {
  let collection: Collection | undefined;
  if (UUID.test(idOrAlias)) {
    collection = await ctx.store.collections.get(idOrAlias.toLowerCase());
  } else if (idOrAlias.length <= 200) {
    collection = (await ctx.store.collections.listByCommunity(community.id)).find((c) => c.alias === idOrAlias);
  }
  const missing = () => notFound(`There is no collection '${idOrAlias.slice(0, 80)}' you can see in this API root.`);
  if (!collection || collection.communityId !== community.id) throw missing();
  const canRead = canReadCollection(viewer, collection);
  const canWrite = canWriteCollection(viewer, collection);
  // Neither right: the collection is not revealed (spec 5.7's table answers 404 for it too).
  if (!canRead && !canWrite) throw missing();
  return { community, collection, canRead, canWrite };
}

export type Need = 'see' | 'read' | 'write' | 'delete';

/** Resolves root and collection from the path and enforces the access an endpoint needs. */
export async function resolveTarget(
  ctx: HubContext,
  request: FastifyRequest<{ Params: { root: string; collection: string } }>,
  need: Need,
): Promise<Target> {
  const viewer = viewerOf(request);
  const community = await resolveRoot(ctx, viewer, request.params.root);
  const target = await resolveCollection(ctx, viewer, community, request.params.collection);
  if ((need === 'read' || need === 'delete') && !target.canRead) {
    throw forbidden('You may not read objects from this collection (can_read is false).');
  }
  if ((need === 'write' || need === 'delete') && !target.canWrite) {
    throw forbidden(
      need === 'write'
        ? 'You may not add objects to this collection (can_write is false).'
        : 'Deleting needs both read and write access to this collection.',
    );
  }
  return target;
}
