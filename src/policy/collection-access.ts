import type { Principal } from '../identity/principal.js';
import type { Collection } from '../store/types.js';

/**
 * Collection-level access, the hub core's rule until the trust model (per-object
 * envelopes) replaces it: members of a collection's community read it; members who
 * publish (analysts, org admins) also write; operators run the hub and do both.
 * Every TAXII route asks here; none decides on its own.
 */
export function canReadCollection(viewer: Principal, collection: Collection): boolean {
  return viewer.user.role === 'operator' || viewer.communityIds.has(collection.communityId);
}

export function canWriteCollection(viewer: Principal, collection: Collection): boolean {
  if (viewer.user.role === 'operator') return true;
  if (viewer.user.role === 'reader') return false;
  return viewer.communityIds.has(collection.communityId);
}

/** Whether the viewer may know the community's API root exists at all. */
export function canSeeCommunity(viewer: Principal, communityId: string): boolean {
  return viewer.user.role === 'operator' || viewer.communityIds.has(communityId);
}

/** A TAXII status resource is for the user who posted the request, and for operators. */
export function canReadStatus(viewer: Principal, status: { userId: string }): boolean {
  return viewer.user.role === 'operator' || status.userId === viewer.user.id;
}
