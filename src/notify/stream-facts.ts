/**
 * What the live stream needs to decide a batch in memory, for every client at once: each
 * version's stored envelope and, for relationships and sightings, every held endpoint's versions
 * with theirs. `visibleTo` is then the store's rule — `matchesPredicate` (held equal to the SQL by
 * the policy's property and matrix tests) plus the relationship-endpoint rule of
 * src/store/shared-visibility.ts (`endpointsSql`: no endpoint the hub holds without a version the
 * viewer may see; one level only). src/notify/stream-hub.test.ts holds the whole equal to
 * `shared.query`.
 *
 * A version's endpoints are read from its JSON with the policy's `endpointRefs`: ingest (the only
 * writer of versions with endpoints) stores exactly those, computed from the same object, whose
 * refs the stored (provider's) form keeps unchanged. What cannot be decided this way is left to
 * the store: a version whose JSON does not parse, and one pointing at a relationship or
 * sighting (whose own versions the system predicate may not list).
 */
import { endpointRefs } from '../policy/decide.js';
import { matchesPredicate } from '../policy/predicate.js';
import type { SharedQuery, SharedRow, Store, StoredEnvelope, VisibilityPredicate } from '../store/types.js';
import { SYSTEM_PREDICATE } from './feed.js';

/** The types whose versions have endpoints (policy endpointRefs). */
export const LINK_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

const QUERY_PAGE = 1000;
/** store reads in flight at once */
const CONCURRENCY = 8;

/** A held endpoint: its type and the envelope of every version the store holds of it. */
export interface HeldEndpoint {
  type: string;
  envelopes: StoredEnvelope[];
}

export interface VersionFacts {
  row: SharedRow;
  envelope: StoredEnvelope;
  /** the held endpoints (one the hub does not hold hides nothing) */
  endpoints: HeldEndpoint[];
}

const typeOfId = (id: string): string => id.slice(0, Math.max(0, id.indexOf('--')));

/** The store's rule for one version and one predicate. */
export function visibleTo(p: VisibilityPredicate, f: VersionFacts): boolean {
  if (!matchesPredicate(p, f.envelope, f.row.type)) return false;
  return f.endpoints.every((e) => e.envelopes.some((env) => matchesPredicate(p, env, e.type)));
}

async function mapLimit<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

/**
 * The versions among `rows` (one batch, date_added order) that `predicate` shows, from the store:
 * one query by the batch's ids, all versions after the batch's first date_added, keeping exactly
 * the batch's versions.
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

/**
 * Each version's stored envelope, read before checking that the version still has its
 * date_added: every envelope change re-stamps date_added, so a version found unchanged after the
 * read was read with the envelope it was stored with. A version re-stamped meanwhile is left
 * out; it comes again, with its new envelope, in a later batch.
 */
async function envelopesOf(store: Store, rows: SharedRow[]): Promise<{ row: SharedRow; envelope: StoredEnvelope }[]> {
  // the latest versions' in one query (most of a batch), the others one by one
  const latest = await store.shared.envelopesOf([...new Set(rows.map((r) => r.id))]);
  const found = await mapLimit(rows, async (r) => {
    const l = latest.get(r.id);
    return l !== undefined && l.versionKey === r.versionKey ? l : store.shared.envelopeOf(r.id, r.versionKey);
  });
  const current = new Set((await visibleOf(store, SYSTEM_PREDICATE, rows)).map((r) => r.dateAdded));
  return rows.flatMap((row, i) => {
    const e = found[i];
    return e !== undefined && current.has(row.dateAdded) ? [{ row, envelope: e.envelope }] : [];
  });
}

/** Every held endpoint among `ids` with the envelopes of its versions. */
async function heldEndpoints(store: Store, ids: string[]): Promise<Map<string, HeldEndpoint>> {
  const out = new Map<string, HeldEndpoint>();
  if (ids.length === 0) return out;
  const latest = await store.shared.envelopesOf(ids);
  const held = [...latest.keys()];
  for (const [id, v] of latest) out.set(id, { type: typeOfId(id), envelopes: [v.envelope] });
  // their other versions: the system predicate lists them all but identities under attribution
  // `none`, which only their provider's organization sees — and it sees every version of them,
  // the latest (read above) included, so the missing ones never change an answer
  const others: { id: string; versionKey: string }[] = [];
  let after: number | undefined;
  while (held.length > 0) {
    const q: SharedQuery = { scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, ids: held, versions: { all: true }, limit: QUERY_PAGE };
    if (after !== undefined) q.addedAfter = after;
    const page = await store.shared.query(q);
    for (const r of page.rows) if (r.versionKey !== latest.get(r.id)?.versionKey) others.push({ id: r.id, versionKey: r.versionKey });
    const tail = page.rows[page.rows.length - 1];
    if (!page.more || !tail) break;
    after = tail.dateAdded;
  }
  const envs = await mapLimit(others, (o) => store.shared.envelopeOf(o.id, o.versionKey));
  others.forEach((o, i) => {
    const e = envs[i];
    if (e) out.get(o.id)?.envelopes.push(e.envelope);
  });
  return out;
}

/** The facts of a batch, and the versions the store has to decide itself (see the header). */
export async function factsOf(store: Store, rows: SharedRow[]): Promise<{ facts: VersionFacts[]; undecided: SharedRow[] }> {
  const checked = await envelopesOf(store, rows);
  const undecided: SharedRow[] = [];
  const withRefs: { row: SharedRow; envelope: StoredEnvelope; refs: string[] }[] = [];
  for (const c of checked) {
    if (!LINK_TYPES.has(c.row.type)) {
      withRefs.push({ ...c, refs: [] });
      continue;
    }
    let refs: string[];
    try {
      refs = [...new Set(endpointRefs(JSON.parse(c.row.json) as Record<string, unknown>))];
    } catch {
      undecided.push(c.row);
      continue;
    }
    if (refs.some((id) => LINK_TYPES.has(typeOfId(id)))) undecided.push(c.row);
    else withRefs.push({ ...c, refs });
  }
  const held = await heldEndpoints(store, [...new Set(withRefs.flatMap((w) => w.refs))]);
  const facts = withRefs.map((w) => ({
    row: w.row,
    envelope: w.envelope,
    endpoints: w.refs.flatMap((id) => {
      const h = held.get(id);
      return h ? [h] : [];
    }),
  }));
  return { facts, undecided };
}
