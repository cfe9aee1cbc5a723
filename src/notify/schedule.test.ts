import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, digestPeriodStart, nextDigestAt, nextRetryAt } from './schedule.js';

const at = (iso: string) => new Date(iso);

describe('digest times', () => {
  it('daily: 08:00 Asia/Tokyo (23:00 UTC the day before) for Japanese, 08:00 UTC for English', () => {
    expect(nextDigestAt('daily', 'ja', at('2026-11-26T10:00:00Z')).toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(nextDigestAt('daily', 'ja', at('2026-11-26T22:59:59Z')).toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(nextDigestAt('daily', 'ja', at('2026-11-26T23:00:00Z')).toISOString()).toBe('2026-11-27T23:00:00.000Z');
    expect(nextDigestAt('daily', 'en', at('2026-11-26T07:59:00Z')).toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(nextDigestAt('daily', 'en', at('2026-11-26T08:00:00Z')).toISOString()).toBe('2026-11-27T08:00:00.000Z');
  });

  it('weekly: Monday 08:00 local', () => {
    // 2026-11-26 is a Thursday
    expect(nextDigestAt('weekly', 'en', at('2026-11-26T10:00:00Z')).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(nextDigestAt('weekly', 'en', at('2026-11-30T08:00:00Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextDigestAt('weekly', 'en', at('2026-11-30T07:00:00Z')).toISOString()).toBe('2026-11-30T08:00:00.000Z');
    // Monday 08:00 JST = Sunday 23:00 UTC
    expect(nextDigestAt('weekly', 'ja', at('2026-11-26T10:00:00Z')).toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(new Date(nextDigestAt('weekly', 'ja', at('2026-11-29T23:30:00Z')).getTime() + 9 * 3600_000).getUTCDay()).toBe(1);
  });

  it('the period a digest covers ends at its time and starts one period before', () => {
    const next = nextDigestAt('weekly', 'en', at('2026-11-26T10:00:00Z'));
    expect(digestPeriodStart('weekly', next).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(digestPeriodStart('daily', at('2026-11-27T08:00:00Z')).toISOString()).toBe('2026-11-26T08:00:00.000Z');
  });
});

describe('retry backoff', () => {
  const created = '2026-11-26T00:00:00.000Z';
  it('doubles from one minute and stops growing at six hours', () => {
    const now = at('2026-11-26T00:00:10Z');
    const delay = (n: number) => nextRetryAt(DEFAULT_RETRY, n, created, now)!.getTime() - now.getTime();
    expect(delay(1)).toBe(60_000);
    expect(delay(2)).toBe(120_000);
    expect(delay(3)).toBe(240_000);
    expect(delay(9)).toBe(256 * 60_000);
    expect(delay(10)).toBe(6 * 3600_000);
    expect(delay(100)).toBe(6 * 3600_000);
  });

  it('gives up 24 hours after the message was first due', () => {
    expect(nextRetryAt(DEFAULT_RETRY, 5, created, at('2026-11-26T23:59:59Z'))).not.toBeNull();
    expect(nextRetryAt(DEFAULT_RETRY, 5, created, at('2026-11-27T00:00:00Z'))).toBeNull();
  });
});
