import type { Principal } from '../identity/principal.js';
import type { Role } from '../store/types.js';

/**
 * Who sees and does what in supplier assessments (docs/supply-chain.md). Every supply route and
 * the buyer's table ask here; none decides alone.
 *
 * Consent is the supplier's: a buyer sees a submitted assessment (its answers, result,
 * confirmation and evidence) only while the supplier shares it with that buyer by name
 * (`o:<orgId>`), or with "all my customers on the hub" (`customers`) while the buyer has a live
 * request to the supplier. Nobody else sees it — not operators, not other buyers — and a draft is
 * never seen outside the supplier. A revoked share is a deleted row, so the next decision no
 * longer finds it.
 */

/** The audience meaning "every buyer with a live request to the supplier". */
export const ALL_CUSTOMERS = 'customers';

/** The audience naming one buyer organization. */
export const orgAudience = (orgId: string): string => `o:${orgId}`;

/** The organization an `o:` audience names, or null. */
export function audienceOrg(audience: string): string | null {
  return audience.startsWith('o:') ? audience.slice(2) : null;
}

/** Roles that act for their organization in the supply chain (invite, answer, submit, share). */
const WRITERS: readonly Role[] = ['operator', 'org-admin', 'analyst'];

/** Inviting suppliers and withdrawing requests, for the viewer's own organization as buyer. */
export function canManageSupplyRequests(viewer: Principal): boolean {
  return WRITERS.includes(viewer.user.role);
}

/** The viewer's organization is the request's buyer. */
export function isBuyerOf(viewer: Principal, r: { buyerOrgId: string }): boolean {
  return viewer.org.id === r.buyerOrgId;
}

/**
 * The viewer's organization is the request's supplier: its organization was attached, or (before
 * that) the request is addressed to the viewer's own email address.
 */
export function isSupplierOf(viewer: Principal, r: { supplierOrgId: string | null; supplierEmail: string }): boolean {
  if (r.supplierOrgId !== null) return r.supplierOrgId === viewer.org.id;
  return r.supplierEmail === viewer.user.email.toLowerCase();
}

/** A request is seen by its buyer's members and its supplier's members. */
export function canSeeRequest(viewer: Principal, r: { buyerOrgId: string; supplierOrgId: string | null; supplierEmail: string }): boolean {
  return isBuyerOf(viewer, r) || isSupplierOf(viewer, r);
}

/** Answering, evidence, confirmation, submission, declining and sharing for the supplier. */
export function canActForSupplier(viewer: Principal, supplierOrgId: string): boolean {
  return viewer.org.id === supplierOrgId && WRITERS.includes(viewer.user.role);
}

/** What the consent decision needs to know about one assessment. */
export interface AssessmentAccess {
  supplierOrgId: string;
  status: 'draft' | 'submitted';
  /** its share audiences (`o:<orgId>`, `customers`) */
  audiences: readonly string[];
  /** the supplier's customers on the hub: buyer organizations with a live request to it */
  customers: readonly string[];
}

/** May this buyer organization see the assessment? Only a submitted one the supplier shares with it. */
export function buyerMaySee(buyerOrgId: string, a: AssessmentAccess): boolean {
  if (a.status !== 'submitted' || buyerOrgId === a.supplierOrgId) return false;
  if (a.audiences.includes(orgAudience(buyerOrgId))) return true;
  return a.audiences.includes(ALL_CUSTOMERS) && a.customers.includes(buyerOrgId);
}

/** The assessment, its result and its evidence: the supplier's members, and buyers it shares with. */
export function canSeeAssessment(viewer: Principal, a: AssessmentAccess): boolean {
  return viewer.org.id === a.supplierOrgId || buyerMaySee(viewer.org.id, a);
}

/** Evidence downloads follow the assessment exactly. */
export function canDownloadEvidence(viewer: Principal, a: AssessmentAccess): boolean {
  return canSeeAssessment(viewer, a);
}

/**
 * The audiences of a supplier's sharing choice. Named organizations must be its customers (a
 * supplier shares with those who asked, not with whoever it can name); returns the names that
 * are not, so the caller can refuse them.
 */
export function shareAudiences(choice: { allCustomers: boolean; orgIds: readonly string[] }, customers: readonly string[]): { audiences: string[]; notCustomers: string[] } {
  const notCustomers = choice.orgIds.filter((id) => !customers.includes(id));
  const audiences = [...new Set(choice.orgIds)].map(orgAudience);
  if (choice.allCustomers) audiences.push(ALL_CUSTOMERS);
  return { audiences: audiences.sort(), notCustomers };
}
