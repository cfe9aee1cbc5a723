/**
 * A peer's accounts receive nothing as members (docs/federation.md "Peers"): they are the peer,
 * which receives only what federation sends it. New accounts get default subscriptions
 * (src/notify/defaults.ts); for a user of a peer's organization this hook, installed right after
 * the defaults, deletes them, so no email digest or notice is ever built for a peer account
 * with a member's viewer. (The REST API, where subscriptions are made, refuses peer accounts.)
 */
import { onUserCreated } from '../identity/hooks.js';
import type { Store } from '../store/types.js';

const installed = new WeakSet<Store>();

export function installPeerAccountRule(store: Store): void {
  if (installed.has(store)) return;
  installed.add(store);
  onUserCreated(store, async (user) => {
    if (!(await store.peers.byOrg(user.orgId))) return;
    for (const s of await store.notify.listSubscriptions({ userId: user.id })) await store.notify.deleteSubscription(s.id);
  });
}
