/**
 * Pure helpers for answering a questionnaire question by question: which questions apply
 * (a supply-chain level), where to resume, progress, and texts in the UI language.
 */
import type { Answers, AnswerOption, Question, Questionnaire, Text } from '../api/posture-types';

/** A bilingual text in the UI language (Japanese for `ja*`, else English; the other when empty). */
export function pick(text: Text | null | undefined, lang: string): string {
  if (!text) return '';
  const ja = lang.toLowerCase().startsWith('ja');
  return (ja ? text.ja || text.en : text.en || text.ja) ?? '';
}

/**
 * The questions asked at a supply-chain level: those without `levels`, and those whose
 * levels include it or a lower one (a higher level asks everything a lower one does).
 * Without a level (self-check, maturity) every question.
 */
export function questionsFor(q: Questionnaire, level?: string | null): Question[] {
  if (!level || !q.levels?.length) return q.questions;
  const order = q.levels.map((l) => l.id);
  const rank = order.indexOf(level);
  if (rank < 0) return q.questions;
  return q.questions.filter((question) => !question.levels?.length || question.levels.some((l) => order.indexOf(l) >= 0 && order.indexOf(l) <= rank));
}

/** The answer scale of a question (empty when the questionnaire names an unknown scale). */
export function optionsOf(q: Questionnaire, question: Question): AnswerOption[] {
  return q.scales[question.scale] ?? [];
}

/** Where to resume: the first unanswered question, else the last one. */
export function resumeIndex(questions: readonly Question[], answers: Answers): number {
  const i = questions.findIndex((question) => !answers[question.id]);
  return i >= 0 ? i : Math.max(questions.length - 1, 0);
}

export interface Progress {
  answered: number;
  total: number;
  percent: number;
  complete: boolean;
}

/** How far the answers go over these questions (answers to other questions do not count). */
export function progressOf(questions: readonly Question[], answers: Answers): Progress {
  const total = questions.length;
  const answered = questions.filter((question) => !!answers[question.id]).length;
  return { answered, total, percent: total ? Math.round((answered / total) * 100) : 0, complete: total > 0 && answered === total };
}

/** Questions grouped under their categories, in the questionnaire's category order. */
export function byCategory(q: Questionnaire, questions: readonly Question[]): { id: string; title: Text; questions: Question[] }[] {
  return q.categories
    .map((c) => ({ id: c.id, title: c.title, questions: questions.filter((question) => question.category === c.id) }))
    .filter((c) => c.questions.length > 0);
}

/** A category's title by id (the id itself when unknown). */
export function categoryTitle(q: Questionnaire | null | undefined, id: string, lang: string): string {
  const c = q?.categories.find((x) => x.id === id);
  return c ? pick(c.title, lang) : id;
}
