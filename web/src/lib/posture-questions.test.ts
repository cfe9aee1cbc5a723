import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../api/posture-types';
import { byCategory, categoryTitle, optionsOf, pick, progressOf, questionsFor, resumeIndex } from './posture-questions';

const T = (s: string) => ({ ja: `${s}（日本語）`, en: s });
const yn = [
  { value: 'yes', label: T('Yes'), points: 1 },
  { value: 'no', label: T('No'), points: 0 },
];
const Q: Questionnaire = {
  id: 'sc',
  version: 1,
  kind: 'supply-chain',
  title: T('Supply chain'),
  description: T('d'),
  categories: [{ id: 'govern', title: T('Govern') }, { id: 'protect', title: T('Protect') }, { id: 'empty', title: T('Empty') }],
  scales: { yn },
  dontKnowPenalty: 0,
  levels: [{ id: 'level-3', title: T('3'), passPercent: 70 }, { id: 'level-4', title: T('4'), passPercent: 80 }],
  bands: [{ id: 'low', min: 0, label: T('Low') }],
  questions: [
    { id: 'a', category: 'protect', text: T('A'), guidance: T('ga'), weight: 1, scale: 'yn', levels: ['level-3'] },
    { id: 'b', category: 'govern', text: T('B'), guidance: T('gb'), weight: 1, scale: 'yn', levels: ['level-4'] },
    { id: 'c', category: 'govern', text: T('C'), guidance: T('gc'), weight: 1, scale: 'missing' },
  ],
};

describe('pick', () => {
  it('answers in the UI language, falling back to the other', () => {
    expect(pick(T('Hello'), 'ja')).toBe('Hello（日本語）');
    expect(pick(T('Hello'), 'en-US')).toBe('Hello');
    expect(pick({ ja: '', en: 'only en' }, 'ja')).toBe('only en');
    expect(pick(null, 'en')).toBe('');
  });
});

describe('questionsFor', () => {
  it('asks a level its own questions and those of lower levels', () => {
    expect(questionsFor(Q, 'level-3').map((q) => q.id)).toEqual(['a', 'c']);
    expect(questionsFor(Q, 'level-4').map((q) => q.id)).toEqual(['a', 'b', 'c']);
    expect(questionsFor(Q).map((q) => q.id)).toEqual(['a', 'b', 'c']);
    expect(questionsFor(Q, 'level-9').map((q) => q.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('answering', () => {
  const qs = Q.questions;
  it('resumes at the first unanswered question, else the last', () => {
    expect(resumeIndex(qs, {})).toBe(0);
    expect(resumeIndex(qs, { a: 'yes', c: 'no' })).toBe(1);
    expect(resumeIndex(qs, { a: 'yes', b: 'no', c: 'no' })).toBe(2);
    expect(resumeIndex([], {})).toBe(0);
  });
  it('counts progress over the asked questions only', () => {
    expect(progressOf(qs, { a: 'yes', z: 'no' })).toEqual({ answered: 1, total: 3, percent: 33, complete: false });
    expect(progressOf(qs, { a: 'yes', b: 'no', c: 'yes' }).complete).toBe(true);
    expect(progressOf([], {})).toEqual({ answered: 0, total: 0, percent: 0, complete: false });
  });
  it('groups by category in the questionnaire order, skipping empty ones', () => {
    expect(byCategory(Q, qs).map((c) => [c.id, c.questions.map((q) => q.id)])).toEqual([
      ['govern', ['b', 'c']],
      ['protect', ['a']],
    ]);
  });
  it('finds scales and category titles, tolerating unknown ids', () => {
    expect(optionsOf(Q, qs[0]!).map((o) => o.value)).toEqual(['yes', 'no']);
    expect(optionsOf(Q, qs[2]!)).toEqual([]);
    expect(categoryTitle(Q, 'protect', 'ja')).toBe('Protect（日本語）');
    expect(categoryTitle(Q, 'nope', 'en')).toBe('nope');
  });
});
