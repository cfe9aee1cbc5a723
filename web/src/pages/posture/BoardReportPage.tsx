import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../api/client';
import type { BoardReportData } from '../../api/posture-types';
import { RadarChart } from '../../components/charts/RadarChart';
import { TrendChart } from '../../components/charts/TrendChart';
import { TlpLabel } from '../../components/TlpLabel';
import { ErrorBox, Loading } from '../../components/Status';
import { formatDate } from '../../lib/format';
import { boardReportUrls, reportLang } from '../../lib/posture-board';
import { pick } from '../../lib/posture-questions';
import { Link, navigate, useLocation, useTitle } from '../../lib/router';
import { ScoreBadge } from './ResultView';

/**
 * The board report: what the organization's executives receive each month, in the portal.
 * The report's language is chosen here (it need not be the portal's); the content view is
 * drawn from the report's data, the document view is the hub's own HTML (the one that is
 * emailed and printed to PDF), shown in a sandboxed frame.
 */
export function BoardReportPage() {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const lang = reportLang(params.get('lang'), i18n.language);
  const view = params.get('view') === 'document' ? 'document' : 'summary';
  const rt = i18n.getFixedT(lang);
  useTitle(t('board.title'));
  const urls = boardReportUrls(lang);
  const [data, setData] = useState<{ lang: string; report: BoardReportData } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useBoardData(urls.data, lang, setData, setError);
  const report = data?.lang === lang ? data.report : null;
  const go = (next: { lang?: string; view?: string }) => {
    const q = new URLSearchParams({ lang: next.lang ?? lang });
    if ((next.view ?? view) === 'document') q.set('view', 'document');
    navigate(`/board-report?${q.toString()}`, { replace: true });
  };

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 data-testid="page-title">{t('board.title')}</h1>
          <p className="muted">{t('board.lead')}</p>
        </div>
        <div className="row-actions board-actions">
          <label className="field-inline">
            <span>{t('board.language')}</span>
            <select value={lang} onChange={(e) => go({ lang: e.target.value })} data-testid="board-lang">
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </label>
          <a className="btn btn-primary" href={urls.pdf} download data-testid="board-pdf">
            {t('board.pdf')}
          </a>
          <a className="btn" href={urls.html} target="_blank" rel="noopener noreferrer" data-testid="board-html">
            {t('board.openHtml')}
          </a>
        </div>
      </div>
      <nav className="tabs" aria-label={t('board.title')}>
        <Link to={`/board-report?lang=${lang}`} className={view === 'summary' ? 'tab active' : 'tab'} aria-current={view === 'summary' ? 'page' : undefined} data-testid="board-view-summary">
          {t('board.viewSummary')}
        </Link>
        <Link to={`/board-report?lang=${lang}&view=document`} className={view === 'document' ? 'tab active' : 'tab'} aria-current={view === 'document' ? 'page' : undefined} data-testid="board-view-document">
          {t('board.viewDocument')}
        </Link>
      </nav>
      {view === 'document' ? (
        <iframe className="board-frame" src={urls.html} sandbox="" title={t('board.documentTitle')} data-testid="board-frame" />
      ) : (
        <>
          <ErrorBox error={error} />
          {!report && !error && <Loading />}
          {report && <BoardSummary report={report} t={rt} />}
        </>
      )}
    </div>
  );
}

function useBoardData(path: string, lang: string, set: (d: { lang: string; report: BoardReportData }) => void, setError: (e: ApiError | null) => void) {
  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    get<BoardReportData>(path, ctl.signal)
      .then((report) => set({ lang, report }))
      .catch((e: unknown) => {
        if (!ctl.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'Error', String(e)));
      });
    return () => ctl.abort();
  }, [path, lang, set, setError]);
}

