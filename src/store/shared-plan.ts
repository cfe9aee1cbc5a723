/**
 * The dialect-independent heart of `shared.add`: given the incoming versions and what the hub
 * already holds for their ids, decide each outcome, which rows to (re)write and which
 * is_latest/is_first flags change. Pure, so both backends share the same semantics.
 *
 * A duplicate of an earlier batch entry is `identical` or `conflict` against it, an unversioned
 * object sent twice with different content is `added` then `replaced`; and a version re-posted
 * with the same JSON but another envelope (or anonymous form) is an envelope change. It is rewritten with a
 * new date_added — pollers of an audience it now reaches must receive it after their cursor —
 * and answered 'replaced'. A rewrite removes the stored row (and its side rows) and inserts it
 * again, so every write is an insert and the side tables never need an update.
 */
import type { FlagChange } from './version-flags.js';
import { normalizeSearchText, searchTextOfJson } from '../stix/search-text.js';
import { UNVERSIONED_KEY, type AddOutcome, type AddResult, type SharedVersionInput, type StoredEnvelope } from './types.js';

export type { FlagChange } from './version-flags.js';

const ATTRIBUTIONS: readonly string[] = ['public', 'operators', 'none'];

/** A stored version relevant to the batch (a flagged row of a batch id, or a batch id+version). */
export interface ExistingShared {
  stixId: string;
  versionKey: string;
  json: string;
  dateAdded: number;
  isLatest: boolean;
  isFirst: boolean;
  /** envelopeSignature of what is stored */
  signature: string;
}

export interface SharedWrite {
  input: SharedVersionInput;
  /** index into the date_added values allocated for this batch */
  seq: number;
  isLatest: boolean;
  isFirst: boolean;
  /** date_added of the stored row this write replaces (removed first); null for a new version */
  replaces: number | null;
}

export interface SharedPlan {
  allocations: number;
  writes: SharedWrite[];
  flagChanges: FlagChange[];
  results(base: number): AddResult[];
}

const uniqueSorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

/** Identity of an envelope as stored: equal signatures, same visibility and same anonymous form. */
export function envelopeSignature(e: StoredEnvelope, jsonAnonymous: string | null): string {
  return JSON.stringify([
    e.tlpRank, uniqueSorted(e.audienceKeys), e.minClearance, e.embargoUntilUs, e.attribution, e.providerOrgId,
    e.providerUserId, uniqueSorted(e.sectors), uniqueSorted(e.terms), e.classificationJson, jsonAnonymous,
  ]);
}

function strings(what: string, xs: unknown, extra?: (s: string) => boolean): string[] {
  if (!Array.isArray(xs)) throw new RangeError(`shared.add: ${what} must be a list`);
  for (const s of xs) {
    if (typeof s !== 'string' || s === '' || (extra && !extra(s))) throw new RangeError(`shared.add: bad ${what} entry ${JSON.stringify(s)}`);
  }
  return uniqueSorted(xs as string[]);
}

/**
 * Check an input and return it with its lists de-duplicated and sorted. Throws RangeError for
 * what the columns cannot hold faithfully (the policy never produces it).
 */
export function normalizeSharedInput(v: SharedVersionInput): SharedVersionInput {
  const e = v.envelope;
  if (!Number.isInteger(e.tlpRank) || e.tlpRank < 0 || e.tlpRank > 4) throw new RangeError(`shared.add: bad tlpRank ${e.tlpRank}`);
  if (![0, 1, 2, 3].includes(e.minClearance)) throw new RangeError(`shared.add: bad minClearance ${e.minClearance}`);
  if (e.embargoUntilUs !== null && !Number.isSafeInteger(e.embargoUntilUs)) throw new RangeError(`shared.add: bad embargoUntilUs ${e.embargoUntilUs}`);
  if (!ATTRIBUTIONS.includes(e.attribution)) throw new RangeError(`shared.add: bad attribution ${String(e.attribution)}`);
  if (typeof e.providerOrgId !== 'string' || e.providerOrgId === '') throw new RangeError('shared.add: providerOrgId is required');
  return {
    ...v,
    envelope: {
      ...e,
      audienceKeys: strings('audience key', e.audienceKeys),
      // '|' delimits the sectors column
      sectors: strings('sector', e.sectors, (s) => !s.includes('|')),
      terms: strings('terms slug', e.terms),
    },
    endpoints: strings('endpoint', v.endpoints),
    searchText: v.searchText === undefined ? searchTextOfJson(v.json) : normalizeSearchText(v.searchText),
  };
}

/** The sectors column: '|a|b|', or null for any sector. */
export const sectorsColumn = (sectors: readonly string[]): string | null => (sectors.length === 0 ? null : `|${sectors.join('|')}|`);

export const sectorsFromColumn = (col: string | null): string[] => (col === null ? [] : col.slice(1, -1).split('|'));

/**
 * The 5W1H columns search filters read (migration 0004), from a version's classification JSON:
 * info_type and timing as they are (non-empty strings, else null); purposes and tiers as
 * '|a|b|' (distinct, sorted, entries with '|' left out; null when none), which both dialects
 * test with a substring search for '|value|'. Anything that is not a JSON object gives nulls.
 */
