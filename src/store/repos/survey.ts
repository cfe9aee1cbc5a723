/**
 * Surveys (migration 0010): the operator's surveys, the organizations each was sent to and
 * their responses; one Kysely implementation for both backends, no transactions (see
 * repos/posture.ts). `send` checks the survey is a draft, inserts the targets, then flips the
 * status, so a crash between the two leaves a draft (with targets nobody reads) rather than
 * an open survey without targets; a retried send inserts the same targets again, ignoring
 * duplicates.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { insertOrConflict } from '../errors.js';
import type { Survey, SurveyRepository, SurveyResponse } from '../posture-types.js';

export interface SurveysTable {
  id: string; title: string; message: string | null; questionnaire_id: string; questionnaire_version: number;
  audience: string; status: string; closes_on: string; created_by: string; created_at: string;
  sent_at: string | null; closed_at: string | null;
}
export interface SurveyTargetsTable { survey_id: string; org_id: string }
export interface SurveyResponsesTable {
  survey_id: string; org_id: string; status: string; answers: string; result: string | null;
  updated_at: string; submitted_at: string | null; submitted_by: string | null;
}

declare module '../schema.js' {
  interface Database {
    surveys: SurveysTable;
    survey_targets: SurveyTargetsTable;
    survey_responses: SurveyResponsesTable;
  }
}

const toSurvey = (r: Selectable<SurveysTable>): Survey => ({
  id: r.id, title: r.title, message: r.message, questionnaireId: r.questionnaire_id,
  questionnaireVersion: Number(r.questionnaire_version), audience: r.audience, status: r.status as Survey['status'],
  closesOn: r.closes_on, createdBy: r.created_by, createdAt: r.created_at, sentAt: r.sent_at, closedAt: r.closed_at,
});

const toResponse = (r: Selectable<SurveyResponsesTable>): SurveyResponse => ({
  surveyId: r.survey_id, orgId: r.org_id, status: r.status as SurveyResponse['status'], answers: r.answers,
  result: r.result, updatedAt: r.updated_at, submittedAt: r.submitted_at, submittedBy: r.submitted_by,
});

const TARGET_CHUNK = 500;

export function createSurveyRepository(db: Kysely<Database>): SurveyRepository {
  return {
    async create(s) {
      const row = {
        id: s.id, title: s.title, message: s.message, questionnaire_id: s.questionnaireId, questionnaire_version: s.questionnaireVersion,
        audience: s.audience, status: s.status, closes_on: s.closesOn, created_by: s.createdBy, created_at: s.createdAt,
        sent_at: s.sentAt, closed_at: s.closedAt,
      };
      await insertOrConflict('survey', row, () => db.insertInto('surveys').values(row).execute());
    },
    async get(id) {
      const r = await db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toSurvey(r);
    },
    async list() {
      const rows = await db.selectFrom('surveys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toSurvey);
    },
    async listForOrg(orgId) {
      const rows = await db.selectFrom('surveys').innerJoin('survey_targets', 'survey_targets.survey_id', 'surveys.id')
        .selectAll('surveys').where('survey_targets.org_id', '=', orgId).where('surveys.status', '!=', 'draft')
        .orderBy('surveys.created_at', 'desc').orderBy('surveys.id', 'desc').execute();
      return rows.map(toSurvey);
    },
    async send(id, orgIds, at) {
      const current = await db.selectFrom('surveys').select('status').where('id', '=', id).executeTakeFirst();
      if (current?.status !== 'draft') return false;
      for (let i = 0; i < orgIds.length; i += TARGET_CHUNK) {
        const chunk = orgIds.slice(i, i + TARGET_CHUNK).map((org_id) => ({ survey_id: id, org_id }));
        await db.insertInto('survey_targets').values(chunk).onConflict((oc) => oc.columns(['survey_id', 'org_id']).doNothing()).execute();
      }
      const r = await db.updateTable('surveys').set({ status: 'open', sent_at: at }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async close(id, at) {
      const r = await db.updateTable('surveys').set({ status: 'closed', closed_at: at }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async targets(id) {
      const rows = await db.selectFrom('survey_targets').select('org_id').where('survey_id', '=', id).orderBy('org_id').execute();
      return rows.map((r) => r.org_id);
    },
    async isTarget(id, orgId) {
      const r = await db.selectFrom('survey_targets').select('org_id').where('survey_id', '=', id).where('org_id', '=', orgId).executeTakeFirst();
      return r !== undefined;
    },
    async counts(ids) {
      const out = new Map<string, { targets: number; responses: number }>(ids.map((id) => [id, { targets: 0, responses: 0 }]));
      if (ids.length === 0) return out;
      const t = await db.selectFrom('survey_targets').select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('survey_id', 'in', ids).groupBy('survey_id').execute();
      for (const r of t) out.get(r.survey_id)!.targets = Number(r.n);
      const s = await db.selectFrom('survey_responses').select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('survey_id', 'in', ids).where('status', '=', 'submitted').groupBy('survey_id').execute();
      for (const r of s) out.get(r.survey_id)!.responses = Number(r.n);
      return out;
    },
    async getResponse(surveyId, orgId) {
      const r = await db.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).where('org_id', '=', orgId).executeTakeFirst();
      return r && toResponse(r);
    },
    async saveDraft(surveyId, orgId, answers, at) {
      const r = await db.insertInto('survey_responses')
        .values({ survey_id: surveyId, org_id: orgId, status: 'draft', answers, result: null, updated_at: at, submitted_at: null, submitted_by: null })
        .onConflict((oc) => oc.columns(['survey_id', 'org_id']).doUpdateSet({ answers, updated_at: at }).where('survey_responses.status', '=', 'draft'))
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async submitResponse(surveyId, orgId, s) {
      const r = await db.updateTable('survey_responses')
        .set({ status: 'submitted', answers: s.answers, result: s.result, submitted_by: s.by, submitted_at: s.at, updated_at: s.at })
        .where('survey_id', '=', surveyId).where('org_id', '=', orgId).where('status', '=', 'draft').executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async submittedResponses(surveyId) {
      const rows = await db.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).where('status', '=', 'submitted')
        .orderBy('org_id').execute();
      return rows.map(toResponse);
    },
  };
}
