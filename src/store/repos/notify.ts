/**
 * Delivery storage (src/store/notify-types.ts, migration 0005): one Kysely implementation of
 * subscriptions, webhooks, outbox reads and updates, cursors and leases for both backends.
 * Like repos/identity.ts it never opens a transaction (see sqlite/open.ts): each method is
 * one statement (deleteSubscription two), leases and webhook results by compare-and-set in that statement. The three
 * methods that need a transaction (enqueue, appendToOpen, claimDue) are each backend's own
 * (sqlite/notify-tx.ts, postgres/notify-tx.ts) and passed in; the row mapping they share is here.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  NewOutboxMessage, NotifyRepository, OutboxMessage, OutboxStatus, Subscription, SubscriptionFilters, Webhook,
} from '../notify-types.js';
import type { Database, OutboxTable, SubscriptionsTable, WebhooksTable } from '../schema.js';
import { insertOrConflict } from '../errors.js';

/** What each backend implements in one transaction. */
export type NotifyTransactions = Pick<NotifyRepository, 'enqueue' | 'appendToOpen' | 'claimDue'>;

const FILTER_KEYS: readonly (keyof SubscriptionFilters)[] = [
  'infoTypes', 'purposes', 'tiers', 'timings', 'communities', 'sectors', 'types', 'tlps', 'keywords',
];

/** Every filter present, as a list (a stored text from an older writer may lack one). */
export function normalizeFilters(f: Partial<SubscriptionFilters>): SubscriptionFilters {
  const out = {} as SubscriptionFilters;
  for (const k of FILTER_KEYS) out[k] = Array.isArray(f[k]) ? [...f[k]] : [];
  return out;
}

