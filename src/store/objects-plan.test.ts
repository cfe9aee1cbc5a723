/** planAdd/planFlagRepair on their own: what is written, what the clock is asked for. */
import { describe, expect, it } from 'vitest';
import { planAdd, planFlagRepair, type ExistingVersion } from './objects-plan.js';
import { UNVERSIONED_KEY } from './types.js';
import { key, ver } from './contract-fixtures.js';

const stored = (id: string, k: string, json: string, dateAdded: number, isLatest: boolean, isFirst: boolean): ExistingVersion => ({
  stixId: id,
  versionKey: k,
  json,
  dateAdded,
  isLatest,
  isFirst,
});

describe('planAdd', () => {
  it('allocates date_added only for added and replaced rows', () => {
    const a = ver('indicator--a', key(1));
    const b = ver('indicator--b', key(1));
    const u = ver('ipv4-addr--u', UNVERSIONED_KEY, { note: 'new' });
    const existing = [
      stored(a.id, key(1), a.json, 100, true, true),
      stored(b.id, key(1), 'other', 101, true, true),
      stored(u.id, UNVERSIONED_KEY, 'old', 102, true, true),
    ];
    const plan = planAdd([a, b, u, ver('indicator--c', key(1))], existing);
    expect(plan.allocations).toBe(2);
    expect(plan.results(1000).map((r) => [r.outcome, r.dateAdded])).toEqual([
      ['identical', 100],
      ['conflict', 101],
      ['replaced', 1000],
      ['added', 1001],
    ]);
    expect(plan.writes.map((w) => [w.input.id, w.replace, w.isLatest, w.isFirst])).toEqual([
      [u.id, true, true, true],
      ['indicator--c', false, true, true],
    ]);
    expect(plan.flagChanges).toEqual([]);
  });

  it('moves flags from stored rows to new bounds, and leaves inner versions alone', () => {
    const id = 'indicator--x';
    const existing = [stored(id, key(5), 'v5', 1, true, false), stored(id, key(2), 'v2', 2, false, true)];
    const plan = planAdd([ver(id, key(9)), ver(id, key(3)), ver(id, key(1))], existing);
    expect(plan.writes.map((w) => [w.input.versionKey, w.isLatest, w.isFirst])).toEqual([
      [key(9), true, false],
      [key(3), false, false],
      [key(1), false, true],
    ]);
    expect(plan.flagChanges).toEqual([
      { stixId: id, versionKey: key(5), isLatest: false, isFirst: false },
      { stixId: id, versionKey: key(2), isLatest: false, isFirst: false },
    ]);
  });

  it('writes an unversioned object added then replaced in one batch once, with the last content', () => {
    const first = ver('file--f', UNVERSIONED_KEY, { note: '1' });
    const second = ver('file--f', UNVERSIONED_KEY, { note: '2' });
    const plan = planAdd([first, second], []);
    expect(plan.allocations).toBe(2);
    expect(plan.writes.map((w) => [w.input.json, w.seq, w.replace])).toEqual([[second.json, 1, false]]);
    expect(plan.results(10).map((r) => [r.outcome, r.dateAdded])).toEqual([
      ['added', 10],
      ['replaced', 11],
    ]);
  });
});

describe('planFlagRepair', () => {
  it('flags the greatest remaining version latest and the least first', () => {
    const changes = planFlagRepair('indicator--x', [
      { versionKey: key(3), isLatest: false, isFirst: false },
      { versionKey: key(1), isLatest: false, isFirst: false },
      { versionKey: key(2), isLatest: false, isFirst: true },
    ]);
    expect(changes).toEqual([
      { stixId: 'indicator--x', versionKey: key(3), isLatest: true, isFirst: false },
      { stixId: 'indicator--x', versionKey: key(1), isLatest: false, isFirst: true },
      { stixId: 'indicator--x', versionKey: key(2), isLatest: false, isFirst: false },
    ]);
    expect(planFlagRepair('indicator--x', [])).toEqual([]);
  });
});
