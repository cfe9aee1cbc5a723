import { describe, expect, it } from 'vitest';
import { activeFilterCount, emptyFilters, filtersFromQuery, queryFromFilters } from './search-params';

describe('search filters in the URL', () => {
  it('round-trips text, lists, dates and the cursor', () => {
    const f = { ...emptyFilters(), q: 'emotet loader', tlp: ['amber', 'amber+strict'], type: ['indicator'], from: '2026-01-01', cursor: 'abc' };
    const q = queryFromFilters(f);
    expect(filtersFromQuery(`?${q}`)).toEqual(f);
  });
  it('reads repeated and comma-separated list parameters, without duplicates or blanks', () => {
    const f = filtersFromQuery('?tlp=red&tlp=amber,red&purpose=,detection');
    expect(f.tlp).toEqual(['red', 'amber']);
    expect(f.purpose).toEqual(['detection']);
  });
  it('leaves empty values out and counts active filters', () => {
    expect(queryFromFilters(emptyFilters())).toBe('');
    expect(queryFromFilters({ ...emptyFilters(), q: '  ' })).toBe('');
    expect(activeFilterCount(filtersFromQuery('?q=x&tlp=red,amber&to=2026-02-01&cursor=1'))).toBe(3);
  });
});
