/**
 * Running the desk (operators, docs/api/desk.md "Desk administration"): desk staff grants,
 * recipients, the sanitizer's hub rules; and each organization's sanitizer profile. Every
 * change is in the audit log: what widens access (a staff grant) is audited before it is
 * written, what narrows it after, as in src/identity/trust.ts.
 */
import type { Principal } from '../identity/principal.js';
import { userActor, type AuditActor } from '../identity/trust.js';
import { checkSlug, IdentityInputError } from '../identity/validation.js';
import { canAdministerDesk, canEditDeskProfile } from '../policy/desk-access.js';
import { parseRules, type SanitizerRules } from '../sanitize/index.js';
import type { DeskProfile, DeskRecipient, DeskStaffGrant } from '../store/desk-types.js';
import type { Store } from '../store/types.js';
import { forbidden, invalid, notFound, type DeskFieldError } from './errors.js';
import { isObj, readProfile } from './input.js';
import { currentRules, EMPTY_PROFILE, RULES_SETTING } from './sanitized.js';

export const RECIPIENT_KINDS: readonly DeskRecipient['kind'][] = ['sector-isac', 'isao', 'government', 'police', 'other'];
const RECIPIENT_TLPS: readonly DeskRecipient['tlp'][] = ['green', 'amber', 'amber+strict'];

export class DeskAdmin {
  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  private operator(p: Principal): void {
    if (!canAdministerDesk(p)) throw forbidden('Only the hub operators run the desk (staff, recipients, sanitizer rules).');
  }

  private audit(p: Principal | AuditActor, action: string, subject: string, details: Record<string, unknown>) {
    const actor = 'user' in p ? userActor(p.user) : p;
    return this.store.trust.appendAudit({ at: this.now().toISOString(), actor: actor.name, actorUserId: actor.userId, action, subject, details });
  }

  async staff(p: Principal): Promise<(DeskStaffGrant & { email: string; orgSlug: string })[]> {
    this.operator(p);
    return this.listStaff();
  }

  async grant(p: Principal, email: string): Promise<void> {
    this.operator(p);
    await this.grantBy(userActor(p.user), email);
  }

  async revoke(p: Principal, email: string): Promise<void> {
    this.operator(p);
    await this.revokeBy(userActor(p.user), email);
  }

  /** Grants desk staff to the user (idempotent); `actor` is audited (an operator, or the command line). */
  async grantBy(actor: AuditActor, email: string): Promise<void> {
    const user = await this.store.identity.getUser({ email: email.trim().toLowerCase() });
    if (!user) throw notFound('user');
    if (await this.store.desk.isStaff(user.id)) return;
    await this.audit(actor, 'desk.staff.grant', user.email, {});
    await this.store.desk.grantStaff({ userId: user.id, grantedAt: this.now().toISOString(), grantedBy: actor.name });
  }

  async revokeBy(actor: AuditActor, email: string): Promise<void> {
    const user = await this.store.identity.getUser({ email: email.trim().toLowerCase() });
    if (!user || !(await this.store.desk.revokeStaff(user.id))) throw notFound('desk staff member');
    await this.audit(actor, 'desk.staff.revoke', user.email, {});
  }

  /** Every grant with the user's email and organization slug (no access check: the caller decides). */
  async listStaff(): Promise<(DeskStaffGrant & { email: string; orgSlug: string })[]> {
    const [grants, users, orgs] = await Promise.all([this.store.desk.listStaff(), this.store.identity.listUsers(), this.store.identity.listOrganizations()]);
    const u = new Map(users.map((x) => [x.id, x]));
    const o = new Map(orgs.map((x) => [x.id, x.slug]));
    return grants.map((g) => ({ ...g, email: u.get(g.userId)?.email ?? '?', orgSlug: o.get(u.get(g.userId)?.orgId ?? '') ?? '?' }));
  }

  async recipients(p: Principal): Promise<DeskRecipient[]> {
    this.operator(p);
    return this.store.desk.listRecipients();
  }

