/**
 * The board report as one self-contained HTML document: inline CSS, inline SVG charts, no
 * scripts and no external resources, so it renders the same in the portal, in an email
 * attachment and in headless Chromium for the PDF. Served under REPORT_CSP.
 */
import type { Lang } from '../assess/types.js';
import { escapeHtml as esc } from '../notify/templates/mail.js';
import { TLP_ORDER } from '../stix/markings.js';
import type { BoardReportData } from './data.js';
import { sectorName, STRINGS } from './strings.js';
import { radarSvg, trendSvg } from './svg.js';

/** The report's own Content-Security-Policy: nothing but its inline styles and data: images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Noto Serif CJK JP", sans-serif; color: #1d2733; margin: 0; font-size: 10.5pt; line-height: 1.5; }
main { max-width: 190mm; margin: 0 auto; padding: 8px; }
header { border-bottom: 3px solid #1f4e79; padding-bottom: 6px; margin-bottom: 10px; }
h1 { font-size: 18pt; margin: 0; color: #1f4e79; }
h2 { font-size: 12.5pt; color: #1f4e79; border-left: 4px solid #1f4e79; padding-left: 6px; margin: 16px 0 6px; break-after: avoid; }
.meta { color: #4a5a6a; font-size: 9.5pt; }
.tlp { display: inline-block; margin-top: 4px; padding: 2px 8px; background: #222; color: #ffc000; font-weight: bold; font-size: 9pt; }
.tlp.clear { color: #fff; } .tlp.green { color: #33ff00; } .tlp.red { color: #ff2b2b; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { flex: 1 1 170px; border: 1px solid #c9d3dd; border-radius: 6px; padding: 8px; break-inside: avoid; }
.card .score { font-size: 22pt; font-weight: bold; color: #1f4e79; }
.card .band { font-weight: bold; }
.up { color: #1a7f37; } .down { color: #c62828; }
section { break-inside: auto; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #dde3ea; text-align: left; padding: 4px 5px; vertical-align: top; }
th { background: #eef3f8; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
.note { color: #4a5a6a; font-style: italic; }
.kpis { display: flex; flex-wrap: wrap; gap: 6px; }
.kpi { border: 1px solid #c9d3dd; border-radius: 4px; padding: 4px 8px; min-width: 110px; }
.kpi b { display: block; font-size: 14pt; color: #1f4e79; }
.chart .grid { stroke: #c9d3dd; stroke-width: 1; }
.chart .tick, .chart .axis-label { font-size: 9px; fill: #4a5a6a; }
.chart .axis-label { font-size: 9.5px; fill: #1d2733; }
.chart .chart-title { font-size: 10px; font-weight: bold; fill: #1d2733; }
.chart .trend-line { stroke: #1f4e79; stroke-width: 2; }
.chart .trend-dot { fill: #1f4e79; }
.chart polygon.own, .chart rect.own { fill: rgba(31, 78, 121, 0.28); stroke: #1f4e79; stroke-width: 2; }
.chart polygon.average, .chart rect.average { fill: rgba(230, 126, 34, 0.12); stroke: #e67e22; stroke-width: 2; stroke-dasharray: 5 3; }
.radar-wrap { display: flex; justify-content: center; }
.sector-tag { font-size: 8pt; background: #e6f0fa; color: #1f4e79; border-radius: 3px; padding: 0 4px; margin-left: 4px; }
footer { margin-top: 14px; border-top: 1px solid #c9d3dd; padding-top: 4px; font-size: 8.5pt; color: #4a5a6a; }
`;

const fmtDate = (iso: string): string => iso.slice(0, 10);

export function renderBoardReport(d: BoardReportData): string {
  const s = STRINGS[d.lang];
  const L = (t: { ja: string; en: string }) => esc(t[d.lang]);
  const maxTlp = d.threats.reduce((m, t) => Math.max(m, TLP_ORDER.indexOf(t.tlp as never)), 0);
  const tlp = TLP_ORDER[maxTlp] ?? 'clear';

  const cards = d.posture.length === 0
    ? `<p class="note">${esc(s.noAssessment)}</p>`
    : `<div class="cards">${d.posture.map((p) => `<div class="card"><div>${L(p.questionnaire.title)}</div><div class="score">${p.score}</div>`
      + `<div class="band">${L(p.band.label)}</div><div class="${p.change !== null && p.change > 0 ? 'up' : p.change !== null && p.change < 0 ? 'down' : ''}">${esc(s.change(p.change))}</div>`
      + `<div class="meta">${esc(s.submitted)}: ${esc(fmtDate(p.submitted_at))}</div>`
      + trendSvg(p.trend.map((t) => ({ label: fmtDate(t.submitted_at), score: t.score })), L(p.questionnaire.title), 300, 140) + '</div>').join('')}</div>`;

  // Japanese labels are cut by characters (no spaces), English ones by words
  const radarLabels = d.radar.categories.map((c, i) => (d.lang === 'ja' ? `${i + 1}.${c.title.ja}` : `${i + 1}. ${c.title.en}`));
  const radar = d.radar.own === null
    ? `<p class="note">${esc(s.radarNoOwn)}</p>`
    : `<div class="radar-wrap">${radarSvg(radarLabels, d.radar.own, d.radar.shown ? d.radar.average : null, { own: s.radarOwn, average: s.radarAverage(d.radar.organizations) }, { perLine: d.lang === 'ja' ? 11 : 22 })}</div>`;
  const radarNote = d.radar.shown ? '' : `<p class="note">${esc(s.radarHidden(d.radar.organizations, d.radar.minimum))}</p>`;

  const gaps = d.gaps.length === 0
    ? `<p>${esc(s.gapsNone)}</p>`
    : `<table class="gaps"><thead><tr>${s.gapCols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${d.gaps.map((g) => `<tr><td>${L(g.question)}</td><td>${L(g.category.title)}</td><td class="num">${g.lost}</td><td>${L(g.guidance)}</td></tr>`).join('')}</tbody></table>`;

  let supply: string;
  if (d.supply === null) supply = `<p class="note">${esc(s.supplyNone)}</p>`;
  else if (d.supply.suppliers === 0) supply = `<p>${esc(s.supplyEmpty)}</p>`;
  else {
    const keys = ['suppliers', 'shared', 'pending', 'overdue', 'expiring_soon', 'expired', 'with_gaps', 'declined'] as const;
    const counts = d.supply as unknown as Record<string, number>;
    supply = `<div class="kpis">${keys.map((k) => `<div class="kpi"><b>${counts[k] ?? 0}</b>${esc(s.supplyLabels[k])}</div>`).join('')}</div>`
      + `<p>${esc(s.levelReached)}: ${Object.entries(d.supply.by_level_reached).map(([lvl, n]) => `${esc(s.levelNames[lvl] ?? lvl)} ${n}`).join(' / ')}</p>`;
  }

  const threats = d.threats.length === 0
    ? `<p>${esc(s.threatsNone)}</p>`
    : `<table class="threats"><thead><tr>${s.threatCols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${d.threats.map((t) => `<tr><td>${esc(t.name)}${t.sector_match ? `<span class="sector-tag">${esc(s.sectorMatch)}</span>` : ''}</td><td>${esc(t.type)}</td><td>TLP:${esc(t.tlp.toUpperCase())}</td><td class="num">${esc(fmtDate(t.added))}</td></tr>`).join('')}</tbody></table>`;

  const declaration = d.declaration
    ? `<p>${esc(s.declarationSigned(d.declaration.signed_on, d.declaration.signer.name, d.declaration.signer.title))}</p>`
    : `<p class="note">${esc(s.declarationNone)}</p>`;

  return `<!doctype html>
<html lang="${d.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP.replace("; frame-ancestors 'self'", ''))}">
<title>${esc(s.title)} — ${esc(d.organization.name)} — ${esc(s.period(d.month))}</title><style>${CSS}</style></head>
<body><main>
<header><h1>${esc(s.title)}</h1>
<div class="meta">${esc(d.organization.name)} · ${esc(s.sector)}: ${esc(sectorName(d.lang, d.organization.sector))} · ${esc(s.period(d.month))} · ${esc(s.generated)}: ${esc(d.generated_at.slice(0, 16).replace('T', ' '))} UTC</div>
<div class="tlp ${esc(tlp.replace('+strict', ''))}">TLP:${esc(tlp.toUpperCase())}</div> <span class="meta">${esc(s.tlpNote(tlp.toUpperCase()))}</span></header>
<section id="posture"><h2>${esc(s.postureTitle)}</h2>${cards}</section>
<section id="radar"><h2>${esc(s.radarTitle)}</h2>${radar}${radarNote}</section>
<section id="gaps"><h2>${esc(s.gapsTitle)}</h2>${gaps}</section>
<section id="supply"><h2>${esc(s.supplyTitle)}</h2>${supply}</section>
<section id="threats"><h2>${esc(s.threatsTitle)}</h2>${threats}</section>
<section id="declaration"><h2>${esc(s.declarationTitle)}</h2>${declaration}</section>
<footer>${esc(s.footer)}</footer>
</main></body></html>
`;
}

export type { Lang };
