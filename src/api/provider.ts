import type { FastifyInstance } from 'fastify';
import { TrustService, userActor } from '../identity/trust.js';
import type { HubContext } from '../server/context.js';
import { isStixId } from '../stix/index.js';
import { ProblemError } from './problem.js';

/**
 * Who provided a version: for operators only (they run the hub and must be able to act on
 * a report), and every look is written to the append-only audit log before the answer is
 * sent (DESIGN: "Operators' access to anonymous providers' identities is audited").
 * Everyone else gets 403: the route's existence is no secret, the providers are.
 */
export function registerProviderRoute(app: FastifyInstance, ctx: HubContext): void {
  app.get<{ Params: { id: string }; Querystring: { version?: string } }>('/objects/:id/provider', async (request) => {
    const p = request.principal!;
    if (p.user.role !== 'operator') {
      throw new ProblemError({ title: 'Forbidden', status: 403, detail: 'Only operators may look up who provided an object, and each look is audited.' });
    }
    const { id } = request.params;
    if (!isStixId(id)) throw new ProblemError({ title: 'Bad request', status: 400, detail: `'${String(id).slice(0, 80)}' is not a STIX identifier.` });
    const found = await ctx.store.shared.envelopeOf(id);
    if (!found) throw new ProblemError({ title: 'Not found', status: 404, detail: `No object '${id}'.` });
    const e = found.envelope;
    const [org, user] = await Promise.all([
      ctx.store.identity.getOrganization({ id: e.providerOrgId }),
      ctx.store.identity.getUser({ id: e.providerUserId }),
    ]);
    await new TrustService(ctx.store).auditProviderLookup(userActor(p.user), id, e.providerOrgId);
    return {
      id,
      attribution: e.attribution,
      provider: {
        organization: org ? { slug: org.slug, name: org.name } : null,
        user: user ? user.email : null,
      },
    };
  });
}
