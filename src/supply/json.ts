/** The JSON shapes of docs/api/posture.md "Supplier assessments". */
import { getQuestionnaire, scoreAnswers } from '../assess/index.js';
import { attachmentJson } from '../attachments/index.js';
import type { AttachmentMeta } from '../store/attachments-types.js';
import type { SupplyAssessment, SupplyEvidence, SupplyRequest } from '../store/supply-types.js';
import type { Organization, Store } from '../store/types.js';
import { isExpired } from './facts.js';

export type OrgRef = { slug: string; name: string };

/** Organizations by id, for naming buyers and suppliers. */
export async function orgRefs(store: Store, ids: (string | null)[]): Promise<Map<string, OrgRef>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  const orgs = await Promise.all(unique.map((id) => store.identity.getOrganization({ id })));
  return new Map(orgs.filter((o): o is Organization => o !== undefined).map((o) => [o.id, { slug: o.slug, name: o.name }]));
}

export function requestJson(r: SupplyRequest, orgs: Map<string, OrgRef>, state: { fulfilled: boolean; overdue: boolean }) {
  return {
    id: r.id,
    buyer: orgs.get(r.buyerOrgId) ?? null,
    supplier_email: r.supplierEmail,
    supplier: r.supplierOrgId === null ? null : (orgs.get(r.supplierOrgId) ?? null),
    level: r.level,
    due_date: r.dueDate,
    tier: r.tier,
    relationship: r.relationship,
    message: r.message,
    status: r.status,
    decline_reason: r.declineReason,
    created_at: r.createdAt,
    overdue: state.overdue,
    fulfilled: state.fulfilled,
  };
}

export type EvidenceEntry = { label: SupplyEvidence; meta: AttachmentMeta };

/** The engine's result: frozen at submission, else computed from the draft's answers now. */
export function resultOf(a: SupplyAssessment): Record<string, unknown> | null {
  if (a.result) return a.result;
  const q = getQuestionnaire(a.questionnaireId, a.questionnaireVersion);
  return q ? (scoreAnswers(q, a.answers, { level: a.level }) as unknown as Record<string, unknown>) : null;
}

export function assessmentJson(a: SupplyAssessment, o: { forSupplier: boolean; orgs: Map<string, OrgRef>; evidence: EvidenceEntry[]; now: Date; brief?: boolean }) {
  const result = resultOf(a);
  return {
    id: a.id,
    supplier: o.orgs.get(a.supplierOrgId) ?? null,
    questionnaire: { id: a.questionnaireId, version: a.questionnaireVersion },
    level: a.level,
    request_id: o.forSupplier ? a.requestId : null,
    status: a.status,
    confirmation: a.confirmation,
    ...(o.brief
      ? { result: result ? { score: result.score } : null }
      : {
        answers: a.answers,
        result,
        evidence: o.evidence.map((e) => ({ ...attachmentJson(e.meta), question_id: e.label.questionId, kind: e.label.kind })),
      }),
    level_reached: a.levelReached,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    submitted_at: a.submittedAt,
    expires_at: a.expiresAt,
    expired: isExpired(a, o.now),
  };
}
