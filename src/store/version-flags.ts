/**
 * is_latest / is_first upkeep shared by both backends' shared-object writes (the planning of an
 * add is shared-plan.ts): after a delete, which flags change so that the greatest remaining
 * version of an id is latest and the least first; and the hub clock's wall-clock candidate.
 */

export interface FlagChange {
  stixId: string;
  versionKey: string;
  isLatest: boolean;
  isFirst: boolean;
}

const maxKey = (a: string | undefined, b: string): string => (a === undefined || b > a ? b : a);
const minKey = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

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
