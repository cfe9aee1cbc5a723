import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The portal's Content-Security-Policy: only the hub's own scripts, styles and API; no inline
 * code, no framing. STIX text is rendered as text by React, and this is the second wall.
 */
export const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Paths the single-page app never owns: the protocols and the health check. */
const NOT_PORTAL = /^\/(api|taxii2|healthz)(\/|$|\?)/;

/** The folder Vite builds the portal into (`dist/web` at the package root). */
export function portalDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'web');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'dist', 'web');
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kyojo</title>
<p>The portal has not been built. Run <code>npm run build:web</code> (npm install does it), then restart the hub.
The TAXII 2.1 API is at <a href="/taxii2/">/taxii2/</a> and the REST API at <a href="/api/v1/openapi.json">/api/v1/</a>.</p>`;

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', PORTAL_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
}

/**
 * Serves the portal at `/`: hashed assets from dist/web with long caching, and index.html for
 * every other GET outside /api, /taxii2 and /healthz (client-side routes such as /objects/ID).
 */
export async function registerPortal(app: FastifyInstance, dir = portalDir()): Promise<void> {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  const indexHtml = built ? readFileSync(index) : Buffer.from(NOT_BUILT);
  app.addHook('onSend', async (request, reply, payload) => {
    if (!NOT_PORTAL.test(request.url)) securityHeaders(reply);
    return payload;
  });
  if (built) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
    for (const file of ['favicon.svg', 'robots.txt']) {
      if (existsSync(join(dir, file))) {
        const body = readFileSync(join(dir, file));
        app.get(`/${file}`, async (_req, reply) => reply.type(file.endsWith('.svg') ? 'image/svg+xml' : 'text/plain').send(body));
      }
    }
  }
  const sendIndex = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  app.get('/', sendIndex);
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' && !NOT_PORTAL.test(request.url) && !request.url.startsWith('/assets/')) {
      return sendIndex(request, reply);
    }
    return reply.code(404).type('application/problem+json').send({
      title: 'Not found', status: 404, detail: `No resource at ${request.method} ${request.url.slice(0, 200)}`,
    });
  });
}
