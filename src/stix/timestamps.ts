/**
 * STIX 2.1 timestamps (spec §2.16): RFC 3339, UTC only, `YYYY-MM-DDTHH:mm:ss[.s+]Z`.
 *
 * Parsing is hand-written (no regex, no Date) because it runs several times per
 * object on the ingest path.
 */

const ZEROS = '000000000';

// Scratch fields filled by scan(); module-level to avoid allocating per call.
let sYear = 0;
let sMonth = 0;
let sDay = 0;
let sHour = 0;
let sMinute = 0;
let sSecond = 0;
let sFracLen = 0;

function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses into the scratch fields; false when `s` is not a STIX timestamp. */
function scan(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 64) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return false; // - - T
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return false; // : : Z
  const hi = digits2(s, 0);
  const lo = digits2(s, 2);
  if (hi < 0 || lo < 0) return false;
  sYear = hi * 100 + lo;
  sMonth = digits2(s, 5);
  sDay = digits2(s, 8);
  sHour = digits2(s, 11);
  sMinute = digits2(s, 14);
  sSecond = digits2(s, 17);
  if (sMonth < 1 || sMonth > 12 || sDay < 1 || sDay > daysInMonth(sYear, sMonth)) return false;
  if (sHour < 0 || sHour > 23 || sMinute < 0 || sMinute > 59 || sSecond < 0) return false;
  // A leap second can only be the last second of a UTC day.
  if (sSecond > 59 && !(sSecond === 60 && sHour === 23 && sMinute === 59)) return false;
  if (n === 20) {
    sFracLen = 0;
    return true;
  }
  if (s.charCodeAt(19) !== 46 || n < 22) return false; // '.' then at least one digit
  for (let i = 20; i < n - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  sFracLen = n - 21;
  return true;
}

/** True when `s` is a STIX 2.1 timestamp (calendar-checked; leap second only at 23:59:60). */
export function isStixTimestamp(s: unknown): s is string {
  return typeof s === 'string' && scan(s);
}

/** Number of fraction digits of a STIX timestamp, or -1 when `s` is not one. */
export function timestampFractionDigits(s: string): number {
  return scan(s) ? sFracLen : -1;
}

/**
 * Fixed-width, lexicographically sortable form `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`
 * (fraction padded or truncated to 9 digits). Throws RangeError on an invalid timestamp.
 */
export function versionKey(ts: string): string {
  if (typeof ts !== 'string' || !scan(ts)) throw new RangeError(`not a STIX timestamp: ${String(ts).slice(0, 64)}`);
  return keyFromScan(ts);
}

/** versionKey(v) when `v` is a STIX timestamp, else null (one scan; never throws). */
export function versionKeyOrNull(v: unknown): string | null {
  return typeof v === 'string' && scan(v) ? keyFromScan(v) : null;
}

function keyFromScan(ts: string): string {
  if (sFracLen === 9) return ts;
  if (sFracLen === 0) return ts.slice(0, 19) + '.000000000Z';
  if (sFracLen > 9) return ts.slice(0, 29) + 'Z';
  return ts.slice(0, 20 + sFracLen) + ZEROS.slice(sFracLen) + 'Z';
}

const KEY_LEN = 30;

/** Inverse of versionKey: a STIX timestamp with trailing zeros trimmed to at least 3 digits. */
export function versionKeyToTimestamp(key: string): string {
  if (typeof key !== 'string' || key.length !== KEY_LEN || !scan(key) || sFracLen !== 9) {
    throw new RangeError(`not a version key: ${String(key).slice(0, 64)}`);
  }
  let end = 29;
  while (end > 23 && key.charCodeAt(end - 1) === 48) end--;
  return key.slice(0, end) + 'Z';
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const US_PER_DAY = 86_400_000_000;

/**
 * Microseconds since the Unix epoch (fraction beyond µs truncated). Undefined when `s` is
 * not a STIX timestamp or the instant is outside the safe-integer range (about 1685–2255).
 */
export function parseTimestampMicros(s: string): number | undefined {
  if (typeof s !== 'string' || !scan(s)) return undefined;
  let frac = 0;
  for (let i = 0; i < 6; i++) {
    frac = frac * 10 + (i < sFracLen ? s.charCodeAt(20 + i) - 48 : 0);
  }
  const days = daysFromCivil(sYear, sMonth, sDay);
  const secs = sHour * 3600 + sMinute * 60 + sSecond;
  const us = days * US_PER_DAY + secs * 1_000_000 + frac;
  return Number.isSafeInteger(us) ? us : undefined;
}

function pad(n: number, w: number): string {
  const s = String(n);
  return s.length >= w ? s : ZEROS.slice(0, w - s.length) + s;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` for microseconds since the epoch. Throws RangeError out of range. */
export function formatMicros(us: number): string {
  if (!Number.isSafeInteger(us)) throw new RangeError(`not an integer number of microseconds: ${us}`);
  const days = Math.floor(us / US_PER_DAY);
  let rem = us - days * US_PER_DAY;
  // civil from days (inverse of daysFromCivil)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  const frac = rem % 1_000_000;
  rem = (rem - frac) / 1_000_000;
  const sec = rem % 60;
  rem = (rem - sec) / 60;
  const min = rem % 60;
  const hour = (rem - min) / 60;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}.${pad(frac, 6)}Z`;
}
