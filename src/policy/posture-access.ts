import type { Principal } from '../identity/principal.js';
import type { Role, User } from '../store/types.js';

/**
 * Who sees and does what in organization posture, surveys and the board report
 * (docs/posture.md). Every posture, survey and board-report route asks here; none decides alone.
 *
 * An organization's posture is its own: read by its members, by nobody else (operators
 * included: running the hub is not a reason to read a member's weaknesses). Statistics across
 * organizations are published only where at least MIN_ORGANIZATIONS_PER_FIGURE organizations
 * stand behind a figure.
 */

/** The least number of organizations behind any published statistic (averages, survey results). */
export const MIN_ORGANIZATIONS_PER_FIGURE = 5;

/** Whether a figure computed over `organizations` distinct organizations may be shown. */
export function mayShowFigure(organizations: number): boolean {
  return organizations >= MIN_ORGANIZATIONS_PER_FIGURE;
}

/** Roles that act for their organization on its posture (profile, assessments) and survey answers. */
const WRITERS: readonly Role[] = ['operator', 'org-admin', 'analyst'];

/** Reading an organization's posture, assessments, to-do list, benchmark and board report: its members. */
export function canReadPosture(viewer: Principal, orgId: string): boolean {
  return viewer.org.id === orgId;
}

/** Editing the profile and the assessments: the organization's writers. */
export function canEditPosture(viewer: Principal, orgId: string): boolean {
  return viewer.org.id === orgId && WRITERS.includes(viewer.user.role);
}

/** Signing the declaration of commitment: a member of the executive tier, whatever its role. */
export function canSignDeclaration(viewer: Principal, orgId: string): boolean {
  return viewer.org.id === orgId && viewer.user.tier === 'executive';
}

/** Sending the board report by email now: the organization's admins and executives. */
export function canEmailBoardReport(viewer: Principal, orgId: string): boolean {
  return viewer.org.id === orgId && (viewer.user.role === 'org-admin' || viewer.user.role === 'operator' || viewer.user.tier === 'executive');
}

/** Who receives an organization's board report by email: its enabled executive-tier members. */
export function isBoardReportRecipient(user: Pick<User, 'orgId' | 'tier' | 'disabled'>, orgId: string): boolean {
  return user.orgId === orgId && user.tier === 'executive' && !user.disabled;
}

/** Creating, sending, closing surveys and reading their results at any time: operators. */
export function canManageSurveys(viewer: Principal): boolean {
  return viewer.user.role === 'operator';
}

/** Seeing a survey: operators; members of an organization it was sent to (never a draft). */
export function canSeeSurvey(viewer: Principal, survey: { status: string }, sentToViewerOrg: boolean): boolean {
  return canManageSurveys(viewer) || (sentToViewerOrg && survey.status !== 'draft');
}

/** Answering a survey: writers of an organization it was sent to, while it is open. */
export function canAnswerSurvey(viewer: Principal, survey: { status: string }, sentToViewerOrg: boolean): boolean {
  return sentToViewerOrg && survey.status === 'open' && WRITERS.includes(viewer.user.role);
}

/**
 * A survey's results (always subject to the 5-organization rule): once it is closed, to operators
 * and to members of a target. Not while it is open, to operators either: results read before and
 * after one organization's submission would differ by exactly its answers.
 */
export function canReadSurveyResults(viewer: Principal, survey: { status: string }, sentToViewerOrg: boolean): boolean {
  return survey.status === 'closed' && (canManageSurveys(viewer) || sentToViewerOrg);
}
