import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, seg } from '../../api/client';
import type { Attachment, Report } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { attachmentPath, fileProblem } from '../../lib/desk-files';
import { formatBytes } from '../../lib/format';
import { uploadAttachment } from '../../lib/desk-upload';
import { useAction, useApi } from '../../lib/useApi';
import { problemText } from './AttachmentPicker';

/**
 * The report's files: name, size and SHA-256 for everyone on the report; a download link
 * (never a preview) for desk staff; upload and removal while the report is open.
 */
export function AttachmentsPanel({ report, maxBytes, onChanged }: { report: Report; maxBytes: number; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const list = useApi<{ attachments: Attachment[] }>(`/reports/${seg(report.id)}/attachments`);
  const action = useAction();
  const [refusal, setRefusal] = useState<string | null>(null);
  const canUpload = report.can.upload;
  const canRemove = report.status === 'new' || report.status === 'triaged';

  const upload = (file: File) => {
    const p = fileProblem(file, maxBytes);
    setRefusal(p ? `${file.name}: ${problemText(t, p, i18n.language)}` : null);
    if (p) return;
    void action.run(async () => {
      await uploadAttachment(report.id, file);
      list.reload();
      onChanged();
    });
  };
  const remove = (a: Attachment) =>
    void action.run(async () => {
      await del(`/reports/${seg(report.id)}/attachments/${seg(a.id)}`);
      list.reload();
      onChanged();
    });

  return (
    <section className="card" aria-labelledby="desk-attachments" data-testid="attachments">
      <h2 id="desk-attachments">{t('desk.files.title')}</h2>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.attachments.length === 0 && <p className="muted">{t('desk.files.none')}</p>}
      <ul className="desk-files">
        {list.data?.attachments.map((a) => (
          <li key={a.id} className="desk-file" data-testid="attachment-item">
            {report.can.download ? (
              <a href={attachmentPath(report.id, a.id)} download={a.filename} className="mono break" data-testid="attachment-download">
                {a.filename}
              </a>
            ) : (
              <span className="mono break">{a.filename}</span>
            )}
            <span className="muted">{formatBytes(a.size, i18n.language)}</span>
            <span className="mono small muted break" title="SHA-256">
              {a.sha256}
            </span>
            {canRemove && (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => remove(a)} disabled={action.busy}>
                {t('desk.files.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {!report.can.download && <p className="hint">{t('desk.files.noPreview')}</p>}
      {canUpload && (
        <div className="field">
          <label htmlFor="desk-upload">{t('desk.files.add', { max: formatBytes(maxBytes, i18n.language) })}</label>
          <input
            id="desk-upload"
            type="file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) upload(f);
            }}
            data-testid="attachment-upload"
          />
        </div>
      )}
      {refusal && (
        <p className="alert alert-error" role="alert" data-testid="attachment-problem">
          {refusal}
        </p>
      )}
      <ErrorBox error={action.error instanceof ApiError ? action.error : null} title={t('desk.files.refused')} />
    </section>
  );
}
