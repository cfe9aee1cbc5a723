import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../assess/types.js';
import { averageOf, breakdownOf, figureOf } from './statistics.js';

const r = (score: number, a: number, b: number, bTotal = 1): ScoreResult => ({
  score, band: { id: 'x', label: { ja: 'x', en: 'x' } }, unanswered: [], gaps: [],
  byCategory: [{ category: 'a', score: a, answered: 1, total: 1 }, { category: 'b', score: b, answered: 1, total: bTotal }],
});

describe('figures under the 5-organization rule', () => {
  it('4 organizations: hidden, count only; 5: the average', () => {
    const four = [r(10, 10, 20), r(20, 20, 40), r(30, 30, 60), r(40, 40, 80)];
    expect(figureOf('finance', four, ['a', 'b'])).toEqual({ key: 'finance', organizations: 4, shown: false, score: null, byCategory: null, reason: 'fewer-than-minimum' });
    const five = [...four, r(50, 50, 100)];
    expect(figureOf('finance', five, ['a', 'b'])).toEqual({
      key: 'finance', organizations: 5, shown: true, score: 30, byCategory: [{ category: 'a', score: 30 }, { category: 'b', score: 60 }], reason: null,
    });
  });
  it('a category is averaged over the organizations where it applied', () => {
    expect(averageOf([r(10, 10, 0, 0), r(20, 20, 50)], ['a', 'b'])).toEqual({ score: 15, byCategory: [{ category: 'a', score: 15 }, { category: 'b', score: 50 }] });
  });
  it('one hidden group hides the smallest other one too (no working it out from the overall)', () => {
    const n = (k: number, s: number) => Array.from({ length: k }, () => r(s, s, s));
    const groups = new Map([['energy', n(3, 10)], ['finance', n(7, 50)], ['ict', n(5, 70)]]);
    const figs = breakdownOf(groups, ['a', 'b'], true);
    expect(figs.map((f) => [f.key, f.organizations, f.shown, f.score, f.reason])).toEqual([
      ['energy', 3, false, null, 'fewer-than-minimum'], ['finance', 7, true, 50, null], ['ict', 5, false, null, 'complementary'],
    ]);
    // two hidden groups standing for 5 organizations together: nothing more is hidden
    const two = breakdownOf(new Map([['a', n(2, 1)], ['b', n(3, 1)], ['c', n(6, 1)]]), ['a'], true);
    expect(two.map((f) => f.shown)).toEqual([false, false, true]);
    // two hidden groups of 3 organizations together: their joint average would follow from the
    // overall and the shown groups, so the smallest shown group is hidden too
    const three = breakdownOf(new Map([['a', n(1, 1)], ['b', n(2, 1)], ['c', n(6, 1)], ['d', n(9, 1)]]), ['a'], true);
    expect(three.map((f) => [f.key, f.shown, f.reason])).toEqual([
      ['a', false, 'fewer-than-minimum'], ['b', false, 'fewer-than-minimum'], ['c', false, 'complementary'], ['d', true, null],
    ]);
    // overall hidden: nothing to subtract from
    expect(breakdownOf(new Map([['a', n(2, 1)], ['c', n(6, 1)]]), ['a'], false).map((f) => f.shown)).toEqual([false, true]);
  });
});
