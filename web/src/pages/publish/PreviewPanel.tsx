import { useTranslation } from 'react-i18next';
import type { PreviewAnswer, StixObject } from '../../api/types';
import { TlpLabel } from '../../components/TlpLabel';
import { audienceSentence } from '../../lib/audience';

function labelOf(o: StixObject): string {
  if (o.type === 'relationship' && typeof o.relationship_type === 'string') {
    const end = (ref: unknown) => (typeof ref === 'string' ? ref.split('--')[0] : '?');
    return `${end(o.source_ref)} ${o.relationship_type} ${end(o.target_ref)}`;
  }
  for (const k of ['name', 'pattern', 'value', 'key', 'path']) {
    const v = o[k];
    if (typeof v === 'string' && v) return v;
  }
  const hashes = o.hashes;
  if (hashes && typeof hashes === 'object') {
    const first = Object.entries(hashes as Record<string, unknown>)[0];
    if (first) return `${first[0]}: ${String(first[1])}`;
  }
  return o.id;
}

/** What the preview says: the audience in plain words, the STIX objects, and any errors. */
export function PreviewPanel({ preview, stale }: { preview: PreviewAnswer; stale: boolean }) {
  const { t, i18n } = useTranslation();
  const byType = new Map<string, number>();
  for (const o of preview.objects) byType.set(o.type, (byType.get(o.type) ?? 0) + 1);

  return (
    <div className={`preview${stale ? ' is-stale' : ''}`} data-testid="preview">
      {stale && <p className="alert alert-warning">{t('publish.previewStale')}</p>}
      {preview.audience && (
        <div className="preview-audience">
          <TlpLabel tlp={preview.audience.tlp} />
          <p className="audience-sentence" data-testid="audience-sentence">
            {audienceSentence(preview.audience, t, i18n.language)}
          </p>
        </div>
      )}
      {preview.errors.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="preview-errors">
          <strong>{t('publish.fixErrors')}</strong>
          <ul>
            {preview.errors.map((e, i) => (
              <li key={i}>
                {e.property && <code>{e.property}</code>} {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview.objects.length > 0 && <h3>{t('publish.objectsTitle', { count: preview.objects.length })}</h3>}
      <p className="muted small">
        {[...byType.entries()].map(([type, n]) => `${t(`stixType.${type}`, { defaultValue: type })} × ${n}`).join(t('common.listSep'))}
      </p>
      <ul className={preview.objects.length ? 'preview-objects' : 'visually-hidden'} data-testid="preview-objects">
        {preview.objects.map((o) => (
          <li key={o.id}>
            <span className="type-badge">{t(`stixType.${o.type}`, { defaultValue: o.type })}</span>
            <span className={o.type === 'indicator' ? 'mono break' : 'break'}>{labelOf(o)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
