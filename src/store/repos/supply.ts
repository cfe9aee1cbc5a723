/**
 * Supplier assessments (migration 0011): one Kysely implementation for both backends. Like the
 * other Kysely repositories it never opens a transaction (see sqlite/open.ts): each method is one
 * statement, or statements ordered so that a crash between them is harmless (replaceShares
 * deletes before it inserts: an interruption leaves the sharing narrower, never wider).
 *
 * The tables' row shapes are added to `Database` here (declaration merging), so that the schema
 * of supplier assessments lives with its repository.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { insertOrConflict, uniqueViolationColumn } from '../errors.js';
import { ConflictError } from '../types.js';
import type { SupplyAssessment, SupplyEvidence, SupplyRepository, SupplyRequest, SupplyShare } from '../supply-types.js';

export interface SupplyRequestsTable {
  id: string;
  buyer_org_id: string;
  supplier_email: string;
  supplier_org_id: string | null;
  questionnaire_id: string;
  level: string;
  due_date: string;
  tier: number;
  relationship: string | null;
  message: string | null;
  status: string;
  decline_reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface SupplyAssessmentsTable {
  id: string;
  supplier_org_id: string;
  questionnaire_id: string;
  questionnaire_version: number;
  level: string;
  request_id: string | null;
  status: string;
  /** JSON object */
  answers: string;
  /** JSON object */
  confirmation: string | null;
  level_reached: string | null;
  /** JSON object */
  result: string | null;
  created_by: string;
  submitted_by: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  expires_at: string | null;
}

export interface SupplySharesTable {
  assessment_id: string;
  audience: string;
  created_by: string;
  created_at: string;
}

export interface SupplyEvidenceTable {
  attachment_id: string;
  assessment_id: string;
  question_id: string | null;
  kind: string;
}

export interface SupplyNoticesTable {
  key: string;
  kind: string;
  recipient: string;
  sent_at: string;
}

declare module '../schema.js' {
  interface Database {
    supply_requests: SupplyRequestsTable;
    supply_assessments: SupplyAssessmentsTable;
    supply_shares: SupplySharesTable;
    supply_evidence: SupplyEvidenceTable;
    supply_notices: SupplyNoticesTable;
  }
}

