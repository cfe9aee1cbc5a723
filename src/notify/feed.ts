/**
 * The feed (docs/notify.md "The source of truth is the store"): one per process, it tails the
 * store's hub-wide date_added order and hands every new batch of versions to its listeners (the
 * live stream of this process, the dispatcher), in order, each version once.
 *
 * date_added is allocated inside the write transaction from the hub clock, in commit order across
 * processes, so "new" is `shared.query({ addedAfter: cursor })` and nothing committed can appear
 * behind the cursor. The feed polls when the bus announces a write (at once, through any
 * replica) and on a timer (default 2 s) for writes nobody announced: `kyojo import` from another
 * process, a replica without NATS, a lost bus message. One poll runs at a time; a wake during a
 * poll runs one more. A failed poll is logged and retried on the next wake or tick.
 *
 * It starts at the store's end when it starts: history is not replayed (the stream replays for
 * a client that resumes, from the store, through that client's predicate).
 *
 * What the system predicate shows (SYSTEM_PREDICATE): every version, embargoed ones included
 * (its `now` lies beyond every embargo), except `identity` versions under `attribution: none` and
 * relationships or sightings pointing at one — the store shows those to their provider's
 * organization only, and no predicate without an organization sees them. Listeners that decide
 * per viewer (the stream) never receive those through the feed; see docs/notify.md.
 */
import type { Logger } from 'pino';
import type { Micros, SharedQuery, SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import type { EventBus, Feed, FeedListener } from './types.js';

/** Sees every version the store can show without an own organization, embargoed ones included. */
export const SYSTEM_PREDICATE: VisibilityPredicate = Object.freeze({
  seesAll: true,
  ownOrgId: null,
  keys: [],
  clearance: 3 as const,
  sector: null,
  acceptedTerms: [],
  nowUs: Number.MAX_SAFE_INTEGER,
});

export interface FeedOptions {
  store: Store;
  log: Logger;
  /** wakes the feed on every event (through any replica) */
  bus?: EventBus;
  /** the poll timer, ms; default 2000 */
  intervalMs?: number;
  /** rows per store query; default 500 */
  pageSize?: number;
  /** start after this date_added instead of the store's end (tests) */
  startAfter?: Micros;
}

export class StoreFeed implements Feed {
  private current: Micros = 0;
  private readonly listeners = new Set<FeedListener>();
  private readonly intervalMs: number;
  private readonly pageSize: number;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribeBus: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private state: 'new' | 'started' | 'stopped' = 'new';
  private positioned = false;
  private readyResolve!: () => void;
  /** settles once the feed knows where it starts (the store's end at start) */
  readonly ready: Promise<void> = new Promise((resolve) => (this.readyResolve = resolve));

  constructor(private readonly opts: FeedOptions) {
    this.intervalMs = opts.intervalMs ?? 2000;
    this.pageSize = opts.pageSize ?? 500;
    if (opts.startAfter !== undefined) {
      this.current = opts.startAfter;
      this.positioned = true;
      this.readyResolve();
    }
  }

  get cursor(): Micros {
    return this.current;
  }

  onRows(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.state !== 'new') return;
    this.state = 'started';
    this.timer = setInterval(() => this.wake(), this.intervalMs);
    this.timer.unref();
    this.unsubscribeBus = this.opts.bus?.subscribe(() => this.wake());
    this.wake();
  }

  wake(): void {
    if (this.state !== 'started') return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearInterval(this.timer);
    this.unsubscribeBus?.();
    await this.running;
    this.listeners.clear();
  }

  private query(addedAfter: Micros | undefined, limit: number) {
    const q: SharedQuery = { scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, versions: { all: true }, limit };
    if (addedAfter !== undefined) q.addedAfter = addedAfter;
    return this.opts.store.shared.query(q);
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        if (!this.positioned) await this.position();
        await this.drain();
      } catch (err) {
        this.opts.log.warn({ err }, 'feed: poll failed; retried at the next wake');
        return;
      }
    } while (this.again && this.state === 'started');
  }

  /**
   * The store's end: from the newest latest version (one index lookup), forward over whatever
   * came after it (versions re-stamped by an envelope change, writes meanwhile), skipped.
   */
  private async position(): Promise<void> {
    const newest = await this.opts.store.shared.search({ predicate: SYSTEM_PREDICATE, limit: 1 });
    let cursor = newest.rows[0]?.dateAdded ?? 0;
    while (true) {
      const page = await this.query(cursor, 1000);
      const last = page.rows[page.rows.length - 1];
      if (last) cursor = last.dateAdded;
      if (!page.more || !last) break;
    }
    this.current = cursor;
    this.positioned = true;
    this.readyResolve();
  }

  private async drain(): Promise<void> {
    while (this.state === 'started') {
      const page = await this.query(this.current, this.pageSize);
      const last = page.rows[page.rows.length - 1];
      if (!last) return;
      this.current = last.dateAdded;
      await this.deliver(page.rows);
      if (!page.more) return;
    }
  }

  /** Every listener gets the batch; the next batch waits for all of them (order per listener). */
  private async deliver(rows: SharedRow[]): Promise<void> {
    await Promise.all([...this.listeners].map(async (l) => {
      try {
        await l(rows);
      } catch (err) {
        this.opts.log.warn({ err }, 'feed: a listener failed on a batch');
      }
    }));
  }
}
