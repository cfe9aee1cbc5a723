/**
 * Contract: the outbox (Store.notify) — enqueue with the cursor's compare-and-set and item keys,
 * burst coalescing, claims (exclusive under concurrent claimers, lapsed leases reclaimed),
 * retries and failures, the operators' view.
 */
import { expect, it } from 'vitest';
import type { Store } from './types.js';
import type { NewOutboxMessage, OutboxMessage } from './notify-types.js';
import type { ContractContext } from './contract.js';
import { atMinute, seedNotify, subscription } from './contract-notify.js';

const item = (n: number, sub = 's-1') => ({ key: `${sub}|indicator--${n}|v`, id: `indicator--${n}`, version: 'v', dateAdded: n, flash: false });

/** A message of subscription `sub` opened by item `n`, due and created at minute `m`. */
const msg = (id: string, n: number, m = 0, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
  id, channel: 'email', subscriptionId: 's-1', recipient: 'alice@acme.example', dedupeKey: item(n).key,
  payload: JSON.stringify({ kind: 'items', items: [item(n)] }), nextAttemptAt: atMinute(m), createdAt: atMinute(m), ...extra,
});

/** Subscriptions s-1 (alice) and s-2 (carol). */
async function seed(store: Store): Promise<void> {
  await seedNotify(store);
  await store.notify.createSubscription(subscription('s-1'));
  await store.notify.createSubscription(subscription('s-2', { userId: 'user-carol' }));
}

const FAR = atMinute(100_000);
const ids = (xs: OutboxMessage[]) => xs.map((m) => m.id);
const itemsOf = (m: OutboxMessage | undefined) => (JSON.parse(m?.payload ?? '{}') as { items?: unknown[] }).items;

