/**
 * The posture and survey services' errors; the routes map them to problem details
 * (src/api/posture-problems.ts): invalid → 422 (with the offending properties), forbidden → 403,
 * not-found → 404 (also for what the caller may not see), conflict → 409.
 */
export type PostureErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

export class PostureError extends Error {
  constructor(
    readonly kind: PostureErrorKind,
    message: string,
    readonly errors: { property: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PostureError';
  }
}

export const invalid = (message: string, errors: { property: string; message: string }[] = []): PostureError => new PostureError('invalid', message, errors);
export const forbidden = (message: string): PostureError => new PostureError('forbidden', message);
export const notFound = (message: string): PostureError => new PostureError('not-found', message);
export const conflict = (message: string): PostureError => new PostureError('conflict', message);

/** A YYYY-MM-DD calendar date (checked to exist), or an error message. */
export function checkDate(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'must be a date as YYYY-MM-DD';
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return 'is not a calendar date';
  return null;
}

/** Today in UTC as YYYY-MM-DD. */
export const todayUtc = (now: Date): string => now.toISOString().slice(0, 10);
