/** Unit tests of the TAXII helpers: media negotiation, cursors, body parsing, filter parsing. */
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, parseJsonBody } from '../../src/taxii/body.js';
import { decodeCursor, encodeCursor } from '../../src/taxii/cursor.js';
import { TaxiiError } from '../../src/taxii/errors.js';
import { OBJECTS_FILTERS, parseFilters, VERSIONS_FILTERS } from '../../src/taxii/filters.js';
import { acceptable, parseMediaType, postBodyKind } from '../../src/taxii/media.js';

const limits = { defaultPageSize: 100, maxPageSize: 1000 };

function status(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof TaxiiError ? e.status : -1;
  }
}

describe('media types', () => {
  it('parses type, version and q, tolerating case, spaces and quotes', () => {
    expect(parseMediaType('Application/TAXII+json ; Version="2.1" ; q=0.5')).toEqual({ type: 'application/taxii+json', version: '2.1', q: 0.5 });
    expect(parseMediaType('not a type')).toBeUndefined();
  });

  it('decides acceptability per endpoint', () => {
    expect(acceptable('application/taxii+json;version=2.1', false)).toBe(true);
    expect(acceptable('application/taxii+json', false)).toBe(true);
    expect(acceptable('*/*', false)).toBe(true);
    expect(acceptable('application/*;q=0.1', false)).toBe(true);
    expect(acceptable(undefined, true)).toBe(false);
    expect(acceptable('application/taxii+json;version=2.0', true)).toBe(false);
    expect(acceptable('application/taxii+json;q=0', true)).toBe(false);
    expect(acceptable('application/stix+json;version=2.1', false)).toBe(false);
    expect(acceptable('application/stix+json;version=2.1', true)).toBe(true);
    expect(acceptable('text/html,application/xhtml+xml', true)).toBe(false);
  });

  it('maps POST content types to envelope or bundle', () => {
    expect(postBodyKind('application/taxii+json;version=2.1')).toBe('envelope');
    expect(postBodyKind('application/taxii+json; charset=utf-8')).toBe('envelope');
    expect(postBodyKind('application/stix+json;version=2.1')).toBe('bundle');
    expect(postBodyKind('application/stix+json;version=2.0')).toBeUndefined();
    expect(postBodyKind('application/json')).toBeUndefined();
    expect(postBodyKind(undefined)).toBeUndefined();
  });
});

describe('cursors', () => {
  it('round-trip date_added values and refuse anything else', () => {
    for (const n of [0, 1, 1_767_225_600_123_456, Number.MAX_SAFE_INTEGER]) expect(decodeCursor(encodeCursor(n))).toBe(n);
    for (const bad of ['', 'abc', 'MQ==', '-1', encodeCursor(1) + 'x', Buffer.from('01').toString('base64url'), Buffer.from('1e3').toString('base64url')]) {
      expect(status(() => decodeCursor(bad)), bad).toBe(400);
    }
  });
});

describe('JSON bodies', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('["[[[[[[", "\\"[[[["]', 1)).toBe(false);
  });

  it('parses, and refuses syntax errors, depth and prototype keys with 400', () => {
    expect(parseJsonBody('{"objects":[{"a":1}]}')).toEqual({ objects: [{ a: 1 }] });
    expect(parseJsonBody('{"constructor":"fine"}')).toEqual({ constructor: 'fine' });
    for (const bad of ['', '   ', '{', '{"a":}', `${'['.repeat(65)}${']'.repeat(65)}`, '{"__proto__":{}}', '[{"constructor":{"prototype":{}}}]']) {
      expect(status(() => parseJsonBody(bad)), bad).toBe(400);
    }
  });

  it('refuses prototype keys spelled with \\u escapes too', () => {
    for (const bad of [
      String.raw`{"objects":[{"x_a":{"\u005f_proto__":{"polluted":true}}}]}`,
      String.raw`{"objects":[{"x_a":{"__pr\u006fto__":1}}]}`,
      String.raw`[{"\u0063onstructor":{"prototype":{}}}]`,
      String.raw`[{"constructor" :{"pr\u006ftotype":{}}}]`,
    ]) {
      expect(status(() => parseJsonBody(bad)), bad).toBe(400);
    }
    expect(parseJsonBody(String.raw`{"name":"caf\u00e9 \u5171\u52a9"}`)).toEqual({ name: 'café 共助' });
  });
});

describe('filters', () => {
  it('defaults: last version, default page size, no spec_version predicate', () => {
    expect(parseFilters({}, OBJECTS_FILTERS, limits)).toEqual({ limit: 100, positioned: false, versions: { last: true } });
    expect(parseFilters({}, VERSIONS_FILTERS, limits).versions).toEqual({ all: true });
  });

  it('parses every parameter', () => {
    const f = parseFilters(
      {
        added_after: '2026-01-01T00:00:00.5Z',
        limit: '5000',
        'match[id]': ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
        'match[type]': 'indicator,malware',
        'match[version]': 'first,2026-01-02T00:00:00Z',
        'match[spec_version]': '2.1,2.0',
      },
      OBJECTS_FILTERS,
      limits,
    );
    expect(f).toEqual({
      limit: 1000,
      positioned: true,
      addedAfter: 1_767_225_600_500_000,
      ids: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
      types: ['indicator', 'malware'],
      // an exact version also names that instant as an unversioned object's date_added
      versions: { first: true, keys: ['2026-01-02T00:00:00.000000000Z'], dateAdded: [1_767_312_000_000_000] },
      specVersions: ['2.1', '2.0'],
    });
  });

  it('gives an exact version finer than a microsecond no date_added to match', () => {
    const f = parseFilters({ 'match[version]': '2026-01-02T00:00:00.0000001Z,2026-01-02T00:00:00.000001000Z' }, OBJECTS_FILTERS, limits);
    expect(f.versions).toEqual({
      keys: ['2026-01-02T00:00:00.000000100Z', '2026-01-02T00:00:00.000001000Z'],
      dateAdded: [1_767_312_000_000_001],
    });
  });

  it('takes the later of added_after and next', () => {
    const next = encodeCursor(1_767_225_600_000_001);
    expect(parseFilters({ added_after: '2026-01-01T00:00:00Z', next }, OBJECTS_FILTERS, limits).addedAfter).toBe(1_767_225_600_000_001);
    expect(parseFilters({ added_after: '2026-01-02T00:00:00Z', next }, OBJECTS_FILTERS, limits).addedAfter).toBe(1_767_312_000_000_000);
  });
});
