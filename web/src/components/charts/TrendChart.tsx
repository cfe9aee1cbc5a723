import { useId } from 'react';
import { trendGeometry, type TrendPoint } from '../../lib/charts';
import { formatDate } from '../../lib/format';

/** Scores over time (0–100); the list of assessments beside it carries the same figures. */
export function TrendChart({ points, title, lang, testId }: { points: TrendPoint[]; title: string; lang: string; testId?: string }) {
  const g = trendGeometry(points);
  const titleId = useId();
  return (
    <figure className="chart chart-trend" data-testid={testId}>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{title}</title>
        {g.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} className="chart-grid" />
            <text x={g.plot.left - 6} y={t.y + 4} textAnchor="end" className="chart-label">
              {t.value}
            </text>
          </g>
        ))}
        {g.points.length > 1 && <polyline points={g.line} className="trend-line" />}
        {g.points.map((p) => (
          <circle key={p.at} cx={p.x} cy={p.y} r={4} className="trend-dot">
            <title>{`${formatDate(p.at, lang)}: ${p.score}`}</title>
          </circle>
        ))}
        {g.xTicks.map((t) => (
          <text key={t.at} x={t.x} y={g.height - 8} textAnchor={t.anchor} className="chart-label">
            {formatDate(t.at, lang)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
