import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Community, SearchAnswer } from '../api/types';
import { CheckboxGroup, Field, type Option } from '../components/Fields';
import { ErrorBox, Empty, Loading } from '../components/Status';
import { SummaryList } from '../components/SummaryItem';
import { INFO_TYPES, PURPOSES, SECTORS, STIX_TYPES, TIERS, TIMINGS } from '../lib/enums';
import { navigate, useLocation, useTitle } from '../lib/router';
import { activeFilterCount, emptyFilters, filtersFromQuery, queryFromFilters, type SearchFilters } from '../lib/search-params';
import { useSession } from '../lib/session';
import { TLP_LEVELS, tlpText } from '../lib/tlp';
import { useApi } from '../lib/useApi';

/** Browse and search: text and filters in the URL (bookmarkable), paged with the `next` cursor. */
export function SearchPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('nav.search'));
  const { search } = useLocation();
  const current = filtersFromQuery(search);
  const [draft, setDraft] = useState<SearchFilters>(current);
  useEffect(() => setDraft(filtersFromQuery(search)), [search]);
  const [filtersOpen, setFiltersOpen] = useState(activeFilterCount(current) > 0);

  // The communities the viewer can see (operators: all of them), else the user's own.
  const visible = useApi<{ communities: Community[] }>('/communities');
  const communities = visible.data?.communities ?? me.communities;
  const apiQuery = queryFromFilters(current);
  const { data, error, loading } = useApi<SearchAnswer>(`/search${apiQuery ? `?${apiQuery}` : ''}`);

  const go = (f: SearchFilters) => {
    const q = queryFromFilters({ ...f, cursor: '' });
    navigate(`/search${q ? `?${q}` : ''}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(draft);
  };
  const set = <K extends keyof SearchFilters>(key: K, value: SearchFilters[K]) => setDraft({ ...draft, [key]: value });
  const opts = (kind: string, values: readonly string[]): Option[] =>
    values.map((v) => ({ value: v, label: t(`enum.${kind}.${v}`, { defaultValue: v }) }));
  const active = activeFilterCount(current);

  return (
    <div className="page">
      <div className="page-head">
        <h1 data-testid="page-title">{t('search.title')}</h1>
      </div>
      <form className="search-form card" onSubmit={submit} role="search" aria-label={t('search.title')}>
        <div className="search-row">
          <label htmlFor="search-q" className="visually-hidden">
            {t('search.text')}
          </label>
          <input
            id="search-q"
            type="search"
            className="search-input"
            placeholder={t('search.placeholder')}
            value={draft.q}
            onChange={(e) => set('q', e.target.value)}
            data-testid="search-box"
          />
          <button type="submit" className="btn btn-primary" data-testid="search-submit">
            {t('search.submit')}
          </button>
          <button type="button" className="btn" aria-expanded={filtersOpen} aria-controls="search-filters" onClick={() => setFiltersOpen(!filtersOpen)}>
            {t('search.filters')}
            {active > 0 && <span className="count-badge">{active}</span>}
          </button>
        </div>
        {filtersOpen && (
          <div id="search-filters" className="filters" data-testid="search-filters">
            <div className="filters-row">
              <Field label={t('search.type')}>
                {(id) => (
                  <select id={id} value={draft.type[0] ?? ''} onChange={(e) => set('type', e.target.value ? [e.target.value] : [])} data-testid="filter-type">
                    <option value="">{t('search.any')}</option>
                    {STIX_TYPES.map((ty) => (
                      <option key={ty} value={ty}>
                        {t(`stixType.${ty}`, { defaultValue: ty })} ({ty})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('search.community')}>
                {(id) => (
                  <select id={id} value={draft.community[0] ?? ''} onChange={(e) => set('community', e.target.value ? [e.target.value] : [])} data-testid="filter-community">
                    <option value="">{t('search.any')}</option>
                    {communities.map((c) => (
                      <option key={c.slug} value={c.slug}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('search.sector')}>
                {(id) => (
                  <select id={id} value={draft.sector[0] ?? ''} onChange={(e) => set('sector', e.target.value ? [e.target.value] : [])} data-testid="filter-sector">
                    <option value="">{t('search.any')}</option>
                    {SECTORS.map((s) => (
                      <option key={s} value={s}>
                        {t(`sector.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('search.from')}>
                {(id) => <input id={id} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} data-testid="filter-from" />}
              </Field>
              <Field label={t('search.to')}>
                {(id) => <input id={id} type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} data-testid="filter-to" />}
              </Field>
            </div>
            <div className="filters-groups">
              <CheckboxGroup
                legend="TLP"
                options={TLP_LEVELS.map((l) => ({ value: l, label: tlpText(l) }))}
                selected={draft.tlp}
                onChange={(v) => set('tlp', v)}
                testId="filter-tlp"
              />
              <CheckboxGroup legend={t('w5h1.what')} options={opts('info_type', INFO_TYPES)} selected={draft.info_type} onChange={(v) => set('info_type', v)} testId="filter-info-type" />
              <CheckboxGroup legend={t('w5h1.why')} options={opts('purpose', PURPOSES)} selected={draft.purpose} onChange={(v) => set('purpose', v)} testId="filter-purpose" />
              <CheckboxGroup legend={t('w5h1.who')} options={opts('tier', TIERS)} selected={draft.tier} onChange={(v) => set('tier', v)} testId="filter-tier" />
              <CheckboxGroup legend={t('w5h1.when')} options={opts('timing', TIMINGS)} selected={draft.timing} onChange={(v) => set('timing', v)} testId="filter-timing" />
            </div>
            <div className="filters-actions">
              <button type="submit" className="btn btn-primary">
                {t('search.apply')}
              </button>
              <button type="button" className="btn btn-quiet" onClick={() => go({ ...emptyFilters(), q: draft.q })}>
                {t('search.clear')}
              </button>
            </div>
          </div>
        )}
      </form>

      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && (
        <section aria-label={t('search.results')} className={loading ? 'is-loading' : undefined}>
          {data.items.length === 0 ? (
            <Empty title={current.cursor ? t('search.noMore') : t('search.empty')}>
              <p>{t('search.emptyHint')}</p>
            </Empty>
          ) : (
            <SummaryList items={data.items} />
          )}
          <div className="pager">
            {current.cursor && (
              <button type="button" className="btn" onClick={() => go(current)} data-testid="search-first">
                {t('search.first')}
              </button>
            )}
            {data.next && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => navigate(`/search?${queryFromFilters({ ...current, cursor: data.next ?? '' })}`)}
                data-testid="search-next"
              >
                {t('search.next')}
              </button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}
