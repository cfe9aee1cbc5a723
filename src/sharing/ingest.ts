import { canonicalJson, formatIssue, validateStixObject } from '../stix/index.js';
import type { AddOutcome, ObjectVersionInput, Store } from '../store/types.js';

/** What happened to one submitted object, in submission order. */
export type IngestItem =
  | { ok: true; id: string; versionKey: string; outcome: AddOutcome & ('added' | 'identical' | 'replaced'); dateAdded: number }
  | { ok: false; id: string | null; versionKey: string | null; reason: string };

/** Largest number of versions written in one store transaction. */
const CHUNK = 5_000;

/**
 * Objects validated between two yields to the event loop. Validation is synchronous:
 * without yielding, the 17 million `{}` a 50 MB body can hold stalled every other
 * request for over 20 seconds. A yield costs microseconds; 2,000 objects about 10 ms.
 */
const YIELD_EVERY = 2_000;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Validates submitted STIX objects and stores the valid ones, durably, in one
 * transaction per chunk. Invalid objects are refused one by one with the reason;
 * they never stop the valid ones. Used by TAXII POST and `kyojo import`.
 */
export async function ingestObjects(store: Store, collectionId: string, submitted: readonly unknown[]): Promise<IngestItem[]> {
  const items: (IngestItem | undefined)[] = new Array(submitted.length);
  const pending: { index: number; version: ObjectVersionInput }[] = [];
  // Refusals without an id share one item per reason: a body of a million `1`s or `{}`s
  // must not hold a million copies of the same message.
  const anonymous = new Map<string, IngestItem>();
  for (let i = 0; i < submitted.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
    const result = validateStixObject(submitted[i]);
    if (!result.ok) {
      const raw = submitted[i] as { id?: unknown; modified?: unknown } | null;
      const id = raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : null;
      const reason = result.errors.map(formatIssue).join('; ');
      let item = id === null ? anonymous.get(reason) : undefined;
      if (!item) {
        item = { ok: false, id, versionKey: null, reason };
        if (id === null && anonymous.size < 1000) anonymous.set(reason, item);
      }
      items[i] = item;
      continue;
    }
    const m = result.meta;
    pending.push({
      index: i,
      version: {
        id: m.id, type: m.type, specVersion: m.specVersion, created: m.created, modified: m.modified,
        versionKey: m.versionKey, json: canonicalJson(result.object),
      },
    });
  }
  for (let start = 0; start < pending.length; start += CHUNK) {
    const chunk = pending.slice(start, start + CHUNK);
    const results = await store.objects.add(collectionId, chunk.map((p) => p.version));
    results.forEach((r, j) => {
      const index = chunk[j]!.index;
      items[index] =
        r.outcome === 'conflict'
          ? { ok: false, id: r.id, versionKey: r.versionKey, reason: 'a different object with this id and version is already stored' }
          : { ok: true, id: r.id, versionKey: r.versionKey, outcome: r.outcome, dateAdded: r.dateAdded };
    });
  }
  return items as IngestItem[];
}
