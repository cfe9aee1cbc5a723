/**
 * Identity administration as the operator console and organization admins do it: creating
 * organizations, communities and users (with a one-time invitation link), community
 * membership, and a user's role, tier and disabled flag. Every change is appended to the audit
 * log with its actor, in the order trust.ts explains: what widens access is audited before it
 * is written (no change without its entry), what narrows it after (a failing audit never keeps
 * access alive). Clearance (approvals, grants) is TrustService's and audited there.
 *
 * Actions: `org.create`, `community.create`, `community.member.add`, `community.member.remove`,
 * `user.create`, `user.update`, `terms.add`.
 */
import type { Community, NewAuditEntry, Organization, Role, Store, Terms, Tier, User } from '../store/types.js';
import { ConflictError } from '../store/types.js';
import { PasswordLinkService, type CreatedPasswordLink } from './password-links.js';
import { IdentityService, type NewCommunity, type NewOrganization } from './service.js';
import { TrustService, type AuditActor } from './trust.js';
import {
  COMMUNITY_KINDS, IdentityInputError, ORG_KINDS, ROLES, SECTORS, TIERS,
  checkCountry, checkEmail, checkName, checkOneOf, checkSlug,
} from './validation.js';

export interface InviteUser {
  email: string;
  /** organization slug */
  org: string;
  role: string;
  tier?: string;
}

export interface UserPatch {
  role?: string;
  tier?: string;
  disabled?: boolean;
}

export interface UserUpdate {
  /** each changed property, from and to; empty when the patch changed nothing */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** portal sessions ended (disabling a user ends them all) */
  sessionsEnded: number;
}

export class AdminService {
  private readonly identity: IdentityService;
  private readonly trust: TrustService;
  private readonly links: PasswordLinkService;

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {
    this.identity = new IdentityService(store, now);
    this.trust = new TrustService(store, now);
    this.links = new PasswordLinkService(store, now);
  }

  /** An organization; with `adminEmail`, its first org-admin, invited by a one-time link. */
  async createOrganization(
    input: NewOrganization & { adminEmail?: string | null },
    actor: AuditActor,
  ): Promise<{ organization: Organization; admin?: { user: User; invite: CreatedPasswordLink } }> {
    const slug = checkSlug('organization', input.slug);
    checkName('organization name', input.name);
    checkOneOf('kind', input.kind, ORG_KINDS);
    checkOneOf('sector', input.sector, SECTORS);
    const country = input.country ? checkCountry(input.country) : null;
    const adminEmail = input.adminEmail ? checkEmail(input.adminEmail) : null;
    if (await this.store.identity.getOrganization({ slug })) throw new ConflictError(`an organization '${slug}' already exists`);
    if (adminEmail && (await this.store.identity.getUser({ email: adminEmail }))) throw new ConflictError(`a user '${adminEmail}' already exists`);
    await this.audit(actor, 'org.create', slug, { name: input.name.trim(), kind: input.kind, sector: input.sector, country });
    const organization = await this.identity.addOrganization(input);
    if (!adminEmail) return { organization };
    const admin = await this.inviteUser({ email: adminEmail, org: slug, role: 'org-admin' }, actor);
    return { organization, admin };
  }

  async createCommunity(input: NewCommunity, actor: AuditActor): Promise<Community> {
    const slug = checkSlug('community', input.slug);
    if (slug === 'hub') throw new IdentityInputError("community slug 'hub' is reserved for the hub-wide TAXII API root");
    checkName('community name', input.name);
    checkOneOf('kind', input.kind, COMMUNITY_KINDS);
    if (input.sector) checkOneOf('sector', input.sector, SECTORS);
    if (await this.store.identity.getCommunity({ slug })) throw new ConflictError(`a community '${slug}' already exists`);
    await this.audit(actor, 'community.create', slug, { name: input.name.trim(), kind: input.kind, sector: input.sector ?? null });
    return (await this.identity.addCommunity(input)).community;
  }

