import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { SupplyAssessment, SupplyRequest } from '../../api/posture-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { PUBLISHING_ROLES } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { posturePaths } from '../../lib/posture-routes';
import { Link, navigate, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { SUPPLY_LEVELS } from './InviteSupplier';
import { LevelLabel, SupplyTabs } from './SupplyTabs';

/** The supplier's side: requests from buyers (answer or decline) and our assessments. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { me } = useSession();
  useTitle(t('supply.tabInbox'));
  const inbox = useApi<{ requests: SupplyRequest[] }>('/supply/inbox');
  const mine = useApi<{ assessments: SupplyAssessment[] }>('/supply/assessments');
  const canWrite = PUBLISHING_ROLES.includes(me.role);
  const { busy, error, run } = useAction();
  const [ownLevel, setOwnLevel] = useState<string>('level-3');
  // an assessment not tied to a request: prepared ahead, shared later with whichever customers ask
  const startOwn = () =>
    void run(async () => {
      const a = await post<SupplyAssessment>('/supply/assessments', { level: ownLevel });
      navigate(posturePaths.supplyAssessment(a.id));
    });

  const start = (r: SupplyRequest) =>
    void run(async () => {
      const a = await post<SupplyAssessment>(`/supply/requests/${seg(r.id)}/assessment`);
      navigate(posturePaths.supplyAssessment(a.id));
    });
  const decline = (r: SupplyRequest) => {
    const reason = window.prompt(t('supply.declineReason', { buyer: r.buyer.name }));
    if (reason === null) return;
    void run(async () => {
      await post(`/supply/requests/${seg(r.id)}/decline`, reason.trim() ? { reason: reason.trim() } : {});
      inbox.reload();
    });
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('supply.title')}</h1>
          <p className="muted">{t('supply.inboxLead')}</p>
        </div>
      </div>
      <SupplyTabs current="inbox" />
      <ErrorBox error={error} />
      <section className="card" aria-labelledby="inbox-title">
        <h2 id="inbox-title">{t('supply.requestsTitle')}</h2>
        <ErrorBox error={inbox.error} />
        {inbox.loading && !inbox.data && <Loading />}
        {inbox.data &&
          (inbox.data.requests.length === 0 ? (
            <Empty title={t('supply.noRequests')} />
          ) : (
            <ul className="items" data-testid="supply-inbox">
              {inbox.data.requests.map((r) => (
                <li key={r.id} className="item" data-testid="supply-request" data-buyer={r.buyer.slug}>
                  <div className="item-head">
                    <strong className="item-title-text">{r.buyer.name}</strong>
                    <LevelLabel level={r.level} />
                    <span className={`chip chip-status-${r.status}`}>{t(`supply.requestStatus.${r.status}`, { defaultValue: r.status })}</span>
                    {r.fulfilled && <span className="chip chip-status-shared">{t('supply.fulfilled')}</span>}
                    {r.overdue && <span className="chip chip-warn">{t('supply.overdue')}</span>}
                  </div>
                  <p className="item-meta">
                    {t('supply.dueOn', { date: formatDate(r.due_date, lang) })} · {t('supply.tierN', { n: r.tier })}
                    {r.relationship ? ` · ${r.relationship}` : ''}
                  </p>
                  {r.message && <p className="item-desc">{r.message}</p>}
                  {r.decline_reason && <p className="muted">{t('supply.declinedBecause', { reason: r.decline_reason })}</p>}
                  {canWrite && r.status === 'open' && (
                    <div className="row-actions">
                      <button type="button" className="btn btn-primary btn-small" onClick={() => start(r)} disabled={busy} data-testid="supply-start">
                        {t('supply.answer')}
                      </button>
                      <button type="button" className="btn btn-small btn-quiet" onClick={() => decline(r)} disabled={busy} data-testid="supply-decline">
                        {t('supply.decline')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          ))}
      </section>
      <section className="card" aria-labelledby="mine-title">
        <div className="card-head">
          <h2 id="mine-title">{t('supply.ourAssessments')}</h2>
          {canWrite && (
            <div className="row-actions">
              <select value={ownLevel} onChange={(e) => setOwnLevel(e.target.value)} aria-label={t('supply.levelRequested')} data-testid="supply-own-level">
                {SUPPLY_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`supply.levelLong.${l}`)}
                  </option>
                ))}
              </select>
              <button type="button" className="btn btn-small" onClick={startOwn} disabled={busy} data-testid="supply-own-start">
                {t('supply.startOwn')}
              </button>
            </div>
          )}
        </div>
        <ErrorBox error={mine.error} />
        {mine.loading && !mine.data && <Loading />}
        {mine.data &&
          (mine.data.assessments.length === 0 ? (
            <p className="muted">{t('supply.noAssessments')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="supply-assessments">
                <thead>
                  <tr>
                    <th scope="col">{t('supply.levelRequested')}</th>
                    <th scope="col">{t('supply.status')}</th>
                    <th scope="col">{t('supply.score')}</th>
                    <th scope="col">{t('supply.levelReached')}</th>
                    <th scope="col">{t('supply.expires')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {mine.data.assessments.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <LevelLabel level={a.level} />
                      </td>
                      <td>{t(`supply.assessmentStatus.${a.status}`, { defaultValue: a.status })}</td>
                      <td className="num">{a.result ? a.result.score.toFixed(1) : '—'}</td>
                      <td>{a.status === 'submitted' ? <LevelLabel level={a.level_reached} /> : '—'}</td>
                      <td>{a.expires_at ? formatDate(a.expires_at, lang) : '—'}</td>
                      <td className="actions">
                        <Link to={posturePaths.supplyAssessment(a.id)} className="btn btn-small">
                          {a.status === 'draft' && canWrite ? t('supply.continue') : t('supply.open')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </div>
  );
}
