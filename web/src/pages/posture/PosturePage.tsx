import { useTranslation } from 'react-i18next';
import type { PostureOverview } from '../../api/posture-types';
import { ErrorBox, Loading } from '../../components/Status';
import { posturePaths } from '../../lib/posture-routes';
import { Link, useTitle } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { AssessmentsSection } from './AssessmentsSection';
import { DeclarationSection } from './DeclarationSection';
import { ProfileSection } from './ProfileSection';
import { TodoSection } from './TodoSection';

/** The organization's security posture: assessments and trend, to-do list, roles and bodies, declaration. */
export function PosturePage() {
  const { t } = useTranslation();
  useTitle(t('posture.title'));
  const overview = useApi<PostureOverview>('/posture');
  const o = overview.data;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('posture.title')}</h1>
          <p className="muted">
            {o ? `${o.organization.name} · ${t(`sector.${o.organization.sector}`, { defaultValue: o.organization.sector })} · ` : ''}
            {t('posture.lead')}
          </p>
        </div>
        <Link to={posturePaths.boardReport} className="btn" data-testid="open-board-report">
          {t('board.title')}
        </Link>
      </div>
      <ErrorBox error={overview.error} />
      {overview.loading && !o && <Loading />}
      {o && (
        <div className="posture-grid">
          <div className="posture-main">
            <AssessmentsSection overview={o} />
            <TodoSection key={o.latest.map((l) => l.assessment_id).join()} />
          </div>
          <div className="posture-side">
            <ProfileSection profile={o.profile} canEdit={o.can_edit} onSaved={overview.reload} />
            <DeclarationSection key={o.declaration?.id ?? 'none'} declaration={o.declaration} canSign={o.can_sign} onSigned={overview.reload} />
          </div>
        </div>
      )}
    </div>
  );
}
