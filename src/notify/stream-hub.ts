/**
 * The live stream's fan-out (docs/notify.md "Live stream"): the clients of GET /api/v1/stream
 * connected to this process, and for each batch of the feed the versions each of them may
 * receive. Nothing here decides visibility: per batch, clients are grouped by their predicate
 * (predicateFor at one instant; equal predicates share one query) and the store answers
 * `shared.query` for the batch's versions through it, so the envelope rule and the
 * relationship-endpoint rule apply exactly as on every other read path. Only versions whose
 * classification channels include `stream` travel.
 */
import type { Logger } from 'pino';
import { predicateFor } from '../policy/predicate.js';
import type { UserViewer } from '../policy/viewer.js';
import type { SharedQuery, SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import type { Feed } from './types.js';

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

const QUERY_PAGE = 1000;
/** queries of one batch in flight at once */
const CONCURRENCY = 8;

/**
 * The versions among `rows` (one feed batch, date_added order) that `predicate` shows, with the
 * relationship rule: one query by the batch's ids, all versions after the batch's first
 * date_added, keeping exactly the batch's versions.
 */
export async function visibleOf(store: Store, predicate: VisibilityPredicate, rows: readonly SharedRow[]): Promise<SharedRow[]> {
  if (rows.length === 0) return [];
  const wanted = new Set(rows.map((r) => r.dateAdded));
  const ids = [...new Set(rows.map((r) => r.id))];
  const last = rows[rows.length - 1]!.dateAdded;
  const out: SharedRow[] = [];
  let after = rows[0]!.dateAdded - 1;
  while (true) {
    const q: SharedQuery = { scope: { kind: 'all' }, predicate, ids, versions: { all: true }, addedAfter: after, limit: QUERY_PAGE };
    const page = await store.shared.query(q);
    for (const r of page.rows) if (wanted.has(r.dateAdded)) out.push(r);
    const tail = page.rows[page.rows.length - 1];
    if (!page.more || !tail || tail.dateAdded >= last) return out;
    after = tail.dateAdded;
  }
}

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
    const groups = new Map<string, { predicate: VisibilityPredicate; sinks: StreamSink[] }>();
    for (const s of this.sinks) {
      const predicate = predicateFor(s.viewer, now);
      const key = groupKey(predicate);
      const g = groups.get(key);
      if (g) g.sinks.push(s);
      else groups.set(key, { predicate, sinks: [s] });
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        let visible: SharedRow[];
        try {
          visible = await visibleOf(this.store, g.predicate, rows);
        } catch (err) {
          // rather than a gap: these clients go and resume from the store with Last-Event-ID
          this.log.warn({ err, clients: g.sinks.length }, 'stream: a batch could not be read; closing its clients');
          for (const s of g.sinks) s.fail();
          continue;
        }
        if (visible.length === 0) continue;
        for (const s of g.sinks) {
          if (!this.sinks.has(s)) continue;
          try {
            s.deliver(visible);
          } catch (err) {
            this.log.warn({ err }, 'stream: a client failed');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  close(): void {
    this.unsubscribe();
    this.sinks.clear();
  }
}
