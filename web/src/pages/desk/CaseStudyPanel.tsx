import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, seg } from '../../api/client';
import type { CaseStudyInput, CaseStudyPreview, Report } from '../../api/desk-types';
import type { PublishOptions } from '../../api/types';
import { CheckboxGroup, Field, RadioGroup } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { afterSegments } from '../../lib/desk-diff';
import { deskPaths } from '../../lib/desk-routes';
import { TIERS } from '../../lib/enums';
import { Link } from '../../lib/router';
import { useAction, useApi } from '../../lib/useApi';
import { Segments } from './DeskBits';

/** Desk staff turn a closed report into a sanitized case study, published with an envelope. */
export function CaseStudyPanel({ report, onReport }: { report: Report; onReport: (r: Report) => void }) {
  const { t } = useTranslation();
  const options = useApi<PublishOptions>('/publish/options');
  const [input, setInput] = useState<CaseStudyInput>({
    title: report.title,
    summary: '',
    lessons_learned: '',
    info_type: 'best-practice',
    tier: ['manager', 'practitioner'],
    envelope: { tlp: 'green', audience: { communities: [] } },
  });
  const [preview, setPreview] = useState<{ key: string; answer: CaseStudyPreview } | null>(null);
  const action = useAction();
  const key = JSON.stringify(input);
  const base = `/reports/${seg(report.id)}/case-study`;

  if (report.case_study) {
    return (
      <section className="card" data-testid="case-study">
        <h2>{t('desk.caseStudy.title')}</h2>
        <p>
          {t('desk.caseStudy.published')} <Link to={deskPaths.case(report.case_study.stix_id)}>{t('desk.caseStudy.open')}</Link>
        </p>
      </section>
    );
  }
  const set = (c: Partial<CaseStudyInput>) => setInput((i) => ({ ...i, ...c }));
  const ready = preview !== null && preview.key === key && preview.answer.errors.length === 0;
  return (
    <section className="card form-section" aria-labelledby="desk-case" data-testid="case-study">
      <h2 id="desk-case">{t('desk.caseStudy.title')}</h2>
      <p className="hint">{t('desk.caseStudy.lead')}</p>
      <Field label={t('desk.caseStudy.name')}>{(id) => <input id={id} type="text" value={input.title} onChange={(e) => set({ title: e.target.value })} data-testid="case-title-input" />}</Field>
      <Field label={t('desk.caseStudy.summary')}>{(id) => <textarea id={id} rows={4} value={input.summary} onChange={(e) => set({ summary: e.target.value })} data-testid="case-summary" />}</Field>
      <Field label={t('desk.caseStudy.lessons')}>{(id) => <textarea id={id} rows={4} value={input.lessons_learned} onChange={(e) => set({ lessons_learned: e.target.value })} data-testid="case-lessons" />}</Field>
      <RadioGroup
        legend={t('desk.caseStudy.infoType')}
        name="case-info-type"
        options={(['best-practice', 'analysis'] as const).map((v) => ({ value: v, label: t(`enum.info_type.${v}`, { defaultValue: v }) }))}
        value={input.info_type}
        onChange={(v) => set({ info_type: v as CaseStudyInput['info_type'] })}
      />
      <CheckboxGroup legend={t('desk.caseStudy.tier')} options={TIERS.map((v) => ({ value: v, label: t(`enum.tier.${v}`, { defaultValue: v }) }))} selected={input.tier} onChange={(tier) => set({ tier })} />
      <RadioGroup
        legend="TLP"
        name="case-tlp"
        options={['clear', 'green', 'amber'].map((v) => ({ value: v, label: `TLP:${v.toUpperCase()}` }))}
        value={input.envelope.tlp}
        onChange={(tlp) => set({ envelope: { ...input.envelope, tlp } })}
      />
      <CheckboxGroup
        legend={t('desk.caseStudy.communities')}
        options={(options.data?.communities ?? []).map((c) => ({ value: c.slug, label: c.name }))}
        selected={input.envelope.audience.communities ?? []}
        onChange={(communities) => set({ envelope: { ...input.envelope, audience: { communities } } })}
      />
      <ErrorBox error={action.error} />
      {preview && preview.answer.errors.length > 0 && (
        <ul className="alert alert-error">
          {preview.answer.errors.map((e, i) => (
            <li key={i}>
              <code>{e.property}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      {preview && (
        <div className="desk-case-preview" data-testid="case-preview">
          {preview.answer.sanitized.fields.map((f) => (
            <p key={f.field} className="prewrap desk-wrap">
              <strong>{t(`desk.field.${f.field.replace(/\./g, '_')}`, { defaultValue: f.field })}: </strong>
              <Segments segments={afterSegments(f.after)} side="after" />
            </p>
          ))}
          <p className="hint">{t('desk.staff.objects', { count: preview.answer.objects.length })}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run(async () => setPreview({ key, answer: await post<CaseStudyPreview>(`${base}/preview`, input) }))} data-testid="case-preview-submit">
          {t('desk.caseStudy.preview')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={action.busy || !ready}
          onClick={() => void action.run(async () => onReport((await post<{ report: Report }>(base, input)).report))}
          data-testid="case-publish"
        >
          {t('desk.caseStudy.publish')}
        </button>
      </div>
    </section>
  );
}
