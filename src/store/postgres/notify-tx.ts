/**
 * The outbox's transactional writes on PostgreSQL (src/store/notify-types.ts): enqueue and
 * appendToOpen are one transaction each (READ COMMITTED); claimDue is one statement.
 *
 * - enqueue moves the cursor first: of two dispatchers moving it from the same value, the
 *   second's UPDATE waits for the first's row lock, then finds the value changed, and writes
 *   nothing. Item keys are claimed (ON CONFLICT DO NOTHING) before their messages are written.
 * - appendToOpen locks the open message FOR UPDATE SKIP LOCKED: a message a sender is claiming
 *   at that moment is skipped (the item opens a new one), never appended to while it goes out.
 * - claimDue locks the due rows FOR UPDATE SKIP LOCKED and updates them in the same statement,
 *   so concurrent claimers (several senders, several replicas) never get the same message.
 */
import { sql, type Kysely } from 'kysely';
import type { NewOutboxMessage } from '../notify-types.js';
import type { Database, OutboxTable } from '../schema.js';
import { appendItem, byDue, toOutboxMessage, type NotifyTransactions } from '../repos/notify.js';

/** messages per statement (as arrays: ten parameters whatever the count) */
const CHUNK = 5000;

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export function createPostgresNotifyTransactions(db: Kysely<Database>): NotifyTransactions {
  return {
    async enqueue(messages, cursor) {
      if (messages.length === 0 && !cursor) return true;
      return db.transaction().execute(async (trx) => {
        if (cursor) {
          const r = await trx.updateTable('notify_cursors').set({ value: cursor.to })
            .where('name', '=', cursor.name).where('value', '=', cursor.from).executeTakeFirst();
          let moved = Number(r.numUpdatedRows) > 0;
          if (!moved && cursor.from === 0) {
            const ins = await trx.insertInto('notify_cursors').values({ name: cursor.name, value: cursor.to })
              .onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
            moved = Number(ins.numInsertedOrUpdatedRows ?? 0) > 0;
          }
          if (!moved) return false;
        }
        // one message per key within the batch too
        const byKey = new Map<string, NewOutboxMessage>();
        for (const m of messages) if (!byKey.has(m.dedupeKey)) byKey.set(m.dedupeKey, m);
        for (const part of chunks([...byKey.values()], CHUNK)) {
          // the keys are claimed first; only the messages whose key this statement claimed are written
          const col = <K extends keyof NewOutboxMessage>(k: K) => part.map((m) => m[k]);
          await sql`
            WITH claimed AS (
              INSERT INTO outbox_items (dedupe_key, message_id)
              SELECT * FROM unnest(${col('dedupeKey')}::text[], ${col('id')}::text[])
              ON CONFLICT (dedupe_key) DO NOTHING
              RETURNING message_id
            )
            INSERT INTO outbox (id, channel, subscription_id, recipient, dedupe_key, payload, status, attempts, next_attempt_at, created_at)
            SELECT u.id, u.channel, u.subscription_id, u.recipient, u.dedupe_key, u.payload, 'pending', 0, u.next_attempt_at, u.created_at
            FROM unnest(${col('id')}::text[], ${col('channel')}::text[], ${col('subscriptionId')}::text[], ${col('recipient')}::text[],
              ${col('dedupeKey')}::text[], ${col('payload')}::text[], ${col('nextAttemptAt')}::text[], ${col('createdAt')}::text[])
              AS u(id, channel, subscription_id, recipient, dedupe_key, payload, next_attempt_at, created_at)
            JOIN claimed c ON c.message_id = u.id`.execute(trx);
        }
        return true;
      });
    },

    async appendToOpen(q) {
      return db.transaction().execute(async (trx) => {
        const holder = async () =>
          (await trx.selectFrom('outbox_items').select('message_id').where('dedupe_key', '=', q.dedupeKey).executeTakeFirst())?.message_id;
        const held = await holder();
        if (held !== undefined) return held;
        const open = await trx.selectFrom('outbox').select(['id', 'payload'])
          .where('subscription_id', '=', q.subscriptionId).where('channel', '=', q.channel)
          .where('status', '=', 'pending').where('created_at', '>=', q.since)
          .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1)
          .forUpdate().skipLocked()
          .executeTakeFirst();
        if (!open) return null;
        const claimed = await trx.insertInto('outbox_items').values({ dedupe_key: q.dedupeKey, message_id: open.id })
          .onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('dedupe_key').executeTakeFirst();
        // a concurrent writer queued the same item first: it is in that one's message
        if (!claimed) return (await holder()) ?? null;
        await trx.updateTable('outbox').set({ payload: appendItem(open.payload, q.item) }).where('id', '=', open.id).execute();
        return open.id;
      });
    },

    async claimDue(now, leaseUntil, limit, channel) {
      if (limit <= 0) return [];
      const onChannel = channel === undefined ? sql`` : sql`AND channel = ${channel}`;
      const { rows } = await sql<OutboxTable>`
        WITH due AS (
          SELECT id FROM outbox
          WHERE ((status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until <= ${now})) ${onChannel}
          ORDER BY next_attempt_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE outbox o SET status = 'sending', lease_until = ${leaseUntil}, attempts = o.attempts + 1
        FROM due WHERE o.id = due.id
        RETURNING o.*`.execute(db);
      return rows.map(toOutboxMessage).sort(byDue);
    },
  };
}
