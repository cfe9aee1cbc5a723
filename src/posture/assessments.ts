/**
 * An organization's self-assessments: start a draft of a questionnaire, answer, submit (frozen
 * with its result), list over time with the trend, and the to-do list from the weakest answers.
 * Access is decided by src/policy/posture-access.ts: what the caller may not read is "not found".
 */
import { randomUUID } from 'node:crypto';
import { getQuestionnaire, scoreAnswers, validateAnswers, type Answers, type Questionnaire, type ScoreResult, type Text } from '../assess/index.js';
import type { Principal } from '../identity/principal.js';
import { canEditPosture, canReadPosture } from '../policy/posture-access.js';
import type { PostureAssessment } from '../store/posture-types.js';
import { ConflictError, type Store } from '../store/types.js';
import { auditPosture } from './audit.js';
import { conflict, forbidden, invalid, notFound } from './errors.js';

export interface QuestionnaireRef { id: string; version: number; kind: Questionnaire['kind']; title: Text }

export interface AssessmentJson {
  id: string;
  questionnaire: QuestionnaireRef;
  status: 'draft' | 'submitted';
  answers?: Answers;
  result: ScoreResult | { score: number; band: ScoreResult['band'] };
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  created_by: string;
  submitted_by: string | null;
}

export interface TodoItem {
  questionnaire: { id: string; version: number; title: Text };
  assessment_id: string;
  question_id: string;
  category: { id: string; title: Text };
  question: Text;
  answer: string | null;
  lost: number;
  guidance: Text;
}

export const refOf = (q: Questionnaire): QuestionnaireRef => ({ id: q.id, version: q.version, kind: q.kind, title: q.title });

/** The questionnaire an assessment was made with (it is shipped with the code: versions are never removed). */
export function questionnaireOf(a: { questionnaireId: string; questionnaireVersion: number }): Questionnaire {
  const q = getQuestionnaire(a.questionnaireId, a.questionnaireVersion);
  if (!q) throw new Error(`questionnaire ${a.questionnaireId} v${a.questionnaireVersion} is no longer shipped`);
  return q;
}

/** The result: frozen for a submitted assessment, computed now for a draft. */
export function resultOf(a: PostureAssessment): ScoreResult {
  if (a.result !== null) return JSON.parse(a.result) as ScoreResult;
  return scoreAnswers(questionnaireOf(a), JSON.parse(a.answers) as Answers);
}

export function assessmentJson(a: PostureAssessment, full: boolean): AssessmentJson {
  const q = questionnaireOf(a);
  const result = resultOf(a);
  return {
    id: a.id, questionnaire: refOf(q), status: a.status,
    ...(full ? { answers: JSON.parse(a.answers) as Answers } : {}),
    result: full ? result : { score: result.score, band: result.band },
    created_at: a.createdAt, updated_at: a.updatedAt, submitted_at: a.submittedAt, created_by: a.createdBy, submitted_by: a.submittedBy,
  };
}

/** Merges `{ questionId: value | null }` into answers; null removes. */
export function mergeAnswers(current: Answers, patch: unknown): Answers {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw invalid('The body must be { "answers": { "questionId": "value" | null } }.', [{ property: 'answers', message: 'must be an object' }]);
  }
  const out: Answers = { ...current };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else if (typeof v === 'string') out[k] = v;
    else throw invalid(`The answer to "${k}" must be a string or null.`, [{ property: `answers.${k}`, message: 'must be a string or null' }]);
  }
  return out;
}

/** validateAnswers as a 422 naming the question. */
export function checkAnswers(q: Questionnaire, answers: Answers, opts: { complete?: boolean } = {}): void {
  try {
    validateAnswers(q, answers, opts);
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const m = /question "([^"]+)"/.exec(e.message);
    throw invalid(`${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`, [{ property: m ? `answers.${m[1]}` : 'answers', message: e.message }]);
  }
}

