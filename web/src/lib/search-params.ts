/** Search filters ⇄ URL query (the same names as GET /api/v1/search), so a search can be bookmarked. */
export interface SearchFilters {
  q: string;
  type: string[];
  tlp: string[];
  purpose: string[];
  info_type: string[];
  tier: string[];
  timing: string[];
  community: string[];
  sector: string[];
  from: string;
  to: string;
  cursor: string;
}

export const LIST_FILTERS = ['type', 'tlp', 'purpose', 'info_type', 'tier', 'timing', 'community', 'sector'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export function emptyFilters(): SearchFilters {
  return { q: '', type: [], tlp: [], purpose: [], info_type: [], tier: [], timing: [], community: [], sector: [], from: '', to: '', cursor: '' };
}

function listOf(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set(values)];
}

export function filtersFromQuery(search: string): SearchFilters {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  filters.q = params.get('q') ?? '';
  for (const name of LIST_FILTERS) filters[name] = listOf(params, name);
  filters.from = params.get('from') ?? '';
  filters.to = params.get('to') ?? '';
  filters.cursor = params.get('cursor') ?? '';
  return filters;
}

/** The query string (without `?`) for these filters; empty values are left out. */
export function queryFromFilters(filters: SearchFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const name of LIST_FILTERS) if (filters[name].length) params.set(name, filters[name].join(','));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.cursor) params.set('cursor', filters.cursor);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  return params.toString();
}

/** How many filters (not the text, not the cursor) are set. */
export function activeFilterCount(filters: SearchFilters): number {
  return LIST_FILTERS.reduce((n, name) => n + filters[name].length, 0) + (filters.from ? 1 : 0) + (filters.to ? 1 : 0);
}
