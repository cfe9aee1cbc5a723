/**
 * The sanitizer's detectors: each finds spans of one text that identify the victim. Pure and
 * synchronous; overlaps are resolved by the caller (index.ts).
 */
import type { BlockList } from 'node:net';
import { isIPv4, isIPv6 } from 'node:net';
import type { SanitizerRules } from './rules.js';

export type Kind = 'organization' | 'product' | 'person' | 'email' | 'phone' | 'host' | 'ip' | 'user' | 'term';

export interface Span {
  start: number;
  end: number;
  kind: Kind;
}

/** What the sanitizer knows about the victim, from its organization's profile and the report. */
export interface Known {
  /** literal words with their kind; matched case-insensitively */
  terms: { text: string; kind: Kind }[];
  /** the organization's own domains (lower case, no leading dot) */
  domains: string[];
  /** words whose presence in a host-like token makes it an internal host (the organization's names, lower case) */
  orgWords: string[];
  /** email addresses the reporter listed as observables (lower case): not masked in text */
  keepEmails: ReadonlySet<string>;
}

const isAsciiWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * Full-width ASCII (U+FF01–U+FF5E, as a Japanese input method types "ＡＣＭＥ" or "１０．２０．３０．４０")
 * and the ideographic space, folded to ASCII: one UTF-16 unit for one, so a span found in the
 * folded text is the same span of the original.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** Lower case, one UTF-16 unit for one (a character whose lower case is longer, such as İ, stays as it is), so offsets hold. */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replace(/[\s\S]/g, (c) => (c.toLowerCase().length === 1 ? c.toLowerCase() : c));
}

