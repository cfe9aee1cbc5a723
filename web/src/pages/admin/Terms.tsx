import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { TermsEntry } from '../../api/types';
import { Field } from '../../components/Fields';
import { Empty, ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';

/** Terms that shared information can require; fixed once added (a revision gets a new slug). */
export function Terms() {
  const { t, i18n } = useTranslation();
  const list = useApi<{ terms: TermsEntry[] }>('/admin/terms');
  const blank = { slug: '', title: '', body: '' };
  const [form, setForm] = useState(blank);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/admin/terms', { slug: form.slug.trim(), title: form.title.trim(), body: form.body });
      setForm(blank);
      list.reload();
    });
  };

  return (
    <>
      <section className="card">
        <h2>{t('admin.terms.createTitle')}</h2>
        <p className="hint">{t('admin.terms.fixed')}</p>
        <form className="form" onSubmit={submit} data-testid="terms-create">
          <div className="form-grid">
            <Field label={t('admin.slug')} hint={t('admin.slugHint')}>
              {(id) => <input id={id} required value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} />}
            </Field>
            <Field label={t('admin.terms.titleField')}>{(id) => <input id={id} required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />}</Field>
          </div>
          <Field label={t('admin.terms.body')}>{(id) => <textarea id={id} rows={6} required value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} />}</Field>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('admin.create')}
            </button>
          </div>
        </form>
        <ErrorBox error={error} />
      </section>
      <section className="card">
        <h2>{t('admin.tab.terms')}</h2>
        <ErrorBox error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data &&
          (list.data.terms.length === 0 ? (
            <Empty title={t('admin.none')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="admin-terms">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.terms.titleField')}</th>
                    <th scope="col">{t('admin.slug')}</th>
                    <th scope="col">SHA-256</th>
                    <th scope="col">{t('tokens.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.terms.map((x) => (
                    <tr key={x.slug}>
                      <td>{x.title}</td>
                      <td className="mono small">{x.slug}</td>
                      <td className="mono small" title={x.sha256}>
                        {x.sha256.slice(0, 16)}…
                      </td>
                      <td>{formatDate(x.created_at, i18n.language)}</td>
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
