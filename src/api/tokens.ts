import type { FastifyInstance } from 'fastify';
import { checkName } from '../identity/validation.js';
import { ownsToken } from '../policy/admin-access.js';
import type { HubContext } from '../server/context.js';
import type { ApiToken } from '../store/types.js';
import { collect, notFound, readBody, service, shown, throwIfAny, type FieldError } from './input.js';

const tokenJson = (t: ApiToken) => ({ id: t.id, name: t.name, created_at: t.createdAt, last_used_at: t.lastUsedAt, revoked_at: t.revokedAt });

/**
 * The caller's API tokens (docs/api/portal.md): listed (hashes never leave the store), created
 * (the secret is in the answer once), revoked. Another user's token is not found (404), for
 * operators too: a token is its user's alone (src/policy/admin-access.ts ownsToken).
 */
export function registerTokenRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/tokens', async (request) => {
    const tokens = await ctx.store.identity.listTokens(request.principal!.user.id);
    return { tokens: tokens.map(tokenJson) };
  });

  app.post('/tokens', async (request, reply) => {
    const p = request.principal!;
    const body = readBody(request.body, { what: 'a token', fields: { name: 'string' }, required: ['name'] });
    const errors: FieldError[] = [];
    collect(errors, 'name', () => checkName('token name', body.name as string));
    throwIfAny(errors, 'The token name is invalid.');
    const { token, secret } = await service(() => ctx.identity.addToken(p.user.email, body.name as string));
    request.log.info({ user: p.user.id, token: token.id }, 'api: token created');
    return reply.code(201).send({ token: tokenJson(token), secret });
  });

  app.delete<{ Params: { id: string } }>('/tokens/:id', async (request, reply) => {
    const p = request.principal!;
    const { id } = request.params;
    const token = (await ctx.store.identity.listTokens(p.user.id)).find((t) => t.id === id);
    if (!token || !ownsToken(p, token)) throw notFound(`You have no token '${shown(id)}'.`);
    await ctx.identity.revokeToken(token.id);
    request.log.info({ user: p.user.id, token: token.id }, 'api: token revoked');
    return reply.code(204).send();
  });
}
