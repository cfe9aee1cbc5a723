import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client';
import type { Assessment, PostureOverview, QuestionnaireRef, Trend } from '../../api/posture-types';
import { TrendChart } from '../../components/charts/TrendChart';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { pick } from '../../lib/posture-questions';
import { posturePaths } from '../../lib/posture-routes';
import { Link, navigate } from '../../lib/router';
import { useAction, useApi } from '../../lib/useApi';
import { ScoreBadge } from './ResultView';

/** Self-assessments offered to an organization (the supply-chain one lives on the supply pages). */
const OWN_KINDS: QuestionnaireRef['kind'][] = ['self-check', 'maturity'];

/** Latest scores with their change, start or continue an assessment, the trend, and the history. */
export function AssessmentsSection({ overview }: { overview: PostureOverview }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const questionnaires = useApi<{ questionnaires: QuestionnaireRef[] }>('/questionnaires');
  const list = useApi<{ assessments: Assessment[] }>('/posture/assessments');
  const own = (questionnaires.data?.questionnaires ?? []).filter((q) => OWN_KINDS.includes(q.kind));
  const [trendOf, setTrendOf] = useState<string>(overview.latest[0]?.questionnaire.id ?? 'sme-self-check');
  const trend = useApi<Trend>(`/posture/trend?questionnaire=${encodeURIComponent(trendOf)}`);
  const { busy, error, run } = useAction();

  const start = (q: QuestionnaireRef) =>
    void run(async () => {
      try {
        const a = await post<Assessment>('/posture/assessments', { questionnaire: q.id });
        navigate(posturePaths.assessment(a.id));
      } catch (e) {
        // a draft exists already: continue it rather than failing
        const draft = overview.drafts.find((d) => d.questionnaire === q.id);
        if (e instanceof ApiError && e.status === 409 && draft) navigate(posturePaths.assessment(draft.id));
        else throw e;
      }
    });

  return (
    <section className="card" aria-labelledby="assessments-title" data-testid="posture-assessments">
      <h2 id="assessments-title">{t('posture.assessmentsTitle')}</h2>
      <ErrorBox error={questionnaires.error} />
      <div className="q-cards">
        {own.map((q) => {
          const latest = overview.latest.find((l) => l.questionnaire.id === q.id);
          const draft = overview.drafts.find((d) => d.questionnaire === q.id);
          const change = latest && latest.previous_score !== null ? latest.score - latest.previous_score : null;
          return (
            <div key={q.id} className="q-card" data-testid="questionnaire-card" data-questionnaire={q.id}>
              <h3>{pick(q.title, lang)}</h3>
              {latest ? (
                <>
                  <ScoreBadge score={latest.score} band={pick(latest.band.label, lang)} testId="latest-score" />
                  <p className="muted small">
                    {formatDate(latest.submitted_at, lang)}
                    {change !== null && ` · ${t('posture.change', { change: `${change >= 0 ? '+' : ''}${change.toFixed(1)}` })}`}
                  </p>
                </>
              ) : (
                <p className="muted">{t('posture.notTaken')}</p>
              )}
              <div className="row-actions">
                {draft ? (
                  <Link to={posturePaths.assessment(draft.id)} className="btn btn-primary btn-small" data-testid="assessment-continue">
                    {t('posture.continue')}
                  </Link>
                ) : (
                  overview.can_edit && (
                    <button type="button" className="btn btn-primary btn-small" onClick={() => start(q)} disabled={busy} data-testid="assessment-start">
                      {latest ? t('posture.takeAgain') : t('posture.take')}
                    </button>
                  )
                )}
                {latest && (
                  <Link to={posturePaths.assessment(latest.assessment_id)} className="btn btn-small btn-quiet">
                    {t('posture.viewResult')}
                  </Link>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <ErrorBox error={error} />

      <div className="card-head">
        <h3>{t('posture.trendTitle')}</h3>
        {own.length > 1 && (
          <select value={trendOf} onChange={(e) => setTrendOf(e.target.value)} aria-label={t('posture.trendOf')} data-testid="trend-questionnaire">
            {own.map((q) => (
              <option key={q.id} value={q.id}>
                {pick(q.title, lang)}
              </option>
            ))}
          </select>
        )}
      </div>
      <ErrorBox error={trend.error} />
      {trend.data &&
        (trend.data.points.length === 0 ? (
          <p className="muted">{t('posture.noTrend')}</p>
        ) : (
          <>
            <TrendChart points={trend.data.points.map((p) => ({ at: p.submitted_at, score: p.score }))} title={t('posture.trendTitle')} lang={lang} testId="trend-chart" />
            {trend.data.change !== null && <p className="hint">{t('posture.change', { change: `${trend.data.change >= 0 ? '+' : ''}${trend.data.change.toFixed(1)}` })}</p>}
          </>
        ))}

      <h3>{t('posture.history')}</h3>
      <ErrorBox error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data &&
        (list.data.assessments.length === 0 ? (
          <p className="muted">{t('posture.noAssessments')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact" data-testid="assessment-list">
              <thead>
                <tr>
                  <th scope="col">{t('posture.questionnaire')}</th>
                  <th scope="col">{t('posture.statusLabel')}</th>
                  <th scope="col">{t('posture.score')}</th>
                  <th scope="col">{t('posture.date')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.assessments.map((a) => (
                  <tr key={a.id}>
                    <td className="col-name">{pick(a.questionnaire.title, lang)}</td>
                    <td>{t(`posture.status.${a.status}`, { defaultValue: a.status })}</td>
                    <td className="num">{a.status === 'submitted' ? `${a.result.score.toFixed(1)} · ${pick(a.result.band.label, lang)}` : '—'}</td>
                    <td>{formatDate(a.submitted_at ?? a.updated_at, lang)}</td>
                    <td className="actions">
                      <Link to={posturePaths.assessment(a.id)} className="btn btn-small">
                        {a.status === 'draft' ? t('posture.continue') : t('posture.open')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
