import { describe, expect, it } from 'vitest';
import { getQuestionnaire, listQuestionnaires } from './questionnaires.js';
import { parseQuestionnaire } from './questionnaire-schema.js';
import { questionsInScope, scoreAnswers, validateAnswers } from './scoring.js';
import type { Answers, Questionnaire } from './types.js';

function load(id: string): Questionnaire {
  const q = getQuestionnaire(id);
  if (!q) throw new Error(`missing ${id}`);
  return q;
}
const all = (q: Questionnaire, value: string, ids = q.questions.map((x) => x.id)): Answers => Object.fromEntries(ids.map((id) => [id, value]));

describe('shipped questionnaires', () => {
  it('lists the three, latest versions, with the expected shapes', () => {
    expect(listQuestionnaires().map((q) => `${q.id}@${q.version}:${q.kind}`).sort()).toEqual([
      'management-maturity@1:maturity', 'sme-self-check@1:self-check', 'supply-chain@1:supply-chain',
    ]);
    const sme = load('sme-self-check');
    expect(sme.questions).toHaveLength(25);
    expect(sme.categories.map((c) => c.id)).toEqual(['basics', 'everyday', 'organization']);
    const mm = load('management-maturity');
    expect(mm.categories).toHaveLength(10);
    for (const c of mm.categories) expect(mm.questions.filter((x) => x.category === c.id).length).toBeGreaterThanOrEqual(3);
    const sc = load('supply-chain');
    expect(sc.categories.map((c) => c.id)).toEqual(['govern', 'supplier-management', 'identify', 'protect', 'detect', 'respond', 'recover']);
    expect(questionsInScope(sc, 'level-3')).toHaveLength(18);
    expect(questionsInScope(sc, 'level-4')).toHaveLength(27);
    expect(getQuestionnaire('sme-self-check', 2)).toBeUndefined();
    expect(getQuestionnaire('nope')).toBeUndefined();
  });
});

