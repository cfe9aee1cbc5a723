/**
 * Chart geometry for the posture pages: radar (scores by category against a reference),
 * trend (scores over time) and horizontal bars (survey results). Pure functions returning
 * coordinates and SVG attribute strings; the components only draw them. Under the portal's
 * CSP nothing may be styled inline, so every size and position ends up in SVG attributes.
 */

const round = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export interface Point {
  x: number;
  y: number;
}

/** `x1,y1 x2,y2 …` for a <polygon> or <polyline> `points` attribute. */
export function pointsAttr(points: readonly Point[]): string {
  return points.map((p) => `${round(p.x)},${round(p.y)}`).join(' ');
}

export interface RadarAxis {
  id: string;
  label: string;
}

export interface RadarGeometry {
  size: number;
  cx: number;
  cy: number;
  radius: number;
  /** one spoke per axis: its outer end and where its label goes */
  spokes: { id: string; label: string; end: Point; labelAt: Point; anchor: 'start' | 'middle' | 'end' }[];
  /** concentric guide polygons at 20, 40, 60, 80 and 100 */
  rings: { value: number; points: string }[];
  /** one polygon per series, in the order given; a missing value (null) is drawn at 0 */
  series: { points: string; vertices: Point[] }[];
}

/**
 * A radar chart over `axes` (clockwise from the top) for series of values on 0–100.
 * With fewer than three axes a polygon says nothing; callers show a table instead
 * (the geometry is still computed, for the table-less case of tests).
 */
export function radarGeometry(axes: readonly RadarAxis[], series: readonly (readonly (number | null)[])[], size = 360): RadarGeometry {
  const cx = size / 2;
  const cy = size / 2;
  // room for labels around the chart
  const radius = size * 0.32;
  const n = Math.max(axes.length, 1);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const at = (i: number, value: number): Point => {
    const r = (radius * clamp(value, 0, 100)) / 100;
    return { x: round(cx + r * Math.cos(angle(i))), y: round(cy + r * Math.sin(angle(i))) };
  };
  const spokes = axes.map((a, i) => {
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const anchor: 'start' | 'middle' | 'end' = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
    const labelR = radius + 12;
    return {
      id: a.id,
      label: a.label,
      end: at(i, 100),
      // labels below the centre sit a line lower so they do not touch the ring
      labelAt: { x: round(cx + labelR * cos), y: round(cy + labelR * sin + (sin > 0.3 ? 10 : sin < -0.3 ? -4 : 4)) },
      anchor,
    };
  });
  const rings = [20, 40, 60, 80, 100].map((value) => ({ value, points: pointsAttr(axes.map((_, i) => at(i, value))) }));
  const drawn = series.map((values) => {
    const vertices = axes.map((_, i) => at(i, values[i] ?? 0));
    return { points: pointsAttr(vertices), vertices };
  });
  return { size, cx, cy, radius, spokes, rings, series: drawn };
}

export interface TrendPoint {
  /** ISO date or timestamp */
  at: string;
  score: number;
}

export interface TrendGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** the points in time order, placed */
  points: (Point & { at: string; score: number })[];
  line: string;
  /** horizontal guides at 0, 25, 50, 75, 100 */
  yTicks: { value: number; y: number }[];
  /** the first and last dates (and the middle when there are three or more points) */
  xTicks: { at: string; x: number; anchor: 'start' | 'middle' | 'end' }[];
}

/**
 * Scores (0–100) over time. Points are spaced by their dates; one point, or points on one
 * day, sit in the middle. Invalid dates are left out rather than drawn at 1970.
 */
export function trendGeometry(input: readonly TrendPoint[], width = 560, height = 220): TrendGeometry {
  const plot = { left: 46, top: 14, right: width - 20, bottom: height - 30 };
  const valid = input
    .map((p) => ({ ...p, t: Date.parse(p.at) }))
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.score))
    .sort((a, b) => a.t - b.t);
  const t0 = valid[0]?.t ?? 0;
  const t1 = valid[valid.length - 1]?.t ?? 0;
  const span = t1 - t0;
  const xOf = (t: number) => (span > 0 ? plot.left + ((t - t0) / span) * (plot.right - plot.left) : (plot.left + plot.right) / 2);
  const yOf = (score: number) => plot.bottom - (clamp(score, 0, 100) / 100) * (plot.bottom - plot.top);
  const points = valid.map((p) => ({ x: round(xOf(p.t)), y: round(yOf(p.score)), at: p.at, score: p.score }));
  const yTicks = [0, 25, 50, 75, 100].map((value) => ({ value, y: round(yOf(value)) }));
  const xTicks: TrendGeometry['xTicks'] = [];
  if (points.length === 1 || (points.length > 1 && span === 0)) xTicks.push({ at: points[0]!.at, x: points[0]!.x, anchor: 'middle' });
  else if (points.length > 1) {
    xTicks.push({ at: points[0]!.at, x: points[0]!.x, anchor: 'start' });
    if (points.length >= 3) {
      const mid = points[Math.floor(points.length / 2)]!;
      // only when it does not crowd the ends
      if (mid.x - plot.left > 90 && plot.right - mid.x > 90) xTicks.push({ at: mid.at, x: mid.x, anchor: 'middle' });
    }
    const last = points[points.length - 1]!;
    xTicks.push({ at: last.at, x: last.x, anchor: 'end' });
  }
  return { width, height, plot, points, line: pointsAttr(points), yTicks, xTicks };
}

export interface Bar {
  label: string;
  /** null: not shown (e.g. fewer than 5 organizations stand behind it) */
  value: number | null;
}

export interface BarGeometry {
  width: number;
  height: number;
  labelWidth: number;
  rows: { label: string; value: number | null; y: number; barWidth: number; textX: number }[];
  rowHeight: number;
}

/**
 * Horizontal bars for values on 0–`max` (100 for scores and percentages). Rows of
 * suppressed values keep their place, with no bar, so the reader sees what is missing.
 */
export function barGeometry(bars: readonly Bar[], width = 560, max = 100, labelWidth = 180, rowHeight = 28): BarGeometry {
  const track = Math.max(width - labelWidth - 56, 40);
  const rows = bars.map((b, i) => {
    const barWidth = b.value === null ? 0 : round((clamp(b.value, 0, max) / (max || 1)) * track);
    return { label: b.label, value: b.value, y: i * rowHeight, barWidth, textX: round(labelWidth + barWidth + 6) };
  });
  return { width, height: Math.max(rows.length * rowHeight, rowHeight), labelWidth, rows, rowHeight };
}

/** A score's band class for colouring (low < 40 ≤ mid < 70 ≤ high): the same everywhere. */
export function scoreTone(score: number | null | undefined): 'none' | 'low' | 'mid' | 'high' {
  if (score === null || score === undefined || !Number.isFinite(score)) return 'none';
  return score < 40 ? 'low' : score < 70 ? 'mid' : 'high';
}

/** A label's width in "half-width" units: CJK and other wide characters count two. */
export function labelUnits(label: string): number {
  let n = 0;
  for (const ch of label) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

/**
 * Whether a radar's axes are labelled with numbers (and a key below the chart) rather than
 * their names: when any name is too wide to sit beside the chart without being cut.
 */
export function radarNeedsKey(labels: readonly string[], maxUnits = 18): boolean {
  return labels.some((l) => labelUnits(l) > maxUnits);
}
