import { useTranslation } from 'react-i18next';
import type { Questionnaire, ScoreResult } from '../../api/posture-types';
import { RadarChart, type RadarSeries } from '../../components/charts/RadarChart';
import { scoreTone } from '../../lib/charts';
import type { Reference } from '../../lib/posture-benchmark';
import { categoryTitle, pick } from '../../lib/posture-questions';

/** A score on 0–100 with its band, coloured the same everywhere. */
export function ScoreBadge({ score, band, testId = 'score' }: { score: number; band?: string; testId?: string }) {
  return (
    <span className={`score score-${scoreTone(score)}`}>
      <span className="score-value" data-testid={testId}>
        {score.toFixed(1)}
      </span>
      <span className="score-max">/100</span>
      {band && (
        <span className="score-band" data-testid="band">
          {band}
        </span>
      )}
    </span>
  );
}

/**
 * The result of an assessment: score and band, scores by category as a radar (against the
 * sector average when the hub may show one) and a table, and the to-do list of the weakest answers.
 */
export function ResultView({ questionnaire, result, reference, draft }: { questionnaire: Questionnaire; result: ScoreResult; reference?: Reference | null; draft?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const axes = result.byCategory.map((c) => ({ id: c.category, label: categoryTitle(questionnaire, c.category, lang) }));
  const series: RadarSeries[] = [{ name: t('posture.ourScore'), values: result.byCategory.map((c) => c.score), tone: 'own' }];
  const ref = reference?.byCategory ?? null;
  if (ref) series.push({ name: reference!.label, values: result.byCategory.map((c) => ref[c.category] ?? null), tone: 'ref' });
  const question = (id: string) => questionnaire.questions.find((q) => q.id === id);
  const answerLabel = (qid: string, value: string | null) => {
    if (value === null) return t('posture.unanswered');
    const q = question(qid);
    const o = q && questionnaire.scales[q.scale]?.find((x) => x.value === value);
    return o ? pick(o.label, lang) : value;
  };

  return (
    <div className="result" data-testid="result">
      <section className="card result-head" aria-labelledby="result-title">
        <h2 id="result-title">{draft ? t('posture.resultSoFar') : t('posture.result')}</h2>
        <ScoreBadge score={result.score} band={pick(result.band.label, lang)} />
        {result.unanswered.length > 0 && <p className="hint">{t('posture.unansweredCount', { count: result.unanswered.length })}</p>}
      </section>
      <section className="card" aria-labelledby="by-category-title">
        <h2 id="by-category-title">{t('posture.byCategory')}</h2>
        <div className="result-grid">
          {axes.length >= 3 ? (
            <RadarChart axes={axes} series={series} title={t('posture.radarTitle')} testId="radar" />
          ) : (
            <p className="muted">{t('posture.radarNeedsThree')}</p>
          )}
          <div className="table-wrap">
            <table className="table table-compact" data-testid="category-table">
              <thead>
                <tr>
                  <th scope="col">{t('posture.category')}</th>
                  <th scope="col">{t('posture.ourScore')}</th>
                  {ref && <th scope="col">{reference!.label}</th>}
                  <th scope="col">{t('posture.answered')}</th>
                </tr>
              </thead>
              <tbody>
                {result.byCategory.map((c) => (
                  <tr key={c.category}>
                    <td>{categoryTitle(questionnaire, c.category, lang)}</td>
                    <td className="num">{c.score.toFixed(1)}</td>
                    {ref && <td className="num">{ref[c.category] === undefined ? '—' : ref[c.category]!.toFixed(1)}</td>}
                    <td className="num">
                      {c.answered}/{c.total}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        {reference && !ref && (
          <p className="hint" data-testid="sector-note">
            {t('posture.sectorWithheld', { minimum: reference.minimum, count: reference.organizations })}
          </p>
        )}
        {reference && ref && (
          <p className="hint" data-testid="sector-note">
            {t('posture.sectorOver', { count: reference.organizations })}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="todo-title">
        <h2 id="todo-title">{t('posture.todo')}</h2>
        {result.gaps.length === 0 ? (
          <p className="muted">{t('posture.noGaps')}</p>
        ) : (
          <ol className="todo-list" data-testid="todo-list">
            {result.gaps.map((g) => (
              <li key={g.questionId} className="todo-item" data-testid="todo-item">
                <div className="todo-head">
                  <strong>{pick(question(g.questionId)?.text, lang) || g.questionId}</strong>
                  <span className="chip chip-warn">{t('posture.lost', { points: g.lost.toFixed(1) })}</span>
                </div>
                <p className="muted">
                  {categoryTitle(questionnaire, g.category, lang)} · {t('posture.yourAnswer')}: {answerLabel(g.questionId, g.answer)}
                </p>
                <p>{pick(g.guidance, lang)}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
