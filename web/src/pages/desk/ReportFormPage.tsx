import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post, seg } from '../../api/client';
import type { Report, ReportOptions, ReportType } from '../../api/desk-types';
import { ErrorBox, Loading } from '../../components/Status';
import { consentOf, formFromReport, formProblems, initialReportForm, toReportInput, toReportPatch, withConsent, zoneOfOffset, type ReportForm } from '../../lib/desk-form';
import { fileProblem } from '../../lib/desk-files';
import { deskPaths } from '../../lib/desk-routes';
import { uploadAttachment } from '../../lib/desk-upload';
import { Link, navigate, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { AttachmentPicker } from './AttachmentPicker';
import { ConsentSection } from './ConsentSection';
import { BasicsSection, ImpactSection, TimelineSection, TypeSection } from './FormSections';
import { ObservablesSection } from './ObservablesSection';

/** Editing a report while it is new or triaged: the same form, filled, sent as a PATCH. */
export function EditReportPage({ id }: { id: string }) {
  const loaded = useApi<{ report: Report }>(`/reports/${seg(id)}`);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <ErrorBox error={loaded.error} />;
  return <ReportFormPage existing={loaded.data.report} />;
}

/** One form for every kind of attack report, or a question to the desk. */
export function ReportFormPage({ existing }: { existing?: Report }) {
  const { t } = useTranslation();
  const { me } = useSession();
  useTitle(existing ? t('desk.form.editTitle', { number: existing.number }) : t('desk.form.pageTitle'));
  const options = useApi<ReportOptions>('/reports/options');
  const browserZone = useMemo(() => zoneOfOffset(new Date().getTimezoneOffset()), []);
  const [form, setForm] = useState<ReportForm>(() => (existing ? formFromReport(existing, browserZone) : initialReportForm(me.organization.sector, browserZone)));
  const [files, setFiles] = useState<File[]>([]);
  const [shown, setShown] = useState(false);
  const [partial, setPartial] = useState<{ report: Report; failed: { name: string; error: ApiError }[] } | null>(null);
  const submit = useAction();

  if (options.loading && !options.data) return <Loading />;
  if (!options.data) return <ErrorBox error={options.error} />;
  const opts = options.data;
  const set = (change: Partial<ReportForm>) => setForm((f) => ({ ...f, ...change }));
  const problems = formProblems(form);
  const goodFiles = files.filter((f) => !fileProblem(f, opts.attachment_max_bytes));
  const refusedFiles = files.length - goodFiles.length;

  const send = () => {
    setShown(true);
    if (problems.length > 0) return;
    void submit.run(async () => {
      const { report } = existing
        ? await patch<{ report: Report }>(`/reports/${seg(existing.id)}`, toReportPatch(form, opts.recipients))
        : await post<{ report: Report }>('/reports', toReportInput(form, opts.recipients));
      const failed: { name: string; error: ApiError }[] = [];
      for (const f of goodFiles) {
        try {
          await uploadAttachment(report.id, f);
        } catch (e) {
          failed.push({ name: f.name, error: e instanceof ApiError ? e : new ApiError(0, 'Error', String(e)) });
        }
      }
      if (failed.length > 0) setPartial({ report, failed });
      else navigate(deskPaths.report(report.id));
    });
  };

  return (
    <div className="page page-desk-form">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{existing ? t('desk.form.editTitle', { number: existing.number }) : t('desk.form.pageTitle')}</h1>
          <p className="muted">{existing ? t('desk.form.editLead') : t('desk.form.lead')}</p>
        </div>
      </div>
      <form className="desk-form" onSubmit={(e) => e.preventDefault()} data-testid="report-form" noValidate>
        <section className="card form-section" aria-labelledby="desk-type">
          <h2 id="desk-type">{t('desk.form.type')}</h2>
          <div className="desk-types" role="radiogroup" aria-labelledby="desk-type" data-testid="report-type">
            {opts.types.map((ty: ReportType) => (
              <label key={ty} className={`desk-type${form.type === ty ? ' is-on' : ''}`}>
                <input type="radio" name="report-type" value={ty} checked={form.type === ty} onChange={() => set({ type: ty })} />
                <span className="desk-type-name">{t(`desk.type.${ty}`)}</span>
                <span className="desk-type-hint">{t(`desk.typeHint.${ty}`)}</span>
              </label>
            ))}
          </div>
        </section>
        <BasicsSection form={form} set={set} options={opts} />
        <TimelineSection form={form} set={set} browserZone={browserZone} />
        <TypeSection form={form} set={set} options={opts} />
        <ImpactSection form={form} set={set} options={opts} />
        <ObservablesSection form={form} set={set} />
        <AttachmentPicker files={files} onChange={setFiles} maxBytes={opts.attachment_max_bytes} />
        <ConsentSection recipients={opts.recipients} choiceOf={(r) => consentOf(form, r)} onChange={(slug, c) => setForm((f) => withConsent(f, slug, c))} />
        <div className="card desk-submit">
          <p className="hint">{t('desk.form.afterSubmit')}</p>
          {shown && problems.length > 0 && (
            <div className="alert alert-error" role="alert" data-testid="form-problems">
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>{t(`desk.problem.${p.key}`, { field: t(`desk.problemField.${p.field}`), values: 'values' in p ? p.values.join(', ') : '' })}</li>
                ))}
              </ul>
            </div>
          )}
          {refusedFiles > 0 && <p className="hint-error">{t('desk.files.leftOut', { count: refusedFiles })}</p>}
          <ErrorBox error={submit.error} title={t('desk.form.failed')} />
          {partial && (
            <div className="alert alert-warning" role="alert" data-testid="upload-failed">
              <strong>{t('desk.files.someFailed', { number: partial.report.number })}</strong>
              <ul>
                {partial.failed.map((f, i) => (
                  <li key={i}>
                    <span className="mono">{f.name}</span>: {f.error.detail || f.error.title}
                  </li>
                ))}
              </ul>
              <Link to={deskPaths.report(partial.report.id)}>{t('desk.form.openReport')}</Link>
            </div>
          )}
          <button type="button" className="btn btn-primary" onClick={send} disabled={submit.busy || partial !== null} data-testid="report-submit">
            {submit.busy ? t('desk.form.sending') : existing ? t('desk.form.saveChanges') : form.type === 'consultation' ? t('desk.form.submitQuestion') : t('desk.form.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
