import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { HubContext } from '../server/context.js';
import { parseJsonBody } from './body.js';
import { handleError, methodNotAllowed, notFound, TaxiiError, unauthorized } from './errors.js';
import { acceptable, STIX_MEDIA, TAXII_MEDIA } from './media.js';
import { registerAddRoute } from './routes-add.js';
import { registerCollectionRoutes } from './routes-collections.js';
import { registerObjectRoutes } from './routes-objects.js';
import { registerServerRoutes } from './routes-server.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** this GET also accepts application/stix+json (objects, object, versions, manifest) */
    taxiiStix?: boolean;
    /** a method-not-allowed route: the methods the path does support */
    taxiiAllow?: readonly string[];
  }
}

/** Every TAXII path and the methods it supports (HEAD comes with GET). */
const PATHS: readonly [string, readonly string[]][] = [
  ['/', ['GET']],
  ['/:root/', ['GET']],
  ['/:root/status/:status/', ['GET']],
  ['/:root/collections/', ['GET']],
  ['/:root/collections/:collection/', ['GET']],
  ['/:root/collections/:collection/manifest/', ['GET']],
  ['/:root/collections/:collection/objects/', ['GET', 'POST']],
  ['/:root/collections/:collection/objects/:object/', ['GET', 'DELETE']],
  ['/:root/collections/:collection/objects/:object/versions/', ['GET']],
];

function notAcceptable(allowStix: boolean): TaxiiError {
  return new TaxiiError(
    406,
    'not-acceptable',
    `This endpoint answers ${TAXII_MEDIA};version=2.1${allowStix ? ` (or ${STIX_MEDIA};version=2.1)` : ''}; ` +
      'send it in the Accept header.',
  );
}

/**
 * TAXII 2.1 under the prefix it is registered with (/taxii2). Order of checks on every
 * request: authentication (401), method (405), Accept (406), then the route's own: API root
 * and collection visibility (404), rights (403), Content-Type (415), body size (413),
 * JSON (400), filters (400), envelope shape (422).
 */
export const taxiiRoutes: FastifyPluginAsync<{ ctx: HubContext }> = async (app: FastifyInstance, { ctx }) => {
  app.decorateRequest('taxiiViewer', null);
  app.decorateRequest('taxiiTarget', null);

  // Only the TAXII and STIX JSON media types are parsed here; any other is a 415.
  app.removeAllContentTypeParsers();
  for (const media of [TAXII_MEDIA, STIX_MEDIA]) {
    app.addContentTypeParser(media, { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (e) {
        done(e as Error, undefined);
      }
    });
  }

  app.setErrorHandler(handleError(ctx.config.bodyLimit));
  // The plugin's onRequest hook (authentication first) also runs before this handler.
  app.setNotFoundHandler(async (request) => {
    throw notFound(`There is no TAXII endpoint at ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`);
  });

  async function authenticate(request: FastifyRequest): Promise<void> {
    const viewer = await ctx.identity.authenticate(request.headers.authorization);
    if (!viewer) throw unauthorized();
    request.taxiiViewer = viewer;
  }

  app.addHook('onRequest', async (request) => {
    await authenticate(request);
    const config = request.routeOptions.config;
    if (config.taxiiAllow) throw methodNotAllowed(config.taxiiAllow, request.method);
    if (!acceptable(request.headers.accept, config.taxiiStix === true)) throw notAcceptable(config.taxiiStix === true);
  });

  const prefix = app.prefix;
  registerServerRoutes(app, ctx, prefix);
  registerCollectionRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  registerAddRoute(app, ctx);

  for (const [url, methods] of PATHS) {
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : [...methods];
    const others = app.supportedMethods.filter((m) => !allowed.includes(m));
    app.route({
      method: others,
      url,
      config: { taxiiAllow: allowed },
      handler: async (request) => {
        throw methodNotAllowed(allowed, request.method);
      },
    });
  }
};
