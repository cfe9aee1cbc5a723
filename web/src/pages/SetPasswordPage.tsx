import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, seg } from '../api/client';
import type { PasswordLink } from '../api/types';
import { ErrorBox, Loading, Notice } from '../components/Status';
import { formatDateTime } from '../lib/format';
import { Link, useTitle } from '../lib/router';
import { useApi } from '../lib/useApi';

const MIN_LENGTH = 12;

/** Invitation or reset link: choose a password (GET/POST /api/v1/password-links/{token}). */
export function SetPasswordPage({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  useTitle(t('setPassword.title'));
  const link = useApi<PasswordLink>(`/password-links/${seg(token)}`);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (link.loading) return <Loading />;
  if (link.error) {
    const gone = link.error.status === 410;
    return (
      <div className="auth-card card">
        <h1>{t('setPassword.title')}</h1>
        <div className="alert alert-error" role="alert">
          <strong>{gone ? t('setPassword.gone') : link.error.status === 404 ? t('setPassword.unknown') : t('error.generic')}</strong>
          {link.error.detail && <p>{link.error.detail}</p>}
        </div>
        <p className="hint">{t('setPassword.askAgain')}</p>
      </div>
    );
  }
  if (!link.data) return null;
  if (done) {
    return (
      <div className="auth-card card">
        <h1>{t('setPassword.doneTitle')}</h1>
        <Notice>{t('setPassword.done', { email: link.data.email })}</Notice>
        <Link to="/sign-in" className="btn btn-primary btn-block" data-testid="go-sign-in">
          {t('signIn.submit')}
        </Link>
      </div>
    );
  }

  const tooShort = password.length > 0 && password.length < MIN_LENGTH;
  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_LENGTH || password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/password-links/${seg(token)}`, { body: { password }, expectUnauthorized: true });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Error', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-card card">
      <h1>{link.data.purpose === 'invite' ? t('setPassword.inviteTitle') : t('setPassword.resetTitle')}</h1>
      <p className="muted">
        {link.data.purpose === 'invite' ? t('setPassword.inviteLead') : t('setPassword.resetLead')}
      </p>
      <dl className="kv">
        <dt>{t('signIn.email')}</dt>
        <dd data-testid="set-password-email">{link.data.email}</dd>
        <dt>{t('setPassword.expires')}</dt>
        <dd>{formatDateTime(link.data.expires_at, i18n.language)}</dd>
      </dl>
      <form onSubmit={(e) => void submit(e)} className="form" noValidate>
        <input type="email" autoComplete="username" value={link.data.email} readOnly hidden />
        <div className="field">
          <label htmlFor="new-password">{t('setPassword.password')}</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="new-password-hint"
            aria-invalid={tooShort}
            data-testid="set-password-password"
          />
          <p id="new-password-hint" className={tooShort ? 'hint hint-error' : 'hint'}>
            {t('setPassword.rule', { count: MIN_LENGTH })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="confirm-password">{t('setPassword.confirm')}</label>
          <input
            id="confirm-password"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            aria-invalid={mismatch}
            data-testid="set-password-confirm"
          />
          {mismatch && <p className="hint hint-error">{t('setPassword.mismatch')}</p>}
        </div>
        <ErrorBox error={error} />
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={busy || password.length < MIN_LENGTH || password !== confirm}
          data-testid="set-password-submit"
        >
          {t('setPassword.submit')}
        </button>
      </form>
    </div>
  );
}
