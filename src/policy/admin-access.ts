import type { Principal } from '../identity/principal.js';
import type { Role } from '../store/types.js';

/**
 * Who administers what. Operators run the hub: organizations, communities, users, clearance,
 * terms and the audit log (the operator console). An organization admin manages its own
 * organization's members. Every API route that administers asks here; none decides alone.
 */

/** The operator console (/api/v1/admin/*): operators only. */
export function canAdminister(viewer: Principal): boolean {
  return viewer.user.role === 'operator';
}

/** Inviting members into an organization: its organization admins, and operators. */
export function canManageOrgMembers(viewer: Principal, orgId: string): boolean {
  return viewer.user.role === 'operator' || (viewer.user.role === 'org-admin' && viewer.org.id === orgId);
}

/** The roles a member manager may give: operators any; an organization admin any but operator. */
export function canAssignRole(viewer: Principal, role: Role): boolean {
  if (viewer.user.role === 'operator') return true;
  return viewer.user.role === 'org-admin' && role !== 'operator';
}

/** API tokens are their user's alone: listed, created and revoked by that user only. */
export function ownsToken(viewer: Principal, token: { userId: string }): boolean {
  return token.userId === viewer.user.id;
}

/**
 * An organization's delivery (docs/notify.md): its subscriptions (to a team address, a webhook)
 * and its webhooks. Its organization admins, and operators for their own organization; members
 * manage their own subscriptions only.
 */
export function canManageOrgDelivery(viewer: Principal, orgId: string): boolean {
  return viewer.org.id === orgId && (viewer.user.role === 'operator' || viewer.user.role === 'org-admin');
}

/** A subscription: a person's by that person; an organization's by who manages its delivery. */
export function canManageSubscription(viewer: Principal, s: { owner: 'user' | 'organization'; userId: string | null; orgId: string }): boolean {
  return s.owner === 'user' ? s.userId === viewer.user.id : canManageOrgDelivery(viewer, s.orgId);
}
