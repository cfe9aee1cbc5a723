/**
 * Indicators of compromise in free text: what an analyst pastes from an email, a report or a
 * CSV line. Each line is normalised (NFKC: full-width `１．２．３．４` is `1.2.3.4`) and refanged
 * (`hxxp://`, `[.]`, `(dot)`, `[@]`, `(at)`, `[:]`, `[://]`, `evil . com`; see ioc-refang.ts),
 * then scanned, in this order, for URLs, email addresses, IPv6 and IPv4 addresses, hashes
 * (MD5, SHA-1, SHA-256, SHA-512) and domain names; what one of them covers is not reported again
 * (a URL's host, an email's domain). Values are normalised (lower-case domains, hashes, URL
 * schemes and hosts; IPv6 in RFC 5952 form) and deduplicated by type and value; `original`
 * keeps the text as written. Private and reserved addresses stay items with `note: 'private'`:
 * the publisher decides. Candidates that look like an IOC but are not one (a file name such as
 * `report.pdf`, an octet above 255, a 50-digit hex run) are listed in `ignored` with the reason.
 */
import { checkDomain, ipv4Octets, ipv6Groups, ipv6Text, isPrivateIpv4, isPrivateIpv6 } from './ioc-net.js';
import { originalOf, refangLine, type MappedText } from './ioc-refang.js';

export type IocType =
  | 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'email-addr'
  | 'file:md5' | 'file:sha1' | 'file:sha256' | 'file:sha512';

export const IOC_TYPES: readonly IocType[] = [
  'ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file:md5', 'file:sha1', 'file:sha256', 'file:sha512',
];

export interface IocItem {
  type: IocType;
  /** refanged and normalised: what the indicator's pattern will match */
  value: string;
  /** the text as written (defanged, full-width…) */
  original: string;
  /** 1-based */
  line: number;
  /** a private, loopback, link-local, documentation or otherwise reserved address (or a URL on one) */
  note?: 'private';
}

export interface IgnoredText {
  line: number;
  text: string;
  reason: string;
}

export interface IocParseResult {
  items: IocItem[];
  ignored: IgnoredText[];
}

/** The text cannot be parsed at all (too large); the message says why, for the publisher. */
export class IocTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IocTextError';
  }
}

export const MAX_IOC_TEXT_BYTES = 1024 * 1024;
export const MAX_IOC_LINE_CHARS = 10_000;

const HASH_TYPES: Readonly<Record<number, IocType>> = { 32: 'file:md5', 40: 'file:sha1', 64: 'file:sha256', 128: 'file:sha512' };

/** What a match found: an item, a reason to ignore it, or nothing worth saying (not taken). */
type Verdict = { item: Omit<IocItem, 'line' | 'original'>; end?: number } | { ignored: string; end?: number } | null;

interface Found {
  start: number;
  end: number;
  verdict: NonNullable<Verdict>;
}

const URL_RE = /\b(?:https?|ftp):\/\/[^\s<>"'`\\^{}|\u0080-\uffff]+/gi;
const URL_PARTS = /^([a-z]+):\/\/(?:([^@/?#]*)@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::(\d*))?([/?#].*)?$/i;
const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?/g;
const IPV6_RE = /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?:\/\d{1,3})?(?![0-9A-Za-z:])/g;
const IPV4_RE = /(?<![0-9A-Za-z._])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,3}))?(?![0-9A-Za-z_]|\.\d)/g;
const HEX_RE = /(?<![0-9A-Za-z_])[0-9A-Fa-f]{32,}(?![0-9A-Za-z_])/g;
const DOMAIN_RE = /(?<![A-Za-z0-9_@-])(?<![A-Za-z0-9-]\.)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?![A-Za-z0-9_@(-]|\.[A-Za-z0-9])/g;

