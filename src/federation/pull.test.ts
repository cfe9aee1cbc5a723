import { describe, expect, it } from 'vitest';
import { justBefore } from './pull.js';

describe('justBefore', () => {
  it.each([
    ['2026-11-26T06:22:13.534674Z', '2026-11-26T06:22:13.534673Z'],
    ['2026-11-26T06:22:13.534Z', '2026-11-26T06:22:13.533999Z'],
    ['2026-11-26T06:22:13Z', '2026-11-26T06:22:12.999999Z'],
    ['2026-01-01T00:00:00.000000Z', '2025-12-31T23:59:59.999999Z'],
    ['2026-11-26T06:22:13.534674120Z', '2026-11-26T06:22:13.534674Z'], // finer than µs: truncation is before it
    ['2026-11-26T06:22:13.534674000Z', '2026-11-26T06:22:13.534673Z'],
    ['not a timestamp', 'not a timestamp'],
  ])('%s → %s', (ts, expected) => {
    expect(justBefore(ts)).toBe(expected);
  });
});
