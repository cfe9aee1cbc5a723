/**
 * Figures over many organizations (the sector average of the radar, survey results), under the
 * policy's rule: a figure is shown only where MIN_ORGANIZATIONS_PER_FIGURE organizations stand
 * behind it. Each input result is one organization's (the caller passes one per organization).
 *
 * A breakdown (by sector, by size) also applies complementary suppression: while the overall
 * figure is shown, the hidden groups taken together could be worked out from the overall and the
 * shown groups, so the smallest shown groups are hidden too until the hidden groups together
 * stand for at least MIN_ORGANIZATIONS_PER_FIGURE organizations.
 */
import type { ScoreResult } from '../assess/types.js';
import { mayShowFigure, MIN_ORGANIZATIONS_PER_FIGURE } from '../policy/posture-access.js';

export type HiddenReason = 'fewer-than-minimum' | 'complementary';

export interface Figure {
  key: string;
  organizations: number;
  shown: boolean;
  score: number | null;
  byCategory: { category: string; score: number | null }[] | null;
  reason: HiddenReason | null;
}

export const MINIMUM = MIN_ORGANIZATIONS_PER_FIGURE;

const round1 = (n: number): number => Math.round(n * 10) / 10;
const mean = (xs: number[]): number | null => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/** The plain average (no rule applied): overall score and each category over the organizations that had it. */
export function averageOf(results: ScoreResult[], categories: string[]): { score: number | null; byCategory: { category: string; score: number | null }[] } {
  return {
    score: mean(results.map((r) => r.score)),
    byCategory: categories.map((category) => ({
      category,
      score: mean(results.flatMap((r) => r.byCategory.filter((c) => c.category === category && c.total > 0).map((c) => c.score))),
    })),
  };
}

/** One figure under the rule: the average when enough organizations stand behind it, else nothing but the count. */
export function figureOf(key: string, results: ScoreResult[], categories: string[]): Figure {
  const organizations = results.length;
  if (!mayShowFigure(organizations)) return { key, organizations, shown: false, score: null, byCategory: null, reason: 'fewer-than-minimum' };
  const avg = averageOf(results, categories);
  return { key, organizations, shown: true, score: avg.score, byCategory: avg.byCategory, reason: null };
}

function hide(f: Figure, reason: HiddenReason): Figure {
  return { ...f, shown: false, score: null, byCategory: null, reason };
}

/** A breakdown by group key (ordered by key), with complementary suppression against a shown overall. */
export function breakdownOf(groups: Map<string, ScoreResult[]>, categories: string[], overallShown: boolean): Figure[] {
  const figures = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, rs]) => figureOf(key, rs, categories));
  if (!overallShown) return figures;
  let hiddenOrgs = figures.filter((f) => !f.shown).reduce((n, f) => n + f.organizations, 0);
  if (hiddenOrgs === 0) return figures;
  const victims = new Set<Figure>();
  const shown = figures.filter((f) => f.shown).sort((a, b) => a.organizations - b.organizations || (a.key < b.key ? -1 : 1));
  for (const f of shown) {
    if (mayShowFigure(hiddenOrgs)) break;
    victims.add(f);
    hiddenOrgs += f.organizations;
  }
  return figures.map((f) => (victims.has(f) ? hide(f, 'complementary') : f));
}
