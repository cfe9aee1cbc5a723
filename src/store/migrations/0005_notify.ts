/**
 * Delivery (docs/notify.md, issue 6): subscriptions, webhooks, the outbox of messages to send,
 * and the named cursors and leases of the dispatcher. Written against `Kysely<any>` like 0001:
 * it must keep meaning what it meant.
 *
 * - `subscriptions.filters` and `channels` are JSON texts: the dispatcher reads every active
 *   subscription into memory and matches there; nothing filters on them in SQL.
 * - `outbox_items` holds every item key ever queued (`<subscription>|<stix id>|<version>`), with
 *   the message it went into: the unique key that makes a crashed or second dispatcher's retry
 *   queue nothing twice, whether the item opened a message (enqueue) or joined one
 *   (appendToOpen). `outbox.dedupe_key` (the first item's) is unique as well. A transaction
 *   claims the key before it writes the message (claiming first is what makes a concurrent
 *   claimer of the same key lose). No foreign key, as for 0003's side tables: only the notify
 *   repository writes the table, in the same transaction as the message, and checking one per
 *   row cost PostgreSQL ~40 % of queueing 10,000 messages; deleting a subscription deletes its
 *   messages' keys first.
 * - Times are ISO-8601 texts compared as strings (all written by `toISOString`); PostgreSQL
 *   compares them, and the identifier-like columns, with the "C" collation, as in 0001.
 * - Deleting a subscription deletes its queued messages; deleting a webhook leaves the
 *   subscriptions that named it without one (their webhook channel then goes nowhere).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function notifyMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const key = pg ? sql`text collate "C"` : sql`text`;
  const micros = pg ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('org_id', key, (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret_encrypted', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_at', key)
        .addColumn('disabled_reason', 'text')
        .execute();
      await db.schema.createIndex('webhooks_org').on('webhooks').columns(['org_id']).execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull().check(sql`owner in ('user', 'organization')`))
        .addColumn('user_id', key, (c) => c.references('users.id').onDelete('cascade'))
        .addColumn('org_id', key, (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('filters', 'text', (c) => c.notNull())
        .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('immediate', 'daily', 'weekly')`))
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('webhook_id', key, (c) => c.references('webhooks.id').onDelete('set null'))
        .addColumn('email', 'text')
        .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('ja', 'en')`))
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('disabled_at', key)
        .addCheckConstraint('subscriptions_owner_user', sql`(owner = 'user') = (user_id is not null)`)
        .execute();
      await db.schema.createIndex('subscriptions_user').on('subscriptions').columns(['user_id']).execute();
      await db.schema.createIndex('subscriptions_org').on('subscriptions').columns(['org_id']).execute();
      await db.schema.createIndex('subscriptions_webhook').on('subscriptions').columns(['webhook_id']).execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
        .addColumn('subscription_id', key, (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', key, (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', key, (c) => c.notNull())
        .addColumn('lease_until', key)
        .addColumn('last_error', 'text')
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('sent_at', key)
        .execute();
      // claimDue: pending by next_attempt_at, sending by lease_until
      await db.schema.createIndex('outbox_status_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_status_lease').on('outbox').columns(['status', 'lease_until']).execute();
      // appendToOpen, and the cascade from subscriptions
      await db.schema.createIndex('outbox_subscription').on('outbox').columns(['subscription_id', 'created_at']).execute();

      await db.schema
        .createTable('outbox_items')
        .addColumn('dedupe_key', key, (c) => c.primaryKey())
        .addColumn('message_id', key, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_items_message').on('outbox_items').columns(['message_id']).execute();

      await db.schema
        .createTable('notify_cursors')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('value', micros, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('notify_leases')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('holder', key, (c) => c.notNull())
        .addColumn('until', key, (c) => c.notNull())
        .execute();
    },
  };
}
