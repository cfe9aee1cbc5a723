/**
 * The desk's statistics as the page shows them: rows with bar lengths (SVG attributes, the CSP
 * forbids inline styles) and, for members, what was withheld because fewer than the minimum
 * number of organizations stand behind a figure.
 */
import type { StatFigure, Statistics } from '../api/desk-types';

export interface StatRow {
  key: string;
  reports: number;
  /** 0–width, the longest bar being `width` */
  bar: number;
}

export function statRows(figures: readonly StatFigure[], width = 200): StatRow[] {
  const max = Math.max(0, ...figures.map((f) => f.reports));
  return figures.map((f) => ({ key: f.key, reports: f.reports, bar: max === 0 ? 0 : Math.round((f.reports / max) * width) }));
}

/** Months in order, oldest first (keys are `YYYY-MM`). */
export function monthRows(figures: readonly StatFigure[], width = 200): StatRow[] {
  return statRows([...figures].sort((a, b) => a.key.localeCompare(b.key)), width);
}

export type Withheld = { kind: 'none' } | { kind: 'some'; suppressed: number; min: number } | { kind: 'all'; suppressed: number; min: number };

/** What the page says about figures left out for members (operators and desk staff see every figure). */
export function withheld(s: Statistics): Withheld {
  if (s.scope === 'all' || s.suppressed === 0) return { kind: 'none' };
  const shown = s.by_type.length + s.by_sector.length + s.by_month.length;
  return { kind: shown === 0 ? 'all' : 'some', suppressed: s.suppressed, min: s.min_organizations };
}

/** `2026-11` as a month in the UI language. */
export function monthLabel(key: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return key;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}
