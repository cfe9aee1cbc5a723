/**
 * A supplier's assessments: started from a request (or on its own), answered question by
 * question (the engine validates every answer), confirmed (expert or third party), given
 * evidence, submitted (frozen, valid one year). Reading one is decided by the consent rule
 * (src/policy/supply-access.ts): the supplier, and buyers it shares with; anyone else gets 404.
 */
import { randomUUID } from 'node:crypto';
import { getQuestionnaire, validateAnswers, type Answers, type Questionnaire } from '../assess/index.js';
import type { Principal } from '../identity/principal.js';
import { canActForSupplier, canSeeAssessment, isSupplierOf } from '../policy/supply-access.js';
import type { SupplyAssessment } from '../store/supply-types.js';
import { audit, SUPPLY_QUESTIONNAIRE, VALIDITY_DAYS, type SupplyDeps } from './deps.js';
import { conflict, forbidden, invalid, notFound, SupplyError } from './errors.js';
import { accessOf } from './facts.js';
import { assessmentJson, orgRefs, resultOf, type EvidenceEntry } from './json.js';
import { confirmationsFor, levelReached } from './level.js';
import { checkDate, checkLevelId, visibleRequest } from './requests.js';

export const evidenceScope = (assessmentId: string): string => `supply-assessment:${assessmentId}`;

function questionnaireOf(a: SupplyAssessment): Questionnaire {
  const q = getQuestionnaire(a.questionnaireId, a.questionnaireVersion);
  if (!q) throw new Error(`questionnaire ${a.questionnaireId} v${a.questionnaireVersion} is not shipped with this hub`);
  return q;
}

/** The assessment if the caller may see it; 404 (never 403) otherwise, so its existence stays hidden. */
export async function visibleAssessment(d: SupplyDeps, p: Principal, id: string): Promise<SupplyAssessment> {
  const a = await d.store.supply.getAssessment(id);
  if (!a || !canSeeAssessment(p, await accessOf(d.store, a))) throw notFound('supplier assessment');
  return a;
}

/** The assessment as the supplier's writer may change it (404 for others, 403 for its readers, 409 once submitted). */
async function ownDraft(d: SupplyDeps, p: Principal, id: string): Promise<SupplyAssessment> {
  const a = await d.store.supply.getAssessment(id);
  if (!a || a.supplierOrgId !== p.org.id) throw notFound('supplier assessment');
  if (!canActForSupplier(p, a.supplierOrgId)) throw forbidden('Only analysts and organization admins may change assessments.');
  if (a.status !== 'draft') throw conflict('The assessment is submitted; it no longer changes. Start a new one to update it.');
  return a;
}

async function evidenceOf(d: SupplyDeps, a: SupplyAssessment): Promise<EvidenceEntry[]> {
  const [labels, metas] = await Promise.all([d.store.supply.listEvidence(a.id), d.attachments.list(evidenceScope(a.id))]);
  const byId = new Map(metas.map((m) => [m.id, m]));
  return labels.flatMap((label) => {
    const meta = byId.get(label.attachmentId);
    return meta ? [{ label, meta }] : [];
  }).sort((x, y) => x.meta.createdAt.localeCompare(y.meta.createdAt) || x.meta.id.localeCompare(y.meta.id));
}

export async function assessmentView(d: SupplyDeps, p: Principal, a: SupplyAssessment) {
  const [orgs, evidence] = await Promise.all([orgRefs(d.store, [a.supplierOrgId]), evidenceOf(d, a)]);
  return assessmentJson(a, { forSupplier: a.supplierOrgId === p.org.id, orgs, evidence, now: d.now() });
}

export async function getAssessmentView(d: SupplyDeps, p: Principal, id: string) {
  return assessmentView(d, p, await visibleAssessment(d, p, id));
}

export async function listOwnAssessments(d: SupplyDeps, p: Principal) {
  const list = await d.store.supply.listAssessments(p.org.id);
  const orgs = await orgRefs(d.store, [p.org.id]);
  return list.map((a) => assessmentJson(a, { forSupplier: true, orgs, evidence: [], now: d.now(), brief: true }));
}

async function create(d: SupplyDeps, p: Principal, level: string, requestId: string | null) {
  if (!canActForSupplier(p, p.org.id)) throw forbidden('Only analysts and organization admins may start assessments.');
  const q = getQuestionnaire(SUPPLY_QUESTIONNAIRE)!;
  const now = d.now().toISOString();
  const a: SupplyAssessment = {
    id: randomUUID(), supplierOrgId: p.org.id, questionnaireId: q.id, questionnaireVersion: q.version, level: checkLevelId(level), requestId,
    status: 'draft', answers: {}, confirmation: null, levelReached: null, result: null, createdBy: p.user.id, submittedBy: null,
    createdAt: now, updatedAt: now, submittedAt: null, expiresAt: null,
  };
  await d.store.supply.addAssessment(a);
  await audit(d, p, 'supply.assessment.create', a.id, { level: a.level, request_id: requestId });
  return assessmentView(d, p, a);
}

export async function createAssessment(d: SupplyDeps, p: Principal, level: string) {
  return create(d, p, level, null);
}

