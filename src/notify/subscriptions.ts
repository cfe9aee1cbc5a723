/**
 * Subscriptions as people manage them (docs/notify.md): a user's own, and an organization's set
 * by who manages its delivery (src/policy/admin-access.ts canManageSubscription). Input is checked
 * by subscription-input.ts; the store keeps community ids, the API shows slugs. Unsubscribing by
 * a link's token (src/notify/secret-box.ts) disables a subscription; it stays listed, inactive.
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '../identity/principal.js';
import { canManageOrgDelivery, canManageSubscription } from '../policy/admin-access.js';
import { canSeeCommunity } from '../policy/collection-access.js';
import type { Subscription } from '../store/notify-types.js';
import type { Community, Store } from '../store/types.js';
import { languageOf } from './defaults.js';
import {
  EMPTY_FILTERS, parseSubscriptionFields, SubscriptionInputError, type InputContext, type SubscriptionFields,
} from './subscription-input.js';

/** The caller may not do this (403). */
export class DeliveryAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryAccessError';
  }
}

const OWNERS = ['user', 'organization'] as const;

export class SubscriptionService {
  constructor(private readonly store: Store, private readonly now: () => Date = () => new Date()) {}

  /** The caller's own subscriptions, then its organization's when it manages them; oldest first each. */
  async list(p: Principal): Promise<Subscription[]> {
    const own = await this.store.notify.listSubscriptions({ userId: p.user.id });
    if (!canManageOrgDelivery(p, p.org.id)) return own;
    const org = (await this.store.notify.listSubscriptions({ orgId: p.org.id })).filter((s) => s.owner === 'organization');
    return [...own, ...org];
  }

  /** A subscription the caller manages; undefined for one it does not (someone else's is not found). */
  async get(p: Principal, id: string): Promise<Subscription | undefined> {
    const s = await this.store.notify.getSubscription(id);
    return s && canManageSubscription(p, s) ? s : undefined;
  }

  async create(p: Principal, body: unknown): Promise<Subscription> {
    const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).owner : undefined;
    const owner = raw === undefined || raw === null ? 'user' : raw;
    if (!OWNERS.includes(owner as Subscription['owner'])) {
      throw new SubscriptionInputError('The subscription is invalid.', [{ property: 'owner', message: `'${String(owner).slice(0, 40)}' is not one of: ${OWNERS.join(', ')}` }]);
    }
    const o = owner as Subscription['owner'];
    if (o === 'organization' && !canManageOrgDelivery(p, p.org.id)) {
      throw new DeliveryAccessError("Only your organization's admins manage its subscriptions; create your own with owner 'user'.");
    }
    const base: SubscriptionFields = {
      name: '', filters: EMPTY_FILTERS, delivery: 'immediate', channels: ['email'], webhookId: null, email: null, language: languageOf(p.org),
    };
    const fields = parseSubscriptionFields(body, o, base, await this.inputContext(p, o), { required: ['name'], extra: ['owner'], what: 'a subscription' });
    const s: Subscription = {
      id: randomUUID(), owner: o, userId: o === 'user' ? p.user.id : null, orgId: p.org.id, ...fields,
      createdAt: this.now().toISOString(), disabledAt: null,
    };
    await this.store.notify.createSubscription(s);
    return s;
  }

  /** Changes the fields `body` names (and `active`); undefined when the caller has no such subscription. */
  async update(p: Principal, id: string, body: unknown): Promise<Subscription | undefined> {
    const s = await this.get(p, id);
    if (!s) return undefined;
    let disabledAt = s.disabledAt;
    let rest = body;
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'active' in body) {
      const { active, ...others } = body as Record<string, unknown>;
      if (typeof active !== 'boolean') throw new SubscriptionInputError('The change is invalid.', [{ property: 'active', message: 'must be true or false' }]);
      disabledAt = active ? null : (s.disabledAt ?? this.now().toISOString());
      rest = others;
    }
    // pausing or resuming alone always works (even when, say, its webhook has been deleted since)
    const onlyActive = rest !== body && Object.keys(rest as object).length === 0;
    const fields = onlyActive ? s : parseSubscriptionFields(rest, s.owner, s, await this.inputContext(p, s.owner), { what: 'a change of a subscription', extra: ['active'] });
    const patch = { ...fields, disabledAt };
    if (!(await this.store.notify.updateSubscription(s.id, patch))) return undefined;
    return { ...s, ...patch };
  }

  async remove(p: Principal, id: string): Promise<boolean> {
    const s = await this.get(p, id);
    return s !== undefined && this.store.notify.deleteSubscription(s.id);
  }

  /** Disables the subscription an unsubscribe link names (kept: it stays listed as inactive). */
  async unsubscribe(id: string): Promise<Subscription | undefined> {
    const s = await this.store.notify.getSubscription(id);
    if (!s) return undefined;
    if (s.disabledAt !== null) return s;
    const disabledAt = this.now().toISOString();
    if (!(await this.store.notify.updateSubscription(s.id, { disabledAt }))) return undefined;
    return { ...s, disabledAt };
  }

  /** Slugs of the communities a subscription's filter names, by id (for showing them). */
  async communitySlugs(): Promise<Map<string, string>> {
    return new Map((await this.store.identity.listCommunities()).map((c) => [c.id, c.slug]));
  }

  /**
   * What the caller's input may name: for its own subscription, the communities it sees; for
   * its organization's, the organization's communities; the organization's webhooks.
   */
  private async inputContext(p: Principal, owner: Subscription['owner']): Promise<InputContext> {
    const [all, webhooks] = await Promise.all([this.store.identity.listCommunities(), this.store.notify.listWebhooks(p.org.id)]);
    const named = all.filter((c) => (owner === 'user' ? canSeeCommunity(p, c.id) : p.communityIds.has(c.id)));
    return { communities: new Map(named.map((c: Community) => [c.slug, c])), webhooks };
  }
}
