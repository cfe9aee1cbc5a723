import { badRequest } from './errors.js';

/**
 * The `next` cursor: base64url of the last returned row's date_added (µs). date_added is
 * unique and strictly increasing hub-wide, so "rows added after it" resumes exactly where
 * the previous page ended, even while other writes go on.
 */
export function encodeCursor(dateAdded: number): string {
  return Buffer.from(String(dateAdded), 'latin1').toString('base64url');
}

export function decodeCursor(value: string): number {
  if (/^[A-Za-z0-9_-]{1,24}$/.test(value)) {
    const text = Buffer.from(value, 'base64url').toString('latin1');
    if (/^(?:0|[1-9][0-9]{0,15})$/.test(text)) {
      const n = Number(text);
      if (Number.isSafeInteger(n) && encodeCursor(n) === value) return n;
    }
  }
  throw badRequest('invalid-next', `next value '${value.slice(0, 100)}' is not a cursor this server issued`, {
    parameter: 'next',
    value: value.slice(0, 100),
  });
}
