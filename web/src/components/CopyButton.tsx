import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a value (a token secret, an invite URL) to the clipboard. */
export function CopyButton({ value, testId }: { value: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} data-testid={testId}>
      {copied === true ? t('common.copied') : copied === false ? t('common.copyFailed') : t('common.copy')}
    </button>
  );
}

/** A one-time secret (token, invitation link) with a copy button and a warning. */
export function OneTimeSecret({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="secret" role="status">
      <p className="secret-label">{label}</p>
      <div className="secret-row">
        <code className="secret-value" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} />
      </div>
      <p className="hint">{t('common.shownOnce')}</p>
    </div>
  );
}
