import { useTranslation } from 'react-i18next';
import type { Statistics } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { monthLabel, monthRows, statRows, withheld, type StatRow } from '../../lib/desk-stats';
import { useTitle } from '../../lib/router';
import { useApi } from '../../lib/useApi';

const BAR = 200;

function StatTable({ title, rows, label, testId }: { title: string; rows: StatRow[]; label: (key: string) => string; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={`${testId}-h`} data-testid={testId}>
      <h2 id={`${testId}-h`}>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('desk.stats.noFigures')}</p>
      ) : (
        <table className="table table-compact desk-stats-table">
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col" className="num">
                {t('desk.stats.reports')}
              </th>
              <th scope="col" aria-hidden="true" />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="stat-row" data-key={r.key}>
                <td>{label(r.key)}</td>
                <td className="num">{r.reports}</td>
                <td className="desk-bar-cell">
                  <svg className="desk-bar" viewBox={`0 0 ${BAR} 10`} preserveAspectRatio="none" aria-hidden="true">
                    <rect x="0" y="0" width={r.bar} height="10" />
                  </svg>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Report counts by type, sector and month; for members only figures that five or more organizations stand behind. */
export function StatsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('desk.stats.title'));
  const stats = useApi<Statistics>('/reports/statistics');
  if (stats.loading && !stats.data) return <Loading />;
  if (!stats.data) return <ErrorBox error={stats.error} />;
  const s = stats.data;
  const w = withheld(s);
  return (
    <div className="page page-desk-stats">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.stats.title')}</h1>
          <p className="muted" data-testid="stats-scope" data-scope={s.scope}>
            {s.scope === 'all' ? t('desk.stats.scopeAll') : t('desk.stats.scopeMembers', { min: s.min_organizations })}
          </p>
        </div>
      </div>
      {w.kind !== 'none' && (
        <p className="alert alert-info" data-testid="stats-withheld">
          {w.kind === 'all' ? t('desk.stats.allWithheld', { count: w.suppressed, min: w.min }) : t('desk.stats.someWithheld', { count: w.suppressed, min: w.min })}
        </p>
      )}
      <div className="two-col">
        <StatTable title={t('desk.stats.byType')} rows={statRows(s.by_type, BAR)} label={(k) => t(`desk.type.${k}`, { defaultValue: k })} testId="stats-by-type" />
        <StatTable title={t('desk.stats.bySector')} rows={statRows(s.by_sector, BAR)} label={(k) => t(`sector.${k}`, { defaultValue: k })} testId="stats-by-sector" />
      </div>
      <StatTable title={t('desk.stats.byMonth')} rows={monthRows(s.by_month, BAR)} label={(k) => monthLabel(k, i18n.language)} testId="stats-by-month" />
    </div>
  );
}
