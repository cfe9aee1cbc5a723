import type { FastifyInstance } from 'fastify';
import { TrustService } from '../identity/trust.js';
import type { HubContext } from '../server/context.js';
import { ProblemError } from './problem.js';

/**
 * Terms that shared information can require (envelope `conditions.terms`): the caller
 * lists them with what it has accepted, and accepts one — the same as
 * `kyojo terms accept EMAIL SLUG`. Acceptance is recorded with its time and is idempotent.
 */
export function registerTermsRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/terms', async (request) => {
    const p = request.principal!;
    const [terms, accepted] = await Promise.all([ctx.store.trust.listTerms(), ctx.store.trust.acceptedTerms(p.user.id)]);
    const at = new Map(accepted.map((a) => [a.slug, a.acceptedAt]));
    return {
      terms: terms.map((t) => ({
        slug: t.slug, title: t.title, body: t.body, sha256: t.sha256, created_at: t.createdAt,
        accepted_at: at.get(t.slug) ?? null,
      })),
    };
  });

  app.post<{ Params: { slug: string } }>('/terms/:slug/accept', async (request) => {
    const p = request.principal!;
    const terms = await ctx.store.trust.getTerms(request.params.slug);
    if (!terms) throw new ProblemError({ title: 'Not found', status: 404, detail: `No terms '${request.params.slug.slice(0, 80)}'.` });
    const accepted = await new TrustService(ctx.store).acceptTerms(p.user.email, terms.slug);
    const mine = (await ctx.store.trust.acceptedTerms(p.user.id)).find((a) => a.slug === terms.slug);
    return { slug: terms.slug, sha256: terms.sha256, accepted_at: mine?.acceptedAt ?? null, newly_accepted: accepted };
  });
}
