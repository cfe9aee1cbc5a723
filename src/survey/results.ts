/**
 * A survey's results: the submitted responses (one per organization) averaged overall and by
 * sector or size, each figure only where 5 organizations stand behind it, with complementary
 * suppression (src/posture/statistics.ts); and the same as CSV.
 */
import type { Answers, Lang, Questionnaire, ScoreResult, Text } from '../assess/types.js';
import { breakdownOf, figureOf, MINIMUM, type Figure } from '../posture/statistics.js';

export type Breakdown = 'sector' | 'size';

export interface ResponseFacts { orgId: string; sector: string; size: string | null; answers: Answers; result: ScoreResult }

export interface SurveyResults {
  survey: { id: string; title: Text };
  by: Breakdown;
  minimum: number;
  responses: number;
  categories: { id: string; title: Text }[];
  overall: Figure & { answers: Record<string, Record<string, number>> | null };
  groups: Figure[];
}

export function surveyResults(survey: { id: string; title: Text }, q: Questionnaire, responses: ResponseFacts[], by: Breakdown): SurveyResults {
  const categories = q.categories.map((c) => c.id);
  const overall = figureOf('all', responses.map((r) => r.result), categories);
  const groups = new Map<string, ScoreResult[]>();
  for (const r of responses) {
    const key = by === 'sector' ? r.sector : r.size ?? 'unknown';
    groups.set(key, [...(groups.get(key) ?? []), r.result]);
  }
  let answers: Record<string, Record<string, number>> | null = null;
  if (overall.shown) {
    answers = {};
    for (const question of q.questions) {
      const counts: Record<string, number> = {};
      for (const r of responses) {
        const v = r.answers[question.id];
        if (v !== undefined) counts[v] = (counts[v] ?? 0) + 1;
      }
      answers[question.id] = counts;
    }
  }
  return {
    survey, by, minimum: MINIMUM, responses: responses.length,
    categories: q.categories.map((c) => ({ id: c.id, title: c.title })),
    overall: { ...overall, answers },
    groups: breakdownOf(groups, categories, overall.shown),
  };
}

const NOTES: Record<Lang, Record<string, string>> = {
  ja: { 'fewer-than-minimum': `回答組織が${MINIMUM}未満のため非表示`, complementary: '他の区分から逆算できないよう非表示', all: '全体', group: '区分', organizations: '組織数', score: '総合スコア', note: '備考' },
  en: { 'fewer-than-minimum': `hidden: fewer than ${MINIMUM} organizations`, complementary: 'hidden so that a smaller group cannot be worked out', all: 'all', group: 'group', organizations: 'organizations', score: 'score', note: 'note' },
};

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // quote what CSV needs quoted; a leading formula character is neutralised for spreadsheets
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (UTF-8 with BOM for spreadsheet software): one row for the overall, then one per group. */
export function resultsCsv(r: SurveyResults, lang: Lang): string {
  const n = NOTES[lang];
  const header = [n.group!, n.organizations!, n.score!, ...r.categories.map((c) => c.title[lang]), n.note!];
  const row = (label: string, f: Figure) => [label, f.organizations, f.score, ...r.categories.map((c) => f.byCategory?.find((x) => x.category === c.id)?.score ?? null), f.reason ? n[f.reason]! : ''];
  const rows = [header, row(n.all!, r.overall), ...r.groups.map((g) => row(g.key, g))];
  return `\uFEFF${rows.map((cols) => cols.map(cell).join(',')).join('\r\n')}\r\n`;
}
