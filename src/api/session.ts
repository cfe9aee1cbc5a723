import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoginThrottle } from '../identity/login-throttle.js';
import type { SessionResolution, SessionService } from '../identity/sessions.js';
import { SESSION_MAX_MS } from '../identity/sessions.js';
import type { HubContext } from '../server/context.js';
import { isObj } from './input.js';
import { meOf } from './me.js';
import { ProblemError } from './problem.js';
import { isJson } from './shares.js';

export const SESSION_COOKIE = 'kyojo_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** set when the request was authenticated by the portal's session cookie */
    portalSession?: SessionResolution;
  }
}

/**
 * A cookie-authenticated write must echo the session's CSRF token (synchroniser token) and,
 * when the browser says where it comes from, come from this hub's own origin.
 */
export function checkCsrf(request: FastifyRequest, expected: string): void {
  const sent = request.headers[CSRF_HEADER];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ProblemError({ title: 'Forbidden', status: 403, detail: 'This request needs the X-CSRF-Token header of your session (reload the portal and try again).' });
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      host = '';
    }
    if (host !== request.headers.host) {
      throw new ProblemError({ title: 'Forbidden', status: 403, detail: `Requests from ${origin.slice(0, 100)} may not use this hub's session.` });
    }
  }
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

/** Sign-in, the current session, sign-out and sign-out everywhere (docs/api/portal.md). */
export function registerSessionRoutes(app: FastifyInstance, ctx: HubContext, sessions: SessionService, throttle: LoginThrottle): void {
  app.get('/session', async (request) => ({
    user: await meOf(ctx, request.principal!),
    csrf_token: request.portalSession?.csrfToken ?? null,
  }));

  app.post('/session', {
    // A cross-site form can post text/plain or urlencoded, never JSON without a preflight.
    preParsing: async (request, _reply, payload) => {
      if (!isJson(request.headers['content-type'])) {
        throw new ProblemError({ title: 'Unsupported media type', status: 415, detail: 'Sign in with Content-Type: application/json.' });
      }
      return payload;
    },
    bodyLimit: 16 * 1024,
    handler: async (request, reply) => {
      const body = request.body;
      const email = isObj(body) && typeof body.email === 'string' ? body.email.trim() : '';
      const password = isObj(body) && typeof body.password === 'string' ? body.password : '';
      if (email === '' || password === '') {
        throw new ProblemError({
          title: 'Unprocessable content', status: 422, detail: 'Give an email and a password.',
          errors: [
            ...(email === '' ? [{ property: 'email', message: 'is required' }] : []),
            ...(password === '' ? [{ property: 'password', message: 'is required' }] : []),
          ],
        });
      }
      const wait = throttle.retryAfter(email, request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new ProblemError({ title: 'Too many requests', status: 429, detail: `Too many failed sign-ins. Try again in ${wait} seconds.` });
      }
      const signedIn = await sessions.signIn(email, password, request.headers['user-agent'] ?? null);
      if (!signedIn) {
        throttle.fail(email, request.ip);
        request.log.info({ email: email.slice(0, 200), ip: request.ip }, 'portal: sign-in refused');
        throw new ProblemError({ title: 'Unauthorized', status: 401, detail: 'Wrong email or password.' });
      }
      throttle.succeed(email);
      setSessionCookie(request, reply, signedIn.secret, Math.floor(SESSION_MAX_MS / 1000));
      request.log.info({ user: signedIn.principal.user.id }, 'portal: signed in');
      return { user: await meOf(ctx, signedIn.principal), csrf_token: signedIn.csrfToken };
    },
  });

  app.delete('/session', async (request, reply) => {
    if (request.portalSession) await sessions.signOut(request.portalSession.idHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.post('/session/sign-out-everywhere', async (request, reply) => {
    const ended = await sessions.signOutEverywhere(request.principal!.user.id);
    request.log.info({ user: request.principal!.user.id, ended }, 'portal: signed out everywhere');
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
