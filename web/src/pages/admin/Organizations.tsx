import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { AdminOrganization } from '../../api/types';
import { OneTimeSecret } from '../../components/CopyButton';
import { Field } from '../../components/Fields';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { ORG_KINDS, SECTORS } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';
import { absolute } from '../org/Members';

export function Organizations() {
  const { t, i18n } = useTranslation();
  const list = useApi<{ organizations: AdminOrganization[] }>('/admin/organizations');
  const blank = { slug: '', name: '', kind: 'company', sector: 'finance', country: 'JP', admin_email: '' };
  const [form, setForm] = useState(blank);
  const [invite, setInvite] = useState<{ email: string; url: string } | null>(null);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, string> = { slug: form.slug.trim(), name: form.name.trim(), kind: form.kind, sector: form.sector };
      if (form.country.trim()) body.country = form.country.trim().toUpperCase();
      if (form.admin_email.trim()) body.admin_email = form.admin_email.trim();
      const answer = await post<{ invite_url?: string }>('/admin/organizations', body);
      setInvite(answer.invite_url ? { email: form.admin_email.trim(), url: answer.invite_url } : null);
      setForm(blank);
      list.reload();
    });
  };

  return (
    <>
      <section className="card">
        <h2>{t('admin.orgs.createTitle')}</h2>
        <form className="form form-grid" onSubmit={submit} data-testid="org-create">
          <Field label={t('admin.slug')} hint={t('admin.slugHint')}>
            {(id) => <input id={id} required pattern="[a-z0-9][a-z0-9\-]*" value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} />}
          </Field>
          <Field label={t('admin.name')}>{(id) => <input id={id} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
          <Field label={t('admin.kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
                {ORG_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`enum.org_kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('admin.sector')}>
            {(id) => (
              <select id={id} value={form.sector} onChange={(e) => setForm({ ...form, sector: e.target.value })}>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sector.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('admin.country')}>
            {(id) => <input id={id} maxLength={2} value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value })} />}
          </Field>
          <Field label={t('admin.orgs.adminEmail')} hint={t('admin.orgs.adminEmailHint')}>
            {(id) => <input id={id} type="email" value={form.admin_email} onChange={(e) => setForm({ ...form, admin_email: e.target.value })} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('admin.create')}
            </button>
          </div>
        </form>
        <ErrorBox error={error} />
        {invite && <OneTimeSecret label={t('org.inviteLink', { email: invite.email })} value={absolute(invite.url)} testId="invite-url" />}
      </section>
      <section className="card">
        <h2>{t('admin.tab.organizations')}</h2>
        <ErrorBox error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.organizations.length === 0 ? (
            <Empty title={t('admin.none')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="admin-organizations">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.kind')}</th>
                    <th scope="col">{t('admin.sector')}</th>
                    <th scope="col">{t('admin.country')}</th>
                    <th scope="col">{t('admin.tab.communities')}</th>
                    <th scope="col">{t('admin.members')}</th>
                    <th scope="col">{t('admin.approval')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.organizations.map((o) => (
                    <tr key={o.slug}>
                      <td>
                        <strong>{o.name}</strong>
                        <div className="mono small muted">{o.slug}</div>
                      </td>
                      <td>{t(`enum.org_kind.${o.kind}`, { defaultValue: o.kind })}</td>
                      <td>{t(`sector.${o.sector}`, { defaultValue: o.sector })}</td>
                      <td>{o.country ?? '—'}</td>
                      <td className="mono small">{o.communities.join(', ') || '—'}</td>
                      <td>{o.members}</td>
                      <td>
                        {o.approval
                          ? o.approval.revoked
                            ? t('admin.revoked')
                            : t('admin.until', { date: formatDate(o.approval.approved_until, i18n.language) })
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
