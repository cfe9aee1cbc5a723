import type { FastifyInstance } from 'fastify';
import { DeskAdmin } from '../desk/admin.js';
import { CASE_INFO_TYPES, CASE_STUDY_MARK } from '../desk/case-study.js';
import type { HubContext } from '../server/context.js';
import { deskCall, recipientConfigsJson } from './desk-json.js';
import { badRequest } from './input.js';
import { parseSearch } from './search.js';
import { callerView, OrgNames, summaryOf } from './view.js';

type Query = Record<string, string | string[] | undefined>;

/**
 * Running the desk (operators): desk staff, recipients, the sanitizer's rules; each
 * organization's sanitizer profile; and the case collection, which is shared STIX read through
 * the caller's predicate exactly as the portal's search reads it (docs/api/desk.md).
 */
export function registerDeskAdminRoutes(app: FastifyInstance, ctx: HubContext): void {
  const admin = () => new DeskAdmin(ctx.store);

  app.get('/desk/staff', async (request) => {
    const staff = await deskCall(() => admin().staff(request.principal!));
    return { staff: staff.map((s) => ({ email: s.email, organization: s.orgSlug, granted_at: s.grantedAt, granted_by: s.grantedBy })) };
  });

  app.put<{ Params: { email: string } }>('/desk/staff/:email', async (request, reply) => {
    await deskCall(() => admin().grant(request.principal!, request.params.email));
    return reply.code(204).send();
  });

  app.delete<{ Params: { email: string } }>('/desk/staff/:email', async (request, reply) => {
    await deskCall(() => admin().revoke(request.principal!, request.params.email));
    return reply.code(204).send();
  });

  app.get('/desk/recipients', async (request) => {
    const list = await deskCall(() => admin().recipients(request.principal!));
    return { recipients: await recipientConfigsJson(list, ctx) };
  });

  app.put<{ Params: { slug: string } }>('/desk/recipients/:slug', async (request) => {
    const r = await deskCall(() => admin().putRecipient(request.principal!, request.params.slug, request.body));
    return { recipient: (await recipientConfigsJson([r], ctx))[0] };
  });

  app.delete<{ Params: { slug: string } }>('/desk/recipients/:slug', async (request, reply) => {
    await deskCall(() => admin().deleteRecipient(request.principal!, request.params.slug));
    return reply.code(204).send();
  });

  app.get('/desk/sanitizer-rules', async (request) => ({ rules: await deskCall(() => admin().rules(request.principal!)) }));

  app.put('/desk/sanitizer-rules', async (request) => ({ rules: await deskCall(() => admin().putRules(request.principal!, request.body)) }));

  app.get('/reports/profile', async (request) => admin().profile(request.principal!));

  app.put('/reports/profile', async (request) => deskCall(() => admin().putProfile(request.principal!, request.body)));

  app.get<{ Querystring: Query }>('/cases', async (request) => {
    const p = request.principal!;
    const q = request.query;
    for (const k of Object.keys(q)) {
      if (!['q', 'info_type', 'sector', 'cursor', 'limit'].includes(k)) {
        throw badRequest('The list has invalid parameters.', [{ property: k, message: 'is not a parameter of the case collection' }]);
      }
    }
    const info = q.info_type === undefined ? [...CASE_INFO_TYPES] : q.info_type;
    if ((Array.isArray(info) ? info : String(info).split(',')).some((t) => !(CASE_INFO_TYPES as readonly string[]).includes(t.trim()))) {
      throw badRequest('The list has invalid parameters.', [{ property: 'info_type', message: `expected ${CASE_INFO_TYPES.join(', ')}` }]);
    }
    const text = [CASE_STUDY_MARK, typeof q.q === 'string' ? q.q : ''].join(' ').trim();
    const view = await callerView(ctx, p);
    const sector = typeof q.sector === 'string' && q.sector.trim() !== '' ? q.sector.trim() : undefined;
    // the sector filter is on the case's own label, not on the communities it was sent to
    const query = await parseSearch(ctx, p, { q: sector ? `${text} sector-${sector}` : text, type: 'report', info_type: info, cursor: q.cursor, limit: q.limit }, view);
    const page = await ctx.store.shared.search(query);
    const orgs = new OrgNames(ctx);
    const items = await Promise.all(page.rows.map((r) => summaryOf(r, view.viewer, orgs)));
    const last = page.rows[page.rows.length - 1];
    return { items, next: page.more && last ? String(last.dateAdded) : null };
  });
}
