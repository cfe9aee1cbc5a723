import { describe, expect, it } from 'vitest';
import type { BoardReportData } from './data.js';
import { renderBoardReport } from './html.js';
import { radarSvg, trendSvg, wrapLabel } from './svg.js';

const base = (over: Partial<BoardReportData> = {}): BoardReportData => ({
  lang: 'en', generated_at: '2026-11-26T06:00:00.000Z', month: '2026-11',
  organization: { slug: 'acme', name: 'ACME <script>alert(1)</script>', sector: 'finance', kind: 'company' },
  posture: [], gaps: [], declaration: null, supply: null, threats: [],
  radar: { questionnaire: 'management-maturity', categories: [], own: null, average: null, organizations: 0, minimum: 5, shown: false },
  ...over,
});

describe('board report HTML', () => {
  it('escapes what members and providers wrote; says honestly what is missing', () => {
    const html = renderBoardReport(base({
      threats: [{ id: 'malware--1', type: 'malware', name: '"><img src=x onerror=alert(1)>', info_type: 'threat', tlp: 'red', timing: null, added: '2026-11-20T00:00:00.000Z', sector_match: false }],
    }));
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('ACME &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    // the report carries the strictest TLP of what it lists
    expect(html).toContain('TLP:RED');
    expect(html).toContain('Supply-chain status is not available.');
    expect(html).toContain('No maturity assessment has been submitted yet.');
    expect(html).toContain('The sector average is not shown: 0 organization(s)');
    expect(html).toContain('The declaration has not been signed yet.');
  });
  it('supply chain counts and levels, in Japanese', () => {
    const html = renderBoardReport(base({
      lang: 'ja',
      supply: { suppliers: 4, by_level_reached: { 'level-4': 1, 'level-3': 1, none: 2 }, shared: 2, pending: 1, declined: 0, expiring_soon: 1, expired: 0, with_gaps: 2, overdue: 1 },
    }));
    expect(html).toContain('<b>4</b>依頼した取引先');
    expect(html).toContain('レベル4 1 / レベル3 1 / 未達・未共有 2');
    expect(html).toContain('TLP:CLEAR');
  });
});

describe('charts', () => {
  it('wraps labels into two lines at most', () => {
    expect(wrapLabel('1. Treat cyber risk as a management issue and set a policy', 22)).toEqual(['1. Treat cyber risk as', 'a management issue an…']);
    expect(wrapLabel('3.対策に必要な予算と人材を確保する', 11)).toEqual(['3.対策に必要な予算と', '人材を確保する']);
  });
  it('draws one point per score and the polygons asked for', () => {
    const t = trendSvg([{ label: '2026-01-01', score: 0 }, { label: '2026-06-01', score: 100 }], 'T', 320, 160);
    // 0 sits on the bottom grid line (y = 22 + 108), 100 on the top one (y = 22)
    expect(t).toContain('points="34,130 308,22"');
    expect(t.match(/<circle/g)).toHaveLength(2);
    const r = radarSvg(['a', 'b', 'c', 'd'], [100, 0, 0, 0], null, { own: 'own', average: 'avg' });
    expect(r).toContain('polygon class="own"');
    expect(r).not.toContain('polygon class="average"');
  });
});
