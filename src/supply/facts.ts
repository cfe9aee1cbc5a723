/**
 * The facts the consent rule (src/policy/supply-access.ts) needs, read from the store: an
 * assessment's share audiences and its supplier's customers (buyers with a live request). Also
 * "which of a supplier's assessments may this buyer see", used by the buyer's table, the board
 * summary and the reminders, so that all of them agree with the single-assessment view.
 */
import { buyerMaySee, type AssessmentAccess } from '../policy/supply-access.js';
import type { SupplyAssessment } from '../store/supply-types.js';
import type { Store } from '../store/types.js';

export async function accessOf(store: Store, a: SupplyAssessment): Promise<AssessmentAccess> {
  const [shares, customers] = await Promise.all([store.supply.listShares(a.id), store.supply.customersOf(a.supplierOrgId)]);
  return { supplierOrgId: a.supplierOrgId, status: a.status, audiences: shares.map((s) => s.audience), customers };
}

/** Each supplier's submitted assessments with their access facts, newest submission first. */
export type SupplierFacts = Map<string, { assessment: SupplyAssessment; access: AssessmentAccess }[]>;

export async function supplierFacts(store: Store, supplierOrgIds: string[]): Promise<SupplierFacts> {
  const ids = [...new Set(supplierOrgIds)];
  const [submitted, customerLists] = await Promise.all([
    store.supply.listSubmitted(ids),
    Promise.all(ids.map((id) => store.supply.customersOf(id))),
  ]);
  const customers = new Map(ids.map((id, i) => [id, customerLists[i]!]));
  const shares = await store.supply.sharesOf(submitted.map((a) => a.id));
  const audiences = new Map<string, string[]>();
  for (const s of shares) audiences.set(s.assessmentId, [...(audiences.get(s.assessmentId) ?? []), s.audience]);
  const facts: SupplierFacts = new Map(ids.map((id) => [id, []]));
  for (const a of submitted) {
    facts.get(a.supplierOrgId)!.push({
      assessment: a,
      access: { supplierOrgId: a.supplierOrgId, status: a.status, audiences: audiences.get(a.id) ?? [], customers: customers.get(a.supplierOrgId) ?? [] },
    });
  }
  return facts;
}

/** The supplier's newest submitted assessment the buyer may see, if any. */
export function newestVisible(facts: SupplierFacts, buyerOrgId: string, supplierOrgId: string | null): SupplyAssessment | undefined {
  if (supplierOrgId === null) return undefined;
  return facts.get(supplierOrgId)?.find((f) => buyerMaySee(buyerOrgId, f.access))?.assessment;
}

export const isExpired = (a: { expiresAt: string | null }, now: Date): boolean => a.expiresAt !== null && a.expiresAt <= now.toISOString();

/** The end of a due date (YYYY-MM-DD, UTC). */
export const dueEnd = (dueDate: string): Date => new Date(`${dueDate}T23:59:59.999Z`);

/**
 * A request is fulfilled while its buyer may see an unexpired submitted assessment of the
 * supplier; overdue when it is open, its due date has passed and it is not fulfilled.
 */
export function requestState(r: { buyerOrgId: string; supplierOrgId: string | null; status: string; dueDate: string }, facts: SupplierFacts, now: Date): { visible: SupplyAssessment | undefined; fulfilled: boolean; overdue: boolean } {
  const visible = newestVisible(facts, r.buyerOrgId, r.supplierOrgId);
  const fulfilled = visible !== undefined && !isExpired(visible, now);
  const overdue = r.status === 'open' && !fulfilled && now > dueEnd(r.dueDate);
  return { visible, fulfilled, overdue };
}