/** 422 listing every unanswered question (each as its own error). */
export function checkComplete(q: Questionnaire, answers: Answers): void {
  checkAnswers(q, answers);
  const missing = q.questions.filter((x) => answers[x.id] === undefined).map((x) => x.id);
  if (missing.length) {
    throw invalid(`${missing.length} question${missing.length > 1 ? 's are' : ' is'} unanswered: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}.`,
      missing.map((id) => ({ property: id, message: 'is unanswered' })));
  }
}

export class AssessmentService {
  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  private async readable(p: Principal, id: string): Promise<PostureAssessment> {
    const a = await this.store.posture.getAssessment(id);
    if (!a || !canReadPosture(p, a.orgId)) throw notFound(`No assessment ${id.slice(0, 80)} in your organization.`);
    return a;
  }

  private async editable(p: Principal, id: string): Promise<PostureAssessment> {
    const a = await this.readable(p, id);
    if (!canEditPosture(p, a.orgId)) throw forbidden('Only your organization\'s admins and analysts may change its assessments.');
    return a;
  }

  async list(p: Principal, questionnaireId?: string): Promise<AssessmentJson[]> {
    const rows = await this.store.posture.listAssessments(p.org.id, questionnaireId);
    return rows.map((a) => assessmentJson(a, false));
  }

  async get(p: Principal, id: string): Promise<AssessmentJson> {
    return assessmentJson(await this.readable(p, id), true);
  }

  async start(p: Principal, questionnaireId: unknown, version: unknown): Promise<AssessmentJson> {
    if (!canEditPosture(p, p.org.id)) throw forbidden('Only your organization\'s admins and analysts may start an assessment.');
    if (typeof questionnaireId !== 'string') throw invalid('Name the questionnaire.', [{ property: 'questionnaire', message: 'is required' }]);
    if (version !== undefined && version !== null && !Number.isInteger(version)) throw invalid('The version must be a whole number.', [{ property: 'version', message: 'must be a whole number' }]);
    const q = getQuestionnaire(questionnaireId, (version ?? undefined) as number | undefined);
    if (!q) throw invalid(`No questionnaire ${questionnaireId.slice(0, 80)}${version ? ` version ${String(version)}` : ''}.`, [{ property: 'questionnaire', message: 'is not a shipped questionnaire' }]);
    if (q.kind === 'supply-chain') throw invalid('The supply-chain questionnaire is answered for a buyer (supplier assessments), not as a self-assessment.', [{ property: 'questionnaire', message: 'is answered through /supply' }]);
    const at = this.now().toISOString();
    const a: PostureAssessment = {
      id: randomUUID(), orgId: p.org.id, questionnaireId: q.id, questionnaireVersion: q.version, status: 'draft', answers: '{}',
      result: null, score: null, createdBy: p.user.email, submittedBy: null, createdAt: at, updatedAt: at, submittedAt: null,
    };
    try {
      await this.store.posture.createAssessment(a);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const draft = (await this.store.posture.listAssessments(p.org.id, q.id)).find((x) => x.status === 'draft');
      throw conflict(`A draft of ${q.id} exists already${draft ? ` (${draft.id})` : ''}: continue that one.`);
    }
    return assessmentJson(a, true);
  }

  async answer(p: Principal, id: string, patch: unknown): Promise<AssessmentJson> {
    const a = await this.editable(p, id);
    if (a.status !== 'draft') throw conflict('This assessment is submitted; start a new one to answer again.');
    const q = questionnaireOf(a);
    const answers = mergeAnswers(JSON.parse(a.answers) as Answers, patch);
    checkAnswers(q, answers);
    const at = this.now().toISOString();
    if (!(await this.store.posture.updateDraft(id, JSON.stringify(answers), at))) throw conflict('This assessment was submitted meanwhile.');
    return assessmentJson({ ...a, answers: JSON.stringify(answers), updatedAt: at }, true);
  }

