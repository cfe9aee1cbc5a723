import { describe, expect, it } from 'vitest';
import type { SurveyResults } from '../api/posture-types';
import { answerShares, reasonsIn, resultRows, resultsCsvUrl } from './posture-survey';

const T = (s: string) => ({ ja: s, en: s });
const results: SurveyResults = {
  survey: { id: 's1', title: T('S') },
  by: 'sector',
  minimum: 5,
  responses: 14,
  categories: [{ id: 'basics', title: T('Basics') }, { id: 'people', title: T('People') }],
  overall: { key: 'all', organizations: 14, shown: true, score: 61.3, byCategory: [{ category: 'basics', score: 70 }, { category: 'people', score: 52.5 }], answers: { b1: { yes: 7, partly: 3, no: 4 } } },
  groups: [
    { key: 'energy', organizations: 3, shown: false, score: null, byCategory: null, reason: 'fewer-than-minimum' },
    { key: 'finance', organizations: 6, shown: true, score: 63, byCategory: [{ category: 'basics', score: 71 }], reason: null },
    { key: 'ict', organizations: 5, shown: false, score: null, byCategory: null, reason: 'complementary' },
  ],
};

describe('resultRows', () => {
  it('keeps the figures the hub gave and withholds the others with their reason', () => {
    const { overall, groups } = resultRows(results);
    expect(overall.score).toEqual({ kind: 'value', value: 61.3 });
    expect(overall.byCategory).toEqual([{ kind: 'value', value: 70 }, { kind: 'value', value: 52.5 }]);
    expect(groups.map((g) => g.key)).toEqual(['energy', 'finance', 'ict']);
    expect(groups[0]!.score).toEqual({ kind: 'withheld', reason: 'fewer-than-minimum' });
    expect(groups[0]!.byCategory.every((c) => c.kind === 'withheld')).toBe(true);
    expect(groups[2]!.score).toEqual({ kind: 'withheld', reason: 'complementary' });
    // a category the hub left out of a shown group is withheld, not zero
    expect(groups[1]!.byCategory).toEqual([{ kind: 'value', value: 71 }, { kind: 'withheld', reason: 'fewer-than-minimum' }]);
  });
  it('lists each reason that occurs once, in a fixed order', () => {
    const { overall, groups } = resultRows(results);
    expect(reasonsIn([overall, ...groups])).toEqual(['fewer-than-minimum', 'complementary']);
    expect(reasonsIn([overall])).toEqual([]);
  });
});

describe('answerShares', () => {
  it('gives shares in the scale order, unknown values last', () => {
    expect(answerShares({ no: 4, yes: 7, partly: 3, odd: 0 }, ['yes', 'partly', 'no', 'dont-know'])).toEqual([
      { value: 'yes', count: 7, percent: 50 },
      { value: 'partly', count: 3, percent: 21.4 },
      { value: 'no', count: 4, percent: 28.6 },
      { value: 'dont-know', count: 0, percent: 0 },
      { value: 'odd', count: 0, percent: 0 },
    ]);
    expect(answerShares(undefined, ['yes'])).toBeNull();
  });
});

describe('resultsCsvUrl', () => {
  it('asks for the same breakdown in the UI language', () => {
    expect(resultsCsvUrl('a b', 'size', 'ja-JP')).toBe('/api/v1/surveys/a%20b/results.csv?by=size&lang=ja');
    expect(resultsCsvUrl('s1', 'sector', 'en')).toBe('/api/v1/surveys/s1/results.csv?by=sector&lang=en');
  });
});
