import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Principal } from '../identity/principal.js';
import { canSeeCommunity } from '../policy/index.js';
import type { HubContext } from '../server/context.js';
import { OPENAPI_DOCUMENT, OPENAPI_PATH } from './openapi.js';
import { ProblemError, sendProblem } from './problem.js';
import { registerSharesRoute } from './shares.js';
import { registerTermsRoutes } from './terms.js';
import { registerProviderRoute } from './provider.js';
import { communityJson, meOf } from './me.js';
import { registerObjectReadRoutes } from './objects.js';
import { registerPublishRoutes } from './publish.js';
import { registerSearchRoutes } from './search.js';
import { isPublicRoute } from './public-routes.js';
import { checkCsrf, registerSessionRoutes, SAFE_METHODS, SESSION_COOKIE } from './session.js';
import { SessionService } from '../identity/sessions.js';
import { LoginThrottle } from '../identity/login-throttle.js';
import { registerOrganizationRoutes } from './organization.js';
import { registerTokenRoutes } from './tokens.js';
import { registerPasswordLinkRoutes } from './password-links.js';
import { registerAdminRoutes } from './admin.js';
import { registerPeersRoutes } from './peers.js';
import { registerSubscriptionRoutes } from './subscriptions.js';
import { registerMatchRoutes } from './match.js';
import { registerStreamRoute } from './stream.js';
import { registerSupplyRoutes } from './supply.js';
import { registerPostureRoutes } from './posture.js';
import { registerSurveyRoutes } from './survey.js';
import { registerBoardReportRoutes } from './board-report.js';
import { registerDeskRoutes } from './desk.js';
import { registerDeskAdminRoutes } from './desk-admin.js';

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
      const upload = String(request.headers['content-type'] ?? '').startsWith('application/octet-stream');
      const detail = upload
        ? `The attachment exceeds the hub's limit of ${ctx.config.attachmentMaxBytes} bytes per file (KYOJO_ATTACHMENT_MAX_BYTES).`
        : `The request body exceeds the hub's limit of ${ctx.config.bodyLimit} bytes.`;
      return sendProblem(reply, { title: TITLES[413]!, status, detail });
    }
    return sendProblem(reply, { title: TITLES[status] ?? 'Bad request', status, detail: err.message });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { title: 'Not found', status: 404, detail: `No resource at ${request.method} ${request.url}` }),
  );

  const sessions = new SessionService(ctx.store, ctx.identity);
  const throttle = new LoginThrottle();

  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const url = (request.routeOptions.url ?? '').slice(app.prefix.length);
    if (isPublicRoute(request.method, url)) return;
    // Machines use tokens; the portal uses its session cookie plus the CSRF token for writes.
    if (request.headers.authorization !== undefined) {
      const principal = await ctx.identity.authenticate(request.headers.authorization);
      if (principal) {
        request.principal = principal;
        return;
      }
    } else {
      const session = await sessions.resolve(request.cookies[SESSION_COOKIE]);
      if (session) {
        if (!SAFE_METHODS.has(request.method)) checkCsrf(request, session.csrfToken);
        request.principal = session.principal;
        request.portalSession = session;
        return;
      }
    }
    reply.header('www-authenticate', 'Bearer realm="kyojo", Basic realm="kyojo"');
    throw new ProblemError({ title: 'Unauthorized', status: 401, detail: 'Sign in, or send a valid API token (Authorization: Bearer TOKEN or Basic EMAIL:TOKEN).' });
  });

  app.get(OPENAPI_PATH, async () => OPENAPI_DOCUMENT);

  registerSessionRoutes(app, ctx, sessions, throttle);
  registerSharesRoute(app, ctx);
  registerSearchRoutes(app, ctx);
  registerObjectReadRoutes(app, ctx);
  registerPublishRoutes(app, ctx);
  registerTermsRoutes(app, ctx);
  registerProviderRoute(app, ctx);
  registerOrganizationRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerPasswordLinkRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerPeersRoutes(app, ctx);
  registerSubscriptionRoutes(app, ctx);
  registerMatchRoutes(app, ctx);
  registerStreamRoute(app, ctx);
  registerSupplyRoutes(app, ctx);
  registerPostureRoutes(app, ctx);
  registerSurveyRoutes(app, ctx);
  registerBoardReportRoutes(app, ctx);
  registerDeskRoutes(app, ctx);
  registerDeskAdminRoutes(app, ctx);

  app.get('/me', async (request) => meOf(ctx, request.principal!));

  app.get('/communities', async (request) => {
    const p = request.principal!;
    const all = await ctx.store.identity.listCommunities();
    return {
      communities: all
        .filter((c) => canSeeCommunity(p, c.id))
        .map(communityJson),
    };
  });
};
