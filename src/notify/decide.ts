/**
 * The dispatcher's decisions (docs/notify.md "Dispatch"), pure: for each new version and each
 * active subscription, may the subscriber see it (the one policy), does it match, may this
 * channel carry it, and when does it go. I/O (the store, the lease, the cursor) is in
 * dispatcher.ts; this file only computes.
 *
 * - Visibility: `matchesPredicate(predicateFor(viewer, now), envelope, type)`, then the
 *   relationship rule: no endpoint the hub holds may be invisible to the subscriber (read on
 *   each endpoint's latest version here, which can only hide more than the store's rule; the
 *   sender re-reads every item through the store's own query before sending).
 * - Embargo: the walk sees versions still under embargo; a subscriber who will see one when the
 *   embargo ends gets it then (the message is due at the embargo's end, never coalesced into an
 *   earlier one).
 * - TLP:RED goes by email or webhook only to a user subscription whose user is named in the
 *   audience (or provided it): never to an organization's team address or webhook, and not to
 *   a colleague of the provider that the policy lets see it in the portal.
 * - Timing: `flash` always now; otherwise the delivery mode: `immediate` (email waits the burst
 *   window so that a burst becomes one message; a webhook goes now) or the next daily/weekly
 *   digest.
 */
import { matchesPredicate, predicateFor, userKey } from '../policy/predicate.js';
import type { OrganizationViewer, UserViewer } from '../policy/viewer.js';
import type { Subscription } from '../store/notify-types.js';
import type { StoredEnvelope, VisibilityPredicate } from '../store/types.js';
import { channelAllows, isFlash, matchesFilters, type FilterScope, type ItemFacts } from './filters.js';
import { digestPeriodStart, nextDigestAt } from './schedule.js';

/** An active subscription with what deciding needs, built by the dispatcher (recipients.ts). */
export interface Subscriber {
  sub: Subscription;
  viewer: UserViewer | OrganizationViewer;
  /** the address email goes to (the user's, or the organization subscription's); null: no email */
  email: string | null;
  /** the subscription's webhook when it exists and is enabled; null: no webhook delivery */
  webhookId: string | null;
  scope: FilterScope;
}

export interface Decision {
  subscriber: Subscriber;
  channel: 'email' | 'webhook';
  recipient: string;
  item: ItemFacts;
  flash: boolean;
  /** ms; later than now only while the version is under embargo */
  notBefore: number;
}

/** The STIX type of an id (`type--uuid`). */
export const typeOfId = (id: string): string => {
  const i = id.indexOf('--');
  return i < 0 ? id : id.slice(0, i);
};

const RED = 4;

/** Whether a TLP:RED version may go to this viewer by email or webhook: a user it names, or who provided it. */
export function redReaches(viewer: UserViewer | OrganizationViewer, env: StoredEnvelope): boolean {
  if (viewer.kind !== 'user') return false;
  return env.audienceKeys.includes(userKey(viewer.userId)) || env.providerUserId === viewer.userId;
}

/**
 * Whether `viewer` may receive the item by email or webhook under the one policy (its predicate
 * `p`), the relationship rule on the endpoints' envelopes, and TLP:RED to named users only.
 */
export function mayReceive(
  viewer: UserViewer | OrganizationViewer,
  p: VisibilityPredicate,
  item: Pick<ItemFacts, 'envelope' | 'type' | 'endpoints'>,
  endpointEnvelopes: ReadonlyMap<string, StoredEnvelope>,
): boolean {
  if (!matchesPredicate(p, item.envelope, item.type)) return false;
  if (item.envelope.tlpRank >= RED && !redReaches(viewer, item.envelope)) return false;
  for (const e of item.endpoints) {
    const env = endpointEnvelopes.get(e);
    if (env && !matchesPredicate(p, env, typeOfId(e))) return false;
  }
  return true;
}

const timeless = new WeakMap<UserViewer | OrganizationViewer, VisibilityPredicate>();

/**
 * predicateFor(viewer, now), remembered per viewer object when it depends on `now` only through
 * `nowUs` (no clearance grant to expire): the directory keeps viewer objects while nothing
 * about them changes, so a batch for 10,000 subscribers does not rebuild 10,000 predicates.
 */
export function predicateOf(viewer: UserViewer | OrganizationViewer, now: Date): VisibilityPredicate {
  if (viewer.kind === 'user' && viewer.clearance !== null) return predicateFor(viewer, now);
  let p = timeless.get(viewer);
  if (!p) timeless.set(viewer, (p = predicateFor(viewer, now)));
  return { ...p, nowUs: now.getTime() * 1000 };
}

