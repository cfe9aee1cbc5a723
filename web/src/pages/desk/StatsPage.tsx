import { useTranslation } from 'react-i18next';
import type { Statistics } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { monthLabel, monthRows, statRows, withheld, type StatRow } from '../../lib/desk-stats';
import { deskPaths } from '../../lib/desk-routes';
import { navigate, useLocation, useTitle } from '../../lib/router';
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
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const query = new URLSearchParams([...(from ? [['from', from]] : []), ...(to ? [['to', to]] : [])]).toString();
  const stats = useApi<Statistics>(`/reports/statistics${query ? `?${query}` : ''}`);
  const setDate = (k: 'from' | 'to', v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    navigate(`${deskPaths.statistics}${next.size > 0 ? `?${next.toString()}` : ''}`, { replace: true });
  };
  const s = stats.data;
  const w = s ? withheld(s) : null;
  return (
    <div className="page page-desk-stats">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.stats.title')}</h1>
          {s && (
            <p className="muted" data-testid="stats-scope" data-scope={s.scope}>
              {s.scope === 'all' ? t('desk.stats.scopeAll') : t('desk.stats.scopeMembers', { min: s.min_organizations })}
            </p>
          )}
        </div>
      </div>
      {s?.scope === 'all' && (
        <form className="card desk-filters" onSubmit={(e) => e.preventDefault()} data-testid="stats-period">
          <div className="field">
            <label htmlFor="stats-from">{t('desk.stats.from')}</label>
            <input id="stats-from" type="date" value={from} onChange={(e) => setDate('from', e.target.value)} data-testid="stats-from" />
          </div>
          <div className="field">
            <label htmlFor="stats-to">{t('desk.stats.to')}</label>
            <input id="stats-to" type="date" value={to} onChange={(e) => setDate('to', e.target.value)} data-testid="stats-to" />
          </div>
        </form>
      )}
      <ErrorBox error={stats.error} />
      {stats.loading && !s && <Loading />}
      {s && w && w.kind !== 'none' && (
        <p className="alert alert-info" data-testid="stats-withheld">
          {w.kind === 'all' ? t('desk.stats.allWithheld', { count: w.suppressed, min: w.min }) : t('desk.stats.someWithheld', { count: w.suppressed, min: w.min })}
        </p>
      )}
      {s && (
        <>
          <div className="two-col">
            <StatTable title={t('desk.stats.byType')} rows={statRows(s.by_type, BAR)} label={(k) => t(`desk.type.${k}`, { defaultValue: k })} testId="stats-by-type" />
            <StatTable title={t('desk.stats.bySector')} rows={statRows(s.by_sector, BAR)} label={(k) => t(`sector.${k}`, { defaultValue: k })} testId="stats-by-sector" />
          </div>
          <StatTable title={t('desk.stats.byMonth')} rows={monthRows(s.by_month, BAR)} label={(k) => monthLabel(k, i18n.language)} testId="stats-by-month" />
        </>
      )}
    </div>
  );
}
