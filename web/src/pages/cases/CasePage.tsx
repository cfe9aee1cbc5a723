import { useTranslation } from 'react-i18next';
import { seg } from '../../api/client';
import type { ObjectAnswer, Summary } from '../../api/types';
import { ClassificationChips } from '../../components/Classification';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { TlpLabel } from '../../components/TlpLabel';
import { deskPaths } from '../../lib/desk-routes';
import { formatDate } from '../../lib/format';
import { Link, useTitle } from '../../lib/router';
import { objectPath } from '../../lib/url';
import { useApi } from '../../lib/useApi';

const isSummary = (o: unknown): o is Summary => !!o && typeof o === 'object' && 'label' in o;

/** One case study: its sanitized story and lessons, as text, and the techniques and indicators it refers to. */
export function CasePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const answer = useApi<ObjectAnswer>(`/objects/${seg(id)}`);
  const obj = answer.data?.object;
  useTitle(typeof obj?.name === 'string' ? obj.name : t('desk.cases.title'));
  if (answer.loading && !answer.data) return <Loading />;
  if (answer.error?.status === 404) return <Empty title={t('desk.cases.notFound')} />;
  if (!answer.data || !obj) return <ErrorBox error={answer.error} />;
  const labels = Array.isArray(obj.labels) ? obj.labels.filter((l): l is string => typeof l === 'string') : [];
  // what the case refers to, without its provider and the markings and definitions every object carries
  const refs = (answer.data.ends ?? []).filter((e) => e.ref !== obj.created_by_ref && !/^(marking|extension)-definition--/.test(e.ref));

  return (
    <div className="page page-case">
      <p className="desk-back">
        <Link to={deskPaths.cases}>{t('desk.cases.back')}</Link>
      </p>
      <article className="card desk-case">
        <div className="item-head">
          <TlpLabel tlp={answer.data.summary.tlp} />
          <span className="muted small">{formatDate(typeof obj.published === 'string' ? obj.published : answer.data.summary.date_added, i18n.language)}</span>
        </div>
        <h1 className="desk-wrap" data-testid="case-title">
          {typeof obj.name === 'string' ? obj.name : id}
        </h1>
        <ClassificationChips c={answer.data.summary.classification} />
        {labels.length > 0 && (
          <p className="chips">
            {labels.map((l) => (
              <span key={l} className="chip">
                {l}
              </span>
            ))}
          </p>
        )}
        <div className="prewrap desk-wrap desk-case-body" data-testid="case-body">
          {typeof obj.description === 'string' ? obj.description : ''}
        </div>
      </article>
      {refs.length > 0 && (
        <section className="card" aria-labelledby="case-refs">
          <h2 id="case-refs">{t('desk.cases.refs')}</h2>
          <ul className="desk-objects">
            {refs.map((e) => (
              <li key={e.ref}>
                <span className="type-badge">{t(`stixType.${e.other.type}`, { defaultValue: e.other.type })}</span>{' '}
                {isSummary(e.other) ? <Link to={objectPath(e.ref)}>{e.other.label || e.ref}</Link> : <span className="mono muted break">{e.ref}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <Link to={objectPath(id)}>{t('desk.cases.asStix')}</Link>
      </p>
    </div>
  );
}
