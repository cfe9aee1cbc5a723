import { describe, expect, it } from 'vitest';
import type { Statistics } from '../api/desk-types';
import { monthLabel, monthRows, statRows, withheld } from './desk-stats';

const stats = (o: Partial<Statistics>): Statistics => ({ scope: 'k-anonymous', min_organizations: 5, by_type: [], by_sector: [], by_month: [], suppressed: 0, ...o });

describe('statRows', () => {
  it('scales bars to the largest figure', () => {
    expect(statRows([{ key: 'ransomware', reports: 12 }, { key: 'ddos', reports: 3 }], 200)).toEqual([
      { key: 'ransomware', reports: 12, bar: 200 },
      { key: 'ddos', reports: 3, bar: 50 },
    ]);
    expect(statRows([{ key: 'x', reports: 0 }])).toEqual([{ key: 'x', reports: 0, bar: 0 }]);
  });
  it('orders months oldest first', () => {
    expect(monthRows([{ key: '2026-11', reports: 1 }, { key: '2025-12', reports: 2 }]).map((r) => r.key)).toEqual(['2025-12', '2026-11']);
  });
});

describe('withheld', () => {
  it('says nothing to operators and desk staff', () => {
    expect(withheld(stats({ scope: 'all', suppressed: 0 }))).toEqual({ kind: 'none' });
  });
  it('tells members how many figures were withheld, and when all were', () => {
    expect(withheld(stats({ suppressed: 2, by_type: [{ key: 'ddos', reports: 9 }] }))).toEqual({ kind: 'some', suppressed: 2, min: 5 });
    expect(withheld(stats({ suppressed: 7 }))).toEqual({ kind: 'all', suppressed: 7, min: 5 });
    expect(withheld(stats({ suppressed: 0, by_type: [{ key: 'ddos', reports: 9 }] }))).toEqual({ kind: 'none' });
  });
});

describe('monthLabel', () => {
  it('names the month in the UI language', () => {
    expect(monthLabel('2026-11', 'en')).toBe('Nov 2026');
    expect(monthLabel('2026-11', 'ja')).toBe('2026年11月');
    expect(monthLabel('bad', 'en')).toBe('bad');
  });
});
