import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, put, seg } from '../../api/client';
import type { Questionnaire, Survey } from '../../api/posture-types';
import { ErrorBox, Loading, Notice } from '../../components/Status';
import { PUBLISHING_ROLES } from '../../lib/enums';
import { formatDate } from '../../lib/format';
import { pick, progressOf } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link, useTitle } from '../../lib/router';
import { useSession } from '../../lib/session';
import { useAction, useApi } from '../../lib/useApi';
import { QuestionStepper } from '../posture/QuestionStepper';
import { ScoreBadge } from '../posture/ResultView';
import { SurveyResultsView } from './SurveyResultsView';

/** One survey: members answer it question by question; results once it is closed (operators too). */
export function SurveyPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { me } = useSession();
  const operator = me.role === 'operator';
  const loaded = useApi<Survey>(`/surveys/${seg(id)}`);
  const [s, setS] = useState<Survey | null>(null);
  useEffect(() => setS(loaded.data), [loaded.data]);
  const q = useApi<Questionnaire>(s ? `/questionnaires/${seg(s.questionnaire.id)}?version=${s.questionnaire.version}` : null);
  const answering = useAction();
  const acting = useAction();
  useTitle(s ? pick(s.title, lang) : t('survey.title'));

  const canAnswer = !operator && PUBLISHING_ROLES.includes(me.role) && s?.status === 'open' && s.response?.status !== 'submitted';
  const answers = s?.response?.answers ?? {};
  const progress = progressOf(q.data?.questions ?? [], answers);
  const showResults = !!s && s.status === 'closed';

  const answer = async (questionId: string, value: string) => {
    const next = await answering.run(() => put<Survey>(`/surveys/${seg(id)}/response`, { answers: { [questionId]: value } }));
    if (next) setS(next);
    return !!next;
  };
  const submit = () => void acting.run(async () => setS(await post<Survey>(`/surveys/${seg(id)}/response/submit`)));
  const operatorAct = (what: 'send' | 'close') =>
    void acting.run(async () => {
      if (!window.confirm(what === 'send' ? t('survey.confirmSend') : t('survey.confirmClose'))) return;
      setS(await post<Survey>(`/surveys/${seg(id)}/${what}`));
    });

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{s ? pick(s.title, lang) : t('survey.title')}</h1>
          {s && (
            <p className="muted">
              {pick(s.questionnaire.title, lang)} · {t(`survey.statuses.${s.status}`, { defaultValue: s.status })} · {t('survey.closesOnDate', { date: formatDate(s.closes_on, lang) })}
              {operator && s.status !== 'draft' && ` · ${t('survey.responsesOf', { n: s.responses, total: s.targets })}`}
            </p>
          )}
        </div>
        <Link to={posturePaths.surveys} className="btn btn-quiet">
          {t('survey.back')}
        </Link>
      </div>
      <ErrorBox error={loaded.error ?? q.error} />
      <ErrorBox error={acting.error} />
      {loaded.loading && !s && <Loading />}
      {s && (
        <>
          {s.message && <p className="lead-text">{pick(s.message, lang)}</p>}
          {operator && (
            <div className="row-actions">
              {s.status === 'draft' && (
                <button type="button" className="btn btn-primary" onClick={() => operatorAct('send')} disabled={acting.busy} data-testid="survey-send">
                  {t('survey.send')}
                </button>
              )}
              {s.status === 'open' && (
                <button type="button" className="btn" onClick={() => operatorAct('close')} disabled={acting.busy} data-testid="survey-close">
                  {t('survey.close')}
                </button>
              )}
            </div>
          )}
          {s.response?.status === 'submitted' && (
            <Notice>
              {t('survey.submittedNotice', { date: formatDate(s.response.submitted_at, lang) })}{' '}
              {s.response.result && <ScoreBadge score={s.response.result.score} band={pick(s.response.result.band.label, lang)} testId="survey-own-score" />}
            </Notice>
          )}
          {canAnswer && q.data && (
            <>
              <QuestionStepper questionnaire={q.data} questions={q.data.questions} answers={answers} onAnswer={answer} busy={answering.busy} />
              <ErrorBox error={answering.error} />
              <section className="card" aria-labelledby="survey-submit-title">
                <h2 id="survey-submit-title">{t('survey.submitTitle')}</h2>
                <p>{t('posture.answeredOf', { n: progress.answered, total: progress.total })}</p>
                <p className="muted">{t('survey.submitLead')}</p>
                <button type="button" className="btn btn-primary" onClick={submit} disabled={acting.busy || !progress.complete} data-testid="survey-submit">
                  {t('survey.submit')}
                </button>
              </section>
            </>
          )}
          {s.status === 'open' && <p className="hint">{t('survey.resultsAfterClose')}</p>}
          {showResults && <SurveyResultsView surveyId={s.id} questionnaire={q.data} />}
        </>
      )}
    </div>
  );
}
