import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { InviteAnswer, Member } from '../../api/types';
import { OneTimeSecret } from '../../components/CopyButton';
import { Field } from '../../components/Fields';
import { Empty, ErrorBox } from '../../components/Status';
import { ROLES, TIERS } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useAction } from '../../lib/useApi';

export function MembersTable({ members }: { members: Member[] }) {
  const { t, i18n } = useTranslation();
  if (members.length === 0) return <Empty title={t('org.noMembers')} />;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="members">
        <thead>
          <tr>
            <th scope="col">{t('org.email')}</th>
            <th scope="col">{t('org.role')}</th>
            <th scope="col">{t('org.tier')}</th>
            <th scope="col">{t('org.clearance')}</th>
            <th scope="col">{t('org.status')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.email} className={m.disabled ? 'row-disabled' : undefined}>
              <td className="break">{m.email}</td>
              <td>{t(`enum.role.${m.role}`, { defaultValue: m.role })}</td>
              <td>{m.tier ? t(`enum.tier.${m.tier}`, { defaultValue: m.tier }) : '—'}</td>
              <td>
                {m.clearance
                  ? t('org.clearanceLevel', { level: m.clearance.level, date: formatDate(m.clearance.valid_until, i18n.language) })
                  : '—'}
              </td>
              <td>
                <span className={m.disabled ? 'status status-off' : 'status status-on'}>{m.disabled ? t('org.disabled') : t('org.active')}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Invite a member (org-admin, operator): the one-time link is shown once. */
export function InviteMember({ onInvited }: { onInvited: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('analyst');
  const [tier, setTier] = useState('practitioner');
  const [invite, setInvite] = useState<InviteAnswer | null>(null);
  const { busy, error, run } = useAction();
  const roles = ROLES.filter((r) => r !== 'operator' || me.role === 'operator');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const answer = await post<InviteAnswer>('/organization/members', { email: email.trim(), role, tier });
      setInvite(answer);
      setEmail('');
      onInvited();
    });
  };

  return (
    <div className="subsection">
      <h3>{t('org.inviteTitle')}</h3>
      <form className="form form-inline" onSubmit={submit} data-testid="invite-form">
        <Field label={t('org.email')}>
          {(id) => <input id={id} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="invite-email" />}
        </Field>
        <Field label={t('org.role')}>
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value)} data-testid="invite-role">
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`enum.role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('org.tier')}>
          {(id) => (
            <select id={id} value={tier} onChange={(e) => setTier(e.target.value)} data-testid="invite-tier">
              {TIERS.map((r) => (
                <option key={r} value={r}>
                  {t(`enum.tier.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()}>
          {t('org.invite')}
        </button>
      </form>
      <ErrorBox error={error} />
      {invite && <OneTimeSecret label={t('org.inviteLink', { email: invite.email })} value={absolute(invite.invite_url)} testId="invite-url" />}
    </div>
  );
}

/** The invite URL as an absolute link (the hub may answer a path). */
export function absolute(url: string): string {
  try {
    return new URL(url, window.location.origin).href;
  } catch {
    return url;
  }
}
