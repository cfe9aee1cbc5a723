import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client';
import type { SessionAnswer } from '../api/types';
import { Notice } from '../components/Status';
import { useTitle } from '../lib/router';

/** Email + password sign-in (POST /api/v1/session); 401 and 429 in plain words. */
export function SignInPage({ onSignedIn, sessionLost }: { onSignedIn: (s: SessionAnswer) => void; sessionLost: boolean }) {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const s = await api<SessionAnswer>('POST', '/session', { body: { email: email.trim(), password }, expectUnauthorized: true });
      setPassword('');
      onSignedIn(s);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setMessage(t('signIn.wrong'));
      else if (err instanceof ApiError && err.status === 429) {
        const wait = err.retryAfter;
        setMessage(
          wait === null
            ? t('signIn.tooMany')
            : wait >= 90
              ? t('signIn.tooManyWaitMinutes', { count: Math.ceil(wait / 60) })
              : t('signIn.tooManyWait', { seconds: wait }),
        );
      } else if (err instanceof ApiError) setMessage(err.detail || err.title);
      else setMessage(String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-card card">
      <h1>{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.lead')}</p>
      {sessionLost && <Notice kind="info">{t('signIn.sessionLost')}</Notice>}
      <form onSubmit={(e) => void submit(e)} className="form" data-testid="sign-in-form" noValidate>
        <div className="field">
          <label htmlFor="signin-email">{t('signIn.email')}</label>
          <input
            id="signin-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="sign-in-email"
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('signIn.password')}</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="sign-in-password"
          />
        </div>
        {message && (
          <div className="alert alert-error" role="alert" data-testid="sign-in-error">
            {message}
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !email || !password} data-testid="sign-in-submit">
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </form>
      <p className="hint">{t('signIn.forgot')}</p>
    </div>
  );
}