/** Drops trailing punctuation a sentence put after a URL, and a closing bracket it did not open. */
function trimUrl(v: string): string {
  const count = (c: string) => v.split(c).length - 1;
  const [open, openSquare] = [count('('), count('[')];
  let [close, closeSquare] = [count(')'), count(']')];
  let end = v.length;
  for (; end > 0; end--) {
    const last = v[end - 1]!;
    if (last === ')' && open < close) close--;
    else if (last === ']' && openSquare < closeSquare) closeSquare--;
    else if (!'.,;:!?*'.includes(last)) break;
  }
  return v.slice(0, end);
}

function urlVerdict(raw: string): Verdict {
  const v = trimUrl(raw);
  const parts = URL_PARTS.exec(v);
  if (!parts || parts[3] === '') return null;
  const [, scheme, userinfo, hostRaw, port, rest] = parts as unknown as [string, string, string | undefined, string, string | undefined, string | undefined];
  const host = hostRaw.toLowerCase();
  let note: 'private' | undefined;
  if (host.startsWith('[')) {
    const g = ipv6Groups(host.slice(1, -1));
    if (!g) return { ignored: `the URL's host ${hostRaw} is not an IPv6 address`, end: v.length };
    if (isPrivateIpv6(g)) note = 'private';
  } else if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const o = ipv4Octets(host.split('.'));
    if (!Array.isArray(o)) return { ignored: `the URL's host is not an IPv4 address: ${o.reason}`, end: v.length };
    if (isPrivateIpv4(o)) note = 'private';
  } else if (checkDomain(host.replace(/\.$/, '')) === 'silent') {
    return { ignored: `the URL's host '${hostRaw}' is not a domain name or an IP address`, end: v.length };
  }
  if (port !== undefined && port !== '' && Number(port) > 65535) return { ignored: `port ${port} is out of range`, end: v.length };
  try {
    new URL(v);
  } catch {
    return { ignored: 'not a valid URL', end: v.length };
  }
  const value = `${scheme.toLowerCase()}://${userinfo !== undefined ? `${userinfo}@` : ''}${host}${port !== undefined ? `:${port}` : ''}${rest ?? ''}`;
  return { item: { type: 'url', value, ...(note ? { note } : {}) }, end: v.length };
}

function emailVerdict(raw: string): Verdict {
  const at = raw.lastIndexOf('@');
  const local = raw.slice(0, at);
  const domain = raw.slice(at + 1).toLowerCase();
  if (local.includes('..') || checkDomain(domain) !== 'ok') return null;
  return { item: { type: 'email-addr', value: `${local}@${domain}` } };
}

function ipv6Verdict(raw: string): Verdict {
  let candidate = raw;
  let groups: number[] | null = null;
  let prefix: string | undefined;
  for (let attempt = 0; attempt < 2 && !groups; attempt++) {
    const slash = candidate.indexOf('/');
    prefix = slash >= 0 ? candidate.slice(slash + 1) : undefined;
    const addr = slash >= 0 ? candidate.slice(0, slash) : candidate;
    // "dead::beef" and "::" parse, but an address in a report has a digit
    if (/\d/.test(addr)) groups = ipv6Groups(addr);
    // "… 2001:db8::1: more" — a colon of the sentence, not the address
    if (!groups && candidate.endsWith(':') && !candidate.endsWith('::')) candidate = candidate.slice(0, -1);
    else if (!groups) return null;
  }
  if (!groups) return null;
  if (prefix !== undefined && Number(prefix) > 128) return { ignored: `/${prefix} is not an IPv6 prefix length (0-128)`, end: candidate.length };
  const value = ipv6Text(groups) + (prefix !== undefined ? `/${Number(prefix)}` : '');
  return { item: { type: 'ipv6-addr', value, ...(isPrivateIpv6(groups) ? { note: 'private' as const } : {}) }, end: candidate.length };
}

function ipv4Verdict(m: RegExpExecArray): Verdict {
  const o = ipv4Octets([m[1]!, m[2]!, m[3]!, m[4]!]);
  if (!Array.isArray(o)) return { ignored: `not an IPv4 address: ${o.reason}` };
  const prefix = m[5];
  if (prefix !== undefined && (Number(prefix) > 32 || (prefix.length > 1 && prefix.startsWith('0')))) {
    return { ignored: `/${prefix} is not an IPv4 prefix length (0-32)` };
  }
  const value = o.join('.') + (prefix !== undefined ? `/${prefix}` : '');
  return { item: { type: 'ipv4-addr', value, ...(isPrivateIpv4(o) ? { note: 'private' as const } : {}) } };
}

