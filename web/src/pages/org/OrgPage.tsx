import { useTranslation } from 'react-i18next';
import type { OrganizationAnswer } from '../../api/types';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useApi } from '../../lib/useApi';
import { InviteMember, MembersTable } from './Members';
import { Tokens } from './Tokens';

/** My organization: members, roles, tiers and clearance; inviting members; my API tokens. */
export function OrgPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  useTitle(t('nav.org'));
  const org = useApi<OrganizationAnswer>('/organization');
  const canInvite = me.role === 'org-admin' || me.role === 'operator';

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{org.data?.organization.name ?? me.organization.name}</h1>
          <p className="muted">
            {t(`enum.org_kind.${me.organization.kind}`, { defaultValue: me.organization.kind })} ·{' '}
            {t(`sector.${me.organization.sector}`, { defaultValue: me.organization.sector })}
            {me.organization.country ? ` · ${me.organization.country}` : ''}
          </p>
        </div>
      </div>
      <ErrorBox error={org.error} />
      {org.loading && !org.data && <Loading />}
      {org.data && (
        <>
          <section className="card" aria-labelledby="org-approval">
            <h2 id="org-approval">{t('org.approvalTitle')}</h2>
            <p>
              {org.data.approval
                ? t('org.approvedUntil', { date: formatDate(org.data.approval.approved_until, i18n.language) })
                : t('org.notApproved')}
            </p>
            <p className="hint">
              {me.role === 'operator' ? <Link to="/admin/clearance">{t('org.manageClearance')}</Link> : t('org.clearanceReadOnly')}
            </p>
          </section>
          <section className="card" aria-labelledby="org-members">
            <h2 id="org-members">{t('org.membersTitle', { count: org.data.members.length })}</h2>
            <MembersTable members={org.data.members} />
            {canInvite && <InviteMember onInvited={org.reload} />}
          </section>
        </>
      )}
      <Tokens />
    </div>
  );
}
