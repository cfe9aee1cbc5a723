import { useTranslation } from 'react-i18next';
import type { Summary } from '../api/types';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import { objectPath } from '../lib/url';
import { ClassificationChips } from './Classification';
import { TlpLabel } from './TlpLabel';

/** One object in a list (home, search): TLP label, type, label as a link, 5W1H, provider, date. */
export function SummaryItem({ s }: { s: Summary }) {
  const { t, i18n } = useTranslation();
  const flash = s.classification?.timing === 'flash';
  return (
    <li className={`item${flash ? ' item-flash' : ''}`} data-testid="result-item">
      <div className="item-head">
        <TlpLabel tlp={s.tlp} />
        <span className="type-badge">{t(`stixType.${s.type}`, { defaultValue: s.type })}</span>
        {flash && <span className="flash-badge">{t('home.flash')}</span>}
      </div>
      <Link to={objectPath(s.id)} className="item-title" data-testid="result-link">
        {s.label || s.id}
      </Link>
      {s.description && <p className="item-desc">{s.description}</p>}
      <div className="item-meta">
        <ClassificationChips c={s.classification} />
        <span className="item-provider">
          {s.provider ? s.provider.name : t('common.anonymousProvider')}
          {' · '}
          <time dateTime={s.date_added} title={s.date_added}>
            {formatDateTime(s.date_added, i18n.language)}
          </time>
        </span>
      </div>
    </li>
  );
}

export function SummaryList({ items }: { items: Summary[] }) {
  return (
    <ul className="items" data-testid="results">
      {items.map((s) => (
        <SummaryItem key={s.id} s={s} />
      ))}
    </ul>
  );
}
