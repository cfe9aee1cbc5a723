/** The board report page's language and URLs (pure; unit-tested). */
export type ReportLang = 'ja' | 'en';

/** The report language: an explicit `?lang=` first, else the portal's language. */
export function reportLang(query: string | null, uiLanguage: string): ReportLang {
  if (query === 'ja' || query === 'en') return query;
  return uiLanguage.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The hub's board-report routes for one language (docs/api/posture.md, "Board report"). */
export function boardReportUrls(lang: ReportLang): { data: string; html: string; pdf: string } {
  return {
    // `data` goes through the API client, which adds /api/v1 itself
    data: `/board-report/data?lang=${lang}`,
    html: `/api/v1/board-report?lang=${lang}`,
    pdf: `/api/v1/board-report.pdf?lang=${lang}`,
  };
}
