import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportList as ReportListAnswer, ReportOptions } from '../../api/desk-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { deskPaths } from '../../lib/desk-routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { ReportList } from './DeskBits';

/** The desk's front page: report or ask for help, and my organization's reports with their status. */
export function DeskHomePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('desk.nav'));
  const options = useApi<ReportOptions>('/reports/options');
  const staff = options.data?.desk_staff === true;
  // Desk staff list every organization's reports in the queue; here, their own organization's, a page at a time.
  const [cursor, setCursor] = useState<string | null>(null);
  const reports = useApi<ReportListAnswer>(`/reports?organization=mine&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const mine = reports.data?.items ?? [];

  return (
    <div className="page page-desk">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.home.title')}</h1>
          <p className="muted">{t('desk.home.lead')}</p>
        </div>
        <div className="desk-actions">
          <Link to={deskPaths.newReport} className="btn btn-primary" data-testid="desk-new-report">
            {t('desk.home.newReport')}
          </Link>
          {staff && (
            <Link to={deskPaths.queue} className="btn" data-testid="desk-queue-link">
              {t('desk.home.queue')}
            </Link>
          )}
        </div>
      </div>
      <div className="card desk-promise">
        <h2>{t('desk.home.promiseTitle')}</h2>
        <ul>
          <li>{t('desk.home.promise1')}</li>
          <li>{t('desk.home.promise2')}</li>
          <li>{t('desk.home.promise3')}</li>
        </ul>
        <p className="desk-links">
          <Link to={deskPaths.cases} data-testid="desk-cases-link">
            {t('desk.home.cases')}
          </Link>
          <Link to={deskPaths.statistics} data-testid="desk-stats-link">
            {t('desk.home.statistics')}
          </Link>
          <Link to={deskPaths.profile} data-testid="desk-profile-link">
            {t('desk.home.profile')}
          </Link>
          {me.role === 'operator' && (
            <Link to={deskPaths.settings} data-testid="desk-settings-link">
              {t('desk.settings.title')}
            </Link>
          )}
        </p>
      </div>
      <section aria-labelledby="desk-mine">
        <h2 id="desk-mine">{t('desk.home.mine', { org: me.organization.name })}</h2>
        <ErrorBox error={reports.error} />
        {reports.loading && !reports.data && <Loading />}
        {reports.data && mine.length === 0 && <Empty title={t('desk.home.none')} />}
        {mine.length > 0 && <ReportList items={mine} showOrg={false} />}
        <p className="desk-links">
          {cursor && (
            <button type="button" className="btn btn-small" onClick={() => setCursor(null)} data-testid="desk-mine-first">
              {t('desk.home.newest')}
            </button>
          )}
          {reports.data?.next && (
            <button type="button" className="btn btn-small" onClick={() => setCursor(reports.data!.next)} data-testid="desk-mine-older">
              {t('desk.queue.next')}
            </button>
          )}
        </p>
      </section>
    </div>
  );
}
