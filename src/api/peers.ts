/**
 * Federation status for operators: `GET /api/v1/admin/peers` lists every peer with its
 * configuration (never its credentials) and status — last success, lag, last error, counts —
 * as `kyojo peer list` does (src/federation/status.ts). Peers are configured with the CLI.
 *
 * Also the REST API's rule for peer hubs: a peer's account (a user of the organization that
 * stands for a peer) is the peer, which exchanges over TAXII only; every REST route refuses it,
 * so no member view (search, object pages, subscriptions) is ever built for it.
 */
import type { FastifyInstance } from 'fastify';
import { peerStatusOf } from '../federation/status.js';
import { canAdminister } from '../policy/admin-access.js';
import type { HubContext } from '../server/context.js';
import { forbidden } from './input.js';

export function registerPeersRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.addHook('preHandler', async (request) => {
    const p = request.principal;
    if (p && (await ctx.store.peers.byOrg(p.org.id))) {
      throw forbidden("This account stands for a peer hub; peers exchange with this hub over TAXII 2.1 only.");
    }
  });
  app.get('/admin/peers', async (request) => {
    if (!canAdminister(request.principal!)) throw forbidden('The operator console is for hub operators only.');
    const now = new Date();
    return { peers: await Promise.all((await ctx.store.peers.list()).map((p) => peerStatusOf(ctx.store, p, now))) };
  });
}
