/**
 * Who a subscription delivers to, as the policy sees them: a user subscription's viewer is the
 * user's (`userViewer` with `trustOf`), an organization subscription's is the organization's
 * (an OrganizationViewer: it never meets a clearance or terms condition and never receives
 * TLP:RED). A disabled or deleted user, or a missing organization, has no viewer: the
 * subscription delivers nothing.
 *
 * `SubscriberDirectory` builds every active subscription's Subscriber for the dispatcher in a
 * handful of queries (users, organizations, communities and memberships in bulk; each user's
 * trust once, kept for `trustTtlMs`). The senders read theirs afresh (send-round.ts).
 */
import { TrustService } from '../identity/trust.js';
import { userViewer, type OrganizationViewer, type UserTrust, type UserViewer } from '../policy/viewer.js';
import type { Subscription } from '../store/notify-types.js';
import type { Organization, Store, User } from '../store/types.js';
import type { Subscriber } from './decide.js';

export type SubscriberViewer = UserViewer | OrganizationViewer;

const NO_COMMUNITIES: ReadonlySet<string> = new Set<string>();

/**
 * No grant, no approval, no accepted terms: what a user viewer is built with when no version
 * being decided has a clearance or terms condition (the decision is then the same whatever the
 * user's trust, so it is not read).
 */
export const NO_TRUST: UserTrust = Object.freeze({ clearance: null, orgApprovedUntil: null, acceptedTerms: new Set<string>() });

export function orgViewer(org: Organization, communityIds: ReadonlySet<string>): OrganizationViewer {
  return { kind: 'organization', orgId: org.id, communityIds, orgSector: org.sector };
}

export function userViewerOf(user: User, org: Organization, communityIds: ReadonlySet<string>, trust: UserTrust): UserViewer {
  return userViewer({ user, org, communityIds, tokenId: null }, trust);
}

export interface DirectoryOptions {
  /** how long a user's trust read is reused, ms (the sender re-reads it anyway); default 30 s */
  trustTtlMs?: number;
  now?: () => Date;
}

/** Users, organizations, communities, memberships and webhooks, read together. */
interface Identities {
  at: number;
  users: Map<string, User>;
  orgs: Map<string, Organization>;
  communitySectors: Map<string, string | null>;
  memberships: Map<string, Set<string>>;
  webhooks: Map<string, boolean>;
}

/**
 * Every active subscription as a Subscriber, built in bulk. The subscriptions are read on every
 * load; users, organizations, memberships and webhooks are kept for `trustTtlMs` unless a
 * subscription names one not seen yet, and each user's trust likewise. What is kept can only
 * make the dispatcher queue too much or too little for that long, never send it: the senders
 * read all of it afresh before sending.
 */
export class SubscriberDirectory {
  private readonly trust = new Map<string, { at: number; trust: UserTrust }>();
  private identities: Identities | null = null;
  /** viewers kept while what they are made of is the same objects (so their predicates are kept too) */
  private readonly viewers = new Map<string, { parts: readonly unknown[]; viewer: SubscriberViewer }>();
  private readonly ttl: number;
  private readonly now: () => Date;

  constructor(private readonly store: Store, opts: DirectoryOptions = {}) {
    this.ttl = opts.trustTtlMs ?? 30_000;
    this.now = opts.now ?? (() => new Date());
  }

  /** Forget what is kept (the next load reads everything again). */
  clear(): void {
    this.trust.clear();
    this.identities = null;
    this.viewers.clear();
  }

  /** The viewer made of `parts`, the same object as last time when every part is. */
  private viewer(key: string, parts: readonly unknown[], make: () => SubscriberViewer): SubscriberViewer {
    const kept = this.viewers.get(key);
    if (kept && kept.parts.length === parts.length && kept.parts.every((p, i) => p === parts[i])) return kept.viewer;
    const viewer = make();
    this.viewers.set(key, { parts, viewer });
    return viewer;
  }

  private async readIdentities(subs: readonly Subscription[], at: number): Promise<Identities> {
    const store = this.store;
    const [users, orgs, communities] = await Promise.all([
      subs.some((s) => s.owner === 'user') ? store.identity.listUsers() : Promise.resolve([] as User[]),
      store.identity.listOrganizations(),
      store.identity.listCommunities(),
    ]);
    const memberships = new Map<string, Set<string>>();
    for (const c of communities) {
      for (const orgId of await store.identity.membersOf(c.id)) {
        let set = memberships.get(orgId);
        if (!set) memberships.set(orgId, (set = new Set()));
        set.add(c.id);
      }
    }
    const webhooks = new Map<string, boolean>();
    for (const id of new Set(subs.map((s) => s.webhookId).filter((w): w is string => w !== null))) {
      const w = await store.notify.getWebhook(id);
      webhooks.set(id, w !== undefined && w.disabledAt === null);
    }
    return {
      at, users: new Map(users.map((u) => [u.id, u])), orgs: new Map(orgs.map((o) => [o.id, o])),
      communitySectors: new Map(communities.map((c) => [c.id, c.sector])), memberships, webhooks,
    };
  }

  /**
   * Every active subscription as a Subscriber. `withTrust`: read (or reuse, within the TTL) each
   * user's trust; without it users get NO_TRUST, which decides the same on versions without a
   * clearance or terms condition.
   */
  async load(withTrust = true): Promise<Subscriber[]> {
    const store = this.store;
    const subs = await store.notify.activeSubscriptions();
    if (subs.length === 0) return [];
    const at = this.now().getTime();
    let ids = this.identities;
    const unknown = ids !== null && subs.some((s) => !ids!.orgs.has(s.orgId)
      || (s.userId !== null && !ids!.users.has(s.userId))
      || (s.webhookId !== null && !ids!.webhooks.has(s.webhookId)));
    if (ids === null || unknown || at - ids.at >= this.ttl) this.identities = ids = await this.readIdentities(subs, at);
    const { users: userById, orgs: orgById, communitySectors, memberships, webhooks } = ids;

    const out: Subscriber[] = [];
    const trustNow = at;
    const trustService = new TrustService(store, this.now);
    for (const sub of subs) {
      const org = orgById.get(sub.orgId);
      if (!org || sub.disabledAt !== null) continue;
      const communityIds: ReadonlySet<string> = memberships.get(org.id) ?? NO_COMMUNITIES;
      const webhookId = sub.webhookId !== null && webhooks.get(sub.webhookId) === true && sub.channels.includes('webhook') ? sub.webhookId : null;
      let viewer: SubscriberViewer;
      let email: string | null;
      if (sub.owner === 'organization') {
        viewer = this.viewer(`o:${org.id}`, [org, communityIds], () => orgViewer(org, communityIds));
        email = sub.email;
      } else {
        const user = sub.userId === null ? undefined : userById.get(sub.userId);
        if (!user || user.disabled || user.orgId !== org.id) continue;
        let trust = NO_TRUST;
        if (withTrust) {
          let cached = this.trust.get(user.id);
          if (!cached || trustNow - cached.at >= this.ttl) {
            cached = { at: trustNow, trust: await trustService.trustOf(user) };
            this.trust.set(user.id, cached);
          }
          trust = cached.trust;
        }
        viewer = this.viewer(`u:${user.id}`, [user, org, communityIds, trust], () => userViewerOf(user, org, communityIds, trust));
        email = user.email;
      }
      if (!sub.channels.includes('email')) email = null;
      const scope = { communities: viewer.kind === 'user' && viewer.role === 'operator' ? 'all' as const : communityIds, communitySectors };
      out.push({ sub, viewer, email, webhookId, scope });
    }
    return out;
  }
}