/** The report's content, in the report's language (`t`, bound to it), whatever the portal speaks. */
function BoardSummary({ report, t }: { report: BoardReportData; t: TFunction }) {
  const lang = report.lang;
  const radar = report.radar;
  return (
    <article className="board" lang={lang} data-testid="board-report">
      <header className="card board-head">
        <h2 data-testid="board-heading">{t('board.reportHeading', { org: report.organization.name, month: report.month })}</h2>
        <p className="muted">
          {t(`sector.${report.organization.sector}`, { defaultValue: report.organization.sector })} · {t('board.generated', { date: formatDate(report.generated_at, lang) })}
        </p>
        <p>
          {report.declaration
            ? t('board.declared', { date: formatDate(report.declaration.signed_on, lang), name: report.declaration.signer.name, title: report.declaration.signer.title })
            : t('board.notDeclared')}
        </p>
      </header>
      <section className="card" aria-labelledby="board-posture">
        <h2 id="board-posture">{t('board.postureTitle')}</h2>
        {report.posture.length === 0 ? (
          <p className="muted">{t('board.noPosture')}</p>
        ) : (
          <div className="q-cards">
            {report.posture.map((p) => (
              <div key={p.questionnaire.id} className="q-card" data-testid="board-posture">
                <h3>{pick(p.questionnaire.title, lang)}</h3>
                <ScoreBadge score={p.score} band={pick(p.band.label, lang)} testId="board-score" />
                <p className="muted small">
                  {formatDate(p.submitted_at, lang)}
                  {p.change !== null && ` · ${t('posture.change', { change: `${p.change >= 0 ? '+' : ''}${p.change.toFixed(1)}` })}`}
                </p>
                {p.trend.length > 1 && <TrendChart points={p.trend.map((x) => ({ at: x.submitted_at, score: x.score }))} title={t('posture.trendTitle')} lang={lang} />}
              </div>
            ))}
          </div>
        )}
      </section>
      {radar && (
        <section className="card" aria-labelledby="board-radar">
          <h2 id="board-radar">{t('board.radarTitle')}</h2>
          {radar.own && radar.categories.length >= 3 ? (
            <RadarChart
              axes={radar.categories.map((c) => ({ id: c.id, label: pick(c.title, lang) }))}
              series={[
                { name: t('posture.ourScore'), values: radar.own, tone: 'own' },
                ...(radar.shown && radar.average ? [{ name: t('board.sectorAverage'), values: radar.average, tone: 'ref' as const }] : []),
              ]}
              title={t('board.radarTitle')}
              testId="board-radar"
            />
          ) : (
            <p className="muted">{t('board.noMaturity')}</p>
          )}
          <p className="hint" data-testid="board-sector-note">
            {radar.shown ? t('posture.sectorOver', { count: radar.organizations }) : t('posture.sectorWithheld', { minimum: radar.minimum, count: radar.organizations })}
          </p>
        </section>
      )}
      <section className="card" aria-labelledby="board-gaps">
        <h2 id="board-gaps">{t('board.gapsTitle')}</h2>
        {report.gaps.length === 0 ? (
          <p className="muted">{t('posture.noTodo')}</p>
        ) : (
          <ol className="todo-list">
            {report.gaps.map((g) => (
              <li key={`${g.assessment_id}-${g.question_id}`} className="todo-item">
                <strong>{pick(g.question, lang)}</strong>
                <p>{pick(g.guidance, lang)}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {report.supply && (
        <section className="card" aria-labelledby="board-supply">
          <h2 id="board-supply">{t('board.supplyTitle')}</h2>
          <dl className="stat-grid" data-testid="board-supply">
            <div>
              <dt>{t('supply.sumSuppliers')}</dt>
              <dd>{report.supply.suppliers}</dd>
            </div>
            <div>
              <dt>{t('supply.level.level-4')}</dt>
              <dd>{report.supply.by_level_reached['level-4'] ?? 0}</dd>
            </div>
            <div>
              <dt>{t('supply.level.level-3')}</dt>
              <dd>{report.supply.by_level_reached['level-3'] ?? 0}</dd>
            </div>
            <div>
              <dt>{t('supply.sumOverdue')}</dt>
              <dd>{report.supply.overdue}</dd>
            </div>
            <div>
              <dt>{t('supply.sumExpiring')}</dt>
              <dd>{report.supply.expiring_soon + report.supply.expired}</dd>
            </div>
            <div>
              <dt>{t('supply.sumGaps')}</dt>
              <dd>{report.supply.with_gaps}</dd>
            </div>
          </dl>
        </section>
      )}
      <section className="card" aria-labelledby="board-threats">
        <h2 id="board-threats">{t('board.threatsTitle')}</h2>
        {report.threats.length === 0 ? (
          <p className="muted">{t('board.noThreats')}</p>
        ) : (
          <ul className="items" data-testid="board-threats">
            {report.threats.map((th) => (
              <li key={th.id} className="item">
                <div className="item-head">
                  <TlpLabel tlp={th.tlp} />
                  <Link to={`/objects/${encodeURIComponent(th.id)}`} className="item-title">
                    {th.name}
                  </Link>
                </div>
                <p className="item-meta">
                  {t(`stixType.${th.type}`, { defaultValue: th.type })}
                  {th.info_type ? ` · ${t(`enum.info_type.${th.info_type}`, { defaultValue: th.info_type })}` : ''} · {formatDate(th.added, lang)}
                  {th.sector_match ? ` · ${t('board.sectorMatch')}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
