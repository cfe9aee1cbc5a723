import { useTranslation } from 'react-i18next';
import { posturePaths } from '../../lib/posture-routes';
import { Link } from '../../lib/router';

export type PostureArea = 'posture' | 'supply' | 'surveys' | 'board';

/** The posture area's sections (one entry in the main navigation, these tabs inside it). */
export function PostureTabs({ current }: { current: PostureArea }) {
  const { t } = useTranslation();
  const tabs: { id: PostureArea; to: string; label: string }[] = [
    { id: 'posture', to: posturePaths.posture, label: t('posture.tabPosture') },
    { id: 'supply', to: posturePaths.supply, label: t('posture.tabSupply') },
    { id: 'surveys', to: posturePaths.surveys, label: t('posture.tabSurveys') },
    { id: 'board', to: posturePaths.boardReport, label: t('posture.tabBoard') },
  ];
  return (
    <nav className="tabs area-tabs" aria-label={t('posture.nav')} data-testid="posture-tabs">
      {tabs.map((tab) => (
        <Link key={tab.id} to={tab.to} className={tab.id === current ? 'tab active' : 'tab'} aria-current={tab.id === current ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
