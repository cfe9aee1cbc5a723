/**
 * The sanitizer's hub-wide rules (docs/desk.md): what counts as internal on this hub. An
 * operator replaces them through PUT /api/v1/desk/sanitizer-rules; the defaults below fit a
 * hub that knows nothing of its members' networks yet.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { isObj } from '../stix/checks-core.js';

export interface SanitizerRules {
  /** host names ending in one of these are internal (lower case, leading dot) */
  internal_suffixes: string[];
  /** address ranges (CIDR) that identify a member's own network: masked in text, never shared as observables */
  internal_ranges: string[];
  /** words every report masks (e.g. a shared hosting provider's internal code names) */
  extra_terms: string[];
  /** regular expressions (JavaScript, flags `giu`) matching internal host names, e.g. `\b[A-Z]{2,}-(DC|FS|SRV)\d+\b` */
  host_patterns: string[];
  /** true: every email address in text is masked unless the reporter listed it as an attacker's observable */
  mask_all_emails: boolean;
}

export const DEFAULT_RULES: SanitizerRules = Object.freeze({
  internal_suffixes: ['.local', '.internal', '.corp', '.lan', '.intra', '.intranet', '.home.arpa', '.localdomain', '.ad'],
  internal_ranges: [
    '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '100.64.0.0/10', '0.0.0.0/8',
    'fc00::/7', 'fe80::/10', '::1/128',
  ],
  extra_terms: [],
  host_patterns: ['\\b[A-Za-z][A-Za-z0-9]*-(?:DC|AD|FS|FILE|SRV|SV|SQL|DB|EX|MAIL|WEB|APP|PC|WS|NAS|VPN|FW)[0-9A-Za-z-]*\\b'],
  mask_all_emails: true,
}) as SanitizerRules;

export interface RuleError {
  property: string;
  message: string;
}

const MAX_ITEMS = 500;
const MAX_ITEM = 300;

function stringList(v: unknown, property: string, errors: RuleError[]): string[] | null {
  if (!Array.isArray(v) || v.length > MAX_ITEMS || v.some((s) => typeof s !== 'string' || s.trim() === '' || s.length > MAX_ITEM)) {
    errors.push({ property, message: `must be a list of at most ${MAX_ITEMS} non-empty strings of at most ${MAX_ITEM} characters` });
    return null;
  }
  return [...new Set((v as string[]).map((s) => s.trim()))];
}

/** A CIDR range `address/bits` (IPv4 or IPv6). */
export function parseCidr(s: string): { address: string; bits: number; family: 'ipv4' | 'ipv6' } | null {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return null;
  const address = m[1]!;
  const bits = Number(m[2]);
  if (isIPv4(address) && bits <= 32) return { address, bits, family: 'ipv4' };
  if (isIPv6(address) && bits <= 128) return { address, bits, family: 'ipv6' };
  return null;
}

/**
 * Checks an operator's rules (every property required, nothing else): the rules, or every error.
 * Patterns must compile and must not match the empty string (they would match everywhere).
 */
export function parseRules(input: unknown): { ok: true; rules: SanitizerRules } | { ok: false; errors: RuleError[] } {
  const errors: RuleError[] = [];
  if (!isObj(input)) return { ok: false, errors: [{ property: '', message: 'must be an object with internal_suffixes, internal_ranges, extra_terms, host_patterns, mask_all_emails' }] };
  const known = ['internal_suffixes', 'internal_ranges', 'extra_terms', 'host_patterns', 'mask_all_emails'];
  for (const k of Object.keys(input)) if (!known.includes(k)) errors.push({ property: k, message: `is not a rule (expected ${known.join(', ')})` });
  const suffixes = stringList(input.internal_suffixes, 'internal_suffixes', errors);
  const ranges = stringList(input.internal_ranges, 'internal_ranges', errors);
  const terms = stringList(input.extra_terms, 'extra_terms', errors);
  const patterns = stringList(input.host_patterns, 'host_patterns', errors);
  ranges?.forEach((r, i) => {
    if (!parseCidr(r)) errors.push({ property: `internal_ranges[${i}]`, message: `'${r}' is not a CIDR range such as 10.0.0.0/8 or fc00::/7` });
  });
  patterns?.forEach((p, i) => {
    try {
      if (new RegExp(p, 'iu').test('')) errors.push({ property: `host_patterns[${i}]`, message: 'matches the empty string' });
    } catch (e) {
      errors.push({ property: `host_patterns[${i}]`, message: `is not a valid regular expression: ${(e as Error).message}` });
    }
  });
  if (typeof input.mask_all_emails !== 'boolean') errors.push({ property: 'mask_all_emails', message: 'must be true or false' });
  if (errors.length > 0 || !suffixes || !ranges || !terms || !patterns) return { ok: false, errors };
  return {
    ok: true,
    rules: {
      internal_suffixes: suffixes.map((s) => (s.startsWith('.') ? s : `.${s}`).toLowerCase()),
      internal_ranges: ranges,
      extra_terms: terms,
      host_patterns: patterns,
      mask_all_emails: input.mask_all_emails as boolean,
    },
  };
}

/** The internal ranges as a lookup. */
export function internalRanges(rules: SanitizerRules): BlockList {
  const list = new BlockList();
  for (const r of rules.internal_ranges) {
    const c = parseCidr(r);
    if (c) list.addSubnet(c.address, c.bits, c.family);
  }
  return list;
}
