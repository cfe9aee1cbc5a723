import { useId } from 'react';
import { radarGeometry, radarNeedsKey, type RadarAxis } from '../../lib/charts';
import { shorten } from '../../lib/graph';

export interface RadarSeries {
  name: string;
  values: (number | null)[];
  /** CSS modifier: `own` (the organization) or `ref` (the sector average) */
  tone: 'own' | 'ref';
}

/**
 * Scores by category (0–100) on a radar. The values are also in the table beside it
 * (the picture alone is not accessible), so the SVG carries a short title only.
 */
export function RadarChart({ axes, series, title, size = 360, testId }: { axes: RadarAxis[]; series: RadarSeries[]; title: string; size?: number; testId?: string }) {
  const g = radarGeometry(axes, series.map((s) => s.values), size);
  // room left and right for the category labels, outside the square the chart is drawn in
  const pad = 90;
  // long names (the management instructions, Japanese) become numbers with a key below
  const numbered = radarNeedsKey(axes.map((a) => a.label));
  const titleId = useId();
  return (
    <figure className="chart chart-radar" data-testid={testId}>
      <svg viewBox={`${-pad} 0 ${size + 2 * pad} ${size}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{title}</title>
        {g.rings.map((r) => (
          <polygon key={r.value} points={r.points} className="radar-ring" />
        ))}
        {g.spokes.map((s) => (
          <line key={s.id} x1={g.cx} y1={g.cy} x2={s.end.x} y2={s.end.y} className="radar-spoke" />
        ))}
        {g.series.map((s, i) => (
          <polygon key={i} points={s.points} className={`radar-area radar-${series[i]!.tone}`} />
        ))}
        {g.series.map((s, i) =>
          s.vertices.map((v, j) => <circle key={`${i}-${j}`} cx={v.x} cy={v.y} r={3} className={`radar-dot radar-${series[i]!.tone}`} />),
        )}
        {g.spokes.map((s, i) => (
          <text key={s.id} x={s.labelAt.x} y={s.labelAt.y} textAnchor={s.anchor} className="chart-label">
            {numbered ? String(i + 1) : shorten(s.label, 22)}
          </text>
        ))}
      </svg>
      {numbered && (
        <ol className="radar-key" data-testid="radar-key">
          {axes.map((a) => (
            <li key={a.id}>{a.label}</li>
          ))}
        </ol>
      )}
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.name} className="legend-item">
            <svg viewBox="0 0 12 12" className="legend-swatch" aria-hidden="true">
              <rect x="1" y="1" width="10" height="10" className={`radar-area radar-${s.tone}`} />
            </svg>
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
