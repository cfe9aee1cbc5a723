import { useTranslation } from 'react-i18next';
import { posturePaths } from '../../lib/posture-routes';
import { Link } from '../../lib/router';

/** Buyer side (our suppliers) and supplier side (requests to us) of the supply-chain pages. */
export function SupplyTabs({ current }: { current: 'chain' | 'inbox' }) {
  const { t } = useTranslation();
  const tabs = [
    { id: 'chain', to: posturePaths.supply, label: t('supply.tabChain') },
    { id: 'inbox', to: posturePaths.supplyInbox, label: t('supply.tabInbox') },
  ];
  return (
    <nav className="segmented supply-switch" aria-label={t('supply.title')}>
      {tabs.map((tab) => (
        <Link key={tab.id} to={tab.to} className={tab.id === current ? 'seg active' : 'seg'} aria-current={tab.id === current ? 'page' : undefined} data-testid={`supply-tab-${tab.id}`}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** A supply-chain level as a short label (★3 / ★4), with the long form as a tooltip. */
export function LevelLabel({ level }: { level: string | null }) {
  const { t } = useTranslation();
  if (!level) return <span className="muted">{t('supply.levelNone')}</span>;
  return (
    <span className={`chip chip-level chip-${level}`} title={t(`supply.levelLong.${level}`, { defaultValue: level })}>
      {t(`supply.level.${level}`, { defaultValue: level })}
    </span>
  );
}