  async putRecipient(p: Principal, slug: string, input: unknown): Promise<DeskRecipient> {
    this.operator(p);
    const errors: DeskFieldError[] = [];
    try {
      checkSlug('recipient', slug);
    } catch (e) {
      if (!(e instanceof IdentityInputError)) throw e;
      errors.push({ property: 'slug', message: e.message });
    }
    if (!isObj(input)) throw invalid('The recipient must be a JSON object.', [{ property: '', message: 'must be {name, kind, description, communities, organizations, tlp, technique_only}' }]);
    const keys = ['name', 'kind', 'description', 'communities', 'organizations', 'tlp', 'technique_only'];
    for (const k of Object.keys(input)) if (!keys.includes(k)) errors.push({ property: k, message: 'is not a property of a recipient' });
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > 200) errors.push({ property: 'name', message: 'is required: 1 to 200 characters' });
    if (!RECIPIENT_KINDS.includes(input.kind as DeskRecipient['kind'])) errors.push({ property: 'kind', message: `must be one of ${RECIPIENT_KINDS.join(', ')}` });
    const description = input.description === undefined ? '' : input.description;
    if (typeof description !== 'string' || description.length > 2000) errors.push({ property: 'description', message: 'must be text of at most 2000 characters' });
    const tlp = (input.tlp ?? 'amber') as DeskRecipient['tlp'];
    if (!RECIPIENT_TLPS.includes(tlp)) errors.push({ property: 'tlp', message: `must be one of ${RECIPIENT_TLPS.join(', ')}` });
    if (input.technique_only !== undefined && typeof input.technique_only !== 'boolean') errors.push({ property: 'technique_only', message: 'must be true or false' });
    const resolve = async (prop: 'communities' | 'organizations'): Promise<string[]> => {
      const v = input[prop] ?? [];
      if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
        errors.push({ property: prop, message: 'must be a list of slugs' });
        return [];
      }
      const ids: string[] = [];
      for (const s of v as string[]) {
        const found = prop === 'communities' ? await this.store.identity.getCommunity({ slug: s }) : await this.store.identity.getOrganization({ slug: s });
        if (found) ids.push(found.id);
        else errors.push({ property: prop, message: `no ${prop === 'communities' ? 'community' : 'organization'} '${s.slice(0, 80)}'` });
      }
      return [...new Set(ids)];
    };
    const communityIds = await resolve('communities');
    const orgIds = await resolve('organizations');
    if (communityIds.length + orgIds.length === 0 && !errors.some((e) => e.property === 'communities' || e.property === 'organizations')) {
      errors.push({ property: 'communities', message: 'name at least one community or organization' });
    }
    // the envelope's TLP bounds (DESIGN.md): green reaches communities, amber+strict organizations only
    if (tlp === 'amber+strict' && communityIds.length > 0) errors.push({ property: 'tlp', message: 'amber+strict reaches organizations only; remove the communities or choose amber' });
    if (tlp === 'green' && orgIds.length > 0) errors.push({ property: 'tlp', message: 'green reaches communities, not named organizations; choose amber' });
    if (errors.length > 0) throw invalid('The recipient is invalid; nothing was changed.', errors);
    const r: DeskRecipient = {
      slug, name, kind: input.kind as DeskRecipient['kind'], description: description as string, communityIds, orgIds, tlp,
      techniqueOnly: input.technique_only === true, updatedAt: this.now().toISOString(),
    };
    await this.audit(p, 'desk.recipient.put', slug, { kind: r.kind, communities: input.communities ?? [], organizations: input.organizations ?? [], tlp, technique_only: r.techniqueOnly });
    await this.store.desk.putRecipient(r);
    return r;
  }

  async deleteRecipient(p: Principal, slug: string): Promise<void> {
    this.operator(p);
    if (!(await this.store.desk.deleteRecipient(slug))) throw notFound('recipient');
    await this.audit(p, 'desk.recipient.delete', slug, {});
  }

  async rules(p: Principal): Promise<SanitizerRules> {
    this.operator(p);
    return currentRules(this.store);
  }

  async putRules(p: Principal, input: unknown): Promise<SanitizerRules> {
    this.operator(p);
    const parsed = parseRules(input);
    if (!parsed.ok) throw invalid('The rules are invalid; nothing was changed.', parsed.errors);
    await this.audit(p, 'desk.sanitizer.rules', 'sanitizer', { rules: parsed.rules });
    await this.store.desk.putSetting(RULES_SETTING, JSON.stringify(parsed.rules), this.now().toISOString());
    return parsed.rules;
  }

  async profile(p: Principal): Promise<DeskProfile> {
    return (await this.store.desk.getProfile(p.org.id)) ?? EMPTY_PROFILE;
  }

  async putProfile(p: Principal, input: unknown): Promise<DeskProfile> {
    if (!canEditDeskProfile(p, p.org.id)) throw forbidden('Only your organization\'s admins (and the hub operators) change its sanitizer profile.');
    const read = readProfile(input);
    if (!read.ok) throw invalid('The profile is invalid; nothing was changed.', read.errors);
    await this.store.desk.putProfile(p.org.id, read.profile, this.now().toISOString());
    await this.audit(p, 'desk.profile', p.org.slug, { names: read.profile.names.length, products: read.profile.products.length, domains: read.profile.domains.length, people: read.profile.people.length });
    return read.profile;
  }
}
