import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatMicros, isStixTimestamp, parseTimestampMicros, timestampFractionDigits, versionKey, versionKeyToTimestamp,
} from './timestamps.js';

describe('isStixTimestamp', () => {
  it.each([
    '2016-01-20T12:31:12Z',
    '2016-01-20T12:31:12.123Z',
    '2016-01-20T12:31:12.1Z',
    '2016-01-20T12:31:12.123456789Z',
    '2016-01-20T12:31:12.1234567891234Z',
    '2016-02-29T00:00:00.000Z', // leap year
    '2000-02-29T00:00:00Z', // divisible by 400
    '2016-12-31T23:59:60Z', // leap second
    '2016-12-31T23:59:60.5Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
  ])('accepts %s', (s) => {
    expect(isStixTimestamp(s)).toBe(true);
  });

  it.each([
    ['no Z', '2016-01-20T12:31:12.123'],
    ['offset instead of Z', '2016-01-20T12:31:12.123+00:00'],
    ['lowercase z', '2016-01-20T12:31:12.123z'],
    ['lowercase t', '2016-01-20t12:31:12.123Z'],
    ['space separator', '2016-01-20 12:31:12.123Z'],
    ['dot without digits', '2016-01-20T12:31:12.Z'],
    ['comma fraction', '2016-01-20T12:31:12,123Z'],
    ['Feb 30', '2016-02-30T00:00:00Z'],
    ['Feb 29 in a common year', '2015-02-29T00:00:00Z'],
    ['Feb 29 in 1900', '1900-02-29T00:00:00Z'],
    ['Apr 31', '2016-04-31T00:00:00Z'],
    ['month 13', '2016-13-01T00:00:00Z'],
    ['month 00', '2016-00-01T00:00:00Z'],
    ['day 00', '2016-01-00T00:00:00Z'],
    ['hour 24', '2016-01-01T24:00:00Z'],
    ['minute 60', '2016-01-01T12:60:00Z'],
    ['second 61', '2016-12-31T23:59:61Z'],
    ['leap second not at the end of the day', '2016-06-30T12:00:60Z'],
    ['3-digit month (the OASIS INVALID example)', '2022-101-27T13:49:54.326Z'],
    ['date only', '2016-01-20'],
    ['5-digit year', '20160-01-20T12:31:12Z'],
    ['trailing space', '2016-01-20T12:31:12Z '],
    ['letters in fraction', '2016-01-20T12:31:12.12aZ'],
    ['empty', ''],
  ])('rejects %s', (_why, s) => {
    expect(isStixTimestamp(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isStixTimestamp(20160120 as unknown as string)).toBe(false);
    expect(isStixTimestamp(null as unknown as string)).toBe(false);
  });

  it('counts fraction digits', () => {
    expect(timestampFractionDigits('2016-01-20T12:31:12Z')).toBe(0);
    expect(timestampFractionDigits('2016-01-20T12:31:12.12Z')).toBe(2);
    expect(timestampFractionDigits('2016-01-20T12:31:12.123456Z')).toBe(6);
    expect(timestampFractionDigits('nope')).toBe(-1);
  });
});

describe('versionKey', () => {
  it('pads and truncates the fraction to 9 digits', () => {
    expect(versionKey('2016-01-20T12:31:12Z')).toBe('2016-01-20T12:31:12.000000000Z');
    expect(versionKey('2016-01-20T12:31:12.1Z')).toBe('2016-01-20T12:31:12.100000000Z');
    expect(versionKey('2016-01-20T12:31:12.123456789Z')).toBe('2016-01-20T12:31:12.123456789Z');
    expect(versionKey('2016-01-20T12:31:12.1234567891Z')).toBe('2016-01-20T12:31:12.123456789Z');
  });

  it('gives equal keys to the same instant written differently', () => {
    expect(versionKey('2016-01-20T12:31:12.1Z')).toBe(versionKey('2016-01-20T12:31:12.100000Z'));
    expect(versionKey('2016-01-20T12:31:12Z')).toBe(versionKey('2016-01-20T12:31:12.000Z'));
    expect(versionKey('2016-01-20T12:31:12.001Z')).not.toBe(versionKey('2016-01-20T12:31:12.01Z'));
  });

  it('sorts like the instants (fixed width)', () => {
    const ordered = [
      '2016-01-20T12:31:12Z',
      '2016-01-20T12:31:12.000001Z',
      '2016-01-20T12:31:12.01Z',
      '2016-01-20T12:31:12.1Z',
      '2016-12-31T23:59:59.999999999Z',
      '2016-12-31T23:59:60Z',
      '2017-01-01T00:00:00Z',
    ];
    const keys = ordered.map(versionKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys.map((k) => k.length))).toEqual(new Set([30]));
  });

  it('throws on an invalid timestamp', () => {
    expect(() => versionKey('2016-02-30T00:00:00Z')).toThrow(RangeError);
  });

  it('round-trips through versionKeyToTimestamp', () => {
    expect(versionKeyToTimestamp('2016-01-20T12:31:12.000000000Z')).toBe('2016-01-20T12:31:12.000Z');
    expect(versionKeyToTimestamp('2016-01-20T12:31:12.120000000Z')).toBe('2016-01-20T12:31:12.120Z');
    expect(versionKeyToTimestamp('2016-01-20T12:31:12.123450000Z')).toBe('2016-01-20T12:31:12.12345Z');
    expect(versionKeyToTimestamp('2016-01-20T12:31:12.123456789Z')).toBe('2016-01-20T12:31:12.123456789Z');
    expect(() => versionKeyToTimestamp('2016-01-20T12:31:12.123Z')).toThrow(RangeError);
  });

  it('versionKeyToTimestamp(versionKey(t)) denotes the same instant (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), fc.nat(999_999), (d, extra) => {
        const t = d.toISOString().replace('Z', String(extra).padStart(6, '0') + 'Z');
        const back = versionKeyToTimestamp(versionKey(t));
        expect(isStixTimestamp(back)).toBe(true);
        expect(versionKey(back)).toBe(versionKey(t));
      }),
    );
  });
});

