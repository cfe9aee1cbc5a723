/**
 * Survey results for display (pure; unit-tested): one row per group with each cell either a
 * figure or the reason it is withheld, never a number the hub did not give.
 */
import type { ResultGroup, SurveyResults } from '../api/posture-types';

export type Cell = { kind: 'value'; value: number } | { kind: 'withheld'; reason: 'fewer-than-minimum' | 'complementary' };

export interface ResultRow {
  key: string;
  organizations: number;
  score: Cell;
  byCategory: Cell[];
}


function resultRow(g: ResultGroup, categories: readonly { id: string }[]): ResultRow {
  if (!g.shown || g.score === null) {
    // the hub says why it hides a figure (src/posture/statistics.ts); the portal does not guess
    const w: Cell = { kind: 'withheld', reason: g.reason ?? 'fewer-than-minimum' };
    return { key: g.key, organizations: g.organizations, score: w, byCategory: categories.map(() => w) };
  }
  const by = new Map((g.byCategory ?? []).map((c) => [c.category, c.score]));
  return {
    key: g.key,
    organizations: g.organizations,
    score: { kind: 'value', value: g.score },
    byCategory: categories.map((c) => {
      const v = by.get(c.id);
      return v === undefined ? { kind: 'withheld', reason: 'fewer-than-minimum' } : { kind: 'value', value: v };
    }),
  };
}

export function resultRows(r: SurveyResults): { overall: ResultRow; groups: ResultRow[] } {
  return { overall: resultRow(r.overall, r.categories), groups: r.groups.map((g) => resultRow(g, r.categories)) };
}

/** The reasons that occur in the rows, for the notes under the table (each explained once). */
export function reasonsIn(rows: readonly ResultRow[]): ('fewer-than-minimum' | 'complementary')[] {
  const found = new Set<'fewer-than-minimum' | 'complementary'>();
  for (const row of rows) for (const c of [row.score, ...row.byCategory]) if (c.kind === 'withheld') found.add(c.reason);
  return (['fewer-than-minimum', 'complementary'] as const).filter((r) => found.has(r));
}

/**
 * The answer counts of one question as shares of those who answered (percent, one decimal),
 * in the scale's order; null when the hub gave no counts (the overall is withheld).
 */
export function answerShares(counts: Record<string, number> | undefined, order: readonly string[]): { value: string; count: number; percent: number }[] | null {
  if (!counts) return null;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const values = [...order, ...Object.keys(counts).filter((k) => !order.includes(k))];
  return values.map((value) => {
    const count = counts[value] ?? 0;
    return { value, count, percent: total ? Math.round((count / total) * 1000) / 10 : 0 };
  });
}

/** The CSV export's URL for the same breakdown, in the UI language. */
export function resultsCsvUrl(surveyId: string, by: 'sector' | 'size', lang: string): string {
  const l = lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  return `/api/v1/surveys/${encodeURIComponent(surveyId)}/results.csv?by=${by}&lang=${l}`;
}