  /** Adds the organization to the community; false (nothing audited) when it was a member already. */
  async addCommunityMember(communitySlug: string, orgSlug: string, actor: AuditActor): Promise<boolean> {
    const community = await this.identity.requireCommunity(communitySlug);
    const org = await this.identity.requireOrganization(orgSlug);
    if ((await this.store.identity.membersOf(community.id)).includes(org.id)) return false;
    await this.audit(actor, 'community.member.add', community.slug, { organization: org.slug });
    await this.store.identity.addMember(community.id, org.id);
    return true;
  }

  /** Removes the organization from the community; false (nothing audited) when it was not a member. */
  async removeCommunityMember(communitySlug: string, orgSlug: string, actor: AuditActor): Promise<boolean> {
    const community = await this.identity.requireCommunity(communitySlug);
    const org = await this.identity.requireOrganization(orgSlug);
    if (!(await this.store.identity.membersOf(community.id)).includes(org.id)) return false;
    await this.store.identity.removeMember(community.id, org.id);
    await this.audit(actor, 'community.member.remove', community.slug, { organization: org.slug });
    return true;
  }

  /** A new user without a password, and the one-time link (7 days) that lets it set one. */
  async inviteUser(input: InviteUser, actor: AuditActor): Promise<{ user: User; invite: CreatedPasswordLink }> {
    const email = checkEmail(input.email);
    const role = checkOneOf<Role>('role', input.role, ROLES);
    const tier = checkOneOf<Tier>('tier', input.tier ?? 'practitioner', TIERS);
    const org = await this.identity.requireOrganization(input.org);
    if (await this.store.identity.getUser({ email })) throw new ConflictError(`a user '${email}' already exists`);
    await this.identity.checkRoleInOrganization(org.id, role);
    await this.audit(actor, 'user.create', email, { organization: org.slug, role, tier });
    const user = await this.identity.addUser({ email, org: org.slug, role, tier });
    const invite = await this.links.createInvite(user.id);
    return { user, invite };
  }

  /**
   * Changes a user's role, tier or disabled flag. Disabling ends the user's sessions (its tokens
   * stop working with the flag). Operators cannot disable themselves or change their own role:
   * another operator must.
   */
  async updateUser(email: string, patch: UserPatch, actor: AuditActor): Promise<UserUpdate> {
    const user = await this.identity.requireUser(email);
    const next: { role?: Role; tier?: Tier; disabled?: boolean } = {};
    if (patch.role !== undefined) {
      next.role = checkOneOf<Role>('role', patch.role, ROLES);
      await this.identity.checkRoleInOrganization(user.orgId, next.role);
    }
    if (patch.tier !== undefined) next.tier = checkOneOf<Tier>('tier', patch.tier, TIERS);
    if (patch.disabled !== undefined) next.disabled = patch.disabled;
    const changes: UserUpdate['changes'] = {};
    for (const [k, v] of Object.entries(next) as [keyof typeof next, unknown][]) {
      if (user[k] !== v) changes[k] = { from: user[k], to: v };
    }
    if (Object.keys(changes).length === 0) return { changes, sessionsEnded: 0 };
    if (actor.userId === user.id && (changes.role || next.disabled === true)) {
      throw new IdentityInputError('you cannot change your own role or disable yourself; another operator must');
    }
    const widens = changes.role !== undefined || next.disabled === false;
    if (widens) await this.audit(actor, 'user.update', user.email, { changes });
    if (!(await this.store.identity.updateUser(user.id, next))) throw new IdentityInputError(`no user '${email}'`);
    const sessionsEnded = next.disabled === true ? await this.store.sessions.deleteForUser(user.id) : 0;
    if (!widens) await this.audit(actor, 'user.update', user.email, { changes, sessionsEnded });
    return { changes, sessionsEnded };
  }

  /** New terms (immutable once added), audited. */
  async addTerms(slug: string, title: string, body: string, actor: AuditActor): Promise<Terms> {
    const terms = await this.trust.addTerms(slug, title, body);
    await this.audit(actor, 'terms.add', terms.slug, { title: terms.title, sha256: terms.sha256 });
    return terms;
  }

  private audit(actor: AuditActor, action: string, subject: string, details: Record<string, unknown>): Promise<unknown> {
    const entry: NewAuditEntry = { at: this.now().toISOString(), actor: actor.name, actorUserId: actor.userId, action, subject, details };
    return this.store.trust.appendAudit(entry);
  }
}
