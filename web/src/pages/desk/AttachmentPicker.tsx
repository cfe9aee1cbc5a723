import { useTranslation } from 'react-i18next';
import { fileProblem, type FileProblem } from '../../lib/desk-files';
import { formatBytes } from '../../lib/format';

export function problemText(t: (k: string, o?: Record<string, unknown>) => string, p: FileProblem, lang: string): string {
  if (p.key === 'tooLarge') return t('desk.files.tooLarge', { max: formatBytes(p.max, lang) });
  return t(`desk.files.${p.key}`);
}

/**
 * Files to attach (logs, samples): each with its size, and a clear refusal for those the hub
 * would refuse. Nothing is opened or previewed; the bytes go to the hub as they are.
 */
export function AttachmentPicker({ files, onChange, maxBytes }: { files: File[]; onChange: (files: File[]) => void; maxBytes: number }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card form-section" aria-labelledby="desk-files">
      <h2 id="desk-files">{t('desk.files.title')}</h2>
      <p className="hint">{t('desk.files.hint', { max: formatBytes(maxBytes, i18n.language) })}</p>
      <input
        type="file"
        multiple
        aria-label={t('desk.files.choose')}
        onChange={(e) => {
          onChange([...files, ...Array.from(e.target.files ?? [])]);
          e.target.value = '';
        }}
        data-testid="attachment-input"
      />
      {files.length > 0 && (
        <ul className="desk-files" data-testid="attachment-list">
          {files.map((f, i) => {
            const p = fileProblem(f, maxBytes);
            return (
              <li key={`${f.name}-${i}`} className={p ? 'desk-file desk-file-refused' : 'desk-file'} data-testid="attachment-item">
                <span className="mono break">{f.name}</span>
                <span className="muted">{formatBytes(f.size, i18n.language)}</span>
                {p && (
                  <span className="hint-error" role="alert" data-testid="attachment-problem">
                    {problemText(t, p, i18n.language)}
                  </span>
                )}
                <button type="button" className="btn btn-small btn-quiet" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                  {t('desk.files.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
