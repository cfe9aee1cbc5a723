import type { FastifyRequest } from 'fastify';
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import { canReadCollection, canSeeCommunity, canWriteCollection } from '../policy/index.js';
import { communityKey, predicateFor } from '../policy/predicate.js';
import { userViewer, type UserViewer } from '../policy/viewer.js';
import { peerViewerOf } from '../federation/egress.js';
import type { Peer } from '../store/peers-types.js';
import type { HubContext } from '../server/context.js';
import type { Collection, Community, SharedScope, VisibilityPredicate } from '../store/types.js';
import { forbidden, notFound, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the authenticated TAXII viewer, set by the plugin's onRequest hook */
    taxiiViewer: Principal | null;
    /** the API root and collection a POST targets, resolved before its body is read */
    taxiiTarget: Target | null;
  }
}

/** The hub-wide API root: `/taxii2/hub/`, one read-only collection of everything the viewer may see. */
export const HUB_ROOT = 'hub';
export const HUB_COLLECTION: Collection = Object.freeze({
  id: '0b7c5e52-8f4a-4c1e-a7d2-6c3f9e1b2a40',
  communityId: '',
  title: 'Everything you may see',
  description:
    'Every object version shared with you through this hub: the public, your communities, your organization and you by name.',
  alias: 'all',
  createdAt: '2026-11-26T00:00:00.000Z',
});

export interface Target {
  /** null for the hub-wide API root */
  community: Community | null;
  collection: Collection;
  canRead: boolean;
  canWrite: boolean;
  /** the versions this collection is a view of */
  scope: SharedScope;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function viewerOf(request: FastifyRequest): Principal {
  const v = request.taxiiViewer;
  if (!v) throw unauthorized();
  return v;
}

/**
 * The policy's viewer of the request (trust read from the store now) and its predicate at `now`;
 * for a peer hub's account, the peer's predicate (the viewer then only decides the served form and
 * deletes, where the account is its peer's organization; `peer` shapes what it is served).
 */
export async function policyViewerOf(ctx: HubContext, request: FastifyRequest, now = new Date()): Promise<{ viewer: UserViewer; predicate: VisibilityPredicate; peer?: Peer }> {
  const principal = viewerOf(request);
  const viewer = userViewer(principal, await new TrustService(ctx.store).trustOf(principal.user));
  // A peer hub's account reads what the peer may receive, never what a member may (docs/federation.md "Peers").
  const peer = await ctx.store.peers.byOrg(principal.org.id);
  if (peer?.direction === 'pull') throw forbidden('This account stands for a peer hub that delivers to this hub (direction pull); it reads nothing here.');
  return peer ? { viewer, predicate: predicateFor(peerViewerOf(peer), now), peer } : { viewer, predicate: predicateFor(viewer, now) };
}

/**
 * The API root named in the path: a community, or null for the hub-wide root. A community
 * the viewer may not see is 404, exactly like one that does not exist (canSeeCommunity decides).
 */
export async function resolveRoot(ctx: HubContext, viewer: Principal, slug: string): Promise<Community | null> {
  if (slug === HUB_ROOT) return null;
  if (!SLUG.test(slug)) throw notFound(`There is no API root '${slug.slice(0, 80)}' you can see.`);
  const community = await ctx.store.identity.getCommunity({ slug });
  if (!community || !canSeeCommunity(viewer, community.id)) throw notFound(`There is no API root '${slug}' you can see.`);
  return community;
}

/** The collections of a root the viewer may see, with its rights. */
export async function collectionsOf(ctx: HubContext, viewer: Principal, community: Community | null): Promise<Target[]> {
  if (community === null) return [{ community, collection: HUB_COLLECTION, canRead: true, canWrite: false, scope: { kind: 'all' } }];
  return (await ctx.store.collections.listByCommunity(community.id))
    .map((collection) => ({
      community,
      collection,
      canRead: canReadCollection(viewer, collection),
      canWrite: canWriteCollection(viewer, collection),
      scope: { kind: 'audience', key: communityKey(community.id) } as SharedScope,
    }))
    .filter((t) => t.canRead || t.canWrite);
}

/** A collection of the root by id or alias, with the viewer's rights from the policy. */
export async function resolveCollection(ctx: HubContext, viewer: Principal, community: Community | null, idOrAlias: string): Promise<Target> {
  const missing = () => notFound(`There is no collection '${idOrAlias.slice(0, 80)}' you can see in this API root.`);
  const wanted = UUID.test(idOrAlias) ? idOrAlias.toLowerCase() : idOrAlias;
  // Neither right: the collection is not revealed (spec 5.7's table answers 404 for it too).
  const t = (await collectionsOf(ctx, viewer, community)).find((x) => x.collection.id === wanted || x.collection.alias === wanted);
  if (!t) throw missing();
  return t;
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
