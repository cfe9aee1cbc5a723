import { useTranslation } from 'react-i18next';
import type { HomeAnswer } from '../api/types';
import { ErrorBox, Empty, Loading } from '../components/Status';
import { SummaryList } from '../components/SummaryItem';
import { INFO_TYPES } from '../lib/enums';
import { formatDate } from '../lib/format';
import { Link, useTitle } from '../lib/router';
import { useSession } from '../lib/session';
import { useApi } from '../lib/useApi';

/** What is new for me: the server's order (flash first, my tier first), counts by info type, my communities. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  useTitle(t('nav.home'));
  const { data, error, loading } = useApi<HomeAnswer>('/home');

  const counts = data?.counts ?? {};
  const countKeys = [...INFO_TYPES, 'unclassified'].filter((k) => k in counts);
  for (const k of Object.keys(counts)) if (!countKeys.includes(k)) countKeys.push(k);
  const flash = data?.items.filter((s) => s.classification?.timing === 'flash') ?? [];
  const rest = data?.items.filter((s) => s.classification?.timing !== 'flash') ?? [];

  return (
    <div className="page page-home">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('home.title')}</h1>
          <p className="muted">
            {t('home.greeting', { org: me.organization.name })}
            {data && ` · ${t('home.since', { date: formatDate(data.since, i18n.language) })}`}
          </p>
        </div>
        <Link to="/search" className="btn">
          {t('home.searchAll')}
        </Link>
      </div>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && (
        <div className="home-grid">
          <section className="home-main" aria-labelledby="home-new">
            {flash.length > 0 && (
              <div className="flash-panel" data-testid="flash-items">
                <h2 className="flash-title">
                  <span className="flash-dot" aria-hidden="true" />
                  {t('home.flashTitle', { count: flash.length })}
                </h2>
                <SummaryList items={flash} />
              </div>
            )}
            <h2 id="home-new">{t('home.newTitle')}</h2>
            {data.items.length === 0 ? (
              <Empty title={t('home.emptyTitle')}>
                <p>{t('home.emptyBody')}</p>
              </Empty>
            ) : rest.length === 0 ? (
              <p className="muted">{t('home.onlyFlash')}</p>
            ) : (
              <SummaryList items={rest} />
            )}
          </section>
          <aside className="home-side">
            <section className="card" aria-labelledby="home-counts">
              <h2 id="home-counts">{t('home.countsTitle')}</h2>
              {countKeys.length === 0 ? (
                <p className="muted">{t('home.noCounts')}</p>
              ) : (
                <ul className="counts" data-testid="info-type-counts">
                  {countKeys.map((k) => (
                    <li key={k}>
                      {k === 'unclassified' ? (
                        <span className="counts-label">{t('enum.info_type.unclassified')}</span>
                      ) : (
                        <Link to={`/search?info_type=${encodeURIComponent(k)}`} className="counts-label">
                          {t(`enum.info_type.${k}`, { defaultValue: k })}
                        </Link>
                      )}
                      <span className="counts-n">{counts[k]}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="home-communities">
              <h2 id="home-communities">{t('home.communitiesTitle')}</h2>
              {data.communities.length === 0 ? (
                <p className="muted">{t('home.noCommunities')}</p>
              ) : (
                <ul className="community-list" data-testid="my-communities">
                  {data.communities.map((c) => (
                    <li key={c.slug}>
                      <Link to={`/search?community=${encodeURIComponent(c.slug)}`}>{c.name}</Link>
                      <span className="muted small">
                        {t(`enum.community_kind.${c.kind}`, { defaultValue: c.kind })}
                        {c.sector ? ` · ${t(`sector.${c.sector}`, { defaultValue: c.sector })}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}
