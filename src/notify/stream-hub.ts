/**
 * The live stream's fan-out (docs/notify.md "Live stream"): the clients of GET /api/v1/stream
 * connected to this process, and for each batch of the feed the versions each of them may
 * receive. Nothing here decides visibility; the policy does, through each client's predicate
 * (predicateFor at one instant), exactly as the store would:
 * - in memory (stream-facts.ts): each version's stored envelope and its held endpoints'
 *   versions are read once per batch, then `visibleTo` runs per client — a few store queries per
 *   batch, whatever the number of clients;
 * - what cannot be decided that way goes to the store, `shared.query` for those versions through
 *   each distinct predicate (clients with equal predicates share one query).
 * Only versions whose classification channels include `stream` travel.
 */
import type { Logger } from 'pino';
import { predicateFor } from '../policy/predicate.js';
import type { UserViewer } from '../policy/viewer.js';
import type { SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import { factsOf, visibleOf, visibleTo } from './stream-facts.js';
import type { Feed } from './types.js';

export { visibleOf } from './stream-facts.js';

/** One connected client, as the hub sees it. */
export interface StreamSink {
  /** the client's viewer now (its trust is read again from time to time) */
  readonly viewer: UserViewer;
  /** the versions of one batch this client may receive, in date_added order (never empty) */
  deliver(rows: SharedRow[]): void;
  /** the client's part of a batch could not be read: it must go (it resumes from the store with Last-Event-ID) */
  fail(): void;
}

/** Whether the version's classification lets the live stream carry it (no channels given: all four). */
export function streamAllowed(row: Pick<SharedRow, 'classificationJson'>): boolean {
  try {
    const c = JSON.parse(row.classificationJson) as { channels?: unknown };
    return !Array.isArray(c?.channels) || c.channels.includes('stream');
  } catch {
    return false;
  }
}

/** Predicates equal but for their instant share one query. */
const groupKey = (p: VisibilityPredicate): string => JSON.stringify({ ...p, nowUs: 0 });

/** store queries of one batch in flight at once */
const CONCURRENCY = 8;

export class StreamHub {
  private readonly sinks = new Set<StreamSink>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    feed: Feed,
  ) {
    this.unsubscribe = feed.onRows((rows) => this.onBatch(rows));
  }

  get size(): number {
    return this.sinks.size;
  }

  add(sink: StreamSink): void {
    this.sinks.add(sink);
  }

  remove(sink: StreamSink): void {
    this.sinks.delete(sink);
  }

  /** Every client gets what it may see of the batch before the feed hands out the next one. */
  async onBatch(batch: SharedRow[]): Promise<void> {
    const rows = batch.filter(streamAllowed);
    if (rows.length === 0 || this.sinks.size === 0) return;
    const now = new Date();
    const sinks = [...this.sinks].map((sink) => ({ sink, predicate: predicateFor(sink.viewer, now), rows: [] as SharedRow[], failed: false }));
    let undecided: SharedRow[] = [];
    try {
      const read = await factsOf(this.store, rows);
      for (const s of sinks) for (const f of read.facts) if (visibleTo(s.predicate, f)) s.rows.push(f.row);
      undecided = read.undecided;
    } catch (err) {
      this.log.warn({ err }, 'stream: a batch could not be read; closing every client (they resume from the store)');
      for (const s of sinks) s.failed = true;
    }

    // the rest: the store decides, one query per distinct predicate
    if (undecided.length > 0) {
      const groups = new Map<string, typeof sinks>();
      for (const s of sinks) {
        if (s.failed) continue;
        const key = groupKey(s.predicate);
        groups.set(key, [...(groups.get(key) ?? []), s]);
      }
      const queue = [...groups.values()];
      const worker = async () => {
        for (let g = queue.shift(); g; g = queue.shift()) {
          try {
            const visible = await visibleOf(this.store, g[0]!.predicate, undecided);
            for (const s of g) s.rows.push(...visible);
          } catch (err) {
            this.log.warn({ err, clients: g.length }, 'stream: a batch could not be read; closing its clients');
            for (const s of g) s.failed = true;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    }

    for (const s of sinks) {
      if (!this.sinks.has(s.sink)) continue;
      try {
        // rather than a gap: a client whose part could not be read goes, and resumes with Last-Event-ID
        if (s.failed) s.sink.fail();
        else if (s.rows.length > 0) s.sink.deliver(undecided.length > 0 ? s.rows.sort((x, y) => x.dateAdded - y.dateAdded) : s.rows);
      } catch (err) {
        this.log.warn({ err }, 'stream: a client failed');
      }
    }
  }

  close(): void {
    this.unsubscribe();
    this.sinks.clear();
  }
}
