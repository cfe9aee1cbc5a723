import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import type { QuestionnaireRef, Survey } from '../../api/posture-types';
import { CheckboxGroup, Field } from '../../components/Fields';
import { ErrorBox, Notice } from '../../components/Status';
import { ORG_KINDS, SECTORS } from '../../lib/enums';
import { splitEmails } from '../../lib/format';
import { pick } from '../../lib/posture-questions';
import { useAction, useApi } from '../../lib/useApi';

/** An operator drafts a survey: titles in both languages, a questionnaire, the audience and a closing date. */
export function CreateSurvey({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const questionnaires = useApi<{ questionnaires: QuestionnaireRef[] }>('/questionnaires');
  const [titleJa, setTitleJa] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [messageJa, setMessageJa] = useState('');
  const [messageEn, setMessageEn] = useState('');
  const [questionnaire, setQuestionnaire] = useState('sme-self-check');
  const [sectors, setSectors] = useState<string[]>([]);
  const [kinds, setKinds] = useState<string[]>([]);
  const [orgs, setOrgs] = useState('');
  const [closes, setCloses] = useState(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  const [created, setCreated] = useState<Survey | null>(null);
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    void run(async () => {
      const message = messageJa.trim() || messageEn.trim() ? { message: { ja: messageJa.trim(), en: messageEn.trim() } } : {};
      const s = await post<Survey>('/surveys', {
        title: { ja: titleJa.trim(), en: titleEn.trim() },
        ...message,
        questionnaire,
        audience: { sectors, kinds, organizations: splitEmails(orgs) },
        closes_on: closes,
      });
      setCreated(s);
      setTitleJa('');
      setTitleEn('');
      onCreated();
    });
  };

  return (
    <section className="card" aria-labelledby="create-survey-title">
      <h2 id="create-survey-title">{t('survey.createTitle')}</h2>
      <form className="form" onSubmit={submit} data-testid="survey-create-form">
        <div className="form-grid">
          <Field label={t('survey.titleJa')}>{(id) => <input id={id} lang="ja" required maxLength={200} value={titleJa} onChange={(e) => setTitleJa(e.target.value)} data-testid="survey-title-ja" />}</Field>
          <Field label={t('survey.titleEn')}>{(id) => <input id={id} lang="en" required maxLength={200} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} data-testid="survey-title-en" />}</Field>
          <Field label={t('survey.questionnaire')}>
            {(id) => (
              <select id={id} value={questionnaire} onChange={(e) => setQuestionnaire(e.target.value)} data-testid="survey-questionnaire">
                {(questionnaires.data?.questionnaires ?? []).map((q) => (
                  <option key={q.id} value={q.id}>
                    {pick(q.title, lang)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('survey.closesOn')}>{(id) => <input id={id} type="date" required value={closes} onChange={(e) => setCloses(e.target.value)} data-testid="survey-closes" />}</Field>
        </div>
        <div className="form-grid">
          <Field label={t('survey.messageJa')}>{(id) => <textarea id={id} lang="ja" rows={2} maxLength={2000} value={messageJa} onChange={(e) => setMessageJa(e.target.value)} />}</Field>
          <Field label={t('survey.messageEn')}>{(id) => <textarea id={id} lang="en" rows={2} maxLength={2000} value={messageEn} onChange={(e) => setMessageEn(e.target.value)} />}</Field>
        </div>
        <fieldset className="fieldset">
          <legend>{t('survey.audience')}</legend>
          <p className="hint">{t('survey.audienceHint')}</p>
          <CheckboxGroup legend={t('survey.sectors')} options={SECTORS.map((s) => ({ value: s, label: t(`sector.${s}`) }))} selected={sectors} onChange={setSectors} testId="survey-sectors" />
          <CheckboxGroup legend={t('survey.kinds')} options={ORG_KINDS.map((k) => ({ value: k, label: t(`enum.org_kind.${k}`, { defaultValue: k }) }))} selected={kinds} onChange={setKinds} testId="survey-kinds" />
          <Field label={t('survey.organizations')} hint={t('survey.organizationsHint')}>
            {(id) => <input id={id} type="text" value={orgs} onChange={(e) => setOrgs(e.target.value)} data-testid="survey-organizations" />}
          </Field>
        </fieldset>
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="survey-create">
            {t('survey.create')}
          </button>
        </div>
        {created && <Notice>{t('survey.created', { title: pick(created.title, lang) })}</Notice>}
      </form>
    </section>
  );
}
