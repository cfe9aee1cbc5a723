import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AdminService } from '../identity/admin.js';
import { TrustService, userActor } from '../identity/trust.js';
import { ROLES, TIERS, checkEmail, checkOneOf } from '../identity/validation.js';
import { canAssignRole, canManageOrgMembers } from '../policy/admin-access.js';
import type { HubContext } from '../server/context.js';
import type { Role } from '../store/types.js';
import { collect, forbidden, readBody, service, throwIfAny, type FieldError } from './input.js';

/** The organization as the portal shows it. */
export function organizationJson(o: { slug: string; name: string; kind: string; sector: string; country: string | null }) {
  return { slug: o.slug, name: o.name, kind: o.kind, sector: o.sector, country: o.country };
}

/**
 * My organization (docs/api/portal.md): its facility approval and its members with their
 * clearance, for every member; inviting a member, for its organization admins and operators
 * (src/policy/admin-access.ts), by a one-time link valid 7 days.
 */
export function registerOrganizationRoutes(app: FastifyInstance, ctx: HubContext): void {
  app.get('/organization', async (request) => {
    const p = request.principal!;
    const trust = new TrustService(ctx.store);
    const [approval, users] = await Promise.all([ctx.store.trust.getApproval(p.org.id), ctx.store.identity.listUsers(p.org.id)]);
    const members = await Promise.all(users.map(async (u) => {
      const clearance = await trust.clearanceOf(u);
      return {
        email: u.email, role: u.role, tier: u.tier, disabled: u.disabled,
        clearance: clearance ? { level: clearance.level, valid_until: clearance.validUntil } : null,
      };
    }));
    return {
      organization: organizationJson(p.org),
      approval: approval && approval.revokedAt === null ? { approved_until: approval.approvedUntil } : null,
      members,
    };
  });

  app.post('/organization/members', {
    // who may invite is settled before the body is read
    preParsing: async (request: FastifyRequest, _reply, payload) => {
      if (!canManageOrgMembers(request.principal!, request.principal!.org.id)) {
        throw forbidden('Only your organization\'s admins (and the hub operators) may invite members.');
      }
      return payload;
    },
    handler: async (request, reply) => {
      const p = request.principal!;
      const body = readBody(request.body, {
        what: 'a member invitation', fields: { email: 'string', role: 'string', tier: 'string' }, required: ['email', 'role'],
      });
      const errors: FieldError[] = [];
      collect(errors, 'email', () => checkEmail(body.email as string));
      collect(errors, 'role', () => checkOneOf('role', body.role as string, ROLES));
      if (body.tier !== undefined) collect(errors, 'tier', () => checkOneOf('tier', body.tier as string, TIERS));
      throwIfAny(errors, 'The invitation is invalid.');
      if (!canAssignRole(p, body.role as Role)) throw forbidden(`You may not give the role '${String(body.role)}'; ask the hub operators.`);
      const { user, invite } = await service(() => new AdminService(ctx.store).inviteUser({
        email: body.email as string, org: p.org.slug, role: body.role as string, tier: body.tier as string | undefined,
      }, userActor(p.user)));
      request.log.info({ user: p.user.id, invited: user.id }, 'api: member invited');
      return reply.code(201).send({ email: user.email, invite_url: invite.path, expires_at: invite.expiresAt });
    },
  });
}
