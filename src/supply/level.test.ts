import { describe, expect, it } from 'vitest';
import { getQuestionnaire } from '../assess/index.js';
import { confirmationsFor, levelReached } from './level.js';

const q = getQuestionnaire('supply-chain')!;
const answersFor = (level: string, value: string) =>
  Object.fromEntries(q.questions.filter((x) => !x.levels || x.levels.includes(level)).map((x) => [x.id, value]));

describe('supply-chain levels', () => {
  it('level 3 is confirmed by an expert or a third party; level 4 by a third party only', () => {
    expect(confirmationsFor('level-3')).toEqual(['expert', 'third-party']);
    expect(confirmationsFor('level-4')).toEqual(['third-party']);
  });

  it('reaches the level answered at when it is met and confirmed', () => {
    expect(levelReached(q, { level: 'level-3', answers: answersFor('level-3', 'met'), confirmation: { kind: 'expert' } })).toBe('level-3');
    expect(levelReached(q, { level: 'level-4', answers: answersFor('level-4', 'met'), confirmation: { kind: 'third-party' } })).toBe('level-4');
  });

  it('a level-4 assessment with an expert confirmation only reaches level 3', () => {
    expect(levelReached(q, { level: 'level-4', answers: answersFor('level-4', 'met'), confirmation: { kind: 'expert' } })).toBe('level-3');
  });

  it('a level-3 assessment never reaches level 4, even confirmed by a third party', () => {
    expect(levelReached(q, { level: 'level-3', answers: answersFor('level-4', 'met'), confirmation: { kind: 'third-party' } })).toBe('level-3');
  });

  it('reaches nothing without a confirmation, below the pass mark, or with a required answer missing', () => {
    const met = answersFor('level-3', 'met');
    expect(levelReached(q, { level: 'level-3', answers: met, confirmation: null })).toBeNull();
    expect(levelReached(q, { level: 'level-3', answers: answersFor('level-3', 'partly'), confirmation: { kind: 'expert' } })).toBeNull();
    const [first] = Object.keys(met);
    const missing = { ...met };
    delete missing[first!];
    expect(levelReached(q, { level: 'level-3', answers: missing, confirmation: { kind: 'expert' } })).toBeNull();
  });

  it('level 4 missed, level 3 still met: a strong level-3 part with weak level-4-only answers', () => {
    const answers = { ...answersFor('level-4', 'not-met'), ...answersFor('level-3', 'met') };
    expect(levelReached(q, { level: 'level-4', answers, confirmation: { kind: 'third-party' } })).toBe('level-3');
  });
});
