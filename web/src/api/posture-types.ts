/**
 * JSON shapes of the posture, supply-chain, survey and board-report routes
 * (docs/api/posture.md). The questionnaire shapes mirror src/assess/types.ts.
 */
export type Lang = 'ja' | 'en';
export type Text = { ja: string; en: string };

export interface AnswerOption {
  value: string;
  label: Text;
  /** null = not applicable: excluded from the score */
  points: number | null;
}

export interface Question {
  id: string;
  category: string;
  text: Text;
  guidance: Text;
  weight: number;
  scale: string;
  evidence?: { kind: string; label: Text }[];
  levels?: string[];
}

export interface Questionnaire {
  id: string;
  version: number;
  kind: 'self-check' | 'maturity' | 'supply-chain';
  title: Text;
  description: Text;
  categories: { id: string; title: Text }[];
  scales: Record<string, AnswerOption[]>;
  dontKnowPenalty: number;
  levels?: { id: string; title: Text; passPercent: number }[];
  bands: { id: string; min: number; label: Text }[];
  questions: Question[];
}

export type Answers = Record<string, string>;

export interface ScoreResult {
  score: number;
  byCategory: { category: string; score: number; answered: number; total: number }[];
  band: { id: string; label: Text };
  level?: { id: string; met: boolean }[];
  unanswered: string[];
  gaps: { questionId: string; category: string; answer: string | null; lost: number; guidance: Text }[];
}
