import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapSupplier, SupplyChainMap } from '../../api/posture-types';
import { supplyMapGeometry } from '../../lib/charts-map';
import { shorten } from '../../lib/graph';

/**
 * The supply chain as a picture: the buyer in the middle, tier-1 suppliers on the inner
 * ring, each dot coloured by status and ringed when overdue. The table carries the same facts.
 */
export function SupplyMap({ map }: { map: SupplyChainMap }) {
  const { t } = useTranslation();
  const titleId = useId();
  const input = map.tiers.flatMap((tier) =>
    tier.groups.flatMap((g) => g.suppliers.map((s) => ({ tier: tier.tier, group: `${g.relationship ?? ''}|${g.status}`, status: g.status, supplier: s }))),
  );
  const g = supplyMapGeometry<MapSupplier>(input);
  const statuses = [...new Set(input.map((i) => i.status))];
  return (
    <figure className="chart chart-map" data-testid="supply-map">
      <svg viewBox={`0 0 ${g.size} ${g.size}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{t('supply.mapTitle')}</title>
        {g.rings.map((r) => (
          <g key={r.tier}>
            <circle cx={g.cx} cy={g.cy} r={r.r} className="map-ring" />
            {/* the ring's name at its lower left, where the first suppliers (from the top) rarely are */}
            <text x={g.cx - r.r * 0.71 - 4} y={g.cy + r.r * 0.71 + 12} textAnchor="end" className="chart-label chart-muted">
              {t('supply.tierN', { n: r.tier })}
            </text>
          </g>
        ))}
        {g.nodes.map((n) => (
          <line key={`l-${n.supplier.request_id}`} x1={g.cx} y1={g.cy} x2={n.x} y2={n.y} className="map-link" />
        ))}
        <circle cx={g.cx} cy={g.cy} r={16} className="map-buyer" />
        <text x={g.cx} y={g.cy + 32} textAnchor="middle" className="chart-label chart-strong">
          {shorten(map.buyer.name, 20)}
        </text>
        {g.nodes.map((n) => (
          <g key={n.supplier.request_id} data-testid="supply-map-node" data-status={n.status}>
            <circle cx={n.x} cy={n.y} r={8} className={`map-node map-${n.status}${n.supplier.overdue ? ' map-overdue' : ''}`}>
              <title>{`${n.supplier.name} — ${t(`supply.rowStatus.${n.status}`, { defaultValue: n.status })}`}</title>
            </circle>
            <text x={n.lx} y={n.ly} textAnchor={n.anchor} className="chart-label">
              {shorten(n.supplier.name, 18)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend">
        {statuses.map((s) => (
          <span key={s} className="legend-item">
            <svg viewBox="0 0 12 12" className="legend-swatch" aria-hidden="true">
              <circle cx="6" cy="6" r="5" className={`map-node map-${s}`} />
            </svg>
            {t(`supply.rowStatus.${s}`, { defaultValue: s })}
          </span>
        ))}
        {g.hidden > 0 && <span className="muted">{t('supply.mapHidden', { count: g.hidden })}</span>}
      </figcaption>
    </figure>
  );
}
