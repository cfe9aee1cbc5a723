import type { FastifyInstance } from 'fastify';
import { AdminService } from '../identity/admin.js';
import { userActor } from '../identity/trust.js';
import {
  COMMUNITY_KINDS, ORG_KINDS, ROLES, SECTORS, TIERS, checkCountry, checkEmail, checkName, checkOneOf, checkSlug,
} from '../identity/validation.js';
import { canAdminister } from '../policy/admin-access.js';
import type { HubContext } from '../server/context.js';
import { registerAdminTrustRoutes } from './admin-trust.js';
import { collect, forbidden, notFound, readBody, service, shown, throwIfAny, unprocessable, type FieldError } from './input.js';
import { communityJson } from './me.js';
import { organizationJson } from './organization.js';

type Params<K extends string> = { Params: Record<K, string> };

/**
 * The operator console (docs/api/portal.md), under /admin: operators only (403 for everyone
 * else, before any body is read; src/policy/admin-access.ts). Organizations, communities and
 * their members, users (invited by one-time link; role, tier, disabled) here; clearance, terms
 * and the audit log in admin-trust.ts. Every change is audited (src/identity/admin.ts).
 */
export function registerAdminRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.register(async (admin) => {
    admin.addHook('onRequest', async (request) => {
      if (!canAdminister(request.principal!)) throw forbidden('The operator console is for hub operators only.');
    });
    registerAdminIdentityRoutes(admin, ctx);
    registerAdminTrustRoutes(admin, ctx);
  }, { prefix: '/admin' });
}

