import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

/** A problem detail from the hub: its `detail` text, and property errors when there are. */
export function ErrorBox({ error, title }: { error: ApiError | null; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const byStatus: Record<number, string> = {
    0: t('error.network'),
    400: t('error.invalid'),
    403: t('error.forbidden'),
    404: t('error.notFound'),
    409: t('error.conflict'),
    413: t('error.tooLarge'),
    422: t('error.invalid'),
  };
  const heading = title ?? byStatus[error.status] ?? t('error.generic');
  return (
    <div className="alert alert-error" role="alert" data-testid="error">
      <strong>{heading}</strong>
      {error.detail && <p>{error.detail}</p>}
      {error.errors.length > 0 && (
        <ul>
          {error.errors.map((e, i) => (
            <li key={i}>
              {e.property && <code>{e.property}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty">
      <svg className="empty-icon" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="22" cy="22" r="13" />
        <line x1="32" y1="32" x2="42" y2="42" />
      </svg>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

export function Notice({ kind = 'success', children }: { kind?: 'success' | 'info' | 'warning'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}
