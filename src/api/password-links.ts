import type { FastifyInstance } from 'fastify';
import { PasswordLinkService } from '../identity/password-links.js';
import type { HubContext } from '../server/context.js';
import { readBody, service } from './input.js';

/**
 * One-time password links (public: the link is the credential; src/api/public-routes.ts):
 * what a link is for, and setting the password with it. Unknown links answer 404; used,
 * expired, or of a disabled account, 410. Setting the password ends the user's sessions.
 */
export function registerPasswordLinkRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get<{ Params: { token: string } }>('/password-links/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const info = await service(() => new PasswordLinkService(ctx.store).inspect(request.params.token));
    return { email: info.email, purpose: info.purpose, expires_at: info.expiresAt };
  });

  app.post<{ Params: { token: string } }>('/password-links/:token', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const body = readBody(request.body, { what: 'a new password', fields: { password: 'string' }, required: ['password'] });
    const user = await service(() => new PasswordLinkService(ctx.store).redeem(request.params.token, body.password), 'password');
    request.log.info({ user: user.id }, 'api: password set by link');
    return reply.code(204).send();
  });
}