function registerAdminIdentityRoutes(app: FastifyInstance, ctx: HubContext): void {
  const admin = () => new AdminService(ctx.store);

  app.get('/organizations', async () => {
    const [orgs, communities, users, approvals] = await Promise.all([
      ctx.store.identity.listOrganizations(), ctx.store.identity.listCommunities(),
      ctx.store.identity.listUsers(), ctx.store.trust.listApprovals(),
    ]);
    const communitiesOf = new Map<string, string[]>();
    await Promise.all(communities.map(async (c) => {
      for (const orgId of await ctx.store.identity.membersOf(c.id)) communitiesOf.set(orgId, [...(communitiesOf.get(orgId) ?? []), c.slug]);
    }));
    const approvalOf = new Map(approvals.map((a) => [a.orgId, a]));
    return {
      organizations: orgs.map((o) => {
        const a = approvalOf.get(o.id);
        return {
          ...organizationJson(o),
          communities: (communitiesOf.get(o.id) ?? []).sort(),
          members: users.filter((u) => u.orgId === o.id).length,
          approval: a ? { approved_until: a.approvedUntil, revoked: a.revokedAt !== null } : null,
        };
      }),
    };
  });

  app.post('/organizations', async (request, reply) => {
    const body = readBody(request.body, {
      what: 'an organization',
      fields: { slug: 'string', name: 'string', kind: 'string', sector: 'string', country: 'string', admin_email: 'string' },
      required: ['slug', 'name', 'kind', 'sector'],
    });
    const errors: FieldError[] = [];
    collect(errors, 'slug', () => checkSlug('organization', body.slug as string));
    collect(errors, 'name', () => checkName('organization name', body.name as string));
    collect(errors, 'kind', () => checkOneOf('kind', body.kind as string, ORG_KINDS));
    collect(errors, 'sector', () => checkOneOf('sector', body.sector as string, SECTORS));
    if (body.country !== undefined) collect(errors, 'country', () => checkCountry(body.country as string));
    if (body.admin_email !== undefined) collect(errors, 'admin_email', () => checkEmail(body.admin_email as string));
    throwIfAny(errors, 'The organization is invalid.');
    const { organization, admin: invited } = await service(() => admin().createOrganization({
      slug: body.slug as string, name: body.name as string, kind: body.kind as string, sector: body.sector as string,
      country: (body.country as string | undefined) ?? null, adminEmail: (body.admin_email as string | undefined) ?? null,
    }, userActor(request.principal!.user)));
    return reply.code(201).send({
      organization: organizationJson(organization),
      ...(invited ? { admin_email: invited.user.email, invite_url: invited.invite.path } : {}),
    });
  });

  app.get('/communities', async () => {
    const [communities, orgs] = await Promise.all([ctx.store.identity.listCommunities(), ctx.store.identity.listOrganizations()]);
    const slugOf = new Map(orgs.map((o) => [o.id, o.slug]));
    return {
      communities: await Promise.all(communities.map(async (c) => ({
        slug: c.slug, name: c.name, kind: c.kind, sector: c.sector,
        members: (await ctx.store.identity.membersOf(c.id)).map((id) => slugOf.get(id) ?? id).sort(),
      }))),
    };
  });

  app.post('/communities', async (request, reply) => {
    const body = readBody(request.body, {
      what: 'a community', fields: { slug: 'string', name: 'string', kind: 'string', sector: 'string' }, required: ['slug', 'name', 'kind'],
    });
    const errors: FieldError[] = [];
    collect(errors, 'slug', () => checkSlug('community', body.slug as string));
    if (body.slug === 'hub') errors.push({ property: 'slug', message: "'hub' is reserved for the hub-wide TAXII API root" });
    collect(errors, 'name', () => checkName('community name', body.name as string));
    collect(errors, 'kind', () => checkOneOf('kind', body.kind as string, COMMUNITY_KINDS));
    if (body.sector !== undefined) collect(errors, 'sector', () => checkOneOf('sector', body.sector as string, SECTORS));
    throwIfAny(errors, 'The community is invalid.');
    const community = await service(() => admin().createCommunity({
      slug: body.slug as string, name: body.name as string, kind: body.kind as string, sector: (body.sector as string | undefined) ?? null,
    }, userActor(request.principal!.user)));
    return reply.code(201).send({ community: communityJson(community) });
  });

  /** 404 for a community or organization of the path that does not exist. */
  const requireBoth = async (slug: string, org: string) => {
    if (!(await ctx.store.identity.getCommunity({ slug }))) throw notFound(`No community '${shown(slug)}'.`);
    if (!(await ctx.store.identity.getOrganization({ slug: org }))) throw notFound(`No organization '${shown(org)}'.`);
  };

  app.put<Params<'slug' | 'org'>>('/communities/:slug/members/:org', async (request, reply) => {
    const { slug, org } = request.params;
    await requireBoth(slug, org);
    await service(() => admin().addCommunityMember(slug, org, userActor(request.principal!.user)));
    return reply.code(204).send();
  });

  app.delete<Params<'slug' | 'org'>>('/communities/:slug/members/:org', async (request, reply) => {
    const { slug, org } = request.params;
    await requireBoth(slug, org);
    const removed = await service(() => admin().removeCommunityMember(slug, org, userActor(request.principal!.user)));
    if (!removed) throw notFound(`Organization '${shown(org)}' is not a member of '${shown(slug)}'.`);
    return reply.code(204).send();
  });

  app.get('/users', async () => {
    const [users, orgs] = await Promise.all([ctx.store.identity.listUsers(), ctx.store.identity.listOrganizations()]);
    const slugOf = new Map(orgs.map((o) => [o.id, o.slug]));
    return { users: users.map((u) => ({ email: u.email, organization: slugOf.get(u.orgId) ?? null, role: u.role, tier: u.tier, disabled: u.disabled })) };
  });

  app.post('/users', async (request, reply) => {
    const body = readBody(request.body, {
      what: 'a user', fields: { email: 'string', organization: 'string', role: 'string', tier: 'string' }, required: ['email', 'organization', 'role'],
    });
    const errors: FieldError[] = [];
    collect(errors, 'email', () => checkEmail(body.email as string));
    collect(errors, 'role', () => checkOneOf('role', body.role as string, ROLES));
    if (body.tier !== undefined) collect(errors, 'tier', () => checkOneOf('tier', body.tier as string, TIERS));
    if (!(await ctx.store.identity.getOrganization({ slug: body.organization as string }))) {
      errors.push({ property: 'organization', message: `no organization '${shown(body.organization as string)}'` });
    }
    throwIfAny(errors, 'The user is invalid.');
    const { user, invite } = await service(() => admin().inviteUser({
      email: body.email as string, org: body.organization as string, role: body.role as string, tier: body.tier as string | undefined,
    }, userActor(request.principal!.user)));
    return reply.code(201).send({ email: user.email, invite_url: invite.path, expires_at: invite.expiresAt });
  });

  app.patch<Params<'email'>>('/users/:email', async (request, reply) => {
    const { email } = request.params;
    const body = readBody(request.body, { what: 'a change of a user', fields: { role: 'string', tier: 'string', disabled: 'boolean' } });
    if (Object.keys(body).length === 0) throw unprocessable('Nothing to change: give role, tier or disabled.');
    const errors: FieldError[] = [];
    if (body.role !== undefined) collect(errors, 'role', () => checkOneOf('role', body.role as string, ROLES));
    if (body.tier !== undefined) collect(errors, 'tier', () => checkOneOf('tier', body.tier as string, TIERS));
    throwIfAny(errors, 'The change is invalid.');
    if (!(await ctx.store.identity.getUser({ email: email.trim().toLowerCase() }))) throw notFound(`No user '${shown(email)}'.`);
    const update = await service(() => admin().updateUser(email, body as { role?: string; tier?: string; disabled?: boolean }, userActor(request.principal!.user)));
    request.log.info({ user: request.principal!.user.id, subject: email, changed: Object.keys(update.changes) }, 'api: user updated');
    return reply.code(204).send();
  });
}
