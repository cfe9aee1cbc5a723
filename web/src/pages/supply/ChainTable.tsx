import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { SupplyChainRow } from '../../api/posture-types';
import { ErrorBox } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { pick } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link } from '../../lib/router';
import { useAction } from '../../lib/useApi';
import { LevelLabel } from './SupplyTabs';

/** The buyer's suppliers: level requested and reached, score, expiry, gaps, due date, status. */
export function ChainTable({ rows, canWrite, onChanged }: { rows: SupplyChainRow[]; canWrite: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { busy, error, run } = useAction();
  const withdraw = (row: SupplyChainRow) => {
    if (!window.confirm(t('supply.confirmWithdraw', { name: row.request.supplier?.name ?? row.request.supplier_email }))) return;
    void run(async () => {
      await post(`/supply/requests/${seg(row.request.id)}/withdraw`);
      onChanged();
    });
  };
  return (
    <>
      <ErrorBox error={error} />
      <div className="table-wrap">
        <table className="table" data-testid="supply-table">
          <thead>
            <tr>
              <th scope="col">{t('supply.supplier')}</th>
              <th scope="col">{t('supply.tier')}</th>
              <th scope="col">{t('supply.levelRequested')}</th>
              <th scope="col">{t('supply.levelReached')}</th>
              <th scope="col">{t('supply.score')}</th>
              <th scope="col">{t('supply.expires')}</th>
              <th scope="col">{t('supply.gaps')}</th>
              <th scope="col">{t('supply.dueDate')}</th>
              <th scope="col">{t('supply.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const a = row.assessment;
              return (
                <tr key={row.request.id} data-testid="supply-row" data-status={row.status} data-supplier={row.request.supplier?.slug ?? ''}>
                  <td className="col-name">
                    <strong>{row.request.supplier?.name ?? row.request.supplier_email}</strong>
                    {row.request.supplier && <div className="muted small">{row.request.supplier_email}</div>}
                  </td>
                  <td>
                    {t('supply.tierN', { n: row.request.tier })}
                    {row.request.relationship && <div className="muted small">{row.request.relationship}</div>}
                  </td>
                  <td>
                    <LevelLabel level={row.request.level} />
                  </td>
                  <td data-testid="supply-level-reached">{a ? <LevelLabel level={a.level_reached} /> : '—'}</td>
                  <td className="num">{a ? `${a.score.toFixed(1)} · ${pick(a.band.label, lang)}` : '—'}</td>
                  <td>
                    {a ? (
                      <span className={a.expired ? 'status status-off' : a.expiring_soon ? 'chip chip-warn' : undefined}>{formatDate(a.expires_at, lang)}</span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">{a ? a.gaps : '—'}</td>
                  <td>
                    {formatDate(row.request.due_date, lang)}
                    {row.request.overdue && (
                      <div>
                        <span className="chip chip-warn" data-testid="supply-overdue">
                          {t('supply.overdue')}
                        </span>
                      </div>
                    )}
                  </td>
                  <td>
                    <span className={`chip chip-status-${row.status}`}>{t(`supply.rowStatus.${row.status}`, { defaultValue: row.status })}</span>
                  </td>
                  <td className="actions">
                    {a && (
                      <Link to={posturePaths.supplyAssessment(a.id)} className="btn btn-small" data-testid="supply-open-assessment">
                        {t('supply.open')}
                      </Link>
                    )}
                    {canWrite && row.request.status === 'open' && (
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => withdraw(row)} disabled={busy}>
                        {t('supply.withdraw')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
