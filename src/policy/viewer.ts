/**
 * Who is looking (DESIGN.md "One rule decides who sees what"): a user, an organization
 * (digests, webhooks and reports addressed to the organization as a whole), a peer hub
 * (federation), or the public (anonymous readers). Built per request from the store, so a
 * grant or approval revoked in the store is simply absent from the next viewer built; expiry
 * is checked against `now` on every decision, so it stops access at once, even for a
 * long-lived viewer (a stream).
 *
 * Operators (role `operator`) run the hub: they see every version except those still under
 * embargo by another provider (decide.ts), but under `attribution: none` they do not learn the
 * provider through what they receive (egress.ts); looking it up is a separate, audited action.
 */
import type { Principal } from '../identity/principal.js';
import type { Role } from '../store/types.js';
import type { Tlp } from './envelope.js';

/**
 * Adjusted from the first sketch: an absent grant or approval is `null` rather than level 0 or
 * a null expiry, so "null" always means "none" (DESIGN: grants and approvals both expire).
 */
export interface UserViewer {
  kind: 'user';
  userId: string;
  orgId: string;
  role: Role;
  /** communities the user's organization belongs to */
  communityIds: ReadonlySet<string>;
  orgSector: string;
  /** the user's highest clearance grant not revoked (expiry is checked at decision time); null = none */
  clearance: { level: 1 | 2 | 3; validUntil: string } | null;
  /** end of the organization's facility approval (STIX timestamp); null = not an approved handler */
  orgApprovedUntil: string | null;
  /** slugs of the terms the user has accepted */
  acceptedTerms: ReadonlySet<string>;
}

export interface OrganizationViewer {
  kind: 'organization';
  orgId: string;
  communityIds: ReadonlySet<string>;
  orgSector: string;
}

export interface PeerViewer {
  kind: 'peer';
  peerId: string;
  /** communities of this hub the peer is a member of */
  communityIds: ReadonlySet<string>;
  /** the highest TLP the federation agreement lets this hub send to the peer */
  maxTlp: Extract<Tlp, 'clear' | 'green' | 'amber'>;
  /** organization ids (of this hub) the peer stands for: AMBER addressed to them may go to the peer */
  namedInAudienceAs: ReadonlySet<string>;
}

export interface PublicViewer {
  kind: 'public';
}

export type Viewer = UserViewer | OrganizationViewer | PeerViewer | PublicViewer;

export const PUBLIC_VIEWER: PublicViewer = Object.freeze({ kind: 'public' });

export function isOperator(v: Viewer): boolean {
  return v.kind === 'user' && v.role === 'operator';
}

/** What the store knows about a user's trust, besides the principal. */
export interface UserTrust {
  clearance: UserViewer['clearance'];
  orgApprovedUntil: string | null;
  acceptedTerms: ReadonlySet<string>;
}

/** The viewer of an authenticated principal. */
export function userViewer(p: Principal, trust: UserTrust): UserViewer {
  return {
    kind: 'user',
    userId: p.user.id,
    orgId: p.org.id,
    role: p.user.role,
    communityIds: p.communityIds,
    orgSector: p.org.sector,
    clearance: trust.clearance,
    orgApprovedUntil: trust.orgApprovedUntil,
    acceptedTerms: trust.acceptedTerms,
  };
}