const toSubscription = (r: Selectable<SubscriptionsTable>): Subscription => ({
  id: r.id,
  owner: r.owner as Subscription['owner'],
  userId: r.user_id,
  orgId: r.org_id,
  name: r.name,
  filters: normalizeFilters(JSON.parse(r.filters) as Partial<SubscriptionFilters>),
  delivery: r.delivery as Subscription['delivery'],
  channels: JSON.parse(r.channels) as Subscription['channels'],
  webhookId: r.webhook_id,
  email: r.email,
  language: r.language as Subscription['language'],
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const toWebhook = (r: Selectable<WebhooksTable>): Webhook => ({
  id: r.id,
  orgId: r.org_id,
  url: r.url,
  secretEncrypted: r.secret_encrypted,
  createdAt: r.created_at,
  consecutiveFailures: Number(r.consecutive_failures),
  disabledAt: r.disabled_at,
  disabledReason: r.disabled_reason,
});

export const toOutboxMessage = (r: Selectable<OutboxTable>): OutboxMessage => ({
  id: r.id,
  channel: r.channel as OutboxMessage['channel'],
  subscriptionId: r.subscription_id,
  recipient: r.recipient,
  dedupeKey: r.dedupe_key,
  payload: r.payload,
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/** The row of a new message: pending, never tried. */
export const newOutboxRow = (m: NewOutboxMessage): Selectable<OutboxTable> => ({
  id: m.id,
  channel: m.channel,
  subscription_id: m.subscriptionId,
  recipient: m.recipient,
  dedupe_key: m.dedupeKey,
  payload: m.payload,
  status: 'pending',
  attempts: 0,
  next_attempt_at: m.nextAttemptAt,
  lease_until: null,
  last_error: null,
  created_at: m.createdAt,
  sent_at: null,
});

/** `payload` (a JSON object) with `item` pushed onto its `items` array (created when missing). */
export function appendItem(payload: string, item: unknown): string {
  const p = JSON.parse(payload) as unknown;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new TypeError('outbox payload is not a JSON object');
  const o = p as { items?: unknown };
  const items = Array.isArray(o.items) ? o.items : [];
  return JSON.stringify({ ...o, items: [...items, item] });
}

/** Claim order: the longest due first. */
export const byDue = (a: OutboxMessage, b: OutboxMessage): number =>
  a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

type SubscriptionPatch = Parameters<NotifyRepository['updateSubscription']>[1];

function subscriptionSet(patch: SubscriptionPatch): Partial<SubscriptionsTable> {
  const set: Partial<SubscriptionsTable> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.filters !== undefined) set.filters = JSON.stringify(normalizeFilters(patch.filters));
  if (patch.delivery !== undefined) set.delivery = patch.delivery;
  if (patch.channels !== undefined) set.channels = JSON.stringify(patch.channels);
  if (patch.webhookId !== undefined) set.webhook_id = patch.webhookId;
  if (patch.email !== undefined) set.email = patch.email;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.disabledAt !== undefined) set.disabled_at = patch.disabledAt;
  return set;
}

export function createNotifyRepository(db: Kysely<Database>, tx: NotifyTransactions): NotifyRepository {
  return {
    async createSubscription(s) {
      const row: SubscriptionsTable = {
        id: s.id,
        owner: s.owner,
        user_id: s.userId,
        org_id: s.orgId,
        name: s.name,
        filters: JSON.stringify(normalizeFilters(s.filters)),
        delivery: s.delivery,
        channels: JSON.stringify(s.channels),
        webhook_id: s.webhookId,
        email: s.email,
        language: s.language,
        created_at: s.createdAt,
        disabled_at: s.disabledAt,
      };
      await insertOrConflict('subscription', { ...row }, () => db.insertInto('subscriptions').values(row).execute());
    },
    async getSubscription(id) {
      const r = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toSubscription(r);
    },
    async listSubscriptions(q) {
      let query = db.selectFrom('subscriptions').selectAll();
      if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
      if (q.orgId !== undefined) query = query.where('org_id', '=', q.orgId);
      if (q.activeOnly) query = query.where('disabled_at', 'is', null);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toSubscription);
    },
    async activeSubscriptions() {
      const rows = await db.selectFrom('subscriptions').selectAll().where('disabled_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSubscription);
    },
    async updateSubscription(id, patch) {
      const set = subscriptionSet(patch);
      if (Object.keys(set).length === 0) return (await this.getSubscription(id)) !== undefined;
      const r = await db.updateTable('subscriptions').set(set).where('id', '=', id).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteSubscription(id) {
      // its messages' item keys (no foreign key: migration 0005), then it and its messages (cascade)
      await db.deleteFrom('outbox_items')
        .where('message_id', 'in', (eb) => eb.selectFrom('outbox').select('id').where('subscription_id', '=', id))
        .execute();
      const r = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async createWebhook(w) {
      const row: WebhooksTable = {
        id: w.id,
        org_id: w.orgId,
        url: w.url,
        secret_encrypted: w.secretEncrypted,
        created_at: w.createdAt,
        consecutive_failures: w.consecutiveFailures,
        disabled_at: w.disabledAt,
        disabled_reason: w.disabledReason,
      };
      await insertOrConflict('webhook', { ...row }, () => db.insertInto('webhooks').values(row).execute());
    },
    async getWebhook(id) {
      const r = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toWebhook(r);
    },
    async listWebhooks(orgId) {
      const rows = await db.selectFrom('webhooks').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toWebhook);
    },
    async recordWebhookResult(id, ok, disableAfter, reason, at) {
      // One statement: every SET expression reads the row as it was before the update.
      const r = ok
        ? await db.updateTable('webhooks').set({ consecutive_failures: 0 }).where('id', '=', id).returningAll().executeTakeFirst()
        : await db
          .updateTable('webhooks')
          .set({
            consecutive_failures: sql<number>`consecutive_failures + 1`,
            disabled_at: sql<string | null>`case when disabled_at is null and consecutive_failures + 1 >= ${disableAfter} then ${at} else disabled_at end`,
            disabled_reason: sql<string | null>`case when disabled_at is null and consecutive_failures + 1 >= ${disableAfter} then ${reason} else disabled_reason end`,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
      return r && toWebhook(r);
    },
    async deleteWebhook(id) {
      const r = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    enqueue: (messages, cursor) => tx.enqueue(messages, cursor),
    appendToOpen: (q) => tx.appendToOpen(q),
    claimDue: (now, leaseUntil, limit, channel) => tx.claimDue(now, leaseUntil, limit, channel),

    async markSent(id, at) {
      await db.updateTable('outbox').set({ status: 'sent', sent_at: at, lease_until: null }).where('id', '=', id).execute();
    },
    async markSentMany(ids, at) {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await db.updateTable('outbox').set({ status: 'sent', sent_at: at, lease_until: null }).where('id', 'in', chunk).execute();
      }
    },
    async markFailed(id, error, nextAttemptAt) {
      const set = nextAttemptAt === null
        ? { status: 'failed', last_error: error, lease_until: null }
        : { status: 'pending', last_error: error, lease_until: null, next_attempt_at: nextAttemptAt };
      await db.updateTable('outbox').set(set).where('id', '=', id).execute();
    },
    async listProblems(limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where((eb) => eb.or([
          eb('status', '=', 'failed'),
          eb.and([eb('status', 'in', ['pending', 'sending']), eb('last_error', 'is not', null)]),
        ]))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toOutboxMessage);
    },
    async countByStatus() {
      const rows = await db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
      const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const r of rows) out[r.status as OutboxStatus] = Number(r.n);
      return out;
    },

    async getCursor(name) {
      const r = await db.selectFrom('notify_cursors').select('value').where('name', '=', name).executeTakeFirst();
      return r ? Number(r.value) : 0;
    },
    async acquireLease(name, holder, until, now) {
      // Insert, or take over a lapsed lease, or renew one's own: one statement, so of two
      // concurrent takers of a free lease exactly one gets a row back.
      const r = await db
        .insertInto('notify_leases')
        .values({ name, holder, until })
        .onConflict((oc) => oc.column('name').doUpdateSet({ holder, until }).where((eb) => eb.or([
          eb('notify_leases.holder', '=', holder),
          eb('notify_leases.until', '<=', now),
        ])))
        .returning('holder')
        .executeTakeFirst();
      return r?.holder === holder;
    },
    async releaseLease(name, holder) {
      await db.deleteFrom('notify_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
