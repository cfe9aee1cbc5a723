import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, put, seg } from '../../api/client';
import type { Assessment, Benchmark, Questionnaire, ScoreResult } from '../../api/posture-types';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { benchmarkReference } from '../../lib/posture-benchmark';
import { pick, progressOf } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link, navigate, useTitle } from '../../lib/router';
import { useAction, useApi } from '../../lib/useApi';
import { QuestionStepper } from './QuestionStepper';
import { ResultView, ScoreBadge } from './ResultView';

function isFull(r: Assessment['result']): r is ScoreResult {
  return 'byCategory' in r && 'gaps' in r;
}

/** Take or continue a self-assessment question by question; once submitted, its result. */
export function AssessmentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const loaded = useApi<Assessment>(`/posture/assessments/${seg(id)}`);
  const [a, setA] = useState<Assessment | null>(null);
  useEffect(() => setA(loaded.data), [loaded.data]);
  const qPath = a ? `/questionnaires/${seg(a.questionnaire.id)}?version=${a.questionnaire.version}` : null;
  const q = useApi<Questionnaire>(qPath);
  const submitted = a?.status === 'submitted';
  const bench = useApi<Benchmark>(submitted ? `/posture/benchmark?questionnaire=${seg(a!.questionnaire.id)}` : null);
  const overview = useApi<{ can_edit: boolean; organization: { sector: string } }>('/posture');
  const canEdit = overview.data?.can_edit ?? false;
  const answering = useAction();
  const submitting = useAction();
  useTitle(a ? pick(a.questionnaire.title, lang) : t('posture.title'));

  const questions = useMemo(() => q.data?.questions ?? [], [q.data]);
  const progress = progressOf(questions, a?.answers ?? {});
  const answer = async (questionId: string, value: string) => {
    const next = await answering.run(() => put<Assessment>(`/posture/assessments/${seg(id)}/answers`, { answers: { [questionId]: value } }));
    if (next) setA(next);
    return !!next;
  };
  const submit = () =>
    void submitting.run(async () => {
      setA(await post<Assessment>(`/posture/assessments/${seg(id)}/submit`));
      window.scrollTo(0, 0);
    });
  const discard = () => {
    if (!window.confirm(t('posture.confirmDiscard'))) return;
    void submitting.run(async () => {
      await del(`/posture/assessments/${seg(id)}`);
      navigate(posturePaths.posture);
    });
  };
  const sector = overview.data ? t(`sector.${overview.data.organization.sector}`, { defaultValue: overview.data.organization.sector }) : '';
  const reference = bench.data ? benchmarkReference(bench.data, t('posture.sectorAverage', { sector })) : null;

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{a ? pick(a.questionnaire.title, lang) : t('posture.title')}</h1>
          {a && (
            <p className="muted">
              {t(`posture.status.${a.status}`, { defaultValue: a.status })}
              {a.submitted_at ? ` · ${formatDate(a.submitted_at, lang)} · ${a.submitted_by ?? ''}` : ` · ${t('posture.startedBy', { who: a.created_by })}`}
            </p>
          )}
        </div>
        <Link to={posturePaths.posture} className="btn btn-quiet">
          {t('posture.back')}
        </Link>
      </div>
      <ErrorBox error={loaded.error ?? q.error} />
      {(loaded.loading || q.loading) && !(a && q.data) && <Loading />}
      {a && q.data && !submitted && (
        <>
          {q.data.description && <p className="lead-text">{pick(q.data.description, lang)}</p>}
          <QuestionStepper questionnaire={q.data} questions={questions} answers={a.answers ?? {}} onAnswer={answer} busy={answering.busy} readOnly={!canEdit} />
          <ErrorBox error={answering.error} />
          <section className="card" aria-labelledby="finish-title">
            <h2 id="finish-title">{t('posture.finishTitle')}</h2>
            <p data-testid="submit-progress">{t('posture.answeredOf', { n: progress.answered, total: progress.total })}</p>
            <p className="muted">
              {t('posture.scoreSoFar')} <ScoreBadge score={a.result.score} band={pick(a.result.band.label, lang)} testId="draft-score" />
            </p>
            {canEdit && (
              <div className="row-actions">
                <button type="button" className="btn btn-primary" onClick={submit} disabled={submitting.busy || !progress.complete} data-testid="assessment-submit">
                  {t('posture.submit')}
                </button>
                <button type="button" className="btn btn-quiet" onClick={discard} disabled={submitting.busy}>
                  {t('posture.discard')}
                </button>
              </div>
            )}
            {!progress.complete && <p className="hint">{t('posture.submitWhenComplete')}</p>}
            <ErrorBox error={submitting.error} />
          </section>
        </>
      )}
      {a && q.data && submitted && isFull(a.result) && <ResultView questionnaire={q.data} result={a.result} reference={reference} />}
    </div>
  );
}
