import { useId } from 'react';
import { barGeometry, type Bar } from '../../lib/charts';
import { shorten } from '../../lib/graph';

/**
 * Horizontal bars (0–max). A suppressed value (null) keeps its row with `suppressedText`
 * instead of a bar, so the reader sees that a figure exists but is withheld.
 */
export function BarChart({ bars, title, suppressedText, max = 100, unit = '', testId }: { bars: Bar[]; title: string; suppressedText: string; max?: number; unit?: string; testId?: string }) {
  const g = barGeometry(bars, 560, max);
  const titleId = useId();
  return (
    <figure className="chart chart-bars" data-testid={testId}>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{title}</title>
        {g.rows.map((r, i) => (
          <g key={i}>
            <text x={g.labelWidth - 8} y={r.y + g.rowHeight / 2 + 4} textAnchor="end" className="chart-label">
              {shorten(r.label, 22)}
            </text>
            <rect x={g.labelWidth} y={r.y + 5} width={g.width - g.labelWidth - 56} height={g.rowHeight - 10} className="bar-track" />
            {r.value !== null && <rect x={g.labelWidth} y={r.y + 5} width={r.barWidth} height={g.rowHeight - 10} className="bar-fill" />}
            <text x={r.value === null ? g.labelWidth + 6 : r.textX} y={r.y + g.rowHeight / 2 + 4} className={r.value === null ? 'chart-label chart-muted' : 'chart-label'}>
              {r.value === null ? suppressedText : `${r.value}${unit}`}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
