/**
 * The dialect-independent heart of `objects.add` and `objects.delete`: given the
 * incoming versions and what the collection already holds for those ids, decide each
 * outcome, which rows to write and which is_latest/is_first flags change. Pure, so
 * both backends share the exact same semantics and it can be tested on its own.
 */
import { UNVERSIONED_KEY, type AddOutcome, type AddResult, type ObjectVersionInput } from './types.js';

/** An existing row relevant to the batch: a latest/first row of a batch id, or a row
 * whose (id, versionKey) appears in the batch. */
export interface ExistingVersion {
  stixId: string;
  versionKey: string;
  json: string;
  dateAdded: number;
  isLatest: boolean;
  isFirst: boolean;
}

/** An existing version as both backends' batch lookups return it. */
export interface RawExistingVersion {
  stix_id: string;
  version_key: string;
  json: string;
  date_added: number;
  is_latest: number;
  is_first: number;
}

export function toExistingVersion(r: RawExistingVersion): ExistingVersion {
  return {
    stixId: r.stix_id,
    versionKey: r.version_key,
    json: r.json,
    dateAdded: r.date_added,
    isLatest: r.is_latest === 1,
    isFirst: r.is_first === 1,
  };
}

/** A row to insert (or, with `replace`, an existing unversioned row to overwrite). */
export interface PlannedWrite {
  input: ObjectVersionInput;
  /** index into the date_added values allocated for this batch */
  seq: number;
  isLatest: boolean;
  isFirst: boolean;
  replace: boolean;
}

export interface FlagChange {
  stixId: string;
  versionKey: string;
  isLatest: boolean;
  isFirst: boolean;
}

interface PendingResult {
  id: string;
  versionKey: string;
  outcome: AddOutcome;
  /** either a fresh allocation (seq) or an already stored dateAdded */
  seq?: number;
  dateAdded?: number;
}

export interface AddPlan {
  /** how many date_added values to allocate from the hub clock */
  allocations: number;
  writes: PlannedWrite[];
  flagChanges: FlagChange[];
  /** turn allocations into results once the clock gave the first value */
  results(base: number): AddResult[];
}

interface Slot {
  json: string;
  seq?: number;
  dateAdded?: number;
  existing?: ExistingVersion;
  write?: PlannedWrite;
}

interface IdState {
  slots: Map<string, Slot>;
  /** rows that currently carry a flag; they may lose it */
  flagged: ExistingVersion[];
}

const maxKey = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const minKey = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/**
 * Plan a batch as if its versions had been sent one after another: a duplicate of an
 * earlier batch entry is `identical` or `conflict` against it, and an unversioned
 * object sent twice with different content is `added` then `replaced`.
 */
export function planAdd(versions: readonly ObjectVersionInput[], existing: readonly ExistingVersion[]): AddPlan {
  const byId = new Map<string, IdState>();
  const stateOf = (id: string): IdState => {
    let s = byId.get(id);
    if (!s) byId.set(id, (s = { slots: new Map(), flagged: [] }));
    return s;
  };
  for (const e of existing) {
    const s = stateOf(e.stixId);
    s.slots.set(e.versionKey, { json: e.json, dateAdded: e.dateAdded, existing: e });
    if (e.isLatest || e.isFirst) s.flagged.push(e);
  }

  let allocations = 0;
  const writes: PlannedWrite[] = [];
  const pending: PendingResult[] = [];
  for (const v of versions) {
    const s = stateOf(v.id);
    const slot = s.slots.get(v.versionKey);
    const base = { id: v.id, versionKey: v.versionKey };
    if (!slot) {
      const seq = allocations++;
      const write: PlannedWrite = { input: v, seq, isLatest: false, isFirst: false, replace: false };
      writes.push(write);
      s.slots.set(v.versionKey, { json: v.json, seq, write });
      pending.push({ ...base, outcome: 'added', seq });
    } else if (slot.json === v.json) {
      pending.push({ ...base, outcome: 'identical', seq: slot.seq, dateAdded: slot.dateAdded });
    } else if (v.versionKey === UNVERSIONED_KEY) {
      const seq = allocations++;
      slot.json = v.json;
      slot.seq = seq;
      if (slot.write) {
        // added or replaced earlier in this batch: still one write, now with this content
        slot.write.input = v;
        slot.write.seq = seq;
      } else {
        slot.write = { input: v, seq, isLatest: false, isFirst: false, replace: true };
        writes.push(slot.write);
      }
      pending.push({ ...base, outcome: 'replaced', seq });
    } else {
      pending.push({ ...base, outcome: 'conflict', seq: slot.seq, dateAdded: slot.dateAdded });
    }
  }

  // Flags: latest = greatest versionKey, first = least, over the stored rows plus the
  // new ones. Adding can only move the bounds outwards, so the stored rows that may
  // change are exactly those flagged now.
  const flagChanges: FlagChange[] = [];
  for (const [stixId, s] of byId) {
    let latest: string | undefined;
    let first: string | undefined;
    for (const e of s.flagged) {
      latest = maxKey(latest, e.versionKey);
      first = minKey(first, e.versionKey);
    }
    const newWrites: PlannedWrite[] = [];
    for (const [key, slot] of s.slots) {
      if (slot.write) {
        latest = maxKey(latest, key);
        first = minKey(first, key);
        newWrites.push(slot.write);
      }
    }
    if (newWrites.length === 0) continue;
    for (const w of newWrites) {
      w.isLatest = w.input.versionKey === latest;
      w.isFirst = w.input.versionKey === first;
    }
    for (const e of s.flagged) {
      if (s.slots.get(e.versionKey)?.write) continue; // a replaced row gets its flags with the write
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

/** After a delete: the flag changes that make the remaining versions of one id right. */
export function planFlagRepair(
  stixId: string,
  remaining: ReadonlyArray<{ versionKey: string; isLatest: boolean; isFirst: boolean }>,
): FlagChange[] {
  let latest: string | undefined;
  let first: string | undefined;
  for (const r of remaining) {
    latest = maxKey(latest, r.versionKey);
    first = minKey(first, r.versionKey);
  }
  const out: FlagChange[] = [];
  for (const r of remaining) {
    const isLatest = r.versionKey === latest;
    const isFirst = r.versionKey === first;
    if (isLatest !== r.isLatest || isFirst !== r.isFirst) out.push({ stixId, versionKey: r.versionKey, isLatest, isFirst });
  }
  return out;
}

/** The hub clock's candidate for the next date_added: wall-clock microseconds. */
export function nowMicros(): number {
  return Date.now() * 1000;
}