const toRequest = (r: Selectable<SupplyRequestsTable>): SupplyRequest => ({
  id: r.id,
  buyerOrgId: r.buyer_org_id,
  supplierEmail: r.supplier_email,
  supplierOrgId: r.supplier_org_id,
  questionnaireId: r.questionnaire_id,
  level: r.level,
  dueDate: r.due_date,
  tier: Number(r.tier),
  relationship: r.relationship,
  message: r.message,
  status: r.status as SupplyRequest['status'],
  declineReason: r.decline_reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const parseObject = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

const toAssessment = (r: Selectable<SupplyAssessmentsTable>): SupplyAssessment => ({
  id: r.id,
  supplierOrgId: r.supplier_org_id,
  questionnaireId: r.questionnaire_id,
  questionnaireVersion: Number(r.questionnaire_version),
  level: r.level,
  requestId: r.request_id,
  status: r.status as SupplyAssessment['status'],
  answers: parseObject<Record<string, string>>(r.answers) ?? {},
  confirmation: parseObject<Record<string, unknown>>(r.confirmation),
  levelReached: r.level_reached,
  result: parseObject<Record<string, unknown>>(r.result),
  createdBy: r.created_by,
  submittedBy: r.submitted_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  submittedAt: r.submitted_at,
  expiresAt: r.expires_at,
});

const toShare = (r: Selectable<SupplySharesTable>): SupplyShare => ({
  assessmentId: r.assessment_id, audience: r.audience, createdBy: r.created_by, createdAt: r.created_at,
});

const toEvidence = (r: Selectable<SupplyEvidenceTable>): SupplyEvidence => ({
  attachmentId: r.attachment_id, assessmentId: r.assessment_id, questionId: r.question_id, kind: r.kind,
});

export function createSupplyRepository(db: Kysely<Database>): SupplyRepository {
  return {
    async addRequest(r) {
      const row: SupplyRequestsTable = {
        id: r.id,
        buyer_org_id: r.buyerOrgId,
        supplier_email: r.supplierEmail,
        supplier_org_id: r.supplierOrgId,
        questionnaire_id: r.questionnaireId,
        level: r.level,
        due_date: r.dueDate,
        tier: r.tier,
        relationship: r.relationship,
        message: r.message,
        status: r.status,
        decline_reason: r.declineReason,
        created_by: r.createdBy,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      };
      try {
        await db.insertInto('supply_requests').values(row).execute();
      } catch (err) {
        const column = uniqueViolationColumn(err);
        if (column === undefined) throw err;
        // the partial index on (buyer, email) where open, or a duplicate id
        throw new ConflictError(column === 'id' ? `supply request "${r.id}" already exists` : `an open request to ${r.supplierEmail} already exists`);
      }
    },
    async getRequest(id) {
      const r = await db.selectFrom('supply_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toRequest(r);
    },
    async listRequestsByBuyer(buyerOrgId) {
      const rows = await db.selectFrom('supply_requests').selectAll().where('buyer_org_id', '=', buyerOrgId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toRequest);
    },
    async listRequestsBySupplier(supplierOrgId) {
      const rows = await db.selectFrom('supply_requests').selectAll().where('supplier_org_id', '=', supplierOrgId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toRequest);
    },
    async listOpenRequests() {
      const rows = await db.selectFrom('supply_requests').selectAll().where('status', '=', 'open')
        .orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toRequest);
    },
    async attachRequests(email, supplierOrgId, at) {
      const r = await db.updateTable('supply_requests').set({ supplier_org_id: supplierOrgId, updated_at: at })
        .where('supplier_email', '=', email).where('supplier_org_id', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async closeRequest(id, status, reason, at) {
      const r = await db.updateTable('supply_requests').set({ status, decline_reason: reason, updated_at: at })
        .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async customersOf(supplierOrgId) {
      const rows = await db.selectFrom('supply_requests').select('buyer_org_id').distinct()
        .where('supplier_org_id', '=', supplierOrgId).where('status', '=', 'open').orderBy('buyer_org_id').execute();
      return rows.map((r) => r.buyer_org_id);
    },

    async addAssessment(a) {
      const row: SupplyAssessmentsTable = {
        id: a.id,
        supplier_org_id: a.supplierOrgId,
        questionnaire_id: a.questionnaireId,
        questionnaire_version: a.questionnaireVersion,
        level: a.level,
        request_id: a.requestId,
        status: a.status,
        answers: JSON.stringify(a.answers),
        confirmation: a.confirmation === null ? null : JSON.stringify(a.confirmation),
        level_reached: a.levelReached,
        result: a.result === null ? null : JSON.stringify(a.result),
        created_by: a.createdBy,
        submitted_by: a.submittedBy,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
        submitted_at: a.submittedAt,
        expires_at: a.expiresAt,
      };
      await insertOrConflict('supply assessment', row as unknown as Record<string, unknown>, () => db.insertInto('supply_assessments').values(row).execute());
    },
    async getAssessment(id) {
      const r = await db.selectFrom('supply_assessments').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAssessment(r);
    },
    async listAssessments(supplierOrgId) {
      const rows = await db.selectFrom('supply_assessments').selectAll().where('supplier_org_id', '=', supplierOrgId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toAssessment);
    },
    async draftForRequest(requestId) {
      const r = await db.selectFrom('supply_assessments').selectAll().where('request_id', '=', requestId).where('status', '=', 'draft')
        .orderBy('created_at', 'desc').executeTakeFirst();
      return r && toAssessment(r);
    },
    async listSubmitted(supplierOrgIds) {
      if (supplierOrgIds.length === 0) return [];
      const rows = await db.selectFrom('supply_assessments').selectAll().where('supplier_org_id', 'in', supplierOrgIds).where('status', '=', 'submitted')
        .orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toAssessment);
    },
    async listExpiring(after, before) {
      const rows = await db.selectFrom('supply_assessments').selectAll().where('status', '=', 'submitted')
        .where('expires_at', '>', after).where('expires_at', '<=', before).orderBy('expires_at').orderBy('id').execute();
      return rows.map(toAssessment);
    },
    async updateDraft(id, change) {
      const set: Partial<SupplyAssessmentsTable> = { updated_at: change.updatedAt };
      if (change.answers !== undefined) set.answers = JSON.stringify(change.answers);
      if (change.confirmation !== undefined) set.confirmation = change.confirmation === null ? null : JSON.stringify(change.confirmation);
      const r = await db.updateTable('supply_assessments').set(set).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async submit(id, s) {
      const r = await db.updateTable('supply_assessments').set({
        status: 'submitted',
        level_reached: s.levelReached,
        result: JSON.stringify(s.result),
        submitted_by: s.submittedBy,
        submitted_at: s.submittedAt,
        updated_at: s.submittedAt,
        expires_at: s.expiresAt,
      }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async listShares(assessmentId) {
      const rows = await db.selectFrom('supply_shares').selectAll().where('assessment_id', '=', assessmentId).orderBy('audience').execute();
      return rows.map(toShare);
    },
    async sharesOf(assessmentIds) {
      if (assessmentIds.length === 0) return [];
      const rows = await db.selectFrom('supply_shares').selectAll().where('assessment_id', 'in', assessmentIds)
        .orderBy('assessment_id').orderBy('audience').execute();
      return rows.map(toShare);
    },
    async replaceShares(assessmentId, audiences, by, at) {
      const wanted = [...new Set(audiences)];
      let removal = db.deleteFrom('supply_shares').where('assessment_id', '=', assessmentId);
      if (wanted.length > 0) removal = removal.where('audience', 'not in', wanted);
      await removal.execute();
      if (wanted.length === 0) return;
      await db.insertInto('supply_shares')
        .values(wanted.map((audience) => ({ assessment_id: assessmentId, audience, created_by: by, created_at: at })))
        .onConflict((oc) => oc.columns(['assessment_id', 'audience']).doNothing())
        .execute();
    },

    async addEvidence(e) {
      const row: SupplyEvidenceTable = { attachment_id: e.attachmentId, assessment_id: e.assessmentId, question_id: e.questionId, kind: e.kind };
      await insertOrConflict('evidence', row as unknown as Record<string, unknown>, () => db.insertInto('supply_evidence').values(row).execute());
    },
    async listEvidence(assessmentId) {
      const rows = await db.selectFrom('supply_evidence').selectAll().where('assessment_id', '=', assessmentId).orderBy('attachment_id').execute();
      return rows.map(toEvidence);
    },
    async deleteEvidence(attachmentId) {
      const r = await db.deleteFrom('supply_evidence').where('attachment_id', '=', attachmentId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async claimNotice(key, kind, recipient, at) {
      const r = await db.insertInto('supply_notices').values({ key, kind, recipient, sent_at: at })
        .onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async releaseNotice(key) {
      await db.deleteFrom('supply_notices').where('key', '=', key).execute();
    },
    async listNotices(prefix) {
      // a small table (one row per email sent); LIKE escaping differs between the backends
      const rows = await db.selectFrom('supply_notices').selectAll().orderBy('key').execute();
      return rows.filter((r) => prefix === undefined || r.key.startsWith(prefix))
        .map((r) => ({ key: r.key, kind: r.kind, recipient: r.recipient, sentAt: r.sent_at }));
    },
  };
}
