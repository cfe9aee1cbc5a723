import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { put, seg } from '../../api/client';
import type { SupplyShares } from '../../api/posture-types';
import { CheckboxGroup } from '../../components/Fields';
import { ErrorBox, Loading, Notice } from '../../components/Status';
import { formatDateTime } from '../../lib/format';
import { shareScope } from '../../lib/posture-format';
import { useAction, useApi } from '../../lib/useApi';

/**
 * The supplier decides who sees a submitted assessment: one customer, several, or all of its
 * customers on the hub; saving an empty choice revokes every share at once.
 */
export function SharingPanel({ assessmentId, canWrite }: { assessmentId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const path = `/supply/assessments/${seg(assessmentId)}/shares`;
  const shares = useApi<SupplyShares>(path);
  const [all, setAll] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [saved, setSaved] = useState<SupplyShares | null>(null);
  const { busy, error, run } = useAction();
  const current = saved ?? shares.data;

  useEffect(() => {
    if (!shares.data) return;
    setAll(shares.data.all_customers);
    setChosen(shares.data.organizations.map((o) => o.slug));
  }, [shares.data]);

  const save = (body: { all_customers: boolean; organizations: string[] }) =>
    void run(async () => {
      const answer = await put<SupplyShares>(path, body);
      setSaved(answer);
      setAll(answer.all_customers);
      setChosen(answer.organizations.map((o) => o.slug));
    });

  const scope = current ? shareScope(current.all_customers, current.organizations) : null;
  return (
    <section className="card" aria-labelledby="sharing-title" data-testid="sharing">
      <h2 id="sharing-title">{t('supply.sharingTitle')}</h2>
      <p className="muted">{t('supply.sharingLead')}</p>
      <ErrorBox error={shares.error} />
      {shares.loading && !shares.data && <Loading />}
      {current && scope && (
        <>
          <div className="share-now" data-testid="share-scope" data-kind={scope.kind}>
            {scope.kind === 'all' && t('supply.sharedAll')}
            {scope.kind === 'none' && t('supply.sharedNone')}
            {scope.kind === 'some' && t('supply.sharedWith', { names: scope.names.join(t('common.listSep')) })}
          </div>
          {current.organizations.length > 0 && (
            <ul className="plain-list" data-testid="share-list">
              {current.organizations.map((o) => (
                <li key={o.slug}>
                  {o.name} <span className="muted small">{t('supply.sharedAt', { date: formatDateTime(o.shared_at, i18n.language) })}</span>
                </li>
              ))}
            </ul>
          )}
          {canWrite && (
            <div className="form">
              <label className="check">
                <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="share-all" />
                <span>{t('supply.shareAllCustomers', { count: current.customers.length })}</span>
              </label>
              {current.customers.length === 0 ? (
                <p className="hint">{t('supply.noCustomers')}</p>
              ) : (
                <CheckboxGroup
                  legend={t('supply.shareWith')}
                  options={current.customers.map((c) => ({ value: c.slug, label: c.name }))}
                  selected={chosen}
                  onChange={setChosen}
                  testId="share-customers"
                  disabled={all}
                />
              )}
              <div className="form-actions">
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => save({ all_customers: all, organizations: all ? [] : chosen })} data-testid="share-save">
                  {t('supply.saveSharing')}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={busy || scope.kind === 'none'}
                  onClick={() => window.confirm(t('supply.confirmRevoke')) && save({ all_customers: false, organizations: [] })}
                  data-testid="share-revoke"
                >
                  {t('supply.revokeAll')}
                </button>
              </div>
              {saved && <Notice>{t('supply.sharingSaved')}</Notice>}
            </div>
          )}
        </>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
