import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportList as ReportListAnswer, ReportOptions } from '../../api/desk-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { deskPaths } from '../../lib/desk-routes';
import { Link, navigate, useLocation, useTitle } from '../../lib/router';
import { useApi } from '../../lib/useApi';
import { ReportList } from './DeskBits';

/** The desk staff's queue: every organization's reports, filtered by status, type, assignee and title. */
export function QueuePage() {
  const { t } = useTranslation();
  useTitle(t('desk.queue.title'));
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const [q, setQ] = useState(params.get('q') ?? '');
  const options = useApi<ReportOptions>('/reports/options');
  const list = useApi<ReportListAnswer>(`/reports?${new URLSearchParams([...params.entries()].filter(([, v]) => v !== '')).toString()}`);
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('cursor');
    navigate(`${deskPaths.queue}${next.size > 0 ? `?${next.toString()}` : ''}`, { replace: true });
  };
  if (options.data && !options.data.desk_staff) {
    return (
      <div className="page">
        <h1 data-testid="page-title">{t('desk.queue.title')}</h1>
        <p className="alert alert-info">{t('desk.queue.notStaff')}</p>
      </div>
    );
  }
  return (
    <div className="page page-desk-queue">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.queue.title')}</h1>
          <p className="muted">{t('desk.queue.lead')}</p>
        </div>
        <Link to={deskPaths.statistics} className="btn">
          {t('desk.home.statistics')}
        </Link>
      </div>
      <form
        className="card desk-filters"
        data-testid="queue-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('q', q.trim());
        }}
      >
        <div className="field">
          <label htmlFor="queue-status">{t('desk.queue.status')}</label>
          <select id="queue-status" value={params.get('status') ?? ''} onChange={(e) => setParam('status', e.target.value)} data-testid="filter-status">
            <option value="">{t('desk.queue.any')}</option>
            {(options.data?.statuses ?? []).map((s) => (
              <option key={s} value={s}>
                {t(`desk.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-type">{t('desk.form.type')}</label>
          <select id="queue-type" value={params.get('type') ?? ''} onChange={(e) => setParam('type', e.target.value)} data-testid="filter-type">
            <option value="">{t('desk.queue.any')}</option>
            {(options.data?.types ?? []).map((s) => (
              <option key={s} value={s}>
                {t(`desk.type.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="check desk-mine">
          <input type="checkbox" checked={params.get('assignee') === 'me'} onChange={(e) => setParam('assignee', e.target.checked ? 'me' : '')} data-testid="filter-mine" />
          <span>{t('desk.queue.mine')}</span>
        </label>
        <div className="field desk-q">
          <label htmlFor="queue-q">{t('desk.queue.search')}</label>
          <div className="search-row">
            <input id="queue-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} data-testid="queue-search" />
            <button type="submit" className="btn">
              {t('desk.queue.searchSubmit')}
            </button>
          </div>
        </div>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty title={t('desk.queue.empty')} />}
      {list.data && list.data.items.length > 0 && <ReportList items={list.data.items} showOrg />}
      {list.data?.next && (
        <button type="button" className="btn" onClick={() => setParam('cursor', list.data!.next!)}>
          {t('desk.queue.next')}
        </button>
      )}
    </div>
  );
}
