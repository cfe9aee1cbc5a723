/**
 * Clearance and terms administration (DESIGN.md "Actors"): the organization's facility
 * approval, the person's clearance grant, terms and their acceptance, and the audit log of
 * every change of either half and of every operator look at an anonymous provider.
 *
 * `trustOf` turns what the store holds into the policy's `UserTrust`. It is read per request,
 * so a revocation is absent from the next viewer built; expiry is also re-checked by the
 * policy against its own `now` on every decision, so an expiring grant stops access at once.
 *
 * The store has no transaction spanning a change and its audit entry, so the order is chosen
 * to fail safe: what widens access (a grant, an approval) is audited before it is written, so
 * no grant can exist without its entry; what narrows it (a revocation) is audited after, once
 * it is known that something was revoked, so a failing audit never keeps access alive.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { UserTrust } from '../policy/viewer.js';
import type {
  AuditEntry, ClearanceGrant, ClearanceLevel, FacilityApproval, Store, Terms, User,
} from '../store/types.js';
import { IdentityService } from './service.js';
import { IdentityInputError, checkName, checkSlug } from './validation.js';

/** Who acts, as the audit log records it. */
export interface AuditActor {
  /** 'cli' for the command line, else the acting user's email */
  name: string;
  userId: string | null;
}

export const CLI_ACTOR: AuditActor = Object.freeze({ name: 'cli', userId: null });

export function userActor(user: User): AuditActor {
  return { name: user.email, userId: user.id };
}

/** Largest terms text accepted, in UTF-8 bytes. */
export const MAX_TERMS_BYTES = 1024 * 1024;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `YYYY-MM-DD` as the end of that day UTC (`YYYY-MM-DDT23:59:59.999Z`): "until 2026-12-31"
 * means valid through the whole of that day. Throws for a malformed or impossible date.
 */
export function endOfDayUtc(date: string): string {
  const m = DATE.exec(date.trim());
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (!m || Number.isNaN(t.getTime()) || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
    throw new IdentityInputError(`'${date}' is not a date: use YYYY-MM-DD`);
  }
  return `${m[0]}T23:59:59.999Z`;
}

export function checkLevel(level: number | string): ClearanceLevel {
  const n = typeof level === 'number' ? level : /^\s*[0-9]+\s*$/.test(level) ? Number(level) : NaN;
  if (n !== 1 && n !== 2 && n !== 3) throw new IdentityInputError(`clearance level '${level}' is not 1, 2 or 3`);
  return n;
}

const after = (iso: string, now: Date): boolean => {
  const t = Date.parse(iso);
  return !Number.isNaN(t) && t > now.getTime();
};

export class TrustService {
  private readonly identity: IdentityService;

  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {
    this.identity = new IdentityService(store, now);
  }

  /** Approve (or renew) the organization as a handler of classified information through `untilDate`. */
  async approveOrg(orgSlug: string, untilDate: string, actor: AuditActor): Promise<FacilityApproval> {
    const org = await this.identity.requireOrganization(orgSlug);
    const until = this.futureEndOfDay(untilDate, 'facility approval');
    const previous = await this.store.trust.getApproval(org.id);
    const approval: FacilityApproval = {
      orgId: org.id,
      approvedUntil: until,
      approvedAt: this.now().toISOString(),
      approvedByUserId: actor.userId,
      revokedAt: null,
    };
    const renewed = previous && previous.revokedAt === null ? { previousUntil: previous.approvedUntil } : {};
    await this.audit(actor, 'facility.approve', org.slug, { until, ...renewed });
    await this.store.trust.approveOrg(approval);
    return approval;
  }

  /** False (and nothing audited) when the organization had no live approval. */
  async revokeOrg(orgSlug: string, actor: AuditActor): Promise<boolean> {
    const org = await this.identity.requireOrganization(orgSlug);
    const revoked = await this.store.trust.revokeOrg(org.id, this.now().toISOString());
    if (revoked) await this.audit(actor, 'facility.revoke', org.slug, {});
    return revoked;
  }

