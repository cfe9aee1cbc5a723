import { useTranslation } from 'react-i18next';
import type { SupplyChainAnswer, SupplyChainMap } from '../../api/posture-types';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { PUBLISHING_ROLES } from '../../lib/enums';
import { posturePaths } from '../../lib/posture-routes';
import { Link, useLocation, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { ChainTable } from './ChainTable';
import { InviteSupplier } from './InviteSupplier';
import { SupplyMap } from './SupplyMap';
import { SupplyTabs } from './SupplyTabs';

/** The buyer's view of its supply chain: summary, table or map, and inviting suppliers. */
export function SupplyPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { search } = useLocation();
  useTitle(t('supply.title'));
  const view = new URLSearchParams(search).get('view') === 'map' ? 'map' : 'table';
  const chain = useApi<SupplyChainAnswer>('/supply/chain');
  const map = useApi<SupplyChainMap>(view === 'map' ? '/supply/chain/map' : null);
  const canWrite = PUBLISHING_ROLES.includes(me.role);
  const reload = () => {
    chain.reload();
    if (view === 'map') map.reload();
  };
  const s = chain.data?.summary;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('supply.title')}</h1>
          <p className="muted">{t('supply.lead')}</p>
        </div>
      </div>
      <SupplyTabs current="chain" />
      <ErrorBox error={chain.error} />
      {chain.loading && !chain.data && <Loading />}
      {s && (
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('supply.summaryTitle')}</h2>
          <dl className="stat-grid" data-testid="supply-summary">
            <div>
              <dt>{t('supply.sumSuppliers')}</dt>
              <dd>{s.suppliers}</dd>
            </div>
            <div>
              <dt>{t('supply.level.level-4')}</dt>
              <dd>{s.by_level_reached['level-4'] ?? 0}</dd>
            </div>
            <div>
              <dt>{t('supply.level.level-3')}</dt>
              <dd>{s.by_level_reached['level-3'] ?? 0}</dd>
            </div>
            <div>
              <dt>{t('supply.sumShared')}</dt>
              <dd>{s.shared}</dd>
            </div>
            <div>
              <dt>{t('supply.sumPending')}</dt>
              <dd>{s.pending}</dd>
            </div>
            <div>
              <dt>{t('supply.sumOverdue')}</dt>
              <dd className={s.overdue > 0 ? 'stat-warn' : undefined}>{s.overdue}</dd>
            </div>
            <div>
              <dt>{t('supply.sumExpiring')}</dt>
              <dd className={s.expiring_soon + s.expired > 0 ? 'stat-warn' : undefined}>{s.expiring_soon + s.expired}</dd>
            </div>
            <div>
              <dt>{t('supply.sumGaps')}</dt>
              <dd>{s.with_gaps}</dd>
            </div>
          </dl>
        </section>
      )}
      {chain.data && (
        <section className="card" aria-labelledby="chain-title">
          <div className="card-head">
            <h2 id="chain-title">{t('supply.chainTitle')}</h2>
            <div className="segmented" role="group" aria-label={t('supply.viewAs')}>
              <Link to={posturePaths.supply} className={view === 'table' ? 'seg active' : 'seg'} aria-current={view === 'table' ? 'page' : undefined} data-testid="supply-view-table">
                {t('supply.viewTable')}
              </Link>
              <Link to={`${posturePaths.supply}?view=map`} className={view === 'map' ? 'seg active' : 'seg'} aria-current={view === 'map' ? 'page' : undefined} data-testid="supply-view-map">
                {t('supply.viewMap')}
              </Link>
            </div>
          </div>
          {chain.data.rows.length === 0 ? (
            <Empty title={t('supply.noSuppliers')}>{canWrite && <p>{t('supply.noSuppliersHint')}</p>}</Empty>
          ) : view === 'table' ? (
            <ChainTable rows={chain.data.rows} canWrite={canWrite} onChanged={reload} />
          ) : (
            <>
              <ErrorBox error={map.error} />
              {map.loading && !map.data && <Loading />}
              {map.data && <SupplyMap map={map.data} />}
            </>
          )}
        </section>
      )}
      {canWrite && <InviteSupplier onInvited={reload} />}
    </div>
  );
}
