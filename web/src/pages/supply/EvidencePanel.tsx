import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, del, seg } from '../../api/client';
import type { Evidence, Question } from '../../api/posture-types';
import { Field } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { formatBytes, formatDateTime } from '../../lib/format';
import { pick } from '../../lib/posture-questions';
import { useAction } from '../../lib/useApi';

const EVIDENCE_KINDS = ['audit-report', 'certificate', 'policy', 'other'] as const;

/**
 * Evidence of an assessment: downloads (never previews: the hub serves them as attachments),
 * and, on a draft, upload with kind and question, and removal. The hash is shown so a reader
 * can check the file they received is the one the supplier attached.
 */
export function EvidencePanel({
  assessmentId,
  evidence,
  questions,
  editable,
  onChanged,
}: {
  assessmentId: string;
  evidence: Evidence[];
  questions: Question[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<string>('audit-report');
  const [question, setQuestion] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useAction();
  const base = `/supply/assessments/${seg(assessmentId)}/evidence`;

  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void run(async () => {
      const q = new URLSearchParams({ filename: file.name, kind });
      if (file.type) q.set('type', file.type);
      if (question) q.set('question', question);
      await api<Evidence>('POST', `${base}?${q.toString()}`, { bytes: file });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onChanged();
    });
  };
  const remove = (ev: Evidence) => {
    if (!window.confirm(t('supply.confirmRemoveEvidence', { name: ev.filename }))) return;
    void run(async () => {
      await del(`${base}/${seg(ev.id)}`);
      onChanged();
    });
  };

  return (
    <section className="card" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('supply.evidenceTitle')}</h2>
      <p className="muted">{t('supply.evidenceLead')}</p>
      {evidence.length === 0 ? (
        <p className="muted">{t('supply.noEvidence')}</p>
      ) : (
        <ul className="evidence-list" data-testid="evidence-list">
          {evidence.map((ev) => (
            <li key={ev.id} className="evidence-item" data-testid="evidence-item">
              <div className="evidence-main">
                <a href={`/api/v1${base}/${seg(ev.id)}`} download={ev.filename} data-testid="evidence-download">
                  {ev.filename}
                </a>
                <span className="chip">{t(`supply.evidenceKind.${ev.kind}`, { defaultValue: ev.kind })}</span>
                <span className="muted small">
                  {formatBytes(ev.size, lang)} · {formatDateTime(ev.created_at, lang)}
                </span>
              </div>
              {ev.question_id && <div className="muted small">{pick(questions.find((q) => q.id === ev.question_id)?.text, lang) || ev.question_id}</div>}
              <div className="mono small break" title={t('supply.sha256')}>
                SHA-256 {ev.sha256}
              </div>
              {editable && (
                <button type="button" className="btn btn-small btn-quiet" onClick={() => remove(ev)} disabled={busy}>
                  {t('supply.removeEvidence')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="form" onSubmit={upload} data-testid="evidence-form">
          <div className="form-grid">
            <Field label={t('supply.evidenceFile')}>
              {(id) => <input id={id} ref={fileInput} type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="evidence-file" />}
            </Field>
            <Field label={t('supply.evidenceKindLabel')}>
              {(id) => (
                <select id={id} value={kind} onChange={(e) => setKind(e.target.value)} data-testid="evidence-kind">
                  {EVIDENCE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`supply.evidenceKind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('supply.evidenceQuestion')}>
              {(id) => (
                <select id={id} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="evidence-question">
                  <option value="">{t('supply.evidenceWhole')}</option>
                  {questions
                    .filter((q) => q.evidence?.length)
                    .map((q) => (
                      <option key={q.id} value={q.id}>
                        {`${q.id} — ${pick(q.text, lang).slice(0, 60)}`}
                      </option>
                    ))}
                </select>
              )}
            </Field>
          </div>
          {file && <p className="hint">{t('supply.evidenceSelected', { name: file.name, size: formatBytes(file.size, lang) })}</p>}
          <div className="form-actions">
            <button type="submit" className="btn" disabled={busy || !file} data-testid="evidence-upload">
              {t('supply.upload')}
            </button>
          </div>
        </form>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
