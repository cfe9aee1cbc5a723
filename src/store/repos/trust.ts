/**
 * Facility approvals, clearance grants, terms and the audit log: one Kysely
 * implementation for both backends. Like repos/identity.ts it never opens a transaction
 * (see sqlite/open.ts); each method is a single statement.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  AuditEntry, ClearanceGrant, ClearanceLevel, FacilityApproval, Terms, TrustRepository,
} from '../types.js';
import type { AuditLogTable, ClearanceGrantsTable, Database, FacilityApprovalsTable, TermsTable } from '../schema.js';
import { insertOrConflict } from '../errors.js';

const toApproval = (r: Selectable<FacilityApprovalsTable>): FacilityApproval => ({
  orgId: r.org_id,
  approvedUntil: r.approved_until,
  approvedAt: r.approved_at,
  approvedByUserId: r.approved_by_user_id,
  revokedAt: r.revoked_at,
});

const toGrant = (r: Selectable<ClearanceGrantsTable>): ClearanceGrant => ({
  id: r.id,
  userId: r.user_id,
  level: Number(r.level) as ClearanceLevel,
  validUntil: r.valid_until,
  issuerOrgId: r.issuer_org_id,
  grantedAt: r.granted_at,
  grantedByUserId: r.granted_by_user_id,
  revokedAt: r.revoked_at,
});

const toTerms = (r: Selectable<TermsTable>): Terms => ({
  slug: r.slug,
  title: r.title,
  body: r.body,
  sha256: r.sha256,
  createdAt: r.created_at,
});

function parseDetails(text: string): Record<string, unknown> {
  const v: unknown = JSON.parse(text);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
}

const toAudit = (r: Selectable<AuditLogTable>): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  actorUserId: r.actor_user_id,
  action: r.action,
  subject: r.subject,
  details: parseDetails(r.details),
});

export function createTrustRepository(db: Kysely<Database>): TrustRepository {
  return {
    async approveOrg(a) {
      const row = {
        org_id: a.orgId,
        approved_until: a.approvedUntil,
        approved_at: a.approvedAt,
        approved_by_user_id: a.approvedByUserId,
        revoked_at: null,
      };
      await db
        .insertInto('facility_approvals')
        .values(row)
        .onConflict((oc) =>
          oc.column('org_id').doUpdateSet({
            approved_until: row.approved_until,
            approved_at: row.approved_at,
            approved_by_user_id: row.approved_by_user_id,
            revoked_at: null,
          }),
        )
        .execute();
    },
    async revokeOrg(orgId, at) {
      const r = await db
        .updateTable('facility_approvals')
        .set({ revoked_at: at })
        .where('org_id', '=', orgId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async getApproval(orgId) {
      const r = await db.selectFrom('facility_approvals').selectAll().where('org_id', '=', orgId).executeTakeFirst();
      return r && toApproval(r);
    },
    async listApprovals() {
      return (await db.selectFrom('facility_approvals').selectAll().orderBy('org_id').execute()).map(toApproval);
    },

    async grant(g) {
      const row = {
        id: g.id,
        user_id: g.userId,
        level: g.level,
        valid_until: g.validUntil,
        issuer_org_id: g.issuerOrgId,
        granted_at: g.grantedAt,
        granted_by_user_id: g.grantedByUserId,
        revoked_at: null,
      };
      await insertOrConflict('clearance grant', row, () => db.insertInto('clearance_grants').values(row).execute());
    },
    async revokeGrants(userId, at) {
      const r = await db
        .updateTable('clearance_grants')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async activeGrants(userId) {
      const rows = await db
        .selectFrom('clearance_grants')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('level', 'desc')
        .orderBy('valid_until', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toGrant);
    },

    async addTerms(t) {
      const row = { slug: t.slug, title: t.title, body: t.body, sha256: t.sha256, created_at: t.createdAt };
      await insertOrConflict('terms', row, () => db.insertInto('terms').values(row).execute());
    },
    async getTerms(slug) {
      const r = await db.selectFrom('terms').selectAll().where('slug', '=', slug).executeTakeFirst();
      return r && toTerms(r);
    },
    async listTerms() {
      return (await db.selectFrom('terms').selectAll().orderBy('slug').execute()).map(toTerms);
    },
    async acceptTerms(userId, slug, at) {
      const r = await db
        .insertInto('terms_acceptances')
        .values({ user_id: userId, terms_slug: slug, accepted_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'terms_slug']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async acceptedTerms(userId) {
      const rows = await db
        .selectFrom('terms_acceptances')
        .select(['terms_slug', 'accepted_at'])
        .where('user_id', '=', userId)
        .orderBy('terms_slug')
        .execute();
      return rows.map((r) => ({ slug: r.terms_slug, acceptedAt: r.accepted_at }));
    },

    async appendAudit(e) {
      const row = {
        at: e.at,
        actor: e.actor,
        actor_user_id: e.actorUserId,
        action: e.action,
        subject: e.subject,
        details: JSON.stringify(e.details),
      };
      const r = await db.insertInto('audit_log').values(row).returning('seq').executeTakeFirstOrThrow();
      return { ...e, seq: Number(r.seq), details: parseDetails(row.details) };
    },
    async listAudit(q) {
      let query = db.selectFrom('audit_log').selectAll();
      if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
      const rows = await query
        .orderBy('seq', q.latest ? 'desc' : 'asc')
        .limit(q.limit)
        .execute();
      if (q.latest) rows.reverse();
      return rows.map(toAudit);
    },
  };
}
