/**
 * Evidence of an assessment (audit reports such as SOC 2, certificates, policies…): files kept by
 * the attachments service (stored whole, hashed, never interpreted) in scope
 * `supply-assessment:<id>`, with a label here (which question, what kind). Uploaded and removed by
 * the supplier while the assessment is a draft; downloaded by whoever may see the assessment.
 */
import { getQuestionnaire } from '../assess/index.js';
import type { AttachmentMeta } from '../attachments/index.js';
import type { Principal } from '../identity/principal.js';
import { canDownloadEvidence } from '../policy/supply-access.js';
import { audit, SUPPLY_QUESTIONNAIRE, type SupplyDeps } from './deps.js';
import { invalid, notFound } from './errors.js';
import { accessOf } from './facts.js';
import { attachmentJson } from '../attachments/index.js';
import { evidenceScope, ownDraft } from './assessments.js';

/** The kinds of evidence: those the questionnaire asks for, and the usual ones. */
export function evidenceKinds(): string[] {
  const asked = (getQuestionnaire(SUPPLY_QUESTIONNAIRE)?.questions ?? []).flatMap((q) => (q.evidence ?? []).map((e) => e.kind));
  return [...new Set(['audit-report', 'certificate', 'policy', ...asked, 'other'])];
}

export interface EvidenceUpload {
  filename: string;
  declaredType?: string;
  kind?: string;
  questionId?: string;
  content: Buffer;
}

export async function addEvidence(d: SupplyDeps, p: Principal, assessmentId: string, u: EvidenceUpload) {
  const a = await ownDraft(d, p, assessmentId);
  const kind = u.kind ?? 'other';
  const kinds = evidenceKinds();
  if (!kinds.includes(kind)) throw invalid(`kind '${kind.slice(0, 40)}' is not one of: ${kinds.join(', ')}.`, 'kind');
  if (u.questionId !== undefined && !getQuestionnaire(a.questionnaireId, a.questionnaireVersion)?.questions.some((q) => q.id === u.questionId)) {
    throw invalid(`question '${u.questionId.slice(0, 40)}' is not a question of ${a.questionnaireId}.`, 'question');
  }
  // AttachmentError (413/415/422) passes through to the route
  const meta = await d.attachments.add({
    scope: evidenceScope(a.id), ownerOrgId: p.org.id, createdBy: p.user.id, filename: u.filename, ...(u.declaredType ? { declaredType: u.declaredType } : {}), content: u.content,
  });
  await d.store.supply.addEvidence({ attachmentId: meta.id, assessmentId: a.id, questionId: u.questionId ?? null, kind });
  await audit(d, p, 'supply.evidence.add', a.id, { attachment: meta.id, filename: meta.filename, sha256: meta.sha256, size: meta.size, kind });
  return { ...attachmentJson(meta), question_id: u.questionId ?? null, kind };
}

async function evidenceMeta(d: SupplyDeps, assessmentId: string, evidenceId: string): Promise<AttachmentMeta | undefined> {
  const meta = await d.attachments.get(evidenceId);
  if (!meta || meta.scope !== evidenceScope(assessmentId)) return undefined;
  return meta;
}

export async function removeEvidence(d: SupplyDeps, p: Principal, assessmentId: string, evidenceId: string): Promise<void> {
  const a = await ownDraft(d, p, assessmentId);
  const meta = await evidenceMeta(d, a.id, evidenceId);
  if (!meta) throw notFound('evidence');
  await d.store.supply.deleteEvidence(meta.id);
  await d.attachments.remove(meta.id);
  await audit(d, p, 'supply.evidence.remove', a.id, { attachment: meta.id, filename: meta.filename });
}

/** The file, for the supplier and the buyers it shares the assessment with; 404 for anyone else. */
export async function readEvidence(d: SupplyDeps, p: Principal, assessmentId: string, evidenceId: string) {
  const a = await d.store.supply.getAssessment(assessmentId);
  if (!a || !canDownloadEvidence(p, await accessOf(d.store, a))) throw notFound('evidence');
  const meta = await evidenceMeta(d, a.id, evidenceId);
  const file = meta && (await d.attachments.read(meta));
  if (!file) throw notFound('evidence');
  return file;
}
