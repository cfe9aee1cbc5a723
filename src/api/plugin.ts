import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../identity/principal.js';
import { canSeeCommunity } from '../policy/index.js';
import type { HubContext } from '../server/context.js';
import { OPENAPI_DOCUMENT, OPENAPI_PATH } from './openapi.js';
import { ProblemError, sendProblem } from './problem.js';
import { registerSharesRoute } from './shares.js';
import { registerTermsRoutes } from './terms.js';
import { registerProviderRoute } from './provider.js';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
};

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * The REST API (JSON, problem details on error): who-am-I, the caller's communities, terms to read and accept, sharing
 * objects with an explicit envelope (POST /shares), and its OpenAPI 3.1 description
 * (GET /openapi.json, public). Every route registered here is documented in openapi.ts.
 */
export const apiRoutes: FastifyPluginAsync<{ ctx: HubContext }> = async (app, { ctx }) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ProblemError) return sendProblem(reply, err.problem);
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'api error');
      return sendProblem(reply, { title: 'Internal error', status: 500, detail: 'The hub could not complete the request.' });
    }
    if (status === 413) {
      return sendProblem(reply, { title: TITLES[413]!, status, detail: `The request body exceeds the hub's limit of ${ctx.config.bodyLimit} bytes.` });
    }
    return sendProblem(reply, { title: TITLES[status] ?? 'Bad request', status, detail: err.message });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { title: 'Not found', status: 404, detail: `No resource at ${request.method} ${request.url}` }),
  );

  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    // The API description is public; every other resource needs a token.
    if (request.routeOptions.url === `${app.prefix}${OPENAPI_PATH}`) return;
    const principal = await ctx.identity.authenticate(request.headers.authorization);
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="kyojo", Basic realm="kyojo"');
      throw new ProblemError({ title: 'Unauthorized', status: 401, detail: 'A valid API token is required (Authorization: Bearer TOKEN or Basic EMAIL:TOKEN).' });
    }
    request.principal = principal;
  });

  app.get(OPENAPI_PATH, async () => OPENAPI_DOCUMENT);

  registerSharesRoute(app, ctx);
  registerTermsRoutes(app, ctx);
  registerProviderRoute(app, ctx);

  app.get('/me', async (request) => {
    const p = request.principal!;
    const communities = await Promise.all(
      [...p.communityIds].map((id) => ctx.store.identity.getCommunity({ id })),
    );
    return {
      email: p.user.email,
      role: p.user.role,
      tier: p.user.tier,
      organization: { slug: p.org.slug, name: p.org.name, kind: p.org.kind, sector: p.org.sector, country: p.org.country },
      communities: communities
        .filter((c) => c !== undefined)
        .map((c) => ({ slug: c.slug, name: c.name, kind: c.kind, sector: c.sector, api_root: `/taxii2/${c.slug}/` })),
    };
  });

  app.get('/communities', async (request) => {
    const p = request.principal!;
    const all = await ctx.store.identity.listCommunities();
    return {
      communities: all
        .filter((c) => canSeeCommunity(p, c.id))
        .map((c) => ({ slug: c.slug, name: c.name, kind: c.kind, sector: c.sector, api_root: `/taxii2/${c.slug}/` })),
    };
  });
};