describe('sme-self-check scoring', () => {
  const q = load('sme-self-check');
  it('all yes = 100 (good), all no = 0 (urgent)', () => {
    const best = scoreAnswers(q, all(q, 'yes'));
    expect(best.score).toBe(100);
    expect(best.band.id).toBe('good');
    expect(best.gaps).toEqual([]);
    const worst = scoreAnswers(q, all(q, 'no'));
    expect(worst.score).toBe(0);
    expect(worst.band.id).toBe('urgent');
    expect(worst.gaps).toHaveLength(25);
    expect(worst.gaps[0]).toMatchObject({ questionId: 'b1', lost: 4, answer: 'no' });
  });
  it('basics yes, everyday partly, organization no = 46 (weak); gaps weakest first', () => {
    const a = { ...all(q, 'yes', ['b1', 'b2', 'b3', 'b4', 'b5']), ...all(q, 'partly', q.questions.filter((x) => x.category === 'everyday').map((x) => x.id)), ...all(q, 'no', ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7']) };
    const r = scoreAnswers(q, a);
    expect(r.score).toBe(46);
    expect(r.band.id).toBe('weak');
    expect(r.byCategory).toEqual([
      { category: 'basics', score: 100, answered: 5, total: 5 },
      { category: 'everyday', score: 50, answered: 13, total: 13 },
      { category: 'organization', score: 0, answered: 7, total: 7 },
    ]);
    expect(r.gaps.map((g) => g.questionId).slice(0, 8)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'e1']);
    expect(r.gaps[7]).toMatchObject({ lost: 2, answer: 'partly' });
    expect(r.gaps).toHaveLength(20);
  });
  it('dont-know costs its points and the penalty; unanswered counts as 0', () => {
    const r = scoreAnswers(q, { ...all(q, 'yes'), b1: 'dont-know' });
    expect(r.score).toBe(94);
    expect(r.gaps).toEqual([{ questionId: 'b1', category: 'basics', answer: 'dont-know', lost: 6, guidance: q.questions[0]!.guidance }]);
    const partial = all(q, 'yes');
    delete partial.o7;
    const u = scoreAnswers(q, partial);
    expect(u.score).toBe(96);
    expect(u.unanswered).toEqual(['o7']);
    expect(u.gaps[0]).toMatchObject({ questionId: 'o7', answer: null, lost: 4 });
    expect(scoreAnswers(q, all(q, 'dont-know')).score).toBe(0);
  });
});

describe('management-maturity scoring', () => {
  const q = load('management-maturity');
  it('level 5 everywhere = 100, level 3 everywhere = 50, level 1 = 0', () => {
    expect(scoreAnswers(q, all(q, '5')).score).toBe(100);
    const mid = scoreAnswers(q, all(q, '3'));
    expect(mid.score).toBe(50);
    expect(mid.band.id).toBe('established');
    expect(mid.byCategory.every((c) => c.score === 50 && c.total === 3)).toBe(true);
    expect(scoreAnswers(q, all(q, '1')).score).toBe(0);
  });
  it('one instruction at 5, the rest at 1 = 10; the radar shows 100 and nine zeros', () => {
    const a = { ...all(q, '1'), 'i1-1': '5', 'i1-2': '5', 'i1-3': '5' };
    const r = scoreAnswers(q, a);
    expect(r.score).toBe(10);
    expect(r.band.id).toBe('initial');
    expect(r.byCategory.map((c) => c.score)).toEqual([100, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
  it('a dont-know among level 5 answers = 95.7', () => {
    const r = scoreAnswers(q, { ...all(q, '5'), 'i1-1': 'dont-know' });
    expect(r.score).toBe(95.7);
    expect(r.gaps[0]).toMatchObject({ questionId: 'i1-1', lost: 4.3 });
    expect(r.byCategory[0]).toEqual({ category: 'm1-policy', score: 65.7, answered: 3, total: 3 });
  });
  it('mixed levels 2 and 4 = 50.0 in two different ways, 3.5 average → 62.5', () => {
    const ids = q.questions.map((x) => x.id);
    const a = Object.fromEntries(ids.map((id, i) => [id, i % 2 === 0 ? '2' : '4']));
    expect(scoreAnswers(q, a).score).toBe(50);
    const b = Object.fromEntries(ids.map((id, i) => [id, i % 2 === 0 ? '3' : '4']));
    expect(scoreAnswers(q, b).score).toBe(62.5);
  });
});

describe('supply-chain scoring', () => {
  const q = load('supply-chain');
  const l3 = questionsInScope(q, 'level-3').map((x) => x.id);
  it('all met: both levels met, 100', () => {
    const r = scoreAnswers(q, all(q, 'met'));
    expect(r.score).toBe(100);
    expect(r.level).toEqual([{ id: 'level-3', met: true }, { id: 'level-4', met: true }]);
  });
  it('answered at level 3 only: level 3 met, level 4 not (its questions are unanswered)', () => {
    const r = scoreAnswers(q, all(q, 'met', l3), { level: 'level-3' });
    expect(r.score).toBe(100);
    expect(r.unanswered).toEqual([]);
    expect(r.level).toEqual([{ id: 'level-3', met: true }, { id: 'level-4', met: false }]);
    expect(r.byCategory.find((c) => c.category === 'protect')).toEqual({ category: 'protect', score: 100, answered: 5, total: 5 });
  });
  it('level 3 pass mark 80: 15 met + 3 not met = 83.3 (met), 14 + 4 = 77.8 (not met), 14 met + 4 partly = 88.9', () => {
    const three = { ...all(q, 'met', l3), ...all(q, 'not-met', l3.slice(0, 3)) };
    const r3 = scoreAnswers(q, three, { level: 'level-3' });
    expect(r3.score).toBe(83.3);
    expect(r3.level?.[0]).toEqual({ id: 'level-3', met: true });
    const four = { ...all(q, 'met', l3), ...all(q, 'not-met', l3.slice(0, 4)) };
    const r4 = scoreAnswers(q, four, { level: 'level-3' });
    expect(r4.score).toBe(77.8);
    expect(r4.level?.[0]).toEqual({ id: 'level-3', met: false });
    expect(r4.gaps.map((g) => [g.questionId, g.lost])).toEqual([['gv1', 5.6], ['gv2', 5.6], ['gv3', 5.6], ['sm1', 5.6]]);
    const partly = scoreAnswers(q, { ...all(q, 'met', l3), ...all(q, 'partly', l3.slice(0, 4)) }, { level: 'level-3' });
    expect(partly.score).toBe(88.9);
  });
  it('not applicable leaves the denominator; a dont-know fails the level through its penalty', () => {
    const r = scoreAnswers(q, { ...all(q, 'met'), pr7: 'n/a', de3: 'not-met' });
    // 25 of 26 applicable met
    expect(r.score).toBe(96.2);
    expect(r.byCategory.find((c) => c.category === 'protect')).toMatchObject({ score: 100, answered: 7, total: 6 });
    expect(r.level).toEqual([{ id: 'level-3', met: true }, { id: 'level-4', met: true }]);
    const dk = scoreAnswers(q, { ...all(q, 'met', l3), gv1: 'dont-know', gv2: 'not-met', gv3: 'not-met' }, { level: 'level-3' });
    // 15/18 = 83.3 − 2 = 81.3: still met; two dont-know, one not met, one partly: 14.5/18 − 4 = 76.6
    expect(dk.score).toBe(81.3);
    expect(scoreAnswers(q, { ...all(q, 'met', l3), gv1: 'dont-know', gv2: 'dont-know', gv3: 'not-met', sm1: 'partly' }, { level: 'level-3' }).score).toBe(76.6);
  });
});

describe('validateAnswers', () => {
  const q = load('supply-chain');
  it('names the question for unknown ids and values, and checks completeness and level scope', () => {
    expect(() => validateAnswers(q, { nope: 'met' })).toThrow(/unknown question "nope"/);
    expect(() => validateAnswers(q, { gv1: 'yes' })).toThrow(/question "gv1": "yes" is not one of met, partly, not-met, dont-know, n\/a/);
    expect(() => validateAnswers(q, { gv4: 'met' }, { level: 'level-3' })).toThrow(/"gv4" is not part of level "level-3"/);
    expect(() => validateAnswers(q, { gv1: 'met' }, { level: 'level-5' })).toThrow(/no level "level-5"/);
    expect(() => validateAnswers(q, { gv1: 'met' }, { complete: true, level: 'level-3' })).toThrow(/question "gv2" is unanswered \(and 16 more\)/);
    expect(() => validateAnswers(q, all(q, 'met', questionsInScope(q, 'level-3').map((x) => x.id)), { complete: true, level: 'level-3' })).not.toThrow();
  });
});

describe('parseQuestionnaire', () => {
  const good = JSON.parse(JSON.stringify(getQuestionnaire('sme-self-check'))) as Record<string, unknown>;
  it('rejects broken cross references with a clear message', () => {
    const bad1 = { ...good, questions: [{ ...(good.questions as object[])[0], category: 'zzz' }] };
    expect(() => parseQuestionnaire(bad1)).toThrow(/question b1: unknown category "zzz"/);
    const bad2 = { ...good, title: { ja: '', en: 'x' } };
    expect(() => parseQuestionnaire(bad2)).toThrow(/title: needs non-empty ja and en/);
    const bad3 = { ...good, bands: [{ id: 'x', min: 10, label: { ja: 'a', en: 'b' } }] };
    expect(() => parseQuestionnaire(bad3)).toThrow(/need a band starting at 0/);
    expect(parseQuestionnaire(good).questions).toHaveLength(25);
  });
});
