import { useTranslation } from 'react-i18next';
import { seg } from '../../api/client';
import type { Classification, HeldElsewhere, ObjectAnswer, Summary } from '../../api/types';
import { ClassificationTable } from '../../components/Classification';
import { CopyButton } from '../../components/CopyButton';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { TlpLabel } from '../../components/TlpLabel';
import { formatDateTime, formatTimestamp } from '../../lib/format';
import { Link, navigate, useLocation, useTitle } from '../../lib/router';
import { objectPath } from '../../lib/url';
import { useApi } from '../../lib/useApi';
import { KnownObjects, Properties } from './PropertyView';
import { RelationshipGraph, RelationshipList } from './Relationships';

/** One object: every property, TLP, 5W1H, relationships (list and graph), versions, STIX export. */
export function ObjectPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const version = new URLSearchParams(search).get('version');
  const vq = version ? `?version=${encodeURIComponent(version)}` : '';
  const { data, error, loading } = useApi<ObjectAnswer>(`/objects/${seg(id)}${vq}`);
  useTitle(data?.summary.label ?? id);

  if (loading && !data) return <Loading />;
  if (error) {
    if (error.status === 404) {
      return (
        <Empty title={t('object.notFoundTitle')}>
          <p>{t('object.notFoundBody')}</p>
          <p className="mono small break">{id}</p>
          <Link to="/search">{t('home.searchAll')}</Link>
        </Empty>
      );
    }
    return <ErrorBox error={error} />;
  }
  if (!data) return null;

  const { object, summary, relationships } = data;
  // Newest first; an unversioned object (null version) has one entry.
  const sortedVersions = data.versions
    .map((v) => ({ version: v.version ?? '', date_added: v.date_added }))
    .sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : 0));
  const latest = sortedVersions[0]?.version || null;
  const shown = version ?? latest;
  const description = typeof object.description === 'string' ? object.description : null;
  const classification: Classification | null = summary.classification;
  const known = new Map<string, Summary | HeldElsewhere>();
  for (const r of relationships) known.set(r.other.id, r.other);
  for (const e of data.ends ?? []) known.set(e.ref, e.other);

  return (
    <article className={`page page-object${loading ? ' is-loading' : ''}`}>
      <header className="object-head">
        <div className="object-badges">
          <TlpLabel tlp={summary.tlp} />
          <span className="type-badge">{t(`stixType.${summary.type}`, { defaultValue: summary.type })}</span>
          {classification?.timing === 'flash' && <span className="flash-badge">{t('home.flash')}</span>}
        </div>
        <h1 data-testid="object-title" className="object-title">
          {summary.label || id}
        </h1>
        <div className="object-id">
          <code className="mono break">{object.id}</code>
          <CopyButton value={object.id} />
        </div>
        <p className="muted">
          {summary.provider ? t('object.providedBy', { name: summary.provider.name }) : t('common.anonymousProvider')}
          {' · '}
          {t('object.added', { date: formatDateTime(summary.date_added, i18n.language) })}
        </p>
        <div className="object-actions">
          {sortedVersions.length > 1 && (
            <div className="field field-inline">
              <label htmlFor="version-select">{t('object.version')}</label>
              <select
                id="version-select"
                value={shown ?? ''}
                onChange={(e) => navigate(objectPath(id, e.target.value === latest ? null : e.target.value))}
                data-testid="version-select"
              >
                {sortedVersions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {formatTimestamp(v.version, i18n.language)}
                    {v.version === latest ? ` (${t('object.latest')})` : ''}
                  </option>
                ))}
              </select>
            </div>
          )}
          <a className="btn" href={`/api/v1/objects/${seg(id)}/bundle${vq}`} download data-testid="export-stix">
            {t('object.export')}
          </a>
        </div>
        {version && version !== latest && (
          <p className="alert alert-info" role="status">
            {t('object.oldVersion')} <Link to={objectPath(id)}>{t('object.showLatest')}</Link>
          </p>
        )}
      </header>

      <div className="object-grid">
        <div className="object-main">
          {description && (
            <section className="card">
              <h2>{t('object.description')}</h2>
              <p className="prewrap description">{description}</p>
            </section>
          )}
          <section className="card">
            <h2>{t('object.properties')}</h2>
            <KnownObjects.Provider value={known}>
              <Properties obj={object} skip={description ? ['description'] : []} />
            </KnownObjects.Provider>
          </section>
        </div>
        <aside className="object-side">
          <section className="card">
            <h2>{t('object.classification')}</h2>
            <ClassificationTable c={classification} />
          </section>
          <section className="card">
            <h2>{t('object.versions', { count: sortedVersions.length })}</h2>
            <ol className="versions">
              {sortedVersions.map((v) => (
                <li key={v.version} className={v.version === shown ? 'current' : undefined}>
                  <Link to={objectPath(id, v.version === latest ? null : v.version)} aria-current={v.version === shown ? 'true' : undefined}>
                    {v.version ? formatTimestamp(v.version, i18n.language) : t('object.unversioned')}
                  </Link>
                  {v.version === latest && <span className="chip">{t('object.latest')}</span>}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>

      <section className="card" aria-labelledby="rel-title">
        <h2 id="rel-title">{t('object.relationships', { count: relationships.length })}</h2>
        {relationships.length === 0 ? (
          <p className="muted">{t('object.noRelationships')}</p>
        ) : (
          <div className="rel-grid">
            <RelationshipGraph center={summary} items={relationships} />
            <RelationshipList items={relationships} />
          </div>
        )}
      </section>
    </article>
  );
}
