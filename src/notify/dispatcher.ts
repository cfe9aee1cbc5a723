/**
 * The dispatcher (docs/notify.md "Dispatch: exactly once per subscriber"). Runs in every process,
 * works only while it holds the store lease `dispatch`, and walks the hub-wide date_added order
 * from the durable cursor `dispatch`: woken by the feed (a listener that only wakes it) and by
 * a timer, it reads what was added after the cursor, decides per subscription (decide.ts) and
 * writes the new messages and the cursor's move in one transaction (`notify.enqueue`, compare-
 * and-set), so a crash, downtime or a second dispatcher neither loses nor doubles an item.
 *
 * Coalescing, per subscription and channel:
 * - `now` (flash; webhooks of immediate subscriptions) and `embargo` groups become new messages;
 * - `held` (email of an immediate subscription) joins the subscription's open message of the
 *   burst window (`appendToOpen`, since now − window), else opens one due when the window ends;
 * - `digest` joins the open digest of its period, else opens it, due at the digest time.
 * An append is its own store transaction, so it is only asked for when an open message is
 * known (this dispatcher created it) or may exist (the first batch after taking the lease,
 * when a previous holder may have appended before dying: appendToOpen then also reports an
 * item already queued, which is never queued again). Only items appendToOpen turned down open
 * a new message, so a new message's key is never one already taken.
 *
 * On its very first start (cursor never set) the walk begins at the newest version: history
 * is not mailed out. The walk sees versions under embargo (see decide.ts) and, like every
 * system read, not the `identity` objects of providers under `attribution: none`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { NewOutboxMessage } from '../store/notify-types.js';
import type { Micros, SharedRow, Store } from '../store/types.js';
import { SYSTEM_PREDICATE } from './feed.js';
import { decide, groupDecisions, type PlannedGroup } from './decide.js';
import { factsOf } from './items.js';
import { itemKey, type OutboxItem, type OutboxPayload } from './payload.js';
import { SubscriberDirectory } from './recipients.js';
import type { Feed } from './types.js';

export const DISPATCH = 'dispatch';

export interface DispatcherOptions {
  store: Store;
  log: Logger;
  /** wakes the dispatcher on new rows; without one it polls */
  feed?: Feed;
  /** the burst window, seconds (KYOJO_MAIL_COALESCE_SECONDS) */
  coalesceSeconds: number;
  /** lease holder name, unique per process; default a random one */
  holder?: string;
  /** lease length, ms; renewed at a third of it; default 30 s */
  leaseMs?: number;
  /** the polling timer, ms; default 2 s */
  pollMs?: number;
  /** rows per walk step; default 500 */
  batchSize?: number;
  now?: () => Date;
  /** told after messages were queued (the senders of this process wake) */
  onQueued?: (channels: ReadonlySet<'email' | 'webhook'>) => void;
}

/** An item of a message with its key (the key is the store's, not the payload's). */
interface Keyed {
  key: string;
  item: OutboxItem;
}

interface OpenMessage {
  createdAt: number;
}