  async submit(p: Principal, id: string): Promise<AssessmentJson> {
    const a = await this.editable(p, id);
    if (a.status !== 'draft') throw conflict('This assessment is submitted already.');
    const q = questionnaireOf(a);
    const answers = JSON.parse(a.answers) as Answers;
    checkComplete(q, answers);
    const result = scoreAnswers(q, answers);
    const at = this.now().toISOString();
    const ok = await this.store.posture.submitAssessment(id, { answers: a.answers, result: JSON.stringify(result), score: result.score, by: p.user.email, at });
    if (!ok) throw conflict('This assessment was submitted meanwhile.');
    await auditPosture(this.store, p, 'posture.assessment.submit', p.org.slug, { assessment: id, questionnaire: q.id, version: q.version, score: result.score }, at);
    return assessmentJson({ ...a, status: 'submitted', result: JSON.stringify(result), score: result.score, submittedAt: at, submittedBy: p.user.email, updatedAt: at }, true);
  }

  async remove(p: Principal, id: string): Promise<void> {
    const a = await this.editable(p, id);
    if (a.status !== 'draft' || !(await this.store.posture.deleteDraft(id))) throw conflict('A submitted assessment is part of the history and is kept.');
  }

  /** Submitted assessments of one questionnaire, oldest first, and the last change. */
  async trend(p: Principal, questionnaireId: string) {
    const q = getQuestionnaire(questionnaireId);
    if (!q) throw notFound(`No questionnaire ${questionnaireId.slice(0, 80)}.`);
    const rows = (await this.store.posture.listAssessments(p.org.id, q.id)).filter((a) => a.status === 'submitted').reverse();
    const points = rows.map((a) => {
      const r = resultOf(a);
      return { assessment_id: a.id, submitted_at: a.submittedAt!, score: r.score, band: r.band, byCategory: r.byCategory };
    });
    const last = points[points.length - 1];
    const before = points[points.length - 2];
    return { questionnaire: { id: q.id, title: q.title }, points, change: last && before ? Math.round((last.score - before.score) * 10) / 10 : null };
  }

  /** The latest submitted assessment of each questionnaire. */
  async latest(orgId: string): Promise<PostureAssessment[]> {
    return latestOf(await this.store.posture.listAssessments(orgId));
  }

  /** The gaps of the latest submitted assessment of each questionnaire, weakest first. */
  async todo(orgId: string, limit: number): Promise<TodoItem[]> {
    return todoOf(await this.latest(orgId), limit);
  }
}

/** Of an organization's assessments (as listed), the latest submitted one of each questionnaire. */
export function latestOf(rows: readonly PostureAssessment[]): PostureAssessment[] {
  const seen = new Map<string, PostureAssessment>();
  for (const a of rows) {
    if (a.status !== 'submitted') continue;
    const cur = seen.get(a.questionnaireId);
    if (!cur || (a.submittedAt ?? '') > (cur.submittedAt ?? '')) seen.set(a.questionnaireId, a);
  }
  return [...seen.values()];
}

/** The gaps of these (latest) assessments, weakest first, at most `limit`. */
export function todoOf(latest: readonly PostureAssessment[], limit: number): TodoItem[] {
  const items: TodoItem[] = [];
  for (const a of latest) {
    const q = questionnaireOf(a);
    const answers = JSON.parse(a.answers) as Answers;
    for (const g of resultOf(a).gaps) {
      const question = q.questions.find((x) => x.id === g.questionId);
      const category = q.categories.find((c) => c.id === g.category);
      if (!question || !category) continue;
      items.push({
        questionnaire: { id: q.id, version: q.version, title: q.title }, assessment_id: a.id, question_id: g.questionId,
        category: { id: category.id, title: category.title }, question: question.text, answer: answers[g.questionId] ?? null,
        lost: g.lost, guidance: g.guidance,
      });
    }
  }
  items.sort((x, y) => y.lost - x.lost || (x.questionnaire.id < y.questionnaire.id ? -1 : x.questionnaire.id > y.questionnaire.id ? 1 : 0));
  return items.slice(0, limit);
}
