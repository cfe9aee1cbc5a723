/**
 * Storage of the delivery side (issue 6, docs/notify.md): subscriptions, webhooks, the outbox
 * of messages to send, and named cursors/leases that let one dispatcher at a time walk the
 * hub-wide date_added order. Implemented by both backends (migration 0005) and held to one
 * contract suite (src/store/contract-notify.ts).
 */
import type { Micros } from './types.js';

export type DeliveryMode = 'immediate' | 'daily' | 'weekly';
export type NotifyChannel = 'email' | 'webhook' | 'stream';
export type Language = 'ja' | 'en';

/** What a subscription selects. Every filter narrows (AND); a list matches any of its values; empty = any. */
export interface SubscriptionFilters {
  infoTypes: string[];
  purposes: string[];
  tiers: string[];
  timings: string[];
  /** community ids */
  communities: string[];
  /** sectors of the audience communities */
  sectors: string[];
  /** STIX types */
  types: string[];
  /** TLP names (clear, green, amber, amber+strict, red) */
  tlps: string[];
  /** lower-cased terms; any one found in the object's search text matches */
  keywords: string[];
}

export interface Subscription {
  id: string;
  /** a person's own subscription, or one its organization's admin set for the organization */
  owner: 'user' | 'organization';
  /** the subscribing user (owner user); for an organization subscription, null */
  userId: string | null;
  orgId: string;
  name: string;
  filters: SubscriptionFilters;
  delivery: DeliveryMode;
  channels: NotifyChannel[];
  /** for channel webhook */
  webhookId: string | null;
  /** for an organization subscription's email: the address (a team list); a user's goes to the user */
  email: string | null;
  language: Language;
  createdAt: string;
  /** set by unsubscribe; a disabled subscription selects nothing */
  disabledAt: string | null;
}

export interface Webhook {
  id: string;
  orgId: string;
  url: string;
  /** the HMAC key, encrypted at rest with the hub key (src/notify/secret-box.ts) */
  secretEncrypted: string;
  createdAt: string;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'webhook';
  subscriptionId: string;
  /** email address or webhook id */
  recipient: string;
  /** unique: the same item never queues twice for the same subscription (e.g. `${subscriptionId}|${stixId}|${versionKey}`) */
  dedupeKey: string;
  /** what to send: item references and rendering hints, JSON */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  /** ISO; a pending message is due when nextAttemptAt <= now */
  nextAttemptAt: string;
  /** ISO; while `sending`, the claim holds until then (a crashed sender's claim lapses) */
  leaseUntil: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type NewOutboxMessage = Omit<OutboxMessage, 'status' | 'attempts' | 'leaseUntil' | 'lastError' | 'sentAt'>;

export interface NotifyRepository {
  createSubscription(s: Subscription): Promise<void>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  /** by user (own subscriptions) or organization (all of that organization's, both owners) */
  listSubscriptions(q: { userId?: string; orgId?: string; activeOnly?: boolean }): Promise<Subscription[]>;
  /** every active subscription (the dispatcher caches them) */
  activeSubscriptions(): Promise<Subscription[]>;
  updateSubscription(id: string, patch: Partial<Omit<Subscription, 'id' | 'owner' | 'userId' | 'orgId' | 'createdAt'>>): Promise<boolean>;
  deleteSubscription(id: string): Promise<boolean>;

  createWebhook(w: Webhook): Promise<void>;
  getWebhook(id: string): Promise<Webhook | undefined>;
  listWebhooks(orgId: string): Promise<Webhook[]>;
  /** consecutiveFailures and disabled state after a delivery attempt */
  recordWebhookResult(id: string, ok: boolean, disableAfter: number, reason: string | null, at: string): Promise<Webhook | undefined>;
  deleteWebhook(id: string): Promise<boolean>;

  /**
   * Queue messages and move a cursor in one transaction: messages whose dedupeKey exists are
   * skipped; the cursor moves only if it still holds `cursor.from` (compare-and-set), else
   * nothing is written and false is returned (another dispatcher got there first).
   */
  enqueue(messages: NewOutboxMessage[], cursor?: { name: string; from: Micros; to: Micros }): Promise<boolean>;
  /**
   * Append item references to a pending message of the same recipient and subscription created
   * at or after `since` (burst coalescing): returns the message id, or null when there is none.
   */
  appendToOpen(q: { channel: 'email' | 'webhook'; subscriptionId: string; since: string; dedupeKey: string; item: unknown }): Promise<string | null>;
  /**
   * Claim up to `limit` due messages (pending with nextAttemptAt <= now, or sending with a lapsed
   * lease): status `sending`, leaseUntil set, attempts + 1. Concurrent claimers never get the same
   * message (PostgreSQL: FOR UPDATE SKIP LOCKED).
   */
  claimDue(now: string, leaseUntil: string, limit: number, channel?: 'email' | 'webhook'): Promise<OutboxMessage[]>;
  markSent(id: string, at: string): Promise<void>;
  /** markSent for many messages in one statement (a sender settles a claimed round at once) */
  markSentMany(ids: string[], at: string): Promise<void>;
  /** back to pending at nextAttemptAt, or `failed` for good when nextAttemptAt is null */
  markFailed(id: string, error: string, nextAttemptAt: string | null): Promise<void>;
  /** operators' view: failed messages and those retrying, newest first */
  listProblems(limit: number): Promise<OutboxMessage[]>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;

  /** a named cursor (e.g. `dispatch`), 0 when never set */
  getCursor(name: string): Promise<Micros>;
  /**
   * Take or renew the named lease for `holder` until `until` when it is free, lapsed or already
   * held by `holder`; true when `holder` holds it afterwards.
   */
  acquireLease(name: string, holder: string, until: string, now: string): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}