export class Dispatcher {
  readonly holder: string;
  private readonly store: Store;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly directory: SubscriberDirectory;
  private readonly coalesceMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  /** how long the last batch's phases took, ms (debug log) */
  private phases: Record<string, number> = {};
  private leaseUntil = 0;
  private leaseRenewAt = 0;
  private freshLease = true;
  /** open held and digest messages this dispatcher created, by group key */
  private readonly open = new Map<string, OpenMessage>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly opts: DispatcherOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.now = opts.now ?? (() => new Date());
    this.holder = opts.holder ?? `dispatcher-${randomUUID()}`;
    this.coalesceMs = Math.max(0, opts.coalesceSeconds) * 1000;
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.batchSize = opts.batchSize ?? 500;
    this.pollMs = opts.pollMs ?? 2_000;
    this.directory = new SubscriberDirectory(this.store, { now: this.now });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.opts.feed) this.unsubscribe = this.opts.feed.onRows(() => this.wake());
    const tick = () => {
      this.wake();
      this.timer = setTimeout(tick, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Stops walking and releases the lease (another process may take over at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    if (this.leaseUntil > 0) {
      this.leaseUntil = 0;
      await this.store.notify.releaseLease(DISPATCH, this.holder).catch((e: unknown) => this.log.warn({ err: e }, 'dispatch: releasing the lease failed'));
    }
  }

  /** Ask for a walk now; resolves when the walk this call belongs to has finished. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.walk();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.log.error({ err: e }, 'dispatch: walk failed (retried on the next wake)');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Whether this process holds the lease now (taking or renewing it as needed). */
  private async holdLease(): Promise<boolean> {
    const now = this.now().getTime();
    if (this.leaseUntil > now && now < this.leaseRenewAt) return true;
    const ok = await this.store.notify.acquireLease(DISPATCH, this.holder, new Date(now + this.leaseMs).toISOString(), new Date(now).toISOString());
    if (!ok) {
      if (this.leaseUntil > 0) this.log.info('dispatch: lease lost');
      this.leaseUntil = 0;
      return false;
    }
    if (this.leaseUntil <= now) {
      this.freshLease = true; // a previous holder may have appended before it stopped
      this.open.clear();
      this.log.debug({ holder: this.holder }, 'dispatch: lease taken');
    }
    this.leaseUntil = now + this.leaseMs;
    this.leaseRenewAt = now + this.leaseMs / 3;
    return true;
  }

  private async walk(): Promise<void> {
    while (!this.stopped && (await this.holdLease())) {
      let cursor = await this.store.notify.getCursor(DISPATCH);
      if (cursor === 0) {
        cursor = await this.startCursor();
        continue;
      }
      const t0 = performance.now();
      const page = await this.store.shared.query({
        scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, addedAfter: cursor, versions: { all: true }, limit: this.batchSize,
      });
      if (page.rows.length === 0) return;
      const to = page.rows[page.rows.length - 1]!.dateAdded;
      const tRead = performance.now();
      const { messages, channels } = await this.messagesFor(page.rows);
      const t1 = performance.now();
      if (!(await this.store.notify.enqueue(messages, { name: DISPATCH, from: cursor, to }))) {
        this.log.warn('dispatch: the cursor moved under this dispatcher (another holder?); backing off');
        this.leaseUntil = 0;
        return;
      }
      this.freshLease = false;
      if (messages.length > 0) {
        const ms = (a: number, b: number) => Math.round(b - a);
        this.log.debug({
          messages: messages.length, rows: page.rows.length, readMs: ms(t0, tRead), ...this.phases, totalMs: ms(t0, t1), enqueueMs: ms(t1, performance.now()),
        }, 'dispatch: queued');
      }
      if (channels.size > 0) this.opts.onQueued?.(channels);
      if (!page.more) return;
    }
  }

  /** The first start: the cursor goes to the newest version (1 on an empty hub, before every date_added). */
  private async startCursor(): Promise<Micros> {
    const newest = await this.store.shared.search({ predicate: SYSTEM_PREDICATE, limit: 1 });
    const to = newest.rows[0]?.dateAdded ?? 1;
    await this.store.notify.enqueue([], { name: DISPATCH, from: 0, to });
    this.log.info({ cursor: to }, 'dispatch: first start; delivering what is added from now on');
    return to;
  }

  /** The messages for a batch of rows, coalescing with open ones (appends happen here). */
  async messagesFor(rows: readonly SharedRow[]): Promise<{ messages: NewOutboxMessage[]; channels: Set<'email' | 'webhook'> }> {
    const channels = new Set<'email' | 'webhook'>();
    let t = performance.now();
    const lap = () => {
      const was = t;
      t = performance.now();
      return Math.round(t - was);
    };
    const { items, endpoints } = await factsOf(this.store, rows);
    const conditional = (e: { minClearance: number; terms: string[] }) => e.minClearance > 0 || e.terms.length > 0;
    const withTrust = items.some((i) => conditional(i.envelope)) || [...endpoints.values()].some(conditional);
    const factsMs = lap();
    // read for every batch (a few bulk queries), so a subscription made a moment ago, on any
    // replica, gets the next item; each user's trust at most every 30 s (the senders re-read it)
    const subscribers = await this.directory.load(withTrust);
    const subscribersMs = lap();
    if (subscribers.length === 0) return { messages: [], channels };
    const now = this.now();
    const decisions = decide(items, subscribers, endpoints, now);
    const decideMs = lap();
    const groups = groupDecisions(decisions, now, this.coalesceMs);
    const messages: NewOutboxMessage[] = [];
    const createdAt = now.toISOString();
    for (const g of groups) {
      const items = this.keyed(g);
      const left = g.kind === 'held' || g.kind === 'digest' ? await this.coalesce(g, items, now) : items;
      if (left.length === 0) continue;
      messages.push(this.newMessage(g, left, createdAt));
      channels.add(g.channel);
    }
    this.phases = { factsMs, subscribersMs, decideMs, messagesMs: lap() };
    return { messages, channels };
  }

  private groupKey(g: PlannedGroup): string {
    const base = `${g.subscriber.sub.id}\u0000${g.channel}\u0000${g.recipient}\u0000${g.kind}`;
    return g.kind === 'digest' ? `${base}\u0000${g.dueAt.getTime()}` : base;
  }

  /** The group's items with their keys. */
  private keyed(g: PlannedGroup): Keyed[] {
    return g.items.map((i) => ({ key: itemKey(g.subscriber.sub.id, i.id, i.versionKey, g.channel), item: { id: i.id, version: i.versionKey } }));
  }

  /** The group's items that no open message took. */
  private async coalesce(g: PlannedGroup, items: Keyed[], now: Date): Promise<Keyed[]> {
    const key = this.groupKey(g);
    const known = this.open.get(key);
    const since = g.kind === 'held' ? now.getTime() - this.coalesceMs : new Date(g.digest!.from).getTime();
    const knownOpen = known !== undefined && known.createdAt >= since;
    // Unknown after a fresh lease: a digest may be open from before; for held messages only
    // the first batch can hold items appended by a previous holder.
    const probe = this.freshLease || knownOpen || (g.kind === 'digest' && known === undefined);
    if (!probe) return items;
    const left: Keyed[] = [];
    let none = false;
    for (const k of items) {
      if (none && !this.freshLease) {
        left.push(k);
        continue;
      }
      const id = await this.store.notify.appendToOpen({
        channel: g.channel, subscriptionId: g.subscriber.sub.id, since: new Date(since).toISOString(), dedupeKey: k.key, item: k.item,
      });
      if (id === null) {
        left.push(k);
        none = true;
      } else if (!known) {
        this.open.set(key, { createdAt: since });
      }
    }
    return left;
  }

  private newMessage(g: PlannedGroup, keyed: Keyed[], createdAt: string): NewOutboxMessage {
    const due = g.dueAt.toISOString();
    const items = keyed.map((k) => k.item);
    const payload: OutboxPayload = g.kind === 'digest'
      ? { kind: 'digest', items, due, digest: g.digest! }
      : { kind: 'items', items, due };
    if (g.kind === 'held' || g.kind === 'digest') this.open.set(this.groupKey(g), { createdAt: Date.parse(createdAt) });
    return {
      id: randomUUID(),
      channel: g.channel,
      subscriptionId: g.subscriber.sub.id,
      recipient: g.recipient,
      dedupeKey: keyed[0]!.key,
      payload: JSON.stringify(payload),
      nextAttemptAt: due,
      createdAt,
    };
  }
}
