import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, put, seg } from '../../api/client';
import type { Questionnaire, ScoreResult, SupplyAssessment } from '../../api/posture-types';
import { ErrorBox, Loading } from '../../components/Status';
import { PUBLISHING_ROLES } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { pick, progressOf, questionsFor } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { QuestionStepper } from '../posture/QuestionStepper';
import { ResultView, ScoreBadge } from '../posture/ResultView';
import { ConfirmationFacts, ConfirmationForm } from './ConfirmationForm';
import { EvidencePanel } from './EvidencePanel';
import { SharingPanel } from './SharingPanel';
import { LevelLabel } from './SupplyTabs';

/** A full ScoreResult when the answer carries one (drafts and shared views do; lists do not). */
function fullResult(a: SupplyAssessment): ScoreResult | null {
  const r = a.result;
  return r && r.byCategory && r.band && r.gaps && r.unanswered ? (r as ScoreResult) : null;
}

/**
 * One supplier assessment. The supplier answers a draft question by question, attaches
 * evidence, records the confirmation and submits; once submitted it chooses who sees it.
 * A buyer it is shared with sees the result, confirmation and evidence, read-only.
 */
export function SupplyAssessmentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { me } = useSession();
  const loaded = useApi<SupplyAssessment>(`/supply/assessments/${seg(id)}`);
  const q = useApi<Questionnaire>('/supply/questionnaire');
  const [assessment, setAssessment] = useState<SupplyAssessment | null>(null);
  const { busy, error, run } = useAction();
  const submitting = useAction();
  useEffect(() => setAssessment(loaded.data), [loaded.data]);
  useTitle(t('supply.assessmentTitle'));

  const a = assessment;
  const isSupplier = !!a && a.supplier.slug === me.organization.slug;
  const canWrite = isSupplier && PUBLISHING_ROLES.includes(me.role);
  const editable = canWrite && a?.status === 'draft';
  const questions = useMemo(() => (q.data && a ? questionsFor(q.data, a.level) : []), [q.data, a]);
  const result = a ? fullResult(a) : null;

  const answer = async (questionId: string, value: string) => {
    const next = await run(() => put<SupplyAssessment>(`/supply/assessments/${seg(id)}/answers`, { answers: { [questionId]: value } }));
    if (next) setAssessment(next);
    return !!next;
  };
  const progress = progressOf(questions, a?.answers ?? {});
  const submit = () =>
    void submitting.run(async () => {
      setAssessment(await post<SupplyAssessment>(`/supply/assessments/${seg(id)}/submit`));
      window.scrollTo(0, 0);
    });

  const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('supply.assessmentTitle')}</h1>
          {a && (
            <p className="muted">
              {a.supplier.name} · <LevelLabel level={a.level} /> · {t(`supply.assessmentStatus.${a.status}`, { defaultValue: a.status })}
              {a.submitted_at && ` · ${t('supply.submittedOn', { date: formatDate(a.submitted_at, lang) })}`}
            </p>
          )}
        </div>
        <Link to={isSupplier || !a ? posturePaths.supplyInbox : posturePaths.supply} className="btn btn-quiet">
          {t('supply.back')}
        </Link>
      </div>
      {notFound ? <ErrorBox error={loaded.error} title={t('supply.notVisible')} /> : <ErrorBox error={loaded.error ?? q.error} />}
      {(loaded.loading || q.loading) && !a && <Loading />}
      {a && q.data && (
        <>
          {a.status === 'submitted' && (
            <section className="card" aria-labelledby="status-title" data-testid="assessment-status">
              <h2 id="status-title">{t('supply.levelReached')}</h2>
              <p className="level-line">
                <LevelLabel level={a.level_reached} />
                {a.result && <ScoreBadge score={a.result.score} band={a.result.band ? pick(a.result.band.label, lang) : undefined} />}
              </p>
              <p className={a.expired ? 'status status-off' : 'muted'}>
                {a.expired ? t('supply.expiredOn', { date: formatDate(a.expires_at, lang) }) : t('supply.validUntil', { date: formatDate(a.expires_at, lang) })}
              </p>
              {a.confirmation && <ConfirmationFacts c={a.confirmation} />}
            </section>
          )}
          {a.status === 'submitted' && isSupplier && <SharingPanel assessmentId={a.id} canWrite={canWrite} />}
          {editable && (
            <>
              <QuestionStepper questionnaire={q.data} questions={questions} answers={a.answers ?? {}} onAnswer={answer} busy={busy} />
              <ErrorBox error={error} />
            </>
          )}
          {result && <ResultView questionnaire={q.data} result={result} draft={a.status === 'draft'} />}
          {a.evidence && <EvidencePanel assessmentId={a.id} evidence={a.evidence} questions={questions} editable={!!editable} onChanged={loaded.reload} />}
          {editable && <ConfirmationForm assessment={a} onSaved={setAssessment} />}
          {editable && (
            <section className="card" aria-labelledby="submit-title">
              <h2 id="submit-title">{t('supply.submitTitle')}</h2>
              <p className="muted">{t('supply.submitLead')}</p>
              <p data-testid="submit-progress">{t('posture.answeredOf', { n: progress.answered, total: progress.total })}</p>
              <button type="button" className="btn btn-primary" onClick={submit} disabled={busy || submitting.busy} data-testid="supply-submit">
                {t('supply.submit')}
              </button>
              <ErrorBox error={submitting.error} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
