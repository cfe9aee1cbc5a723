import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { PreviewAnswer, PublishAnswer, PublishOptions } from '../../api/types';
import { Field } from '../../components/Fields';
import { ErrorBox, Loading } from '../../components/Status';
import { initialDraft, toDraft, withTlp, type DraftForm } from '../../lib/draft';
import { Link, navigate, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { objectPath } from '../../lib/url';
import { useAction, useApi } from '../../lib/useApi';
import { ClassificationFields } from './ClassificationFields';
import { EnvelopeFields } from './EnvelopeFields';
import { IocSection } from './IocSection';
import { PreviewPanel } from './PreviewPanel';

/** Compose a report with IOCs, choose who receives it, preview in plain words, publish. */
export function PublishPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(t('nav.publish'));
  const options = useApi<PublishOptions>('/publish/options');
  const [form, setForm] = useState<DraftForm>(() => initialDraft(me.communities.length === 1 ? me.communities[0]!.slug : null));
  const [preview, setPreview] = useState<{ key: string; answer: PreviewAnswer } | null>(null);
  const previewAction = useAction();
  const publishAction = useAction();
  const [partial, setPartial] = useState<PublishAnswer | null>(null);

  if (options.loading && !options.data) return <Loading />;
  if (!options.data) return <ErrorBox error={options.error} />;

  const draft = toDraft(form);
  const key = JSON.stringify(draft);
  const stale = preview !== null && preview.key !== key;
  const canPublish = preview !== null && !stale && preview.answer.errors.length === 0 && draft.report.name !== '';

  const doPreview = () =>
    void previewAction.run(async () => {
      const answer = await post<PreviewAnswer>('/publish/preview', draft);
      setPreview({ key, answer });
    });
  const doPublish = () =>
    void publishAction.run(async () => {
      const answer = await post<PublishAnswer>('/publish', draft);
      // Some objects refused: stay and say which, with a link to what was published.
      if (answer.refused.length > 0) setPartial(answer);
      else navigate(objectPath(answer.report_id));
    });

  return (
    <div className="page page-publish">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('publish.title')}</h1>
          <p className="muted">{t('publish.lead')}</p>
        </div>
      </div>
      <div className="publish-grid">
        <form className="publish-form" onSubmit={(e) => e.preventDefault()} data-testid="publish-form">
          <section className="card form-section" aria-labelledby="pub-report">
            <h2 id="pub-report">{t('publish.reportTitle')}</h2>
            <Field label={t('publish.name')}>
              {(id) => (
                <input id={id} type="text" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="publish-name" />
              )}
            </Field>
            <Field label={t('publish.description')} hint={t('publish.descriptionHint')}>
              {(id) => (
                <textarea id={id} rows={5} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} data-testid="publish-description" />
              )}
            </Field>
          </section>
          <IocSection value={form.iocs} onChange={(iocs) => setForm({ ...form, iocs })} />
          <section className="card form-section">
            <Field label={t('publish.validDays')} hint={t('publish.validDaysHint')}>
              {(id) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  max={3650}
                  value={form.validDays}
                  onChange={(e) => setForm({ ...form, validDays: Number(e.target.value) || 1 })}
                  data-testid="publish-valid-days"
                />
              )}
            </Field>
          </section>
          <EnvelopeFields
            envelope={form.envelope}
            usersText={form.usersText}
            options={options.data}
            onTlp={(tlp) => setForm(withTlp(form, tlp))}
            onChange={(envelope) => setForm({ ...form, envelope })}
            onUsersText={(usersText) => setForm({ ...form, usersText })}
          />
          <ClassificationFields
            value={form.envelope.classification}
            options={options.data}
            onChange={(classification) => setForm({ ...form, envelope: { ...form.envelope, classification } })}
          />
        </form>
        <aside className="publish-side">
          <div className="card sticky">
            <h2>{t('publish.previewTitle')}</h2>
            {!preview && <p className="muted">{t('publish.previewHint')}</p>}
            {preview && <PreviewPanel preview={preview.answer} stale={stale} />}
            <ErrorBox error={previewAction.error} />
            <ErrorBox error={publishAction.error} title={t('publish.failed')} />
            {partial && (
              <div className="alert alert-warning" role="alert">
                <strong>{t('publish.refused', { count: partial.refused.length })}</strong>
                <ul>
                  {partial.refused.map((r) => (
                    <li key={r.index}>{r.reason}</li>
                  ))}
                </ul>
                <Link to={objectPath(partial.report_id)}>{t('publish.openReport')}</Link>
              </div>
            )}
            <div className="stack">
              <button type="button" className="btn btn-block" onClick={doPreview} disabled={previewAction.busy} data-testid="publish-preview">
                {preview && !stale ? t('publish.previewAgain') : t('publish.preview')}
              </button>
              <button
                type="button"
                className="btn btn-primary btn-block"
                onClick={doPublish}
                disabled={!canPublish || publishAction.busy}
                data-testid="publish-submit"
              >
                {publishAction.busy ? t('publish.publishing') : t('publish.publish')}
              </button>
              {!canPublish && <p className="hint">{draft.report.name === '' ? t('publish.needName') : t('publish.needPreview')}</p>}
            </div>
          </div>
        </aside>
      </div>
    </div>
  );
}
