import type { FastifyInstance } from 'fastify';
import { AdminService } from '../identity/admin.js';
import { TrustService, checkLevel, endOfDayUtc, userActor } from '../identity/trust.js';
import { checkName, checkSlug } from '../identity/validation.js';
import type { HubContext } from '../server/context.js';
import { badRequest, collect, notFound, readBody, service, shown, throwIfAny, type FieldError } from './input.js';

type Params<K extends string> = { Params: Record<K, string> };

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

/**
 * The operator console's trust half (registered under /admin by admin.ts, operators only):
 * facility approvals and clearance grants (TrustService, which audits them), terms (audited as
 * `terms.add`), and the audit log itself, paged oldest first.
 */
export function registerAdminTrustRoutes(app: FastifyInstance, ctx: HubContext): void {
  const trust = () => new TrustService(ctx.store);

  app.get('/clearance', async () => {
    const [approvals, orgs, users] = await Promise.all([
      ctx.store.trust.listApprovals(), ctx.store.identity.listOrganizations(), ctx.store.identity.listUsers(),
    ]);
    const slugOf = new Map(orgs.map((o) => [o.id, o.slug]));
    const grants = (await Promise.all(users.map(async (u) => (await ctx.store.trust.activeGrants(u.id)).map((g) => ({
      email: u.email, level: g.level, valid_until: g.validUntil, issuer: g.issuerOrgId === null ? null : slugOf.get(g.issuerOrgId) ?? null,
    }))))).flat();
    return {
      approvals: approvals
        .map((a) => ({ organization: slugOf.get(a.orgId) ?? a.orgId, approved_until: a.approvedUntil, revoked_at: a.revokedAt }))
        .sort((a, b) => a.organization.localeCompare(b.organization)),
      grants,
    };
  });

  app.post('/clearance/approvals', async (request, reply) => {
    const body = readBody(request.body, { what: 'a facility approval', fields: { organization: 'string', until: 'string' }, required: ['organization', 'until'] });
    const errors: FieldError[] = [];
    if (!(await ctx.store.identity.getOrganization({ slug: body.organization as string }))) {
      errors.push({ property: 'organization', message: `no organization '${shown(body.organization as string)}'` });
    }
    collect(errors, 'until', () => endOfDayUtc(body.until as string));
    throwIfAny(errors, 'The facility approval is invalid.');
    await service(() => trust().approveOrg(body.organization as string, body.until as string, userActor(request.principal!.user)), 'until');
    return reply.code(204).send();
  });

  app.delete<Params<'org'>>('/clearance/approvals/:org', async (request, reply) => {
    const { org } = request.params;
    if (!(await ctx.store.identity.getOrganization({ slug: org }))) throw notFound(`No organization '${shown(org)}'.`);
    const revoked = await service(() => trust().revokeOrg(org, userActor(request.principal!.user)));
    if (!revoked) throw notFound(`Organization '${shown(org)}' has no live facility approval.`);
    return reply.code(204).send();
  });

  app.post('/clearance/grants', async (request, reply) => {
    const body = readBody(request.body, {
      what: 'a clearance grant', fields: { email: 'string', level: 'integer', until: 'string', issuer: 'string' }, required: ['email', 'level', 'until'],
    });
    const errors: FieldError[] = [];
    if (!(await ctx.store.identity.getUser({ email: (body.email as string).trim().toLowerCase() }))) {
      errors.push({ property: 'email', message: `no user '${shown(body.email as string)}'` });
    }
    collect(errors, 'level', () => checkLevel(body.level as number));
    collect(errors, 'until', () => endOfDayUtc(body.until as string));
    if (body.issuer !== undefined && !(await ctx.store.identity.getOrganization({ slug: body.issuer as string }))) {
      errors.push({ property: 'issuer', message: `no organization '${shown(body.issuer as string)}'` });
    }
    throwIfAny(errors, 'The clearance grant is invalid.');
    await service(() => trust().grant(
      body.email as string, body.level as number, body.until as string, body.issuer as string | undefined, userActor(request.principal!.user),
    ), 'until');
    return reply.code(204).send();
  });

  app.delete<Params<'email'>>('/clearance/grants/:email', async (request, reply) => {
    const { email } = request.params;
    if (!(await ctx.store.identity.getUser({ email: email.trim().toLowerCase() }))) throw notFound(`No user '${shown(email)}'.`);
    const count = await service(() => trust().revoke(email, userActor(request.principal!.user)));
    if (count === 0) throw notFound(`User '${shown(email)}' holds no live clearance grant.`);
    return reply.code(204).send();
  });

  app.get('/terms', async () => ({
    terms: (await ctx.store.trust.listTerms()).map((t) => ({ slug: t.slug, title: t.title, sha256: t.sha256, created_at: t.createdAt })),
  }));

  app.post('/terms', async (request, reply) => {
    const body = readBody(request.body, { what: 'terms', fields: { slug: 'string', title: 'string', body: 'string' }, required: ['slug', 'title', 'body'] });
    const errors: FieldError[] = [];
    collect(errors, 'slug', () => checkSlug('terms', body.slug as string));
    collect(errors, 'title', () => checkName('terms title', body.title as string));
    if ((body.body as string).trim() === '') errors.push({ property: 'body', message: 'is empty: give the text users accept' });
    throwIfAny(errors, 'The terms are invalid.');
    const t = await service(() => new AdminService(ctx.store).addTerms(
      body.slug as string, body.title as string, body.body as string, userActor(request.principal!.user),
    ), 'body');
    return reply.code(201).send({ slug: t.slug, title: t.title, sha256: t.sha256, created_at: t.createdAt });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/audit', async (request) => {
    const q = request.query;
    const errors: FieldError[] = [];
    const int = (name: string, min: number, max: number): number | undefined => {
      const raw = q[name];
      if (raw === undefined || raw === '') return undefined;
      const n = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        errors.push({ property: name, message: `must be a whole number from ${min} to ${max}` });
        return undefined;
      }
      return n;
    };
    const after = int('after', 0, Number.MAX_SAFE_INTEGER);
    const limit = int('limit', 1, AUDIT_PAGE_MAX) ?? AUDIT_PAGE_DEFAULT;
    if (errors.length > 0) throw badRequest('The audit query is invalid.', errors);
    const rows = await ctx.store.trust.listAudit({ limit: limit + 1, ...(after !== undefined ? { afterSeq: after } : {}) });
    const page = rows.slice(0, limit);
    return {
      entries: page.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, subject: e.subject, details: e.details })),
      next: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  });
}
