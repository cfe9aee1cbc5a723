import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { Article, Declaration } from '../../api/posture-types';
import { Field } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { todayUtc } from '../../lib/posture-format';
import { pick } from '../../lib/posture-questions';
import { useAction, useApi } from '../../lib/useApi';

/**
 * The five-article declaration of commitment: the signed one (articles, signer, date), or
 * the template; an executive of the organization signs (a new signature replaces the current).
 */
export function DeclarationSection({ declaration, canSign, onSigned }: { declaration: Declaration | null; canSign: boolean; onSigned: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const template = useApi<{ articles_version: number; articles: Article[] }>(declaration ? null : '/posture/declaration/template');
  const history = useApi<{ current: Declaration | null; history: Declaration[] }>(declaration ? '/posture/declaration' : null);
  const earlier = (history.data?.history ?? []).filter((d) => d.id !== declaration?.id);
  const [signing, setSigning] = useState(false);
  const articles = declaration?.articles ?? template.data?.articles ?? [];

  return (
    <section className="card" aria-labelledby="declaration-title" data-testid="declaration">
      <div className="card-head">
        <h2 id="declaration-title">{t('posture.declarationTitle')}</h2>
        {canSign && !signing && (
          <button type="button" className="btn btn-small" onClick={() => setSigning(true)} data-testid="declaration-sign">
            {declaration ? t('posture.signAgain') : t('posture.sign')}
          </button>
        )}
      </div>
      {declaration ? (
        <p className="declaration-signed" data-testid="declaration-signer">
          {t('posture.signedBy', { name: declaration.signer.name, title: declaration.signer.title, date: formatDate(declaration.signed_on, lang) })}
        </p>
      ) : (
        <p className="chip chip-warn">{t('posture.notSigned')}</p>
      )}
      {!canSign && !declaration && <p className="hint">{t('posture.signHint')}</p>}
      <ErrorBox error={template.error} />
      <ol className="articles" data-testid="declaration-articles">
        {articles.map((a) => (
          <li key={a.id}>
            <strong>{pick(a.title, lang)}</strong>
            <p>{pick(a.text, lang)}</p>
          </li>
        ))}
      </ol>
      {declaration?.note && <p className="muted">{declaration.note}</p>}
      {earlier.length > 0 && (
        <details className="declaration-history">
          <summary>{t('posture.earlierSignatures', { count: earlier.length })}</summary>
          <ul className="plain-list" data-testid="declaration-history">
            {earlier.map((d) => (
              <li key={d.id}>{t('posture.signedBy', { name: d.signer.name, title: d.signer.title, date: formatDate(d.signed_on, lang) })}</li>
            ))}
          </ul>
        </details>
      )}
      {signing && (
        <SignForm
          onDone={(signed) => {
            setSigning(false);
            if (signed) onSigned();
          }}
        />
      )}
    </section>
  );
}

function SignForm({ onDone }: { onDone: (signed: boolean) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(todayUtc());
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/posture/declaration', { signer_name: name.trim(), signer_title: title.trim(), signed_on: date, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone(true);
    });
  };
  return (
    <form className="form sign-form" onSubmit={submit} data-testid="declaration-form">
      <p className="muted">{t('posture.signLead')}</p>
      <div className="form-grid">
        <Field label={t('posture.signerName')}>{(id) => <input id={id} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="signer-name" />}</Field>
        <Field label={t('posture.signerTitle')}>{(id) => <input id={id} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="signer-title" />}</Field>
        <Field label={t('posture.signedOn')}>{(id) => <input id={id} type="date" required max={todayUtc()} value={date} onChange={(e) => setDate(e.target.value)} data-testid="signed-on" />}</Field>
      </div>
      <Field label={t('posture.note')}>{(id) => <textarea id={id} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="declaration-submit">
          {t('posture.signSubmit')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={() => onDone(false)}>
          {t('posture.cancel')}
        </button>
      </div>
    </form>
  );
}