/** Start answering a request: a new draft at its level, or the draft already started from it. */
export async function startForRequest(d: SupplyDeps, p: Principal, requestId: string): Promise<{ created: boolean; assessment: Awaited<ReturnType<typeof assessmentView>> }> {
  const r = await visibleRequest(d, p, requestId);
  if (!isSupplierOf(p, r)) throw notFound('supply request');
  if (!canActForSupplier(p, p.org.id)) throw forbidden('Only analysts and organization admins may answer requests.');
  if (r.status !== 'open') throw conflict(`The request is ${r.status}.`);
  if (r.supplierOrgId === null) await d.store.supply.attachRequests(r.supplierEmail, p.org.id, d.now().toISOString());
  const draft = await d.store.supply.draftForRequest(r.id);
  if (draft) return { created: false, assessment: await assessmentView(d, p, draft) };
  return { created: true, assessment: await create(d, p, r.level, r.id) };
}

/** Merge answers into a draft (null removes one); the engine names any unknown question or value. */
export async function setAnswers(d: SupplyDeps, p: Principal, id: string, change: Record<string, string | null>) {
  const a = await ownDraft(d, p, id);
  const answers: Answers = { ...a.answers };
  for (const [qid, v] of Object.entries(change)) {
    if (v === null) delete answers[qid];
    else answers[qid] = v;
  }
  try {
    validateAnswers(questionnaireOf(a), answers, { level: a.level });
  } catch (e) {
    throw invalid(`${(e as Error).message}.`, 'answers');
  }
  if (!(await d.store.supply.updateDraft(a.id, { answers, updatedAt: d.now().toISOString() }))) throw conflict('The assessment was submitted meanwhile.');
  await audit(d, p, 'supply.assessment.answer', a.id, { questions: Object.keys(change).length });
  return getAssessmentView(d, p, id);
}

const TEXT_MAX = 200;

function text(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw invalid(`${key} is required.`, key);
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > TEXT_MAX) throw invalid(`${key} must be text of 1 to ${TEXT_MAX} characters.`, key);
  return v.trim();
}

/** The expert confirmation (level 3) or the third-party evaluation (level 4), checked against the level. */
export async function setConfirmation(d: SupplyDeps, p: Principal, id: string, body: Record<string, unknown>) {
  const a = await ownDraft(d, p, id);
  const kind = body.kind;
  const allowed = confirmationsFor(a.level);
  if (typeof kind !== 'string' || !(allowed as readonly string[]).includes(kind)) {
    throw invalid(`kind must be ${allowed.map((k) => `'${k}'`).join(' or ')} for ${a.level}.`, 'kind');
  }
  const fields = kind === 'expert' ? ['kind', 'name', 'organization', 'qualification', 'date'] : ['kind', 'evaluator', 'reference', 'date'];
  const extra = Object.keys(body).filter((k) => !fields.includes(k));
  if (extra.length > 0) throw invalid(`${extra[0]} is not a property of a ${kind} confirmation (expected ${fields.join(', ')}).`, extra[0]);
  const date = checkDate('date', typeof body.date === 'string' ? body.date : String(body.date ?? ''));
  if (date > d.now().toISOString().slice(0, 10)) throw invalid('date must not be in the future.', 'date');
  const confirmation: Record<string, unknown> = kind === 'expert'
    ? { kind, name: text(body, 'name', true), organization: text(body, 'organization', true), qualification: text(body, 'qualification', false) ?? null, date }
    : { kind, evaluator: text(body, 'evaluator', true), reference: text(body, 'reference', true), date };
  if (!(await d.store.supply.updateDraft(a.id, { confirmation, updatedAt: d.now().toISOString() }))) throw conflict('The assessment was submitted meanwhile.');
  await audit(d, p, 'supply.assessment.confirm', a.id, { kind });
  return getAssessmentView(d, p, id);
}

/** Freeze a complete draft: every question of its level answered, its confirmation recorded. */
export async function submitAssessment(d: SupplyDeps, p: Principal, id: string) {
  const a = await ownDraft(d, p, id);
  const q = questionnaireOf(a);
  const result = resultOf(a) as { unanswered?: string[] } | null;
  const missing = result?.unanswered ?? [];
  if (missing.length > 0) {
    throw new SupplyError(422, `The assessment is not complete: ${missing.length} question(s) of ${a.level} unanswered.`, missing.map((qid) => ({ property: `answers.${qid}`, message: 'is unanswered' })));
  }
  validateAnswers(q, a.answers, { level: a.level, complete: true });
  if (!a.confirmation) {
    throw invalid(a.level === 'level-3' ? 'Record the expert confirmation before submitting (PUT …/confirmation).' : 'Record the third-party evaluation before submitting (PUT …/confirmation).', 'confirmation');
  }
  const now = d.now();
  const ok = await d.store.supply.submit(a.id, {
    levelReached: levelReached(q, a),
    result: resultOf(a)!,
    submittedBy: p.user.id,
    submittedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + VALIDITY_DAYS * 86_400_000).toISOString(),
  });
  if (!ok) throw conflict('The assessment was submitted meanwhile.');
  await audit(d, p, 'supply.assessment.submit', a.id, { level: a.level });
  return getAssessmentView(d, p, id);
}

export { ownDraft };
