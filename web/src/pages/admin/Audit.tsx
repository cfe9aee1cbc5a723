import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { formatDateTime } from '../../lib/format';
import { useApi } from '../../lib/useApi';

const LIMIT = 50;

/** The append-only audit log, newest last; pages of 50 (the latest first, then older or newer). */
export function Audit() {
  const { t, i18n } = useTranslation();
  const [after, setAfter] = useState<number | null>(null);
  const { data, error, loading } = useApi<{ entries: AuditEntry[]; next: number | null }>(
    `/admin/audit?limit=${LIMIT}${after !== null ? `&after=${after}` : ''}`,
  );
  const first = data?.entries[0]?.seq ?? null;

  return (
    <section className="card">
      <h2>{t('admin.tab.audit')}</h2>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data &&
        (data.entries.length === 0 ? (
          <Empty title={t('admin.audit.empty')} />
        ) : (
          <div className={`table-wrap${loading ? ' is-loading' : ''}`}>
            <table className="table table-compact" data-testid="audit">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('admin.audit.at')}</th>
                  <th scope="col">{t('admin.audit.actor')}</th>
                  <th scope="col">{t('admin.audit.action')}</th>
                  <th scope="col">{t('admin.audit.subject')}</th>
                  <th scope="col">{t('admin.audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.seq}>
                    <td className="mono">{e.seq}</td>
                    <td className="nowrap">{formatDateTime(e.at, i18n.language)}</td>
                    <td className="break">{e.actor}</td>
                    <td className="mono">{e.action}</td>
                    <td className="mono small break">{e.subject ?? '—'}</td>
                    <td className="mono small break">{e.details === null || e.details === undefined ? '—' : typeof e.details === 'string' ? e.details : JSON.stringify(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <div className="pager">
        {first !== null && first > 1 && (
          <button type="button" className="btn" onClick={() => setAfter(Math.max(0, first - LIMIT - 1))}>
            {t('admin.audit.older')}
          </button>
        )}
        {data?.next != null && (
          <button type="button" className="btn" onClick={() => setAfter(data.next)}>
            {t('admin.audit.newer')}
          </button>
        )}
        {after !== null && (
          <button type="button" className="btn btn-quiet" onClick={() => setAfter(null)}>
            {t('admin.audit.latest')}
          </button>
        )}
      </div>
    </section>
  );
}
