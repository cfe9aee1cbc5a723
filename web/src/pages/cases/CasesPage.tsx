import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchAnswer } from '../../api/types';
import { ClassificationChips } from '../../components/Classification';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { TlpLabel } from '../../components/TlpLabel';
import { deskPaths } from '../../lib/desk-routes';
import { SECTORS } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { Link, navigate, useLocation, useTitle } from '../../lib/router';
import { useApi } from '../../lib/useApi';

/** The case collection (事例集): sanitized case studies the viewer may see, browsable and searchable. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('desk.cases.title'));
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const [q, setQ] = useState(params.get('q') ?? '');
  const list = useApi<SearchAnswer>(`/cases?${new URLSearchParams([...params.entries()].filter(([, v]) => v !== '')).toString()}`);
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'cursor') next.delete('cursor');
    navigate(`${deskPaths.cases}${next.size > 0 ? `?${next.toString()}` : ''}`);
  };

  return (
    <div className="page page-cases">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('desk.cases.title')}</h1>
          <p className="muted">{t('desk.cases.lead')}</p>
        </div>
      </div>
      <form
        className="card desk-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('q', q.trim());
        }}
      >
        <div className="field desk-q">
          <label htmlFor="cases-q">{t('desk.cases.search')}</label>
          <div className="search-row">
            <input id="cases-q" type="search" className="search-input" value={q} onChange={(e) => setQ(e.target.value)} data-testid="cases-search" />
            <button type="submit" className="btn btn-primary" data-testid="cases-submit">
              {t('desk.queue.searchSubmit')}
            </button>
          </div>
        </div>
        <div className="field">
          <label htmlFor="cases-type">{t('desk.cases.infoType')}</label>
          <select id="cases-type" value={params.get('info_type') ?? ''} onChange={(e) => setParam('info_type', e.target.value)} data-testid="cases-info-type">
            <option value="">{t('desk.queue.any')}</option>
            {['best-practice', 'analysis'].map((v) => (
              <option key={v} value={v}>
                {t(`enum.info_type.${v}`, { defaultValue: v })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-sector">{t('desk.form.sector')}</label>
          <select id="cases-sector" value={params.get('sector') ?? ''} onChange={(e) => setParam('sector', e.target.value)} data-testid="cases-sector">
            <option value="">{t('desk.queue.any')}</option>
            {SECTORS.map((v) => (
              <option key={v} value={v}>
                {t(`sector.${v}`, { defaultValue: v })}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty title={t('desk.cases.none')} />}
      {list.data && list.data.items.length > 0 && (
        <ul className="items" data-testid="case-list">
          {list.data.items.map((s) => (
            <li key={s.id} className="item" data-testid="case-item">
              <div className="item-head">
                <TlpLabel tlp={s.tlp} />
              </div>
              <Link to={deskPaths.case(s.id)} className="item-title" data-testid="case-link">
                {s.label || s.id}
              </Link>
              {s.description && <p className="item-desc">{s.description}</p>}
              <div className="item-meta">
                <ClassificationChips c={s.classification} />
                <span className="item-provider">{formatDate(s.date_added, i18n.language)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.data?.next && (
        <button type="button" className="btn" onClick={() => setParam('cursor', list.data!.next!)}>
          {t('desk.queue.next')}
        </button>
      )}
    </div>
  );
}
