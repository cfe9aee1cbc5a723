/**
 * Pre-checks of the matching index: a 2^24-bit set (2 MiB) of small hashes of what the index
 * holds, probed before any string is built or hashed for a map. Most observed values are in no
 * indicator, and one probe of a small array answers them (the large maps cost a cache miss each).
 * No false negatives: a clear bit means no indicator can match; a set bit means "look".
 */
export class Bits24 {
  private readonly bits = new Uint8Array(1 << 21);

  add(h: number): void {
    this.bits[(h >>> 3) & 0x1fffff]! |= 1 << (h & 7);
  }

  has(h: number): boolean {
    return (this.bits[(h >>> 3) & 0x1fffff]! & (1 << (h & 7))) !== 0;
  }
}

/**
 * FNV-1a of s[from, to) with ASCII upper case folded to lower case, as 24 bits; -1 when a
 * character is not ASCII (the caller then takes the slow path, where toLowerCase decides).
 */
export function foldHash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (c > 127) return -1;
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 16777619);
  }
  return h >>> 8;
}

/** The first six hexadecimal digits of a hash as 24 bits; -1 when they are not hex. */
export function hexPrefix(s: string): number {
  if (s.length < 6) return -1;
  let v = 0;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

/** The last two labels of a name, s[start, end) without a trailing dot; null for a single label. */
export function tailRange(s: string): [number, number] | null {
  let end = s.length;
  if (end > 0 && s.charCodeAt(end - 1) === 46) end--;
  const last = s.lastIndexOf('.', end - 1);
  if (last < 0) return null;
  const before = last > 0 ? s.lastIndexOf('.', last - 1) : -1;
  return [before + 1, end];
}

/**
 * The host name of a URL, s[start, end), without user info, port or trailing dot; null when
 * there is none or it is a bracketed IPv6 address.
 */
export function urlHostRange(s: string): [number, number] | null {
  const colon = s.indexOf('://');
  if (colon <= 0 || colon > 20) return null;
  let start = colon + 3;
  let end = s.length;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const at = s.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  if (start >= end || s.charCodeAt(start) === 91) return null;
  const port = s.lastIndexOf(':', end - 1);
  if (port >= start) end = port;
  if (end > start && s.charCodeAt(end - 1) === 46) end--;
  return end > start ? [start, end] : null;
}
