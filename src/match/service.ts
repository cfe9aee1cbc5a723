/**
 * Matching indexes of what one viewer may see, built from the store and cached.
 *
 * An index is built from `store.shared.scan` with the viewer's predicate (latest versions of
 * `indicator` only): invisible indicators are never in it, so they can neither match nor take
 * time. Skipped while building: revoked indicators, patterns other than STIX, indicators whose
 * valid_until has passed (and those whose valid_until passes later stop matching then).
 *
 * Cache: one index per predicate (its `nowUs` aside), at most `maxIndexes` holding at most
 * `maxEntries` indicators together (least recently used out first), each used for at most
 * `ttlMs` (embargoes that end, deletions and revocations are picked up then), and rebuilt
 * earlier when an indicator the viewer may see was added after the index was built — checked
 * with one indexed query (`addedAfter`, limit 1) on every use (at most every `checkMs`, default 0).
 * Indexes hold ids only: callers re-read the hit indicators through the predicate before
 * serving them, so an envelope narrowed since the build never shows anything.
 */
import { validatePattern } from '../pattern/index.js';
import { parseTimestampMicros } from '../stix/timestamps.js';
import type { SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import { MatchIndex } from './indicator-index.js';

/** What an API index keeps per indicator. */
export interface IndicatorRef {
  id: string;
}

export interface BuiltIndex<T> {
  index: MatchIndex<T>;
  /** largest date_added of the indicators read (0 when none) */
  maxDateAdded: number;
  /** indicators read from the store, and how many of them were skipped (revoked, not STIX, expired, invalid) */
  read: number;
  skipped: number;
}

export interface BuildOptions<T> {
  /** what to keep per indicator (default: its id) */
  entry?: (row: SharedRow, obj: Record<string, unknown>) => T;
  /** called after each batch with the number of indicators read so far */
  progress?: (read: number) => void;
  now?: Date;
}

/** Builds the index of the indicators `predicate` shows. */
export async function buildIndex<T = IndicatorRef>(store: Store, predicate: VisibilityPredicate, opts: BuildOptions<T> = {}): Promise<BuiltIndex<T>> {
  const index = new MatchIndex<T>();
  const nowUs = (opts.now ?? new Date()).getTime() * 1000;
  const entry = opts.entry ?? ((row: SharedRow) => ({ id: row.id }) as T);
  let maxDateAdded = 0;
  let read = 0;
  let skipped = 0;
  for await (const batch of store.shared.scan({ predicate, scope: { kind: 'all' }, types: ['indicator'], batchSize: 2000 })) {
    for (const row of batch) {
      read++;
      if (row.dateAdded > maxDateAdded) maxDateAdded = row.dateAdded;
      const obj = JSON.parse(row.json) as Record<string, unknown>;
      const until = typeof obj.valid_until === 'string' ? parseTimestampMicros(obj.valid_until) ?? null : null;
      if (obj.revoked === true || obj.pattern_type !== 'stix' || typeof obj.pattern !== 'string' || (until !== null && until <= nowUs)) {
        skipped++;
        continue;
      }
      const v = validatePattern(obj.pattern);
      if (!v.ok) {
        // stored before patterns were checked at publication
        skipped++;
        continue;
      }
      index.add(v.ast, entry(row, obj), until);
    }
    opts.progress?.(read);
  }
  index.finish();
  return { index, maxDateAdded, read, skipped };
}

/** The cache key of a predicate: everything but the instant. */
export function predicateKey(p: VisibilityPredicate): string {
  return JSON.stringify({ ...p, nowUs: 0 });
}

interface Cached {
  built: Promise<BuiltIndex<IndicatorRef>>;
  /** indicators in the index, once built */
  size: number;
  at: number;
  checkedAt: number;
}

export interface MatchServiceOptions {
  ttlMs?: number;
  checkMs?: number;
  maxIndexes?: number;
  /** most indicators held by all cached indexes together (memory), default 4,000,000 */
  maxEntries?: number;
  clock?: () => number;
}

export class MatchService {
  private readonly cache = new Map<string, Cached>();
  private readonly ttlMs: number;
  private readonly checkMs: number;
  private readonly maxIndexes: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(private readonly store: Store, opts: MatchServiceOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.checkMs = opts.checkMs ?? 0;
    this.maxIndexes = opts.maxIndexes ?? 16;
    this.maxEntries = opts.maxEntries ?? 4_000_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** The index of what `predicate` shows, fresh as described above. */
  async indexFor(predicate: VisibilityPredicate): Promise<MatchIndex<IndicatorRef>> {
    const key = predicateKey(predicate);
    const now = this.clock();
    let c = this.cache.get(key);
    if (c && now - c.at >= this.ttlMs) c = undefined;
    if (c && now - c.checkedAt >= this.checkMs) {
      c.checkedAt = now;
      const built = await c.built.catch(() => undefined);
      if (!built || (await this.newerThan(predicate, built.maxDateAdded))) c = undefined;
    }
    if (!c) {
      const fresh: Cached = { built: buildIndex(this.store, predicate), size: 0, at: now, checkedAt: now };
      void fresh.built.then((b) => (fresh.size = b.index.size), () => undefined);
      fresh.built.catch(() => {
        if (this.cache.get(key) === fresh) this.cache.delete(key);
      });
      c = fresh;
    }
    this.cache.delete(key);
    this.cache.set(key, c); // most recently used last
    while (this.cache.size > this.maxIndexes) this.cache.delete(this.cache.keys().next().value!);
    const index = (await c.built).index;
    // Least recently used first out, while the indexes together hold too many indicators.
    let total = 0;
    for (const e of this.cache.values()) total += e.size;
    for (const [k, e] of this.cache) {
      if (total <= this.maxEntries || e === c) break;
      this.cache.delete(k);
      total -= e.size;
    }
    return index;
  }

  private async newerThan(predicate: VisibilityPredicate, dateAdded: number): Promise<boolean> {
    const page = await this.store.shared.query({ scope: { kind: 'all' }, predicate, types: ['indicator'], addedAfter: dateAdded, limit: 1 });
    return page.rows.length > 0;
  }

  /** Forget every index (tests; a hub-wide change of trust). */
  clear(): void {
    this.cache.clear();
  }
}
