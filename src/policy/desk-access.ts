import type { Principal } from '../identity/principal.js';
import type { DeskStatus } from '../store/desk-types.js';

/**
 * Who may do what at the report desk (issue 7, docs/api/desk.md). A report belongs to the
 * organization that filed it: any of its members (the reporter side) sees and discusses it and
 * decides what may leave (consent, the sanitizer's approval). Desk staff — a grant operators
 * give, not a role — see every report and run the workflow. Nobody else learns a report
 * exists. Every desk route asks here; none decides alone.
 */

/** The caller as the desk sees it: the principal and whether it holds a desk staff grant. */
export interface DeskCaller {
  principal: Principal;
  staff: boolean;
}

export interface ReportFacts {
  orgId: string;
  status: DeskStatus;
}

const OPEN: readonly DeskStatus[] = ['new', 'triaged'];

/** The reporter side: members of the organization that filed the report. */
export function isReporterSide(c: DeskCaller, r: Pick<ReportFacts, 'orgId'>): boolean {
  return c.principal.org.id === r.orgId;
}

/** Whether the report exists for the caller at all (otherwise: 404, as for an unknown id). */
export function canSeeReport(c: DeskCaller, r: Pick<ReportFacts, 'orgId'>): boolean {
  return c.staff || isReporterSide(c, r);
}

/** Which reports a list shows: all for desk staff, else the caller's organization's. */
export function reportListScope(c: DeskCaller): { orgId?: string } {
  return c.staff ? {} : { orgId: c.principal.org.id };
}

/** Editing the report's content, its consent, and approving the sanitized text: the reporter side, until routed. */
export function canEditReport(c: DeskCaller, r: ReportFacts): boolean {
  return isReporterSide(c, r) && OPEN.includes(r.status);
}

/** Approving the sanitizer's result is the reporter's decision, never the desk's. */
export function canApproveSanitized(c: DeskCaller, r: ReportFacts): boolean {
  return canEditReport(c, r);
}

/** Triage, assignment, closing, reopening, routing, case studies: desk staff. */
export function canWorkReport(c: DeskCaller): boolean {
  return c.staff;
}

/** Thread messages: whoever sees the report. */
export function canTalkOnReport(c: DeskCaller, r: ReportFacts): boolean {
  return canSeeReport(c, r);
}

/** Uploading a log or sample: the reporter side until closed, and desk staff. */
export function canUploadAttachment(c: DeskCaller, r: ReportFacts): boolean {
  return c.staff || (isReporterSide(c, r) && r.status !== 'closed');
}

/** Removing one: the reporter side until routed, and desk staff. */
export function canRemoveAttachment(c: DeskCaller, r: ReportFacts): boolean {
  return c.staff || canEditReport(c, r);
}

/**
 * Downloading an attachment's bytes: desk staff only (issue 7: samples and logs are served
 * only to entitled desk staff, as downloads). The reporter side sees their facts (name, size, hash).
 */
export function canDownloadAttachment(c: DeskCaller): boolean {
  return c.staff;
}

/** Desk staff grants, recipients and the sanitizer's hub rules: operators. */
export function canAdministerDesk(p: Principal): boolean {
  return p.user.role === 'operator';
}

/** An organization's sanitizer profile: read by its members; changed by its organization admins and operators. */
export function canEditDeskProfile(p: Principal, orgId: string): boolean {
  return p.user.role === 'operator' || (p.user.role === 'org-admin' && p.org.id === orgId);
}

/** Statistics: operators and desk staff see every figure; others only those at least 5 organizations stand behind. */
export function seesAllDeskStatistics(c: DeskCaller): boolean {
  return c.staff || c.principal.user.role === 'operator';
}
