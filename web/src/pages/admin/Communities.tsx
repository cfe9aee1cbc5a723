import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, put, seg } from '../../api/client';
import type { AdminCommunity, AdminOrganization } from '../../api/types';
import { Field } from '../../components/Fields';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { COMMUNITY_KINDS, SECTORS } from '../../lib/enums';
import { useAction, useApi } from '../../lib/useApi';

function MembershipRow({ c, orgs, onChanged }: { c: AdminCommunity; orgs: AdminOrganization[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [add, setAdd] = useState('');
  const { busy, error, run } = useAction();
  const nameOf = (slug: string) => orgs.find((o) => o.slug === slug)?.name ?? slug;
  const join = () =>
    void run(async () => {
      await put(`/admin/communities/${seg(c.slug)}/members/${seg(add)}`);
      setAdd('');
      onChanged();
    });
  const leave = (org: string) => {
    if (!window.confirm(t('admin.communities.confirmRemove', { org: nameOf(org), community: c.name }))) return;
    void run(async () => {
      await del(`/admin/communities/${seg(c.slug)}/members/${seg(org)}`);
      onChanged();
    });
  };
  const candidates = orgs.filter((o) => !c.members.includes(o.slug));
  return (
    <tr>
      <td>
        <strong>{c.name}</strong>
        <div className="mono small muted">{c.slug}</div>
      </td>
      <td>{t(`enum.community_kind.${c.kind}`, { defaultValue: c.kind })}</td>
      <td>{c.sector ? t(`sector.${c.sector}`, { defaultValue: c.sector }) : '—'}</td>
      <td>
        <ul className="member-chips">
          {c.members.map((m) => (
            <li key={m} className="chip chip-removable">
              {nameOf(m)}
              <button type="button" className="chip-x" onClick={() => leave(m)} disabled={busy} aria-label={t('admin.communities.remove', { org: nameOf(m) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <div className="inline-add">
          <label className="visually-hidden" htmlFor={`add-${c.slug}`}>
            {t('admin.communities.addMember')}
          </label>
          <select id={`add-${c.slug}`} value={add} onChange={(e) => setAdd(e.target.value)}>
            <option value="">{t('admin.communities.chooseOrg')}</option>
            {candidates.map((o) => (
              <option key={o.slug} value={o.slug}>
                {o.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small" onClick={join} disabled={!add || busy}>
            {t('admin.communities.add')}
          </button>
        </div>
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

export function Communities() {
  const { t } = useTranslation();
  const list = useApi<{ communities: AdminCommunity[] }>('/admin/communities');
  const orgs = useApi<{ organizations: AdminOrganization[] }>('/admin/organizations');
  const blank = { slug: '', name: '', kind: 'isac', sector: '' };
  const [form, setForm] = useState(blank);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const body: Record<string, string> = { slug: form.slug.trim(), name: form.name.trim(), kind: form.kind };
      if (form.sector) body.sector = form.sector;
      await post('/admin/communities', body);
      setForm(blank);
      list.reload();
    });
  };

  return (
    <>
      <section className="card">
        <h2>{t('admin.communities.createTitle')}</h2>
        <form className="form form-grid" onSubmit={submit} data-testid="community-create">
          <Field label={t('admin.slug')} hint={t('admin.slugHint')}>
            {(id) => <input id={id} required value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} />}
          </Field>
          <Field label={t('admin.name')}>{(id) => <input id={id} required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />}</Field>
          <Field label={t('admin.kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
                {COMMUNITY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`enum.community_kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('admin.sector')}>
            {(id) => (
              <select id={id} value={form.sector} onChange={(e) => setForm({ ...form, sector: e.target.value })}>
                <option value="">{t('admin.communities.crossSector')}</option>
                {SECTORS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sector.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('admin.create')}
            </button>
          </div>
        </form>
        <ErrorBox error={error} />
      </section>
      <section className="card">
        <h2>{t('admin.tab.communities')}</h2>
        <ErrorBox error={list.error ?? orgs.error} />
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.communities.length === 0 ? (
            <Empty title={t('admin.none')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="admin-communities">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.name')}</th>
                    <th scope="col">{t('admin.kind')}</th>
                    <th scope="col">{t('admin.sector')}</th>
                    <th scope="col">{t('admin.members')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.communities.map((c) => (
                    <MembershipRow key={c.slug} c={c} orgs={orgs.data?.organizations ?? []} onChanged={list.reload} />
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>
    </>
  );
}
