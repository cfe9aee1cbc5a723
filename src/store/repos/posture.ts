/**
 * Organization posture (migration 0010): profiles, declarations, self-assessments and the
 * monthly board-report claims; one Kysely implementation for both backends. Like the other
 * Kysely repositories it never opens a transaction (see sqlite/open.ts): each method is one
 * statement, and state changes are conditional updates (`where status = 'draft'`), so of two
 * concurrent submissions exactly one succeeds.
 *
 * The tables' row shapes are added to `Database` here (declaration merging), so that the
 * schema of posture lives with its repository.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { insertOrConflict, uniqueViolationColumn } from '../errors.js';
import { ConflictError } from '../types.js';
import type { PostureAssessment, PostureDeclaration, PostureProfileRow, PostureRepository } from '../posture-types.js';

export interface PostureProfilesTable { org_id: string; profile: string; updated_at: string; updated_by: string }
export interface PostureDeclarationsTable {
  id: string; org_id: string; articles_version: number; signer_name: string; signer_title: string;
  signer_email: string; signer_user_id: string; signed_on: string; note: string | null; created_at: string;
}
export interface PostureAssessmentsTable {
  id: string; org_id: string; questionnaire_id: string; questionnaire_version: number; status: string;
  answers: string; result: string | null; score: number | null; created_by: string; submitted_by: string | null;
  created_at: string; updated_at: string; submitted_at: string | null;
}
export interface BoardReportSendsTable { org_id: string; month: string; claimed_at: string }

declare module '../schema.js' {
  interface Database {
    posture_profiles: PostureProfilesTable;
    posture_declarations: PostureDeclarationsTable;
    posture_assessments: PostureAssessmentsTable;
    board_report_sends: BoardReportSendsTable;
  }
}

const toProfile = (r: Selectable<PostureProfilesTable>): PostureProfileRow => ({
  orgId: r.org_id, profile: r.profile, updatedAt: r.updated_at, updatedBy: r.updated_by,
});

const toDeclaration = (r: Selectable<PostureDeclarationsTable>): PostureDeclaration => ({
  id: r.id, orgId: r.org_id, articlesVersion: Number(r.articles_version), signerName: r.signer_name,
  signerTitle: r.signer_title, signerEmail: r.signer_email, signerUserId: r.signer_user_id,
  signedOn: r.signed_on, note: r.note, createdAt: r.created_at,
});

const toAssessment = (r: Selectable<PostureAssessmentsTable>): PostureAssessment => ({
  id: r.id, orgId: r.org_id, questionnaireId: r.questionnaire_id, questionnaireVersion: Number(r.questionnaire_version),
  status: r.status as PostureAssessment['status'], answers: r.answers, result: r.result,
  // one decimal, as scored (a float column may carry binary noise)
  score: r.score === null ? null : Math.round(Number(r.score) * 10) / 10, createdBy: r.created_by, submittedBy: r.submitted_by,
  createdAt: r.created_at, updatedAt: r.updated_at, submittedAt: r.submitted_at,
});

export function createPostureRepository(db: Kysely<Database>): PostureRepository {
  return {
    async getProfile(orgId) {
      const r = await db.selectFrom('posture_profiles').selectAll().where('org_id', '=', orgId).executeTakeFirst();
      return r && toProfile(r);
    },
    async putProfile(p) {
      await db.insertInto('posture_profiles')
        .values({ org_id: p.orgId, profile: p.profile, updated_at: p.updatedAt, updated_by: p.updatedBy })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ profile: p.profile, updated_at: p.updatedAt, updated_by: p.updatedBy }))
        .execute();
    },
    async listProfiles(orgIds) {
      if (orgIds.length === 0) return [];
      const rows = await db.selectFrom('posture_profiles').selectAll().where('org_id', 'in', orgIds).execute();
      return rows.map(toProfile);
    },

    async addDeclaration(d) {
      const row = {
        id: d.id, org_id: d.orgId, articles_version: d.articlesVersion, signer_name: d.signerName, signer_title: d.signerTitle,
        signer_email: d.signerEmail, signer_user_id: d.signerUserId, signed_on: d.signedOn, note: d.note, created_at: d.createdAt,
      };
      await insertOrConflict('declaration', row, () => db.insertInto('posture_declarations').values(row).execute());
    },
    async listDeclarations(orgId) {
      const rows = await db.selectFrom('posture_declarations').selectAll().where('org_id', '=', orgId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toDeclaration);
    },

    async createAssessment(a) {
      const row = {
        id: a.id, org_id: a.orgId, questionnaire_id: a.questionnaireId, questionnaire_version: a.questionnaireVersion,
        status: a.status, answers: a.answers, result: a.result, score: a.score, created_by: a.createdBy,
        submitted_by: a.submittedBy, created_at: a.createdAt, updated_at: a.updatedAt, submitted_at: a.submittedAt,
      };
      try {
        await db.insertInto('posture_assessments').values(row).execute();
      } catch (err) {
        const column = uniqueViolationColumn(err);
        if (column === undefined) throw err;
        if (column === 'id') throw new ConflictError(`assessment id "${a.id}" already exists`);
        throw new ConflictError(`a draft of ${a.questionnaireId} already exists`);
      }
    },
    async getAssessment(id) {
      const r = await db.selectFrom('posture_assessments').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAssessment(r);
    },
    async listAssessments(orgId, questionnaireId) {
      let q = db.selectFrom('posture_assessments').selectAll().where('org_id', '=', orgId);
      if (questionnaireId !== undefined) q = q.where('questionnaire_id', '=', questionnaireId);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toAssessment);
    },
    async updateDraft(id, answers, at) {
      const r = await db.updateTable('posture_assessments').set({ answers, updated_at: at })
        .where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async submitAssessment(id, s) {
      const r = await db.updateTable('posture_assessments')
        .set({ status: 'submitted', answers: s.answers, result: s.result, score: s.score, submitted_by: s.by, submitted_at: s.at, updated_at: s.at })
        .where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteDraft(id) {
      const r = await db.deleteFrom('posture_assessments').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async latestSubmitted(questionnaireId, version) {
      const rows = await db.selectFrom('posture_assessments').selectAll()
        .where('questionnaire_id', '=', questionnaireId).where('questionnaire_version', '=', version).where('status', '=', 'submitted')
        .orderBy('org_id').orderBy('submitted_at', 'desc').orderBy('id', 'desc').execute();
      const seen = new Set<string>();
      const out: PostureAssessment[] = [];
      for (const r of rows) {
        if (seen.has(r.org_id)) continue;
        seen.add(r.org_id);
        out.push(toAssessment(r));
      }
      return out;
    },

    async claimBoardReport(orgId, month, at) {
      const r = await db.insertInto('board_report_sends').values({ org_id: orgId, month, claimed_at: at })
        .onConflict((oc) => oc.columns(['org_id', 'month']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async releaseBoardReport(orgId, month) {
      await db.deleteFrom('board_report_sends').where('org_id', '=', orgId).where('month', '=', month).execute();
    },
  };
}
