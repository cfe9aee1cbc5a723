import { describe, expect, it } from 'vitest';
import { getQuestionnaire, scoreAnswers } from '../assess/index.js';
import type { Answers } from '../assess/types.js';
import { resultsCsv, surveyResults, type ResponseFacts } from './results.js';

const q = getQuestionnaire('sme-self-check')!;
const all = (v: string): Answers => Object.fromEntries(q.questions.map((x) => [x.id, v]));
const facts = (n: number, sector: string, size: string | null, v: string): ResponseFacts[] =>
  Array.from({ length: n }, (_, i) => ({ orgId: `${sector}-${i}`, sector, size, answers: all(v), result: scoreAnswers(q, all(v)) }));

describe('survey results', () => {
  it('by sector: 4 → hidden, 5 → shown; the single hidden group takes the smallest other one with it', () => {
    const rs = [...facts(4, 'energy', 'small', 'no'), ...facts(5, 'finance', 'large', 'yes'), ...facts(6, 'ict', 'large', 'partly')];
    const r = surveyResults({ id: 's', title: { ja: 't', en: 't' } }, q, rs, 'sector');
    expect(r.overall).toMatchObject({ organizations: 15, shown: true, score: 53.3 });
    expect(r.groups.map((g) => [g.key, g.organizations, g.shown, g.score, g.reason])).toEqual([
      ['energy', 4, false, null, 'fewer-than-minimum'], ['finance', 5, false, null, 'complementary'], ['ict', 6, true, 50, null],
    ]);
    const bySize = surveyResults({ id: 's', title: { ja: 't', en: 't' } }, q, rs, 'size');
    expect(bySize.groups.map((g) => [g.key, g.organizations, g.shown, g.score])).toEqual([['large', 11, false, null], ['small', 4, false, null]]);
  });
  it('fewer than 5 responses: nothing but counts, not even answer counts', () => {
    const r = surveyResults({ id: 's', title: { ja: 't', en: 't' } }, q, facts(4, 'finance', null, 'yes'), 'size');
    expect(r.overall).toMatchObject({ organizations: 4, shown: false, score: null, answers: null });
    expect(r.groups).toEqual([{ key: 'unknown', organizations: 4, shown: false, score: null, byCategory: null, reason: 'fewer-than-minimum' }]);
    expect(resultsCsv(r, 'en').split('\r\n')[1]).toBe('all,4,,,,,hidden: fewer than 5 organizations');
  });
});
