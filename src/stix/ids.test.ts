import { describe, expect, it } from 'vitest';
import { idType, isIdOfType, isStixId, isStixTypeName, newStixId } from './ids.js';

const U4 = '8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';

describe('isStixTypeName', () => {
  it.each(['indicator', 'x-mitre-tactic', 'ipv4-addr', 'abc', 'a'.repeat(250), 'x509-certificate'])('accepts %s', (t) => {
    expect(isStixTypeName(t)).toBe(true);
  });
  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(251)],
    ['uppercase', 'Indicator'],
    ['underscore', 'x_custom'],
    ['leading hyphen', '-abc'],
    ['trailing hyphen', 'abc-'],
    ['double hyphen', 'x--custom'],
    ['leading digit', '1abc'],
    ['space', 'x custom'],
    ['non-ASCII', 'x-café'],
  ])('rejects %s', (_why, t) => {
    expect(isStixTypeName(t)).toBe(false);
  });
});

describe('isStixId', () => {
  it.each([
    `indicator--${U4}`,
    `x-mitre-tactic--${U4}`,
    'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', // UUIDv5 (deterministic SCO id)
    'identity--1621d4d4-b67d-11e3-9670-f01faf20d111', // UUIDv1, as in OASIS examples
    `indicator--${U4.toUpperCase()}`,
    'indicator--017f22e2-79b0-7cc3-98c4-dc0c0c07398f', // UUIDv7 (RFC 9562)
  ])('accepts %s', (id) => {
    expect(isStixId(id)).toBe(true);
  });
  it.each([
    ['no separator', `indicator${U4}`],
    ['single hyphen', `indicator-${U4}`],
    ['bad type', `Indicator--${U4}`],
    ['type too short', `ab--${U4}`],
    ['nil UUID (variant 0)', 'indicator--00000000-0000-0000-0000-000000000000'],
    ['version 0', 'indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f'],
    ['version 9', 'indicator--8e2e2d2b-17d4-9cbf-938f-98ee46b3cd3f'],
    ['NCS variant (0xxx)', 'indicator--8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f'],
    ['Microsoft variant (110x)', 'indicator--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f'],
    ['short last group', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3'],
    ['non-hex digit', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3g'],
    ['braces', `indicator--{${U4}}`],
    ['missing groups', 'indicator--8e2e2d2b17d44cbf938f98ee46b3cd3f'],
    ['trailing garbage', `indicator--${U4}x`],
    ['empty', ''],
  ])('rejects %s', (_why, id) => {
    expect(isStixId(id)).toBe(false);
  });
  it('rejects non-strings', () => {
    expect(isStixId(42)).toBe(false);
    expect(isStixId(null)).toBe(false);
  });
});

describe('idType / isIdOfType / newStixId', () => {
  it('extracts the type part', () => {
    expect(idType(`x-mitre-data-source--${U4}`)).toBe('x-mitre-data-source');
    expect(idType('not-an-id')).toBeUndefined();
  });
  it('compares the type part exactly', () => {
    expect(isIdOfType(`identity--${U4}`, 'identity')).toBe(true);
    expect(isIdOfType(`identity--${U4}`, 'identit')).toBe(false);
    expect(isIdOfType(`x-identity--${U4}`, 'identity')).toBe(false);
    expect(isIdOfType(`identity--${U4}`, 'indicator')).toBe(false);
  });
  it('creates valid, distinct UUIDv4 ids', () => {
    const a = newStixId('indicator');
    const b = newStixId('indicator');
    expect(isIdOfType(a, 'indicator')).toBe(true);
    expect(a).not.toBe(b);
    expect(a.charAt('indicator--'.length + 14)).toBe('4');
    expect(() => newStixId('Bad_Type')).toThrow(RangeError);
  });
});
