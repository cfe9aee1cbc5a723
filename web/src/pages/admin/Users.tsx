import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch, post, seg } from '../../api/client';
import type { AdminOrganization, AdminUser, InviteAnswer } from '../../api/types';
import { OneTimeSecret } from '../../components/CopyButton';
import { Field } from '../../components/Fields';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { ROLES, TIERS } from '../../lib/enums';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { absolute } from '../org/Members';

function UserRow({ u, onChanged }: { u: AdminUser; onChanged: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { busy, error, run } = useAction();
  const change = (body: Partial<Pick<AdminUser, 'role' | 'tier' | 'disabled'>>) =>
    void run(async () => {
      await patch(`/admin/users/${seg(u.email)}`, body);
      onChanged();
    });
  const self = u.email === me.email;
  return (
    <tr className={u.disabled ? 'row-disabled' : undefined}>
      <td className="break">{u.email}</td>
      <td className="mono small">{u.organization}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${u.email}`}>{t('org.role')}</label>
        <select id={`role-${u.email}`} value={u.role} disabled={busy || self} onChange={(e) => change({ role: e.target.value as AdminUser['role'] })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`enum.role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`tier-${u.email}`}>{t('org.tier')}</label>
        <select id={`tier-${u.email}`} value={u.tier ?? ''} disabled={busy} onChange={(e) => change({ tier: e.target.value as AdminUser['tier'] })}>
          {u.tier === null && <option value="">—</option>}
          {TIERS.map((r) => (
            <option key={r} value={r}>
              {t(`enum.tier.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="actions">
        <button
          type="button"
          className={u.disabled ? 'btn btn-small' : 'btn btn-small btn-danger'}
          disabled={busy || self}
          onClick={() => {
            if (u.disabled || window.confirm(t('admin.users.confirmDisable', { email: u.email }))) change({ disabled: !u.disabled });
          }}
        >
          {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
        </button>
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

export function Users() {
  const { t } = useTranslation();
  const list = useApi<{ users: AdminUser[] }>('/admin/users');
  const orgs = useApi<{ organizations: AdminOrganization[] }>('/admin/organizations');
  const blank = { email: '', organization: '', role: 'analyst', tier: 'practitioner' };
  const [form, setForm] = useState(blank);
  const [invite, setInvite] = useState<InviteAnswer | null>(null);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const answer = await post<InviteAnswer>('/admin/users', { ...form, email: form.email.trim() });
      setInvite(answer);
      setForm(blank);
      list.reload();
    });
  };

  return (
    <>
      <section className="card">
        <h2>{t('admin.users.createTitle')}</h2>
        <form className="form form-grid" onSubmit={submit} data-testid="user-create">
          <Field label={t('org.email')}>{(id) => <input id={id} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}</Field>
          <Field label={t('admin.organization')}>
            {(id) => (
              <select id={id} required value={form.organization} onChange={(e) => setForm({ ...form, organization: e.target.value })}>
                <option value="">{t('admin.communities.chooseOrg')}</option>
                {(orgs.data?.organizations ?? []).map((o) => (
                  <option key={o.slug} value={o.slug}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('org.role')}>
            {(id) => (
              <select id={id} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`enum.role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('org.tier')}>
            {(id) => (
              <select id={id} value={form.tier} onChange={(e) => setForm({ ...form, tier: e.target.value })}>
                {TIERS.map((r) => (
                  <option key={r} value={r}>
                    {t(`enum.tier.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !form.organization}>
              {t('org.invite')}
            </button>
          </div>
        </form>
        <ErrorBox error={error} />
        {invite && <OneTimeSecret label={t('org.inviteLink', { email: invite.email })} value={absolute(invite.invite_url)} testId="invite-url" />}
      </section>
      <section className="card">
        <h2>{t('admin.tab.users')}</h2>
        <ErrorBox error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.users.length === 0 ? (
            <Empty title={t('admin.none')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="admin-users">
                <thead>
                  <tr>
                    <th scope="col">{t('org.email')}</th>
                    <th scope="col">{t('admin.organization')}</th>
                    <th scope="col">{t('org.role')}</th>
                    <th scope="col">{t('org.tier')}</th>
                    <th scope="col">{t('org.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.users.map((u) => (
                    <UserRow key={u.email} u={u} onChanged={list.reload} />
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
