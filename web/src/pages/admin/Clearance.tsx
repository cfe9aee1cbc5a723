import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, seg } from '../../api/client';
import type { AdminOrganization, ClearanceAnswer } from '../../api/types';
import { Field } from '../../components/Fields';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';

/** Facility approvals of organizations and clearance grants of people (both halves). */
export function Clearance() {
  const { t, i18n } = useTranslation();
  const data = useApi<ClearanceAnswer>('/admin/clearance');
  const orgs = useApi<{ organizations: AdminOrganization[] }>('/admin/organizations');
  const [approval, setApproval] = useState({ organization: '', until: '' });
  const [grant, setGrant] = useState({ email: '', level: '1', until: '' });
  const { busy, error, run } = useAction();
  const nameOf = (slug: string) => orgs.data?.organizations.find((o) => o.slug === slug)?.name ?? slug;

  const approve = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/admin/clearance/approvals', approval);
      setApproval({ organization: '', until: '' });
      data.reload();
    });
  };
  const addGrant = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/admin/clearance/grants', { email: grant.email.trim(), level: Number(grant.level), until: grant.until });
      setGrant({ email: '', level: '1', until: '' });
      data.reload();
    });
  };
  const revoke = (path: string, what: string) => {
    if (!window.confirm(t('admin.clearance.confirmRevoke', { what }))) return;
    void run(async () => {
      await del(path);
      data.reload();
    });
  };

  return (
    <>
      <p className="muted">{t('admin.clearance.lead')}</p>
      <ErrorBox error={error} />
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      <div className="two-col">
        <section className="card">
          <h2>{t('admin.clearance.approvalsTitle')}</h2>
          <form className="form form-inline" onSubmit={approve}>
            <Field label={t('admin.organization')}>
              {(id) => (
                <select id={id} required value={approval.organization} onChange={(e) => setApproval({ ...approval, organization: e.target.value })}>
                  <option value="">{t('admin.communities.chooseOrg')}</option>
                  {(orgs.data?.organizations ?? []).map((o) => (
                    <option key={o.slug} value={o.slug}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('admin.clearance.until')}>
              {(id) => <input id={id} type="date" required value={approval.until} onChange={(e) => setApproval({ ...approval, until: e.target.value })} />}
            </Field>
            <button type="submit" className="btn btn-primary" disabled={busy || !approval.organization || !approval.until}>
              {t('admin.clearance.approve')}
            </button>
          </form>
          {data.data && (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.organization')}</th>
                    <th scope="col">{t('admin.clearance.until')}</th>
                    <th scope="col">{t('org.status')}</th>
                    <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.approvals.map((a) => (
                    <tr key={a.organization} className={a.revoked_at ? 'row-disabled' : undefined}>
                      <td>{nameOf(a.organization)}</td>
                      <td>{formatDate(a.approved_until, i18n.language)}</td>
                      <td>{a.revoked_at ? t('admin.revoked') : t('org.active')}</td>
                      <td className="actions">
                        {!a.revoked_at && (
                          <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => revoke(`/admin/clearance/approvals/${seg(a.organization)}`, nameOf(a.organization))}>
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card">
          <h2>{t('admin.clearance.grantsTitle')}</h2>
          <form className="form form-inline" onSubmit={addGrant}>
            <Field label={t('org.email')}>
              {(id) => <input id={id} type="email" required value={grant.email} onChange={(e) => setGrant({ ...grant, email: e.target.value })} />}
            </Field>
            <Field label={t('admin.clearance.level')}>
              {(id) => (
                <select id={id} value={grant.level} onChange={(e) => setGrant({ ...grant, level: e.target.value })}>
                  {['1', '2', '3'].map((l) => (
                    <option key={l} value={l}>
                      {t('publish.clearanceLevel', { level: l })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('admin.clearance.until')}>
              {(id) => <input id={id} type="date" required value={grant.until} onChange={(e) => setGrant({ ...grant, until: e.target.value })} />}
            </Field>
            <button type="submit" className="btn btn-primary" disabled={busy || !grant.email || !grant.until}>
              {t('admin.clearance.grant')}
            </button>
          </form>
          {data.data && (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('org.email')}</th>
                    <th scope="col">{t('admin.clearance.level')}</th>
                    <th scope="col">{t('admin.clearance.until')}</th>
                    <th scope="col">{t('admin.clearance.issuer')}</th>
                    <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.grants.map((g) => (
                    <tr key={`${g.email}-${g.level}-${g.valid_until}`}>
                      <td className="break">{g.email}</td>
                      <td>{g.level}</td>
                      <td>{formatDate(g.valid_until, i18n.language)}</td>
                      <td>{g.issuer ?? '—'}</td>
                      <td className="actions">
                        <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => revoke(`/admin/clearance/grants/${seg(g.email)}`, g.email)}>
                          {t('tokens.revoke')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
