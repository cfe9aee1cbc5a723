/**
 * What the senders read for one round of claimed messages, in bulk, afresh: the subscriptions,
 * their users and organizations with memberships, each user's trust (read once per round, so
 * a grant or membership withdrawn after queueing is honoured when the message goes), and every
 * item version the messages name with its current envelope and its endpoints' envelopes.
 *
 * Each message's items are then re-checked in memory for its recipient exactly as the
 * dispatcher decides (decide.ts mayReceive: `matchesPredicate` on the envelope as stored now,
 * with a predicate built now; the relationship rule; TLP:RED to named users only), and against
 * the channels its classification allows now. A version narrowed, deleted or re-classified
 * since it was queued is left out; a message left with nothing is not sent.
 */
import { TrustService } from '../identity/trust.js';
import { predicateFor } from '../policy/predicate.js';
import type { UserTrust } from '../policy/viewer.js';
import type { Subscription } from '../store/notify-types.js';
import type { Organization, SharedRow, Store, StoredEnvelope, User } from '../store/types.js';
import { mayReceive } from './decide.js';
import { SYSTEM_PREDICATE } from './feed.js';
import { channelAllows, type ItemFacts } from './filters.js';
import { factsOf, viewOf, type ItemView } from './items.js';
import type { OutboxItem } from './payload.js';
import { NO_TRUST, orgViewer, userViewerOf, type SubscriberViewer } from './recipients.js';

/** Above this many distinct subscriptions or users a round lists them all in one query. */
const BULK = 20;
const key = (id: string, version: string) => `${id}\u0000${version}`;

export class SendRound {
  private constructor(
    private readonly store: Store,
    private readonly now: Date,
    private readonly baseUrl: string,
    private readonly subs: Map<string, Subscription>,
    private readonly users: Map<string, User>,
    private readonly orgs: Map<string, Organization>,
    private readonly memberships: Map<string, ReadonlySet<string>>,
    private readonly trust: Map<string, Promise<UserTrust>>,
    private readonly rows: Map<string, SharedRow>,
    private readonly facts: Map<string, ItemFacts>,
    private readonly endpoints: Map<string, StoredEnvelope>,
  ) {}

  static async load(store: Store, messages: readonly { subscriptionId: string; items: readonly OutboxItem[] }[], now: Date, baseUrl: string): Promise<SendRound> {
    const subIds = [...new Set(messages.map((m) => m.subscriptionId))];
    const subs = new Map<string, Subscription>();
    if (subIds.length > BULK) {
      const wanted = new Set(subIds);
      for (const s of await store.notify.activeSubscriptions()) if (wanted.has(s.id)) subs.set(s.id, s);
    } else {
      for (const id of subIds) {
        const s = await store.notify.getSubscription(id);
        if (s && s.disabledAt === null) subs.set(id, s);
      }
    }
    const userIds = [...new Set([...subs.values()].map((s) => s.userId).filter((u): u is string => u !== null))];
    const users = new Map<string, User>();
    if (userIds.length > BULK) {
      const wanted = new Set(userIds);
      for (const u of await store.identity.listUsers()) if (wanted.has(u.id)) users.set(u.id, u);
    } else {
      for (const id of userIds) {
        const u = await store.identity.getUser({ id });
        if (u) users.set(id, u);
      }
    }
    const orgs = new Map((await store.identity.listOrganizations()).map((o) => [o.id, o]));
    const memberships = new Map<string, ReadonlySet<string>>();
    for (const orgId of new Set([...subs.values()].map((s) => s.orgId))) memberships.set(orgId, new Set(await store.identity.communitiesOf(orgId)));

    const items = messages.flatMap((m) => m.items);
    const rows = new Map<string, SharedRow>();
    const ids = [...new Set(items.map((i) => i.id))];
    for (let at = 0; at < ids.length; at += 200) {
      const chunk = ids.slice(at, at + 200);
      const inChunk = new Set(chunk);
      const keys = [...new Set(items.filter((i) => inChunk.has(i.id)).map((i) => i.version))];
      let after: number | undefined;
      for (;;) {
        const page = await store.shared.query({ scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, ids: chunk, versions: { keys }, limit: 1000, ...(after !== undefined ? { addedAfter: after } : {}) });
        for (const r of page.rows) rows.set(key(r.id, r.versionKey), r);
        if (!page.more || page.rows.length === 0) break;
        after = page.rows[page.rows.length - 1]!.dateAdded;
      }
    }
    const { items: facts, endpoints } = await factsOf(store, [...rows.values()]);
    return new SendRound(store, now, baseUrl, subs, users, orgs, memberships, new Map(), rows, new Map(facts.map((f) => [key(f.id, f.versionKey), f])), endpoints);
  }

  /** The active subscription, or undefined when it is disabled or gone. */
  subscription(id: string): Subscription | undefined {
    return this.subs.get(id);
  }

  /**
   * Whether deciding on these items needs the recipient's trust: only a version with a clearance
   * or terms condition depends on grants, approvals and accepted terms. Without one, a viewer
   * with no trust at all decides exactly the same, and nothing is read.
   */
  needsTrust(items: readonly OutboxItem[]): boolean {
    const conditional = (e: StoredEnvelope | undefined) => e !== undefined && (e.minClearance > 0 || e.terms.length > 0);
    return items.some((i) => {
      const f = this.facts.get(key(i.id, i.version));
      return f !== undefined && (conditional(f.envelope) || f.endpoints.some((id) => conditional(this.endpoints.get(id))));
    });
  }

  /** The subscription's viewer now, with its user; null when it delivers to nobody (user disabled or gone). Trust read afresh when `withTrust`. */
  async viewer(sub: Subscription, withTrust = true): Promise<{ viewer: SubscriberViewer; user: User | null } | null> {
    const org = this.orgs.get(sub.orgId);
    if (!org) return null;
    const communityIds = this.memberships.get(org.id) ?? new Set<string>();
    if (sub.owner === 'organization') return { viewer: orgViewer(org, communityIds), user: null };
    const user = sub.userId === null ? undefined : this.users.get(sub.userId);
    if (!user || user.disabled || user.orgId !== org.id) return null;
    if (!withTrust) return { viewer: userViewerOf(user, org, communityIds, NO_TRUST), user };
    let trust = this.trust.get(user.id);
    if (!trust) this.trust.set(user.id, (trust = new TrustService(this.store, () => this.now).trustOf(user)));
    return { viewer: userViewerOf(user, org, communityIds, await trust), user };
  }

  /** The message's items this viewer may still receive by `channel`, as it receives them, in order. */
  items(viewer: SubscriberViewer, items: readonly OutboxItem[], channel: 'email' | 'webhook'): ItemView[] {
    const p = predicateFor(viewer, this.now);
    const out: ItemView[] = [];
    const seen = new Set<string>();
    for (const i of items) {
      const k = key(i.id, i.version);
      if (seen.has(k)) continue;
      seen.add(k);
      const row = this.rows.get(k);
      const f = this.facts.get(k);
      if (!row || !f) continue;
      if (!channelAllows(f.classification, channel) || !mayReceive(viewer, p, f, this.endpoints)) continue;
      const org = this.orgs.get(row.providerOrgId);
      out.push(viewOf(row, viewer, org ? { slug: org.slug, name: org.name } : null, this.baseUrl));
    }
    return out;
  }
}
