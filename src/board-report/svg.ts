/**
 * The report's charts as inline SVG strings (no scripts, no external resources): the score
 * trend as a line, and the maturity radar of the organization against its sector's average.
 * Every text is escaped; coordinates are rounded to keep the document small.
 */
import { escapeHtml as esc } from '../notify/templates/mail.js';

const r1 = (n: number): number => Math.round(n * 10) / 10;

/** A line of scores (0–100) over time; one point is drawn as a dot. */
export function trendSvg(points: { label: string; score: number }[], title: string, width = 320, height = 160): string {
  const pad = { l: 34, r: 12, t: 22, b: 30 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const x = (i: number) => r1(pad.l + (points.length <= 1 ? w / 2 : (w * i) / (points.length - 1)));
  const y = (s: number) => r1(pad.t + h - (h * Math.max(0, Math.min(100, s))) / 100);
  const grid = [0, 50, 100].map((g) => `<line x1="${pad.l}" x2="${pad.l + w}" y1="${y(g)}" y2="${y(g)}" class="grid"/><text x="${pad.l - 6}" y="${y(g) + 4}" text-anchor="end" class="tick">${g}</text>`).join('');
  const line = points.length > 1 ? `<polyline class="trend-line" fill="none" points="${points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ')}"/>` : '';
  const dots = points.map((p, i) => `<circle class="trend-dot" cx="${x(i)}" cy="${y(p.score)}" r="3.5"><title>${esc(p.label)}: ${p.score}</title></circle>`).join('');
  const first = points[0];
  const last = points[points.length - 1];
  const labels = first && last
    ? `<text x="${x(0)}" y="${height - 10}" text-anchor="${points.length > 1 ? 'start' : 'middle'}" class="tick">${esc(first.label)}</text>${points.length > 1 ? `<text x="${x(points.length - 1)}" y="${height - 10}" text-anchor="end" class="tick">${esc(last.label)}</text>` : ''}`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<text x="${pad.l}" y="14" class="chart-title">${esc(title)}</text>${grid}${line}${dots}${labels}</svg>`;
}

/** A label cut into at most two lines: by words for Latin text, by characters for Japanese. */
export function wrapLabel(label: string, perLine: number): string[] {
  const words = /\s/.test(label) ? label.split(/\s+/) : null;
  const lines: string[] = [];
  if (words) {
    let cur = '';
    for (const w of words) {
      if (cur && (cur + ' ' + w).length > perLine) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w;
    }
    if (cur) lines.push(cur);
  } else {
    for (let i = 0; i < label.length; i += perLine) lines.push(label.slice(i, i + perLine));
  }
  if (lines.length > 2) return [lines[0]!, `${lines[1]!.slice(0, Math.max(1, perLine - 1))}…`];
  return lines;
}

/** The radar: one axis per category (0–100), the organization's polygon and, when given, the sector average's. */
export function radarSvg(labels: string[], own: number[] | null, average: (number | null)[] | null, legend: { own: string; average: string }, opts: { width?: number; height?: number; perLine?: number } = {}): string {
  const width = opts.width ?? 660;
  const height = opts.height ?? 470;
  const perLine = opts.perLine ?? 14;
  const cx = width / 2;
  const cy = height / 2 - 6;
  const R = Math.min(width / 2 - 175, height / 2 - 62);
  const n = labels.length;
  const pt = (i: number, v: number): [number, number] => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [r1(cx + Math.cos(a) * R * (v / 100)), r1(cy + Math.sin(a) * R * (v / 100))];
  };
  const ring = (v: number) => `<polygon class="grid" fill="none" points="${labels.map((_, i) => pt(i, v).join(',')).join(' ')}"/>`;
  const axes = labels.map((l, i) => {
    const [x, y] = pt(i, 100);
    const [lx, ly] = pt(i, 112);
    const anchor = Math.abs(lx - cx) < 8 ? 'middle' : lx < cx ? 'end' : 'start';
    const lines = wrapLabel(l, perLine);
    const top = ly < cy - 8 ? ly - (lines.length - 1) * 11 : ly;
    const tspans = lines.map((t, j) => `<tspan x="${lx}" y="${r1(top + 4 + j * 11)}">${esc(t)}</tspan>`).join('');
    return `<line x1="${cx}" y1="${cy}" x2="${x}" y2="${y}" class="grid"/><text text-anchor="${anchor}" class="axis-label">${tspans}</text>`;
  }).join('');
  const ticks = [50, 100].map((v) => `<text x="${cx + 3}" y="${r1(cy - (R * v) / 100 - 2)}" class="tick">${v}</text>`).join('');
  const poly = (vals: (number | null)[], cls: string) => `<polygon class="${cls}" points="${vals.map((v, i) => pt(i, v ?? 0).join(',')).join(' ')}"/>`;
  const lg = `<g class="legend"><rect x="12" y="${height - 40}" width="12" height="12" class="own"/><text x="30" y="${height - 30}" class="tick">${esc(legend.own)}</text>`
    + (average ? `<rect x="12" y="${height - 20}" width="12" height="12" class="average"/><text x="30" y="${height - 10}" class="tick">${esc(legend.average)}</text>` : '') + '</g>';
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart radar" role="img" aria-label="${esc(legend.own)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + [25, 50, 75, 100].map(ring).join('') + axes + ticks
    + (average ? poly(average, 'average') : '') + (own ? poly(own, 'own') : '') + lg + '</svg>';
}