/** Every (subscriber, channel, item) that should be delivered, in item order then subscriber order. */
export function decide(
  items: readonly ItemFacts[],
  subscribers: readonly Subscriber[],
  endpointEnvelopes: ReadonlyMap<string, StoredEnvelope>,
  now: Date,
): Decision[] {
  const nowMs = now.getTime();
  const nowUs = nowMs * 1000;
  const predicates = subscribers.map((s) => predicateOf(s.viewer, now));
  const out: Decision[] = [];
  for (const item of items) {
    const email = channelAllows(item.classification, 'email');
    const api = channelAllows(item.classification, 'webhook');
    if (!email && !api) continue;
    const embargo = item.envelope.embargoUntilUs;
    const embargoed = embargo !== null && embargo > nowUs;
    const flash = isFlash(item.classification);
    for (let i = 0; i < subscribers.length; i++) {
      const s = subscribers[i]!;
      const wantsEmail = email && s.email !== null && s.sub.channels.includes('email');
      const wantsHook = api && s.webhookId !== null && s.sub.channels.includes('webhook');
      if (!wantsEmail && !wantsHook) continue;
      const p = embargoed ? { ...predicates[i]!, nowUs: embargo! } : predicates[i]!;
      if (!mayReceive(s.viewer, p, item, endpointEnvelopes)) continue;
      if (!matchesFilters(s.sub.filters, item, s.scope)) continue;
      const notBefore = embargoed ? Math.ceil(embargo / 1000) : nowMs;
      if (wantsEmail) out.push({ subscriber: s, channel: 'email', recipient: s.email!, item, flash, notBefore });
      if (wantsHook) out.push({ subscriber: s, channel: 'webhook', recipient: s.webhookId!, item, flash, notBefore });
    }
  }
  return out;
}

/**
 * How a group of items for one subscription and channel is queued:
 * - `now`: a new message due now (flash items; webhooks of immediate subscriptions);
 * - `held`: email of an immediate subscription: joins an open message of the burst window, else
 *   a new message due when the window ends;
 * - `digest`: joins the subscription's open digest, else opens it, due at the digest time;
 * - `embargo`: a new message due when the embargo ends.
 */
export type GroupKind = 'now' | 'held' | 'digest' | 'embargo';

export interface PlannedGroup {
  subscriber: Subscriber;
  channel: 'email' | 'webhook';
  recipient: string;
  kind: GroupKind;
  dueAt: Date;
  items: ItemFacts[];
  flash: boolean;
  digest?: { mode: 'daily' | 'weekly'; from: string; to: string };
}

/** Groups decisions into what becomes one message each (before coalescing with open ones). */
export function groupDecisions(decisions: readonly Decision[], now: Date, coalesceMs: number): PlannedGroup[] {
  const nowMs = now.getTime();
  const groups = new Map<string, PlannedGroup>();
  for (const d of decisions) {
    const mode = d.subscriber.sub.delivery;
    let kind: GroupKind;
    let due: number;
    let digest: PlannedGroup['digest'];
    if (mode !== 'immediate' && !d.flash) {
      const next = nextDigestAt(mode, d.subscriber.sub.language, new Date(d.notBefore));
      kind = 'digest';
      due = next.getTime();
      digest = { mode, from: digestPeriodStart(mode, next).toISOString(), to: next.toISOString() };
    } else if (d.notBefore > nowMs) {
      kind = 'embargo';
      due = d.notBefore;
    } else if (d.flash || d.channel === 'webhook') {
      kind = 'now';
      due = nowMs;
    } else {
      kind = 'held';
      due = nowMs + coalesceMs;
    }
    const key = `${d.subscriber.sub.id}\u0000${d.channel}\u0000${d.recipient}\u0000${kind}\u0000${due}`;
    let g = groups.get(key);
    if (!g) {
      g = { subscriber: d.subscriber, channel: d.channel, recipient: d.recipient, kind, dueAt: new Date(due), items: [], flash: false, ...(digest ? { digest } : {}) };
      groups.set(key, g);
    }
    if (!g.items.some((i) => i.id === d.item.id && i.versionKey === d.item.versionKey)) g.items.push(d.item);
    g.flash ||= d.flash;
  }
  // held items never join a message going now: after a takeover they may already sit in an
  // open message (appendToOpen reports it), which only the held path asks
  return [...groups.values()];
}