describe('parseTimestampMicros / formatMicros', () => {
  it('parses to microseconds since the epoch', () => {
    expect(parseTimestampMicros('1970-01-01T00:00:00Z')).toBe(0);
    expect(parseTimestampMicros('1970-01-01T00:00:01.5Z')).toBe(1_500_000);
    expect(parseTimestampMicros('2016-01-20T12:31:12.123456Z')).toBe(Date.UTC(2016, 0, 20, 12, 31, 12) * 1000 + 123456);
    expect(parseTimestampMicros('1969-12-31T23:59:59.999999Z')).toBe(-1);
  });

  it('truncates beyond microseconds', () => {
    expect(parseTimestampMicros('2016-01-20T12:31:12.1234569Z')).toBe(parseTimestampMicros('2016-01-20T12:31:12.123456Z'));
  });

  it('refuses instants outside the safe-integer microsecond range rather than rounding them', () => {
    expect(formatMicros(parseTimestampMicros('1700-03-01T00:00:00.000001Z') as number)).toBe('1700-03-01T00:00:00.000001Z');
    expect(parseTimestampMicros('0099-03-01T00:00:00Z')).toBeUndefined();
    expect(parseTimestampMicros('9999-12-31T23:59:59Z')).toBeUndefined();
  });

  it('returns undefined for invalid input', () => {
    expect(parseTimestampMicros('2016-02-30T00:00:00Z')).toBeUndefined();
    expect(parseTimestampMicros('yesterday')).toBeUndefined();
  });

  it('formats with six fraction digits', () => {
    expect(formatMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatMicros(-1)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatMicros(1_700_000_000_123_456)).toBe('2023-11-14T22:13:20.123456Z');
    expect(() => formatMicros(1.5)).toThrow(RangeError);
    expect(() => formatMicros(Number.NaN)).toThrow(RangeError);
  });

  it('formatMicros agrees with Date and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8_000_000_000_000_000, max: 8_000_000_000_000_000 }), (us) => {
        const s = formatMicros(us);
        expect(isStixTimestamp(s)).toBe(true);
        expect(parseTimestampMicros(s)).toBe(us);
        const ms = Math.floor(us / 1000);
        expect(s.slice(0, 23)).toBe(new Date(ms).toISOString().slice(0, 23));
      }),
    );
  });
});
