/**
 * The live stream's fan-out (docs/notify.md "Live stream"): the clients of GET /api/v1/stream
 * connected to this process, and for each batch of the feed the versions each of them may
 * receive. Nothing here decides visibility; the policy does, through each client's predicate
 * (predicateFor at one instant):
 * - a version without endpoints: `matchesPredicate` on its stored envelope (shared.envelopeOf),
 *   the in-memory twin of the store's SQL, so a batch costs a few queries whatever the number
 *   of clients;
 * - a relationship or sighting: the endpoint rule needs its endpoints' envelopes, so the store
 *   answers `shared.query` for those versions through each distinct predicate (clients with
 *   equal predicates share one query).
 * Only versions whose classification channels include `stream` travel.
 */
import type { Logger } from 'pino';
import { matchesPredicate, predicateFor } from '../policy/predicate.js';
import type { UserViewer } from '../policy/viewer.js';
import type { SharedQuery, SharedRow, Store, StoredEnvelope, StoredVersionEnvelope, VisibilityPredicate } from '../store/types.js';
import { SYSTEM_PREDICATE } from './feed.js';
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

/** The types whose versions have endpoints (policy endpointRefs): the relationship rule applies to them. */
const LINK_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

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
    const sinks = [...this.sinks].map((sink) => ({ sink, predicate: predicateFor(sink.viewer, now), rows: [] as SharedRow[], failed: false }));
    const linked = rows.filter((r) => LINK_TYPES.has(r.type));
    const plain = rows.filter((r) => !LINK_TYPES.has(r.type));

    // Versions without endpoints: their stored envelopes, the predicate evaluated in memory
    // (matchesPredicate is held equal to the store's SQL). A handful of queries per batch,
    // whatever the number of clients.
    if (plain.length > 0) {
      try {
        const checked = await this.envelopes(plain);
        for (const s of sinks) for (const c of checked) if (matchesPredicate(s.predicate, c.envelope, c.row.type)) s.rows.push(c.row);
      } catch (err) {
        this.log.warn({ err }, 'stream: a batch could not be read; closing every client (they resume from the store)');
        for (const s of sinks) s.failed = true;
      }
    }

    // Relationships and sightings: the endpoint rule needs the endpoints' envelopes, so the store
    // decides, one query per distinct predicate (equal predicates share it).
    if (linked.length > 0) {
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
            const visible = await visibleOf(this.store, g[0]!.predicate, linked);
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
        else if (s.rows.length > 0) s.sink.deliver(linked.length > 0 && plain.length > 0 ? s.rows.sort((x, y) => x.dateAdded - y.dateAdded) : s.rows);
      } catch (err) {
        this.log.warn({ err }, 'stream: a client failed');
      }
    }
  }

  /**
   * The stored envelope of each version, read before checking that the version still has its
   * date_added: every envelope change re-stamps date_added, so a version found unchanged after
   * the read was read with the envelope it was stored with. A version re-stamped meanwhile is
   * left out here; it comes again, with its new envelope, in a later batch.
   */
  private async envelopes(rows: SharedRow[]): Promise<{ row: SharedRow; envelope: StoredEnvelope }[]> {
    const found: (StoredVersionEnvelope | undefined)[] = new Array(rows.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < rows.length; i = next++) found[i] = await this.store.shared.envelopeOf(rows[i]!.id, rows[i]!.versionKey);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
    const current = new Set((await visibleOf(this.store, SYSTEM_PREDICATE, rows)).map((r) => r.dateAdded));
    return rows.flatMap((row, i) => {
      const e = found[i];
      return e !== undefined && current.has(row.dateAdded) ? [{ row, envelope: e.envelope }] : [];
    });
  }

  close(): void {
    this.unsubscribe();
    this.sinks.clear();
  }
}
