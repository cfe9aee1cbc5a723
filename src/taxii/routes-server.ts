import type { FastifyInstance } from 'fastify';
import { canReadStatus, canSeeCommunity } from '../policy/index.js';
import type { HubContext } from '../server/context.js';
import { HUB_ROOT, resolveRoot, UUID, viewerOf } from './access.js';
import { notFound } from './errors.js';
import { TAXII_CONTENT_TYPE } from './media.js';
import { sendTaxii } from './respond.js';
import { statusResource } from './status.js';

const KIND_LABEL: Record<string, string> = {
  isac: 'sector ISAC',
  isao: 'cross-sector ISAO',
  'supply-chain': 'supply-chain community',
  government: 'government community',
  international: 'international partnership',
};

/** Server information endpoints (spec section 4): discovery, API root, status. */
export function registerServerRoutes(app: FastifyInstance, ctx: HubContext, prefix: string): void {
  app.get('/', async (request, reply) => {
    const viewer = viewerOf(request);
    const communities = (await ctx.store.identity.listCommunities())
      .filter((c) => canSeeCommunity(viewer, c.id))
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    const own = communities.filter((c) => c.slug !== HUB_ROOT).map((c) => `${prefix}/${c.slug}/`);
    const roots = [...own, `${prefix}/${HUB_ROOT}/`].sort();
    const body: Record<string, unknown> = {
      title: ctx.config.title,
      description:
        `Kyojo cyber-threat information-sharing hub. Each API root is one sharing community; ${prefix}/${HUB_ROOT}/ holds everything you may see.`,
    };
    // A default only when it is unambiguous: the viewer belongs to exactly one community.
    if (own.length === 1) body.default = own[0];
    body.api_roots = roots;
    return sendTaxii(reply, JSON.stringify(body));
  });

  app.get<{ Params: { root: string } }>('/:root/', async (request, reply) => {
    const community = await resolveRoot(ctx, viewerOf(request), request.params.root);
    if (community === null) {
      return sendTaxii(reply, JSON.stringify({
        title: `${ctx.config.title}: everything you may see`,
        description: 'The hub-wide API root: one read-only collection holding every object version you may see, whichever community, organization or person it was addressed to.',
        versions: [TAXII_CONTENT_TYPE],
        max_content_length: ctx.config.bodyLimit,
      }));
    }
    const kind = KIND_LABEL[community.kind] ?? community.kind;
    const body = {
      title: community.name,
      description: `API root of the ${community.name} ${kind}${community.sector ? ` (${community.sector})` : ''}.`,
      versions: [TAXII_CONTENT_TYPE],
      max_content_length: ctx.config.bodyLimit,
    };
    return sendTaxii(reply, JSON.stringify(body));
  });

  app.get<{ Params: { root: string; status: string } }>('/:root/status/:status/', async (request, reply) => {
    const viewer = viewerOf(request);
    const community = await resolveRoot(ctx, viewer, request.params.root);
    const missing = () => notFound(`There is no status '${request.params.status.slice(0, 80)}' for you in this API root.`);
    if (community === null || !UUID.test(request.params.status)) throw missing();
    const status = await ctx.store.statuses.get(request.params.status.toLowerCase());
    if (!status) throw missing();
    // Only who posted the request (or an operator) may read its status, and only under its own root.
    if (!canReadStatus(viewer, status)) throw missing();
    const collection = await ctx.store.collections.get(status.collectionId);
    if (!collection || collection.communityId !== community.id) throw missing();
    return sendTaxii(reply, JSON.stringify(statusResource(status)));
  });
}
