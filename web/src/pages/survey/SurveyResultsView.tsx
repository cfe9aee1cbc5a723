import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Questionnaire, SurveyResults } from '../../api/posture-types';
import { BarChart } from '../../components/charts/BarChart';
import { ErrorBox, Loading } from '../../components/Status';
import { pick } from '../../lib/posture-questions';
import { answerShares, reasonsIn, resultRows, resultsCsvUrl, type Cell } from '../../lib/posture-survey';
import { useApi } from '../../lib/useApi';

function CellText({ cell, minimum }: { cell: Cell; minimum: number }) {
  const { t } = useTranslation();
  if (cell.kind === 'value') return <>{cell.value.toFixed(1)}</>;
  return (
    <span className="withheld" title={t(`survey.reason.${cell.reason}`, { minimum })} data-testid="withheld">
      {cell.reason === 'complementary' ? t('survey.withheldMark2') : t('survey.withheldMark1')}
    </span>
  );
}

/**
 * A survey's results by sector or size: figures only where at least `minimum` organizations
 * stand behind them, withheld cells marked and explained, charts and a CSV download.
 */
export function SurveyResultsView({ surveyId, questionnaire }: { surveyId: string; questionnaire: Questionnaire | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [by, setBy] = useState<'sector' | 'size'>('sector');
  const res = useApi<SurveyResults>(`/surveys/${encodeURIComponent(surveyId)}/results?by=${by}`);
  const r = res.data;
  const rows = r ? resultRows(r) : null;
  const groupLabel = (key: string) => (by === 'sector' ? t(`sector.${key}`, { defaultValue: key }) : t(`posture.sizes.${key}`, { defaultValue: key }));
  const reasons = rows ? reasonsIn([rows.overall, ...rows.groups]) : [];

  return (
    <section className="card" aria-labelledby="results-title" data-testid="survey-results">
      <div className="card-head">
        <h2 id="results-title">{t('survey.resultsTitle')}</h2>
        <div className="row-actions">
          <label className="field-inline">
            <span>{t('survey.by')}</span>
            <select value={by} onChange={(e) => setBy(e.target.value === 'size' ? 'size' : 'sector')} data-testid="results-by">
              <option value="sector">{t('survey.bySector')}</option>
              <option value="size">{t('survey.bySize')}</option>
            </select>
          </label>
          <a className="btn btn-small" href={resultsCsvUrl(surveyId, by, lang)} download data-testid="results-csv">
            {t('survey.csv')}
          </a>
        </div>
      </div>
      <ErrorBox error={res.error} />
      {res.loading && !r && <Loading />}
      {r && rows && (
        <>
          <p className="muted">{t('survey.minimumNote', { minimum: r.minimum, count: r.responses })}</p>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="results-table">
              <thead>
                <tr>
                  <th scope="col">{by === 'sector' ? t('survey.sector') : t('survey.size')}</th>
                  <th scope="col">{t('survey.orgs')}</th>
                  <th scope="col">{t('survey.score')}</th>
                  {r.categories.map((c) => (
                    <th key={c.id} scope="col">
                      {pick(c.title, lang)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[rows.overall, ...rows.groups].map((row, i) => (
                  <tr key={row.key} className={i === 0 ? 'row-total' : undefined} data-testid="results-row" data-key={row.key}>
                    <th scope="row">{i === 0 ? t('survey.overall') : groupLabel(row.key)}</th>
                    <td className="num">{row.organizations}</td>
                    <td className="num">
                      <CellText cell={row.score} minimum={r.minimum} />
                    </td>
                    {row.byCategory.map((c, j) => (
                      <td key={j} className="num">
                        <CellText cell={c} minimum={r.minimum} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {reasons.length > 0 && (
            <ul className="notes" data-testid="suppression-notes">
              {reasons.map((reason) => (
                <li key={reason}>
                  {reason === 'complementary' ? t('survey.withheldMark2') : t('survey.withheldMark1')} {t(`survey.reason.${reason}`, { minimum: r.minimum })}
                </li>
              ))}
            </ul>
          )}
          <div className="chart-pair">
            <BarChart
              bars={rows.groups.map((g) => ({ label: groupLabel(g.key), value: g.score.kind === 'value' ? g.score.value : null }))}
              title={t('survey.chartGroups')}
              suppressedText={t('survey.withheldShort')}
              testId="results-chart"
            />
            {rows.overall.score.kind === 'value' && (
              <BarChart
                bars={r.categories.map((c, j) => {
                  const cell = rows.overall.byCategory[j]!;
                  return { label: pick(c.title, lang), value: cell.kind === 'value' ? cell.value : null };
                })}
                title={t('survey.chartCategories')}
                suppressedText={t('survey.withheldShort')}
              />
            )}
          </div>
          {questionnaire && r.overall.answers && (
            <details className="answer-dist">
              <summary>{t('survey.answerCounts')}</summary>
              <div className="table-wrap">
                <table className="table table-compact" data-testid="answer-counts">
                  <tbody>
                    {questionnaire.questions.map((q) => {
                      const scale = questionnaire.scales[q.scale] ?? [];
                      const shares = answerShares(r.overall.answers?.[q.id], scale.map((o) => o.value));
                      if (!shares) return null;
                      return (
                        <tr key={q.id}>
                          <th scope="row">{pick(q.text, lang)}</th>
                          <td>
                            {shares
                              .filter((s) => s.count > 0)
                              .map((s) => `${pick(scale.find((o) => o.value === s.value)?.label, lang) || s.value} ${s.count} (${s.percent}%)`)
                              .join(' · ')}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}
