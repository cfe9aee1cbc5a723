/**
 * The assessment engine's contract: questionnaires are versioned JSON data files
 * (src/assess/questionnaires/<id>.v<version>.json), validated at load (questionnaire-schema.ts),
 * scored by scoring.ts. Posture (self-assessments), supplier assessments and surveys all
 * build on these types; change them only in ways that keep those callers compiling.
 */
export type Lang = 'ja' | 'en';
export type Text = { ja: string; en: string };

export interface AnswerOption {
  value: string;
  label: Text;
  /** null = not applicable: the question is excluded from the score */
  points: number | null;
}

export interface Question {
  id: string;
  category: string;
  text: Text;
  guidance: Text;
  weight: number;
  /** id of one of the questionnaire's scales */
  scale: string;
  /** what the question may ask for as evidence (audit report, certificate, policy…) */
  evidence?: { kind: string; label: Text }[];
  /** supply-chain: the levels that require this question */
  levels?: string[];
}

export interface Questionnaire {
  id: string;
  version: number;
  kind: 'self-check' | 'maturity' | 'supply-chain';
  title: Text;
  description: Text;
  categories: { id: string; title: Text }[];
  /** e.g. yes/partly/no/dont-know, or maturity levels 1–5 */
  scales: Record<string, AnswerOption[]>;
  /** points (over 0–100) subtracted from the score per "dont-know" answer */
  dontKnowPenalty: number;
  /** supply-chain levels, lowest first */
  levels?: { id: string; title: Text; passPercent: number }[];
  /** score bands over 0–100; the band is the one with the highest min ≤ score */
  bands: { id: string; min: number; label: Text }[];
  questions: Question[];
}

/** question id → AnswerOption.value */
export type Answers = Record<string, string>;

export interface ScoreGap {
  questionId: string;
  category: string;
  /** the answer given, null when unanswered */
  answer: string | null;
  /** points (over 0–100) lost on this question, one decimal; dont-know includes its penalty */
  lost: number;
  guidance: Text;
}

export interface ScoreResult {
  /** 0–100, one decimal */
  score: number;
  /** 0–100 each, one decimal; a category whose questions are all not applicable scores 0 with total 0 */
  byCategory: { category: string; score: number; answered: number; total: number }[];
  band: { id: string; label: Text };
  /** supply-chain: each level met or not */
  level?: { id: string; met: boolean }[];
  unanswered: string[];
  /** weakest first */
  gaps: ScoreGap[];
}

/** The answer value that counts as "don't know" (scored 0 and penalised). */
export const DONT_KNOW = 'dont-know';
