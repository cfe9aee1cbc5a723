/**
 * The forms observed values and indicator values are compared in by the matching index
 * (src/match/indicator-index.ts). Each returns undefined for a value that is not of its type.
 *
 * - IPv4: a 32-bit unsigned number (parsed without regular expressions: it is the hot path);
 * - domain names: lower case, without a trailing dot;
 * - URLs: scheme and host lower case, the scheme's default port removed, `http://h` → `http://h/`;
 *   path, query and fragment as given (they are case-sensitive);
 * - hashes: lower-case hexadecimal (the evaluator compares them case-sensitively; the index does not);
 * - email addresses: lower case.
 */

/** `a.b.c.d` as a 32-bit unsigned number; leading zeros refused as parseIpBlock does. */
export function ipv4ToInt(s: string): number | undefined {
  const n = s.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return undefined; // leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + part;
}

/** `a.b.c.d/n` → the range [first, last] of its addresses, or undefined. */
export function ipv4Range(s: string): { first: number; last: number; prefix: number } | undefined {
  const slash = s.indexOf('/');
  const addr = ipv4ToInt(slash < 0 ? s : s.slice(0, slash));
  if (addr === undefined) return undefined;
  let prefix = 32;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^(0|[1-9]\d?)$/.test(p) || Number(p) > 32) return undefined;
    prefix = Number(p);
  }
  const size = 2 ** (32 - prefix);
  const first = Math.floor(addr / size) * size;
  return { first, last: first + size - 1, prefix };
}

const DOMAIN_RE = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** Lower case, no trailing dot; undefined when it is not a host name of LDH (and `_`) labels. */
export function normalizeDomain(s: string): string | undefined {
  let d = s.length > 0 && s.charCodeAt(s.length - 1) === 46 ? s.slice(0, -1) : s;
  if (d.length === 0 || d.length > 253) return undefined;
  d = d.toLowerCase();
  return DOMAIN_RE.test(d) ? d : undefined;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ftp: '21', ws: '80', wss: '443' };

/**
 * `Scheme://User@Host:Port/path?q#f` with scheme and host lower-cased and a default port
 * dropped; the rest unchanged. Undefined when there is no `scheme://host`.
 */
export function normalizeUrl(s: string): string | undefined {
  const colon = s.indexOf('://');
  if (colon <= 0 || colon > 20) return undefined;
  const scheme = s.slice(0, colon).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return undefined;
  const rest = s.slice(colon + 3);
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) { // / ? #
      end = i;
      break;
    }
  }
  let authority = rest.slice(0, end);
  let tail = rest.slice(end);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  authority = authority.slice(at + 1).toLowerCase();
  if (authority === '') return undefined;
  const portAt = authority.lastIndexOf(':');
  if (portAt >= 0 && !authority.endsWith(']') && authority.slice(portAt + 1) === DEFAULT_PORTS[scheme]) {
    authority = authority.slice(0, portAt);
  }
  if (authority.endsWith('.')) authority = authority.slice(0, -1);
  if (tail === '' || tail.charCodeAt(0) !== 47) tail = `/${tail}`;
  return `${scheme}://${userinfo}${authority}${tail}`;
}

/**
 * The host (and port) of a URL as normalizeUrl writes it — lower case, no user info, no default
 * port, no trailing dot — found without building the whole normalised URL (the index's pre-check).
 */
export function urlHost(s: string): string | undefined {
  const colon = s.indexOf('://');
  if (colon <= 0 || colon > 20) return undefined;
  const start = colon + 3;
  let end = s.length;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const at = s.lastIndexOf('@', end - 1);
  let host = s.slice(at >= start ? at + 1 : start, end).toLowerCase();
  const portAt = host.lastIndexOf(':');
  if (portAt >= 0 && !host.endsWith(']') && host.slice(portAt + 1) === DEFAULT_PORTS[s.slice(0, colon).toLowerCase()]) host = host.slice(0, portAt);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host === '' ? undefined : host;
}

const HEX_RE = /^[0-9a-fA-F]{8,128}$/;

/** Lower-case hexadecimal (8–128 digits), or undefined. */
export function normalizeHash(s: string): string | undefined {
  return HEX_RE.test(s) ? s.toLowerCase() : undefined;
}

/** `local@domain`, lower case, or undefined. */
export function normalizeEmail(s: string): string | undefined {
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1 || /\s/.test(s)) return undefined;
  return s.toLowerCase();
}

/** The observable type of a bare value (CSV columns, `--format csv`), or undefined when none fits. */
export function detectType(value: string): 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'email-addr' | 'file' | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (ipv4Range(v) !== undefined) return 'ipv4-addr';
  if (v.includes('://')) return normalizeUrl(v) !== undefined ? 'url' : undefined;
  if (v.includes('@')) return normalizeEmail(v) !== undefined ? 'email-addr' : undefined;
  if (v.includes(':') && /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(v)) return 'ipv6-addr';
  if (/^[0-9a-fA-F]+$/.test(v) && [32, 40, 64, 128].includes(v.length)) return 'file';
  if (v.includes('.') && normalizeDomain(v) !== undefined && !/^[\d.]+$/.test(v)) return 'domain-name';
  return undefined;
}