  async grant(
    email: string,
    level: number,
    untilDate: string,
    issuerOrgSlug: string | null | undefined,
    actor: AuditActor,
  ): Promise<ClearanceGrant> {
    const user = await this.identity.requireUser(email);
    const lvl = checkLevel(level);
    const until = this.futureEndOfDay(untilDate, 'clearance grant');
    const issuer = issuerOrgSlug ? await this.identity.requireOrganization(issuerOrgSlug) : null;
    const grant: ClearanceGrant = {
      id: randomUUID(),
      userId: user.id,
      level: lvl,
      validUntil: until,
      issuerOrgId: issuer?.id ?? null,
      grantedAt: this.now().toISOString(),
      grantedByUserId: actor.userId,
      revokedAt: null,
    };
    await this.audit(actor, 'clearance.grant', user.email, { level: lvl, until, issuer: issuer?.slug ?? null, grant: grant.id });
    await this.store.trust.grant(grant);
    return grant;
  }

  /** Revokes every live grant of the user; returns how many (0: nothing audited). */
  async revoke(email: string, actor: AuditActor): Promise<number> {
    const user = await this.identity.requireUser(email);
    const count = await this.store.trust.revokeGrants(user.id, this.now().toISOString());
    if (count > 0) await this.audit(actor, 'clearance.revoke', user.email, { count });
    return count;
  }

  /** Terms are immutable once added (a duplicate slug is a ConflictError): publish new terms under a new slug. */
  async addTerms(slug: string, title: string, body: string): Promise<Terms> {
    if (body.trim() === '') throw new IdentityInputError('terms text is empty');
    if (Buffer.byteLength(body, 'utf8') > MAX_TERMS_BYTES) throw new IdentityInputError(`terms text is larger than ${MAX_TERMS_BYTES} bytes`);
    const terms: Terms = {
      slug: checkSlug('terms', slug),
      title: checkName('terms title', title),
      body,
      sha256: createHash('sha256').update(body, 'utf8').digest('hex'),
      createdAt: this.now().toISOString(),
    };
    await this.store.trust.addTerms(terms);
    return terms;
  }

  /** Idempotent; true when newly accepted. */
  async acceptTerms(email: string, slug: string): Promise<boolean> {
    const user = await this.identity.requireUser(email);
    const terms = await this.store.trust.getTerms(slug);
    if (!terms) throw new IdentityInputError(`no terms '${slug}'`);
    return this.store.trust.acceptTerms(user.id, terms.slug, this.now().toISOString());
  }

  /**
   * The user's trust for the policy: the highest-level grant not revoked whose validity has
   * not ended (a tie goes to the latest end); the organization's approval end unless revoked
   * (its expiry is the policy's to check); the slugs of the accepted terms.
   */
  async trustOf(user: User): Promise<UserTrust> {
    const [clearance, approval, accepted] = await Promise.all([
      this.clearanceOf(user),
      this.store.trust.getApproval(user.orgId),
      this.store.trust.acceptedTerms(user.id),
    ]);
    return {
      clearance,
      orgApprovedUntil: approval && approval.revokedAt === null ? approval.approvedUntil : null,
      acceptedTerms: new Set(accepted.map((a) => a.slug)),
    };
  }

  /** The user's clearance (the personal half): its best grant still valid now, as trustOf gives it. */
  async clearanceOf(user: User): Promise<UserTrust['clearance']> {
    const now = this.now();
    let best: ClearanceGrant | undefined;
    for (const g of await this.store.trust.activeGrants(user.id)) {
      if (!after(g.validUntil, now)) continue;
      if (!best || g.level > best.level || (g.level === best.level && Date.parse(g.validUntil) > Date.parse(best.validUntil))) best = g;
    }
    return best ? { level: best.level, validUntil: best.validUntil } : null;
  }

  /** Record that `actor` (an operator) looked up who provided an object shared under `attribution: none`. */
  async auditProviderLookup(actor: AuditActor, objectId: string, providerOrgId: string): Promise<AuditEntry> {
    return this.audit(actor, 'provider.lookup', objectId, { providerOrgId });
  }

  /** Record that `actor` (an operator) added a version of another organization's object (mayWrite said `audited`). */
  async auditOperatorWrite(actor: AuditActor, objectId: string, details: Record<string, unknown>): Promise<AuditEntry> {
    return this.audit(actor, 'object.operator-write', objectId, details);
  }

  private futureEndOfDay(date: string, what: string): string {
    const until = endOfDayUtc(date);
    if (!after(until, this.now())) throw new IdentityInputError(`${what} until ${date.trim()} is in the past`);
    return until;
  }

  private audit(actor: AuditActor, action: string, subject: string, details: Record<string, unknown>): Promise<AuditEntry> {
    return this.store.trust.appendAudit({
      at: this.now().toISOString(),
      actor: actor.name,
      actorUserId: actor.userId,
      action,
      subject,
      details,
    });
  }
}
