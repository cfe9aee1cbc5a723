/**
 * A peer's accounts on this hub (users of the organization that stands for the peer, see
 * peers.ts) are the peer, not members: whatever they read through TAXII is decided by the
 * peer's viewer (`peerViewerOf`), never by a member's, so a peer pulling from this hub receives
 * exactly what this hub would push to it (DESIGN.md: AMBER only where the peer is named, GREEN to
 * peers of an audience community, no clearance, terms or sectors, attribution hidden).
 */
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import { userViewer, type PeerViewer, type UserViewer } from '../policy/viewer.js';
import type { Peer } from '../store/peers-types.js';
import type { Store } from '../store/types.js';
import { peerViewerOf } from './egress.js';

/** The peer a principal's organization stands for, if any. */
export async function peerOfPrincipal(store: Store, p: Principal): Promise<Peer | undefined> {
  return store.peers.byOrg(p.org.id);
}

/** The policy viewer of an authenticated principal: its peer's viewer for a peer account, else the user's. */
export async function viewerOfPrincipal(store: Store, p: Principal): Promise<UserViewer | PeerViewer> {
  const peer = await peerOfPrincipal(store, p);
  if (peer) return peerViewerOf(peer);
  return userViewer(p, await new TrustService(store).trustOf(p.user));
}
