/**
 * When things go out (docs/notify.md "Dispatch", "Sending"): digest times, the burst window and
 * the retry backoff. Pure, so the dispatcher's and the senders' timing is tested without clocks.
 *
 * Digests go at 08:00 in the recipient's time: Asia/Tokyo (UTC+9, no daylight saving) for a
 * Japanese subscription, UTC for an English one; a weekly digest on Mondays at that hour.
 */
import type { DeliveryMode, Language } from '../store/notify-types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DIGEST_HOUR = 8;
/** UTC offset of each language's digest clock, in ms (Asia/Tokyo has no daylight saving time). */
const OFFSET: Record<Language, number> = { ja: 9 * HOUR, en: 0 };

/** The first digest time strictly after `now` for a daily or weekly subscription. */
export function nextDigestAt(mode: Exclude<DeliveryMode, 'immediate'>, language: Language, now: Date): Date {
  const offset = OFFSET[language];
  const local = now.getTime() + offset; // the local wall clock, read as UTC
  const dayStart = Math.floor(local / DAY) * DAY;
  let t = dayStart + DIGEST_HOUR * HOUR;
  if (t <= local) t += DAY;
  if (mode === 'weekly') {
    const weekday = new Date(t).getUTCDay(); // 0 Sunday … 1 Monday
    t += ((1 - weekday + 7) % 7) * DAY;
  }
  return new Date(t - offset);
}

/** The digest time before `next` (the start of the period a digest due at `next` covers). */
export function digestPeriodStart(mode: Exclude<DeliveryMode, 'immediate'>, next: Date): Date {
  return new Date(next.getTime() - (mode === 'weekly' ? 7 : 1) * DAY);
}

/** Retries: 1 min, 2, 4, … capped at 6 h; after 24 h from queueing, failed for good. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ baseMs: 60_000, maxMs: 6 * HOUR, giveUpAfterMs: DAY });

/**
 * When to try again after failed attempt number `attempts` (1 for the first), or null when the
 * message has been failing for longer than the policy allows (it then fails for good).
 */
export function nextRetryAt(policy: RetryPolicy, attempts: number, createdAt: string, now: Date): Date | null {
  const created = Date.parse(createdAt);
  if (!Number.isNaN(created) && now.getTime() - created >= policy.giveUpAfterMs) return null;
  const exp = Math.min(Math.max(attempts, 1) - 1, 30);
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** exp);
  return new Date(now.getTime() + delay);
}