/** Literal terms, case-insensitive; ASCII terms only at word boundaries (so "Acme" does not hit "Acmeville" twice over). */
function findTerms(text: string, known: Known, out: Span[]): void {
  const lower = lowerSameLength(text);
  for (const { text: term, kind } of known.terms) {
    const folded = foldWidth(term);
    const t = lowerSameLength(folded);
    if (t === '') continue;
    const wordy = /^[A-Za-z0-9_]/.test(folded) || /[A-Za-z0-9_]$/.test(folded);
    for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) {
      const end = i + t.length;
      if (wordy && ((/^[A-Za-z0-9_]/.test(folded) && isAsciiWord(text[i - 1])) || (/[A-Za-z0-9_]$/.test(folded) && isAsciiWord(text[end])))) continue;
      out.push({ start: i, end, kind });
    }
  }
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
// international (+81-3-1234-5678), national (03-1234-5678, 090 1234 5678), with an optional (area) part
const PHONE_RE = /(?<![\w.+-])(?:\+\d{1,3}[ -]?)?(?:\(\d{1,5}\)[ -]?)?\d{1,5}[- ]\d{1,4}[- ]\d{3,4}(?![\w.-])/g;
const IPV4_RE = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\w.])/g;
const IPV6_RE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:\/\d{1,3})?(?![\w:.])/g;
const HOST_RE = /(?<![\w.@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}(?![\w-])/g;
const TOKEN_RE = /[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]/g;
const UNC_RE = /\\\\([A-Za-z0-9._-]+)/g;
/** C:\Users\NAME, /home/NAME, /Users/NAME: the NAME is a user. */
export const USER_PATH_RE = /(?:[A-Za-z]:\\+(?:Users|Documents and Settings)\\+|\/(?:home|Users)\/)([^\\/\s"'<>|:*?]+)/gi;
/** Windows domains that name nobody. */
const GENERIC_DOMAINS = /^(builtin|workgroup|nt|local|localhost|domain)$/i;
/** DOMAIN\user (a Windows sign-in name). */
export const DOMAIN_USER_RE = /(?<![\w\\])[A-Za-z][A-Za-z0-9-]{1,14}\\([A-Za-z][A-Za-z0-9._-]{1,63})(?![\w\\])/g;

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (let m = r.exec(text); m !== null; m = r.exec(text)) {
    if (m[0] === '') {
      r.lastIndex++;
      continue;
    }
    yield m;
  }
}

/** Whether a host name is internal: an internal suffix, one of the organization's domains, or one of its names in a label. */
export function isInternalHost(host: string, rules: SanitizerRules, known: Pick<Known, 'domains' | 'orgWords'>): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (rules.internal_suffixes.some((s) => h.endsWith(s) || `.${h}` === s)) return true;
  if (known.domains.some((d) => h === d || h.endsWith(`.${d}`))) return true;
  return known.orgWords.some((w) => w.length >= 3 && h.includes(w));
}

export function isInternalAddress(value: string, ranges: BlockList): boolean {
  const addr = value.split('/')[0]!;
  if (isIPv4(addr)) return ranges.check(addr, 'ipv4');
  if (isIPv6(addr)) return ranges.check(addr, 'ipv6');
  return false;
}

/** Every span of `original` that identifies the victim (overlapping spans included), full-width forms too. */
export function detect(original: string, rules: SanitizerRules, ranges: BlockList, known: Known, hostPatterns: RegExp[]): Span[] {
  const text = foldWidth(original);
  const out: Span[] = [];
  findTerms(text, known, out);
  for (const m of matches(EMAIL_RE, text)) {
    const email = m[0].toLowerCase();
    const domain = email.slice(email.indexOf('@') + 1);
    if (known.keepEmails.has(email) && !isInternalHost(domain, rules, known)) continue;
    if (rules.mask_all_emails || isInternalHost(domain, rules, known)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'email' });
  }
  for (const m of matches(PHONE_RE, text)) {
    if (m[0].replace(/\D/g, '').length >= 9) out.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' });
  }
  for (const re of [IPV4_RE, IPV6_RE]) {
    for (const m of matches(re, text)) {
      if (isInternalAddress(m[0], ranges)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'ip' });
    }
  }
  for (const m of matches(HOST_RE, text)) {
    if (isIPv4(m[0])) continue;
    if (isInternalHost(m[0], rules, known)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'host' });
  }
  // a host-like token (with a dot, a hyphen or a digit) holding one of the organization's names: ACME-DC01
  for (const m of matches(TOKEN_RE, text)) {
    const t = m[0].toLowerCase();
    if (/[.\-\d]/.test(t) && known.orgWords.some((w) => w.length >= 3 && t.includes(w))) {
      out.push({ start: m.index, end: m.index + m[0].length, kind: 'host' });
    }
  }
  for (const m of matches(UNC_RE, text)) out.push({ start: m.index + 2, end: m.index + 2 + m[1]!.length, kind: 'host' });
  for (const re of hostPatterns) {
    for (const m of matches(re, text)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'host' });
  }
  for (const re of [USER_PATH_RE, DOMAIN_USER_RE]) {
    for (const m of matches(re, text)) {
      const name = m[1]!;
      const start = m.index + m[0].length - name.length;
      out.push({ start, end: start + name.length, kind: 'user' });
      // the Windows domain of DOMAIN\user is usually the organization's own name
      if (re === DOMAIN_USER_RE) {
        const domain = m[0].slice(0, m[0].indexOf('\\'));
        if (!GENERIC_DOMAINS.test(domain)) out.push({ start: m.index, end: m.index + domain.length, kind: 'host' });
      }
    }
  }
  return out;
}

/** User names found in paths and DOMAIN\user forms: masked wherever else they appear too. */
export function userNamesIn(text: string): string[] {
  const names: string[] = [];
  for (const re of [USER_PATH_RE, DOMAIN_USER_RE]) for (const m of matches(re, foldWidth(text))) names.push(m[1]!);
  return names.filter((n) => !/^(public|default|all users|administrator|admin|root|shared)$/i.test(n));
}

/** Keeps the earliest, then longest, of overlapping spans. */
export function resolveOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Span[] = [];
  let reach = -1;
  for (const s of sorted) {
    if (s.start < reach) {
      // a longer span starting inside the previous one swallows it when it reaches further
      const last = out[out.length - 1]!;
      if (s.end > last.end && s.start >= last.start) {
        last.end = s.end;
        reach = s.end;
      }
      continue;
    }
    out.push({ ...s });
    reach = s.end;
  }
  return out;
}
