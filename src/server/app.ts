import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { apiRoutes } from '../api/plugin.js';
import { sendTaxiiFrameworkError } from '../taxii/errors.js';
import { taxiiRoutes } from '../taxii/plugin.js';
import { sendProblem } from '../api/problem.js';
import { publishHubObjects } from '../sharing/hub-objects.js';
import { registerPortal } from '../portal/static.js';
import { installDefaultSubscriptions } from '../notify/defaults.js';
import type { HubContext } from './context.js';

/**
 * Builds the HTTP application: TAXII 2.1 under /taxii2/, the REST API under /api/v1/, the
 * portal (a single-page app over the REST API) at /.
 * Each plugin owns its error format (TAXII error objects, JSON problem details).
 */
export async function buildApp(ctx: HubContext): Promise<FastifyInstance> {
  // The TLP and Kyojo definitions and the community identities recipients resolve (idempotent).
  await publishHubObjects(ctx.store, await ctx.store.identity.listCommunities());
  // every account created from now on starts with its tier's subscriptions
  installDefaultSubscriptions(ctx.store);
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimit,
    // Validated STIX is stored whole; prototype keys are refused rather than silently stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // one line per request from our onResponse hook instead of Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    return503OnClosing: true,
    // Behind a TLS-terminating proxy (KYOJO_TRUST_PROXY), request.protocol and ip come from X-Forwarded-*.
    trustProxy: ctx.config.trustProxy,
    // Errors raised before routing (bad percent-encoding, over-long path segments) are
    // answered in the format of the part of the hub the URL names.
    frameworkErrors: (err, request, reply) => {
      if (request.url.startsWith('/taxii2')) return sendTaxiiFrameworkError(err, reply);
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      return sendProblem(reply, { title: 'Bad request', status, detail: err.message });
    },
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });
  await app.register(fastifyCookie);
  await app.register(taxiiRoutes, { prefix: '/taxii2', ctx });
  await app.register(apiRoutes, { prefix: '/api/v1', ctx });
  app.get('/healthz', async () => ({ status: 'ok', backend: ctx.store.backend }));
  await registerPortal(app);
  return app;
}
