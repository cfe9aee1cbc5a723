import { useTranslation } from 'react-i18next';
import type { Related, Summary } from '../../api/types';
import { TlpLabel } from '../../components/TlpLabel';
import { radialLayout, shorten } from '../../lib/graph';
import { Link, navigate } from '../../lib/router';
import { objectPath } from '../../lib/url';

const isHeld = (o: Related['other']): o is Summary => !('held' in o && o.held === false);

/** The relationships and sightings of an object as a list (the accessible form of the graph). */
export function RelationshipList({ items }: { items: Related[] }) {
  const { t } = useTranslation();
  return (
    <ul className="rel-list" data-testid="relationships">
      {items.map((r) => (
        <li key={`${r.id}-${r.direction}`} className="rel">
          <span className={`rel-dir rel-${r.direction}`} title={t(`object.direction.${r.direction}`)}>
            {r.direction === 'out' ? '→' : '←'}
          </span>
          <Link to={objectPath(r.id)} className="rel-type" title={r.id}>
            {r.type === 'sighting' ? t('object.sighting') : (r.relationship_type ?? r.type)}
          </Link>
          {isHeld(r.other) ? (
            <span className="rel-other">
              <TlpLabel tlp={r.other.tlp} />
              <span className="type-badge">{t(`stixType.${r.other.type}`, { defaultValue: r.other.type })}</span>
              <Link to={objectPath(r.other.id)}>{r.other.label || r.other.id}</Link>
            </span>
          ) : (
            <span className="rel-other">
              <span className="type-badge">{t(`stixType.${r.other.type}`, { defaultValue: r.other.type })}</span>
              <span className="mono small break">{r.other.id}</span>
              <span className="muted small">{t('object.notHeld')}</span>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

const W = 640;
const H = 400;

/** A small radial picture: this object at the centre, each related object on a ring, edges labelled. */
export function RelationshipGraph({ center, items }: { center: Summary; items: Related[] }) {
  const { t } = useTranslation();
  const layout = radialLayout(items, W, H);
  return (
    <figure className="graph">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="graph-title" data-testid="relationship-graph">
        <title id="graph-title">{t('object.graphTitle', { count: items.length })}</title>
        {layout.placed.map(({ node, x, y }) => (
          <g key={`e-${node.id}-${node.direction}`} className="edge">
            <line x1={layout.cx} y1={layout.cy} x2={x} y2={y} />
            <text x={(layout.cx + x) / 2} y={(layout.cy + y) / 2 - 4} textAnchor="middle" className="edge-label">
              {shorten(node.type === 'sighting' ? t('object.sighting') : (node.relationship_type ?? node.type), 20)}
              {node.direction === 'out' ? ' →' : ' ←'}
            </text>
          </g>
        ))}
        {layout.placed.map(({ node, x, y, anchor }) => {
          const held = isHeld(node.other);
          const label = held ? (node.other as Summary).label || node.other.id : node.other.id;
          const dx = anchor === 'start' ? 14 : anchor === 'end' ? -14 : 0;
          const dy = anchor === 'middle' ? (y < layout.cy ? -16 : 24) : 4;
          const body = (
            <>
              <circle cx={x} cy={y} r={9} className={`node node-${node.other.type}${held ? '' : ' node-absent'}`} />
              <text x={x + dx} y={y + dy} textAnchor={anchor} className="node-label">
                {shorten(label)}
              </text>
            </>
          );
          const href = objectPath(node.other.id);
          return held ? (
            <a
              key={`n-${node.id}-${node.direction}`}
              href={href}
              onClick={(e) => {
                e.preventDefault();
                navigate(href);
              }}
              className="node-link"
            >
              <title>{label}</title>
              {body}
            </a>
          ) : (
            <g key={`n-${node.id}-${node.direction}`}>{body}</g>
          );
        })}
        <circle cx={layout.cx} cy={layout.cy} r={14} className={`node node-center node-${center.type}`} />
        <text x={layout.cx} y={layout.cy + 32} textAnchor="middle" className="node-label node-label-center">
          {shorten(center.label || center.id, 34)}
        </text>
      </svg>
      {layout.hidden > 0 && <figcaption className="muted small">{t('object.graphHidden', { count: layout.hidden })}</figcaption>}
    </figure>
  );
}