export interface ClassificationColumns {
  infoType: string | null;
  timing: string | null;
  purposes: string | null;
  tiers: string | null;
}

export function classificationColumns(json: string): ClassificationColumns {
  let c: unknown;
  try {
    c = JSON.parse(json);
  } catch {
    c = null;
  }
  const o = typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : {};
  const scalar = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const list = (v: unknown): string | null => {
    const xs = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '' && !x.includes('|')) : [];
    return xs.length === 0 ? null : `|${uniqueSorted(xs).join('|')}|`;
  };
  return { infoType: scalar(o.infoType), timing: scalar(o.timing), purposes: list(o.purpose), tiers: list(o.tier) };
}

interface Slot {
  json: string;
  signature: string;
  seq?: number;
  dateAdded?: number;
  existing?: ExistingShared;
  write?: SharedWrite;
}

interface PendingResult {
  id: string;
  versionKey: string;
  outcome: AddOutcome;
  seq?: number;
  dateAdded?: number;
}

const maxKey = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const minKey = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/**
 * Plan a batch (inputs normalised) as if its versions had been sent one after another. A
 * version written earlier in the same batch and changed again keeps its one write (and its
 * date_added): nobody can have read between the two.
 */
export function planSharedAdd(versions: readonly SharedVersionInput[], existing: readonly ExistingShared[]): SharedPlan {
  const byId = new Map<string, { slots: Map<string, Slot>; flagged: ExistingShared[] }>();
  const stateOf = (id: string) => {
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { slots: new Map(), flagged: [] }));
    return s;
  };
  for (const e of existing) {
    const s = stateOf(e.stixId);
    s.slots.set(e.versionKey, { json: e.json, signature: e.signature, dateAdded: e.dateAdded, existing: e });
    if (e.isLatest || e.isFirst) s.flagged.push(e);
  }

  let allocations = 0;
  const writes: SharedWrite[] = [];
  const pending: PendingResult[] = [];
  for (const v of versions) {
    const s = stateOf(v.id);
    const slot = s.slots.get(v.versionKey);
    const base = { id: v.id, versionKey: v.versionKey };
    const signature = envelopeSignature(v.envelope, v.jsonAnonymous);
    if (!slot) {
      const write: SharedWrite = { input: v, seq: allocations++, isLatest: false, isFirst: false, replaces: null };
      writes.push(write);
      s.slots.set(v.versionKey, { json: v.json, signature, seq: write.seq, write });
      pending.push({ ...base, outcome: 'added', seq: write.seq });
    } else if (slot.json === v.json && slot.signature === signature) {
      pending.push({ ...base, outcome: 'identical', seq: slot.seq, dateAdded: slot.dateAdded });
    } else if (slot.json === v.json || v.versionKey === UNVERSIONED_KEY) {
      // an envelope change, or an unversioned object replaced: the row is written again
      if (slot.write) slot.write.input = v;
      else {
        slot.write = { input: v, seq: allocations++, isLatest: false, isFirst: false, replaces: (slot.existing as ExistingShared).dateAdded };
        writes.push(slot.write);
      }
      slot.json = v.json;
      slot.signature = signature;
      slot.seq = slot.write.seq;
      pending.push({ ...base, outcome: 'replaced', seq: slot.seq });
    } else {
      pending.push({ ...base, outcome: 'conflict', seq: slot.seq, dateAdded: slot.dateAdded });
    }
  }

  // Flags as in planAdd: adding only moves the bounds outwards, so among stored rows only
  // those flagged now may change; a rewritten row gets its flags with its write.
  const flagChanges: FlagChange[] = [];
  for (const [stixId, s] of byId) {
    let latest: string | undefined;
    let first: string | undefined;
    for (const e of s.flagged) {
      latest = maxKey(latest, e.versionKey);
      first = minKey(first, e.versionKey);
    }
    const written: SharedWrite[] = [];
    for (const [key, slot] of s.slots) {
      if (!slot.write) continue;
      latest = maxKey(latest, key);
      first = minKey(first, key);
      written.push(slot.write);
    }
    if (written.length === 0) continue;
    for (const w of written) {
      w.isLatest = w.input.versionKey === latest;
      w.isFirst = w.input.versionKey === first;
    }
    for (const e of s.flagged) {
      if (s.slots.get(e.versionKey)?.write) continue;
      const isLatest = e.versionKey === latest;
      const isFirst = e.versionKey === first;
      if (isLatest !== e.isLatest || isFirst !== e.isFirst) flagChanges.push({ stixId, versionKey: e.versionKey, isLatest, isFirst });
    }
  }

  return {
    allocations,
    writes,
    flagChanges,
    results: (baseUs) =>
      pending.map((p) => ({
        id: p.id,
        versionKey: p.versionKey,
        outcome: p.outcome,
        dateAdded: p.seq !== undefined ? baseUs + p.seq : (p.dateAdded as number),
      })),
  };
}