function hexVerdict(raw: string): Verdict {
  const type = HASH_TYPES[raw.length];
  if (!type) return { ignored: `a hex string of ${raw.length} characters is not an MD5 (32), SHA-1 (40), SHA-256 (64) or SHA-512 (128) hash` };
  if (/^(.)\1*$/.test(raw)) return { ignored: 'a run of one repeated character is a placeholder, not a hash' };
  if (/^[0-9]+$/.test(raw)) return { ignored: 'only decimal digits: a number rather than a hash' };
  return { item: { type, value: raw.toLowerCase() } };
}

function domainVerdict(raw: string): Verdict {
  // "Mr.Smith", "the server.It was": a sentence without its space, not a domain
  if (/\.[A-Z][a-z]+$/.test(raw)) return null;
  const d = raw.toLowerCase();
  const verdict = checkDomain(d);
  if (verdict === 'silent') return null;
  if (verdict !== 'ok') return { ignored: verdict.reason };
  return { item: { type: 'domain-name', value: d } };
}

/** Every IOC and ignored candidate of one refanged line, in order of position. */
function scanLine(t: string): Found[] {
  const taken = new Uint8Array(t.length);
  const found: Found[] = [];
  const scan = (re: RegExp, judge: (m: RegExpExecArray) => Verdict) => {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const start = m.index;
      if (taken.subarray(start, start + m[0].length).some((x) => x === 1)) continue;
      const verdict = judge(m);
      if (!verdict) continue;
      const end = start + (verdict.end ?? m[0].length);
      taken.fill(1, start, end);
      found.push({ start, end, verdict });
    }
  };
  scan(URL_RE, (m) => urlVerdict(m[0]));
  scan(EMAIL_RE, (m) => emailVerdict(m[0]));
  scan(IPV6_RE, (m) => ipv6Verdict(m[0]));
  scan(IPV4_RE, ipv4Verdict);
  scan(HEX_RE, (m) => hexVerdict(m[0]));
  scan(DOMAIN_RE, (m) => domainVerdict(m[0]));
  return found.sort((a, b) => a.start - b.start);
}

/** Checks the size limits; throws IocTextError with a message for the publisher. */
function splitLines(text: string): string[] {
  if (typeof text !== 'string') throw new IocTextError('the IOC text must be a string');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IOC_TEXT_BYTES) {
    throw new IocTextError(`the text is ${bytes} bytes; at most ${MAX_IOC_TEXT_BYTES} bytes (1 MB) are parsed at once, so split it`);
  }
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((l, i) => {
    if (l.length > MAX_IOC_LINE_CHARS) {
      throw new IocTextError(`line ${i + 1} is ${l.length} characters long; a line may have at most ${MAX_IOC_LINE_CHARS} characters`);
    }
  });
  return lines;
}

/** Parses free text for IOCs (see the module comment). Throws IocTextError when the text or a line is too long. */
export function parseIocText(text: string): IocParseResult {
  const items: IocItem[] = [];
  const ignored: IgnoredText[] = [];
  const seen = new Set<string>();
  const seenIgnored = new Set<string>();
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const m: MappedText = refangLine(line);
    for (const f of scanLine(m.text)) {
      const original = originalOf(line, m, f.start, f.end);
      if ('item' in f.verdict) {
        const key = `${f.verdict.item.type}\u0000${f.verdict.item.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        items.push({ ...f.verdict.item, original, line: i + 1 });
      } else {
        const key = `${original}\u0000${f.verdict.ignored}`;
        if (seenIgnored.has(key)) continue;
        seenIgnored.add(key);
        ignored.push({ line: i + 1, text: original, reason: f.verdict.ignored });
      }
    }
  });
  return { items, ignored };
}
