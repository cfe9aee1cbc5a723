/**
 * Scoring of a questionnaire's answers. The rules, the same for every questionnaire:
 * - a question's share is weight × points / (the highest points on its scale);
 * - "not applicable" (points null) takes the question out of the denominator;
 * - an unanswered question counts as 0 (it stays in the denominator);
 * - each "dont-know" answer scores 0 and subtracts dontKnowPenalty from the total (floored at 0);
 * - with opts.level (supply chain), only the questions that level requires are in scope;
 * - a level is met when every question it requires is answered and its own score
 *   (same rules, over those questions) reaches its passPercent.
 */
import { DONT_KNOW, type AnswerOption, type Answers, type Question, type Questionnaire, type ScoreGap, type ScoreResult } from './types.js';

const round1 = (n: number): number => Math.round(n * 10) / 10;

function maxPoints(options: AnswerOption[]): number {
  return Math.max(...options.map((o) => o.points ?? 0));
}

function option(q: Questionnaire, question: Question, value: string | undefined): AnswerOption | undefined {
  if (value === undefined) return undefined;
  return q.scales[question.scale]?.find((o) => o.value === value);
}

/** The questions in scope for a level (all when no level is given). */
export function questionsInScope(q: Questionnaire, level?: string): Question[] {
  if (level === undefined) return q.questions;
  return q.questions.filter((x) => !x.levels || x.levels.includes(level));
}

interface Tally { earned: number; weight: number; dontKnow: number; unanswered: number }

function tally(q: Questionnaire, questions: Question[], answers: Answers): Tally {
  const t: Tally = { earned: 0, weight: 0, dontKnow: 0, unanswered: 0 };
  for (const question of questions) {
    const value = answers[question.id];
    const opt = option(q, question, value);
    if (value === undefined || !opt) { t.weight += question.weight; t.unanswered++; continue; }
    if (opt.points === null) continue;
    t.weight += question.weight;
    t.earned += (question.weight * opt.points) / maxPoints(q.scales[question.scale]!);
    if (opt.value === DONT_KNOW) t.dontKnow++;
  }
  return t;
}

function percent(q: Questionnaire, t: Tally): number {
  if (t.weight === 0) return 0;
  return Math.max(0, (100 * t.earned) / t.weight - q.dontKnowPenalty * t.dontKnow);
}

function checkLevel(q: Questionnaire, level: string | undefined): void {
  if (level !== undefined && !q.levels?.some((l) => l.id === level)) {
    throw new Error(`questionnaire ${q.id} has no level "${level}"${q.levels ? ` (levels: ${q.levels.map((l) => l.id).join(', ')})` : ''}`);
  }
}

export function scoreAnswers(q: Questionnaire, answers: Answers, opts: { level?: string } = {}): ScoreResult {
  checkLevel(q, opts.level);
  const scope = questionsInScope(q, opts.level);
  const total = tally(q, scope, answers);
  const score = round1(percent(q, total));

  const byCategory = q.categories.map((c) => {
    const qs = scope.filter((x) => x.category === c.id);
    const t = tally(q, qs, answers);
    // "total" counts the applicable questions (not-applicable answers are left out)
    const applicable = qs.filter((x) => option(q, x, answers[x.id])?.points !== null);
    return { category: c.id, score: round1(percent(q, t)), answered: qs.length - t.unanswered, total: applicable.length };
  }).filter((c) => scope.some((x) => x.category === c.category));

  let band = q.bands[0]!;
  for (const b of q.bands) if (b.min <= score) band = b;

  const unanswered = scope.filter((x) => option(q, x, answers[x.id]) === undefined).map((x) => x.id);

  const gaps: (ScoreGap & { order: number })[] = [];
  scope.forEach((question, order) => {
    const value = answers[question.id];
    const opt = option(q, question, value);
    if (opt?.points === null || total.weight === 0) return;
    const share = opt ? opt.points! / maxPoints(q.scales[question.scale]!) : 0;
    let lost = (100 * question.weight * (1 - share)) / total.weight;
    if (opt?.value === DONT_KNOW) lost += q.dontKnowPenalty;
    if (lost <= 0) return;
    gaps.push({ questionId: question.id, category: question.category, answer: opt ? opt.value : null, lost: round1(lost), guidance: question.guidance, order });
  });
  gaps.sort((a, b) => b.lost - a.lost || a.order - b.order);

  const result: ScoreResult = {
    score, byCategory, band: { id: band.id, label: band.label }, unanswered,
    gaps: gaps.map(({ order: _order, ...g }) => g),
  };
  if (q.levels) {
    result.level = q.levels.map((l) => {
      const required = questionsInScope(q, l.id);
      const t = tally(q, required, answers);
      return { id: l.id, met: t.unanswered === 0 && percent(q, t) >= l.passPercent };
    });
  }
  return result;
}

/** Throws a clear Error naming the question for unknown ids or values (or missing answers with complete). */
export function validateAnswers(q: Questionnaire, answers: Answers, opts: { level?: string; complete?: boolean } = {}): void {
  checkLevel(q, opts.level);
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new Error('answers must be an object of question id → answer value');
  const scope = new Map(questionsInScope(q, opts.level).map((x) => [x.id, x]));
  for (const [qid, value] of Object.entries(answers)) {
    const question = q.questions.find((x) => x.id === qid);
    if (!question) throw new Error(`unknown question "${qid}" in ${q.id} v${q.version}`);
    if (!scope.has(qid)) throw new Error(`question "${qid}" is not part of level "${opts.level ?? ''}"`);
    const options = q.scales[question.scale]!;
    if (typeof value !== 'string' || !options.some((o) => o.value === value)) {
      throw new Error(`question "${qid}": ${JSON.stringify(value)} is not one of ${options.map((o) => o.value).join(', ')}`);
    }
  }
  if (opts.complete) {
    const missing = [...scope.keys()].filter((qid) => answers[qid] === undefined);
    if (missing.length) throw new Error(`question "${missing[0]}" is unanswered${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`);
  }
}
