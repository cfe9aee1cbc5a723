/**
 * The outbox's transactional writes on SQLite (src/store/notify-types.ts enqueue, appendToOpen,
 * claimDue): each one synchronous better-sqlite3 transaction begun IMMEDIATE on the main
 * connection. Synchronous, so nothing else on the connection runs inside it (no Kysely query,
 * no shared read), and IMMEDIATE, so the write lock is taken before anything is read: another
 * process (a `kyojo` command, or a second store on the same file) waits for it (busy_timeout)
 * instead of failing to upgrade a read. Small writes, like the identity and trust writes that
 * stay on this connection too.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { NewOutboxMessage, OutboxMessage } from '../notify-types.js';
import type { Micros } from '../types.js';
import type { OutboxTable } from '../schema.js';
import { appendItem, byDue, newOutboxRow, toOutboxMessage, type NotifyTransactions } from '../repos/notify.js';

type Cursor = { name: string; from: Micros; to: Micros };

const DUE = `((status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until <= @now))`;

export function createSqliteNotifyTransactions(db: BetterSqlite3.Database): NotifyTransactions {
  const moveCursor = db.prepare<[Micros, string, Micros]>('UPDATE notify_cursors SET value = ? WHERE name = ? AND value = ?');
  const firstCursor = db.prepare<[string, Micros]>('INSERT INTO notify_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const claimKey = db.prepare<[string, string]>('INSERT INTO outbox_items (dedupe_key, message_id) VALUES (?, ?) ON CONFLICT (dedupe_key) DO NOTHING');
  const holderOf = db.prepare<[string], { message_id: string }>('SELECT message_id FROM outbox_items WHERE dedupe_key = ?');
  const insertMessage = db.prepare<[OutboxTable]>(
    `INSERT INTO outbox (id, channel, subscription_id, recipient, dedupe_key, payload, status, attempts, next_attempt_at,
       lease_until, last_error, created_at, sent_at)
     VALUES (@id, @channel, @subscription_id, @recipient, @dedupe_key, @payload, @status, @attempts, @next_attempt_at,
       @lease_until, @last_error, @created_at, @sent_at)`,
  );
  const openMessage = db.prepare<[string, string, string], { id: string; payload: string }>(
    `SELECT id, payload FROM outbox WHERE subscription_id = ? AND channel = ? AND status = 'pending' AND created_at >= ?
     ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  const setPayload = db.prepare<[string, string]>('UPDATE outbox SET payload = ? WHERE id = ?');
  const claim = (channel: boolean) => db.prepare<[{ now: string; lease: string; limit: number; channel?: string }], OutboxTable>(
    `UPDATE outbox SET status = 'sending', lease_until = @lease, attempts = attempts + 1
     WHERE id IN (SELECT id FROM outbox WHERE ${DUE} ${channel ? 'AND channel = @channel' : ''}
                  ORDER BY next_attempt_at, id LIMIT @limit)
     RETURNING *`,
  );
  const claimAny = claim(false);
  const claimChannel = claim(true);

  const moved = (c: Cursor): boolean =>
    moveCursor.run(c.to, c.name, c.from).changes > 0 || (c.from === 0 && firstCursor.run(c.name, c.to).changes > 0);

  const enqueueTx = db.transaction((messages: NewOutboxMessage[], cursor: Cursor | undefined): boolean => {
    if (cursor && !moved(cursor)) return false;
    for (const m of messages) {
      // the key first, then its message
      if (claimKey.run(m.dedupeKey, m.id).changes > 0) insertMessage.run(newOutboxRow(m));
    }
    return true;
  });

  const appendTx = db.transaction((q: { channel: string; subscriptionId: string; since: string; dedupeKey: string; item: unknown }): string | null => {
    const held = holderOf.get(q.dedupeKey);
    if (held) return held.message_id;
    const open = openMessage.get(q.subscriptionId, q.channel, q.since);
    if (!open) return null;
    claimKey.run(q.dedupeKey, open.id);
    setPayload.run(appendItem(open.payload, q.item), open.id);
    return open.id;
  });

  const claimTx = db.transaction((now: string, lease: string, limit: number, channel: string | undefined): OutboxMessage[] => {
    const rows = channel === undefined ? claimAny.all({ now, lease, limit }) : claimChannel.all({ now, lease, limit, channel });
    return rows.map(toOutboxMessage).sort(byDue);
  });

  return {
    async enqueue(messages, cursor) {
      if (messages.length === 0 && !cursor) return true;
      return enqueueTx.immediate(messages, cursor);
    },
    async appendToOpen(q) {
      return appendTx.immediate(q);
    },
    async claimDue(now, leaseUntil, limit, channel) {
      if (limit <= 0) return [];
      return claimTx.immediate(now, leaseUntil, limit, channel);
    },
  };
}
