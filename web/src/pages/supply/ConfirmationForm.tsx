import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { put, seg } from '../../api/client';
import type { Confirmation, SupplyAssessment } from '../../api/posture-types';
import { Field } from '../../components/Fields';
import { ErrorBox } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { todayUtc } from '../../lib/posture-format';
import { useAction } from '../../lib/useApi';

/** Which confirmation a level needs: an expert's for ★3, a third party's for ★4. */
function confirmationKind(level: string): Confirmation['kind'] {
  return level === 'level-4' ? 'third-party' : 'expert';
}

/** The recorded confirmation, as facts. */
export function ConfirmationFacts({ c }: { c: Confirmation }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="kv" data-testid="confirmation">
      <dt>{t('supply.confirmedBy')}</dt>
      <dd>{c.kind === 'expert' ? `${c.name} (${c.organization})` : c.evaluator}</dd>
      <dt>{c.kind === 'expert' ? t('supply.qualification') : t('supply.reference')}</dt>
      <dd>{c.kind === 'expert' ? c.qualification : c.reference}</dd>
      <dt>{t('supply.confirmationDate')}</dt>
      <dd>{formatDate(c.date, i18n.language)}</dd>
    </dl>
  );
}

/** Records who confirmed the answers (an expert for ★3, a third-party evaluator for ★4). */
export function ConfirmationForm({ assessment, onSaved }: { assessment: SupplyAssessment; onSaved: (a: SupplyAssessment) => void }) {
  const { t } = useTranslation();
  const kind = confirmationKind(assessment.level);
  const c = assessment.confirmation;
  const [name, setName] = useState(c?.kind === 'expert' ? c.name : c?.kind === 'third-party' ? c.evaluator : '');
  const [org, setOrg] = useState(c?.kind === 'expert' ? c.organization : '');
  const [detail, setDetail] = useState(c?.kind === 'expert' ? c.qualification : c?.kind === 'third-party' ? c.reference : '');
  const [date, setDate] = useState(c?.date ?? todayUtc());
  const { busy, error, run } = useAction();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const body: Confirmation =
      kind === 'expert'
        ? { kind, name: name.trim(), organization: org.trim(), qualification: detail.trim(), date }
        : { kind, evaluator: name.trim(), reference: detail.trim(), date };
    void run(async () => onSaved(await put<SupplyAssessment>(`/supply/assessments/${seg(assessment.id)}/confirmation`, body)));
  };

  return (
    <section className="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{kind === 'expert' ? t('supply.confirmExpertTitle') : t('supply.confirmThirdPartyTitle')}</h2>
      <p className="muted">{kind === 'expert' ? t('supply.confirmExpertLead') : t('supply.confirmThirdPartyLead')}</p>
      {c && <ConfirmationFacts c={c} />}
      <form className="form" onSubmit={save} data-testid="confirmation-form">
        <div className="form-grid">
          <Field label={kind === 'expert' ? t('supply.expertName') : t('supply.evaluator')}>
            {(id) => <input id={id} type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="confirmation-name" />}
          </Field>
          {kind === 'expert' && (
            <Field label={t('supply.expertOrganization')}>
              {(id) => <input id={id} type="text" required maxLength={200} value={org} onChange={(e) => setOrg(e.target.value)} data-testid="confirmation-organization" />}
            </Field>
          )}
          <Field label={kind === 'expert' ? t('supply.qualification') : t('supply.reference')}>
            {(id) => <input id={id} type="text" required maxLength={200} value={detail} onChange={(e) => setDetail(e.target.value)} data-testid="confirmation-detail" />}
          </Field>
          <Field label={t('supply.confirmationDate')}>
            {(id) => <input id={id} type="date" required max={todayUtc()} value={date} onChange={(e) => setDate(e.target.value)} data-testid="confirmation-date" />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={busy} data-testid="confirmation-save">
            {t('supply.saveConfirmation')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}