export function outboxContract(ctx: ContractContext): void {
  it('queues messages and moves the cursor in one step; a stale cursor writes nothing; an item key queues once', async () => {
    const { notify } = ctx.store;
    await seed(ctx.store);
    const dispatch = (from: number, to: number) => ({ name: 'dispatch', from, to });
    expect(await notify.getCursor('dispatch')).toBe(0);
    expect(await notify.enqueue([msg('m-1', 1), msg('m-2', 2)], dispatch(0, 100))).toBe(true);
    expect(await notify.getCursor('dispatch')).toBe(100);
    // another dispatcher that read the cursor at 0: nothing of its batch is written
    expect(await notify.enqueue([msg('m-3', 3)], dispatch(0, 200))).toBe(false);
    expect(await notify.getCursor('dispatch')).toBe(100);
    // m-1's key again under another message id: skipped, m-1 stays as it was
    expect(await notify.enqueue([msg('m-3', 3), msg('m-1b', 1, 5, { payload: '{"items":[]}' })], dispatch(100, 200))).toBe(true);
    expect(await notify.enqueue([], dispatch(200, 1_700_000_000_000_000))).toBe(true);
    expect(await notify.getCursor('dispatch')).toBe(1_700_000_000_000_000);
    expect(await notify.enqueue([msg('m-4', 4), msg('m-4b', 4)])).toBe(true);
    // a cursor never set moves only from 0
    expect(await notify.enqueue([msg('m-5', 5)], { name: 'other', from: 5, to: 6 })).toBe(false);
    expect(await notify.getCursor('other')).toBe(0);

    const claimed = await notify.claimDue(FAR, atMinute(100_001), 100);
    expect(ids(claimed).sort()).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
    expect(claimed.find((m) => m.id === 'm-1')).toEqual({
      ...msg('m-1', 1), status: 'sending', attempts: 1, leaseUntil: atMinute(100_001), lastError: null, sentAt: null,
    });
    expect(await notify.countByStatus()).toEqual({ pending: 0, sending: 4, sent: 0, failed: 0 });
  });

  it('lets exactly one of several dispatchers moving the cursor from the same value write its batch, across stores too', async () => {
    await seed(ctx.store);
    const other = await ctx.harness.reopen();
    const attempts = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? ctx.store : other).notify.enqueue(
      [msg(`m-${i}-a`, 10 * i + 1), msg(`m-${i}-b`, 10 * i + 2)], { name: 'dispatch', from: 0, to: 100 + i },
    ));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await other.notify.getCursor('dispatch')).toBe(100 + winner);
    expect(ids(await ctx.store.notify.claimDue(FAR, FAR, 100)).sort()).toEqual([`m-${winner}-a`, `m-${winner}-b`]);
  });

  it('appends an item to the newest pending message of the subscription and channel within the window (burst coalescing)', async () => {
    const { notify } = ctx.store;
    await seed(ctx.store);
    await notify.enqueue([msg('m-1', 1, 10)]);
    const append = (n: number, since: number, extra: { channel?: 'email' | 'webhook'; subscriptionId?: string } = {}) =>
      notify.appendToOpen({ channel: 'email', subscriptionId: 's-1', since: atMinute(since), dedupeKey: item(n).key, item: item(n), ...extra });
    expect(await append(2, 9)).toBe('m-1');
    expect(await append(3, 10)).toBe('m-1'); // created at `since`: still open
    expect(await append(2, 9)).toBe('m-1'); // queued already: where it is, not twice
    expect(await append(1, 9)).toBe('m-1'); // the key the message opened with
    expect(await append(4, 11)).toBeNull(); // older than the window
    expect(await append(4, 9, { channel: 'webhook' })).toBeNull();
    expect(await append(4, 9, { subscriptionId: 's-2' })).toBeNull();
    // a newer pending message of the subscription takes the next items
    await notify.enqueue([msg('m-2', 5, 12)]);
    expect(await append(6, 9)).toBe('m-2');

    const claimed = await notify.claimDue(FAR, FAR, 10);
    expect(itemsOf(claimed.find((m) => m.id === 'm-1'))).toEqual([item(1), item(2), item(3)]);
    expect(itemsOf(claimed.find((m) => m.id === 'm-2'))).toEqual([item(5), item(6)]);
    // a message being sent takes nothing more; the item then opens its own
    expect(await append(7, 0)).toBeNull();
    expect(await notify.enqueue([msg('m-3', 7, 20)])).toBe(true);
    // an item already in a message that went out is answered with that message
    expect(await append(2, 0)).toBe('m-1');
  });

  it('claims due messages only, by channel and limit, longest due first; a lapsed claim is claimed again', async () => {
    const { notify } = ctx.store;
    await seed(ctx.store);
    await notify.enqueue([
      msg('m-1', 1, 3), msg('m-2', 2, 1), msg('m-3', 3, 2, { channel: 'webhook', recipient: 'w-1', dedupeKey: `${item(3).key}|webhook` }),
      msg('m-4', 4, 50),
    ]);
    expect(await notify.claimDue(atMinute(0), atMinute(10), 10)).toEqual([]);
    expect(ids(await notify.claimDue(atMinute(5), atMinute(10), 1, 'email'))).toEqual(['m-2']);
    expect(ids(await notify.claimDue(atMinute(5), atMinute(10), 10, 'email'))).toEqual(['m-1']);
    expect(await notify.claimDue(atMinute(5), atMinute(10), 0)).toEqual([]);
    expect(ids(await notify.claimDue(atMinute(5), atMinute(10), 10))).toEqual(['m-3']);
    // held until minute 10
    expect(await notify.claimDue(atMinute(9), atMinute(20), 10)).toEqual([]);
    // lapsed at minute 10 (a crashed sender): claimed again, counted as another attempt
    const again = await notify.claimDue(atMinute(10), atMinute(20), 10);
    expect(ids(again)).toEqual(['m-2', 'm-3', 'm-1']);
    expect(again.map((m) => [m.status, m.attempts, m.leaseUntil])).toEqual(Array(3).fill(['sending', 2, atMinute(20)]));
    expect(await notify.countByStatus()).toEqual({ pending: 1, sending: 3, sent: 0, failed: 0 });
  });

  it('retries a failed message when due, fails it for good, marks it sent; operators see the problems', async () => {
    const { notify } = ctx.store;
    await seed(ctx.store);
    await notify.enqueue([msg('m-1', 1, 1), msg('m-2', 2, 2), msg('m-3', 3, 3), msg('m-4', 4, 4)]);
    expect(ids(await notify.claimDue(atMinute(5), atMinute(6), 10))).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
    await notify.markFailed('m-1', 'SMTP 451 try later', atMinute(30));
    await notify.markFailed('m-2', 'SMTP 550 no such user', null);
    await notify.markSent('m-3', atMinute(5));
    expect(await notify.countByStatus()).toEqual({ pending: 1, sending: 1, sent: 1, failed: 1 });

    const problems = await notify.listProblems(10);
    expect(problems).toEqual([
      { ...msg('m-2', 2, 2), status: 'failed', attempts: 1, leaseUntil: null, lastError: 'SMTP 550 no such user', sentAt: null },
      { ...msg('m-1', 1, 1), status: 'pending', attempts: 1, nextAttemptAt: atMinute(30), leaseUntil: null, lastError: 'SMTP 451 try later', sentAt: null },
    ]);
    expect(ids(await notify.listProblems(1))).toEqual(['m-2']);

    // not before its next attempt; m-4's lease lapses at 6
    expect(ids(await notify.claimDue(atMinute(29), atMinute(40), 10))).toEqual(['m-4']);
    const retried = await notify.claimDue(atMinute(30), atMinute(40), 10);
    expect(retried).toEqual([{ ...problems[1], status: 'sending', attempts: 2, leaseUntil: atMinute(40) }]);
    // still a problem while it is retried; gone once sent
    expect(ids(await notify.listProblems(10))).toEqual(['m-2', 'm-1']);
    await notify.markSentMany(['m-1', 'm-4'], atMinute(31));
    expect(ids(await notify.listProblems(10))).toEqual(['m-2']);
    expect(await notify.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 3, failed: 1 });
    expect(await notify.claimDue(FAR, FAR, 10)).toEqual([]);
    // a subscription's deletion takes its messages and their item keys with it
    await notify.appendToOpen({ channel: 'email', subscriptionId: 's-1', since: atMinute(0), dedupeKey: item(9).key, item: item(9) });
    expect(await notify.deleteSubscription('s-1')).toBe(true);
    expect(await notify.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0 });
    await notify.createSubscription(subscription('s-1'));
    expect(await notify.appendToOpen({ channel: 'email', subscriptionId: 's-1', since: atMinute(0), dedupeKey: item(1).key, item: item(1) })).toBeNull();
    expect(await notify.enqueue([msg('m-5', 1, 40)])).toBe(true);
    expect(ids(await notify.claimDue(FAR, FAR, 10))).toEqual(['m-5']);
  });

  it('never gives the same message to two concurrent claimers, across stores too; lapsed claims are reclaimed once', async () => {
    await seed(ctx.store);
    const stores = [ctx.store, await ctx.harness.reopen(), await ctx.harness.reopen()];
    const total = 60;
    await ctx.store.notify.enqueue(Array.from({ length: total }, (_, i) => msg(`m-${String(i).padStart(2, '0')}`, i, i % 7)));
    const claimAll = async (now: string, lease: string): Promise<OutboxMessage[]> => {
      const got: OutboxMessage[] = [];
      // rounds of 9 parallel claimers of 4 each; SKIP LOCKED may leave some for the next round
      for (let round = 0; round < 50 && got.length < total; round++) {
        const batches = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % stores.length]!.notify.claimDue(now, lease, 4)));
        const claimed = batches.flat();
        if (claimed.length === 0) break;
        got.push(...claimed);
      }
      return got;
    };
    const first = await claimAll(atMinute(10), atMinute(20));
    expect(first).toHaveLength(total);
    expect(new Set(ids(first)).size).toBe(total);
    expect(await ctx.store.notify.claimDue(atMinute(19), atMinute(30), 100)).toEqual([]);
    const second = await claimAll(atMinute(20), atMinute(30));
    expect(second).toHaveLength(total);
    expect(new Set(ids(second)).size).toBe(total);
    expect(new Set(second.map((m) => m.attempts))).toEqual(new Set([2]));
  });
}
