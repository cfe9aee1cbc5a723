import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, seg } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { OneTimeSecret } from '../../components/CopyButton';
import { Field } from '../../components/Fields';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDateTime } from '../../lib/format';
import { useAction, useApi } from '../../lib/useApi';

/** My API tokens: create (the secret shown once), list, revoke. */
export function Tokens() {
  const { t, i18n } = useTranslation();
  const list = useApi<{ tokens: ApiToken[] }>('/tokens');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const { busy, error, run } = useAction();

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const answer = await post<{ token: ApiToken; secret: string }>('/tokens', { name: name.trim() });
      setSecret({ name: answer.token.name ?? name.trim(), secret: answer.secret });
      setName('');
      list.reload();
    });
  };
  const revoke = (tok: ApiToken) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: tok.name ?? tok.id }))) return;
    void run(async () => {
      await del(`/tokens/${seg(tok.id)}`);
      list.reload();
    });
  };

  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="muted">{t('tokens.lead')}</p>
      <form className="form form-inline" onSubmit={create} data-testid="token-form">
        <Field label={t('tokens.name')}>
          {(id) => (
            <input id={id} type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()} data-testid="token-create">
          {t('tokens.create')}
        </button>
      </form>
      <ErrorBox error={error} />
      {secret && <OneTimeSecret label={t('tokens.secretLabel', { name: secret.name })} value={secret.secret} testId="token-secret" />}
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data &&
        (list.data.tokens.length === 0 ? (
          <p className="muted">{t('tokens.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="tokens">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.created')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('org.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.tokens.map((tok) => (
                  <tr key={tok.id} className={tok.revoked_at ? 'row-disabled' : undefined}>
                    <td>{tok.name ?? <span className="mono">{tok.id}</span>}</td>
                    <td>{formatDateTime(tok.created_at, i18n.language)}</td>
                    <td>{tok.last_used_at ? formatDateTime(tok.last_used_at, i18n.language) : t('tokens.never')}</td>
                    <td>
                      {tok.revoked_at ? (
                        <span className="status status-off">{t('tokens.revokedAt', { date: formatDateTime(tok.revoked_at, i18n.language) })}</span>
                      ) : (
                        <span className="status status-on">{t('org.active')}</span>
                      )}
                    </td>
                    <td className="actions">
                      {!tok.revoked_at && (
                        <button type="button" className="btn btn-small btn-danger" onClick={() => revoke(tok)} disabled={busy}>
                          {t('tokens.revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
