/**
 * Semantic rules of §9 checked while parsing, beyond what the grammar says: each throws a
 * PatternSyntaxError pointing at the offending part of the pattern.
 */
import type { Constant, ObjectPath } from './ast.js';
import { PatternSyntaxError, quoteFound } from './errors.js';
import { parseIpBlock } from './ip.js';
import { compileMatches } from './regex.js';

/**
 * Hash formats of the hash-algorithm-ov vocabulary (§10.7), keyed by the name upper-cased
 * without `-`; a malformed hash in a published pattern is refused, as the OASIS validator does.
 */
const HASH_FORMATS: Record<string, [RegExp, string]> = {
  MD5: [/^[a-fA-F0-9]{32}$/, 'an MD5 hash (32 hex digits)'],
  SHA1: [/^[a-fA-F0-9]{40}$/, 'a SHA-1 hash (40 hex digits)'],
  SHA256: [/^[a-fA-F0-9]{64}$/, 'a SHA-256 hash (64 hex digits)'],
  SHA512: [/^[a-fA-F0-9]{128}$/, 'a SHA-512 hash (128 hex digits)'],
  SHA3256: [/^[a-fA-F0-9]{64}$/, 'a SHA3-256 hash (64 hex digits)'],
  SHA3512: [/^[a-fA-F0-9]{128}$/, 'a SHA3-512 hash (128 hex digits)'],
  SSDEEP: [/^[a-zA-Z0-9/+:.]{1,128}$/, 'an SSDEEP hash'],
  TLSH: [/^(T1)?[a-fA-F0-9]{70}$/, 'a TLSH hash (70 hex digits, optionally after T1)'],
};

/** True for `*_ref` / `*_refs` properties, which the evaluator dereferences (§9.7.4). */
export function isRefKey(key: string): boolean {
  return key.endsWith('_ref') || key.endsWith('_refs');
}

/** `file:hashes.MD5 = '...'` and friends must carry a well-formed hash. */
export function checkHashConstant(path: ObjectPath, value: Constant, pos: number, text: string): void {
  const n = path.steps.length;
  const last = path.steps[n - 1];
  const parent = path.steps[n - 2];
  if (value.type !== 'string' || last?.kind !== 'key' || parent?.kind !== 'key' || parent.key !== 'hashes') return;
  const format = HASH_FORMATS[last.key.toUpperCase().replace(/-/g, '')];
  if (format && !format[0].test(value.value)) {
    throw new PatternSyntaxError(pos, format[1], quoteFound(text), `expected ${format[1]} for hashes.${last.key} but found ${quoteFound(text)}`);
  }
}

/**
 * ISSUBSET / ISSUPERSET: the path must reach the `value` of an ipv4-addr or ipv6-addr (only
 * checkable for the object type when no reference is followed) and the constant must be an
 * address or CIDR block of that family.
 */
export function checkIpOperands(path: ObjectPath, op: string, pathPos: number, value: string, pos: number, text: string): void {
  const viaRef = path.steps.some((s) => s.kind === 'key' && isRefKey(s.key));
  const last = path.steps[path.steps.length - 1];
  const direct = !viaRef && (path.objectType === 'ipv4-addr' || path.objectType === 'ipv6-addr');
  if (last?.kind !== 'key' || last.key !== 'value' || (!viaRef && !direct) || (direct && path.steps.length !== 1)) {
    const what = 'the value of an ipv4-addr or ipv6-addr object';
    throw new PatternSyntaxError(pathPos, what, quoteFound(formatPathBrief(path)), `${op} applies to ${what} (like ipv4-addr:value), not to ${formatPathBrief(path)}`);
  }
  const block = parseIpBlock(value);
  const family = direct ? (path.objectType === 'ipv4-addr' ? 4 : 6) : block?.family;
  if (!block || block.family !== family) {
    const expected = family === 6 ? 'an IPv6 address or CIDR block' : family === 4 ? 'an IPv4 address or CIDR block' : 'an IPv4 or IPv6 address or CIDR block';
    throw new PatternSyntaxError(pos, expected, quoteFound(text));
  }
}

export function checkRegex(value: string, pos: number, text: string): void {
  try {
    compileMatches(value, true);
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw new PatternSyntaxError(pos, 'a valid regular expression (PCRE syntax)', quoteFound(text), `the regular expression of MATCHES is not valid: ${why}`);
  }
}

/** §9.6.1: the IN list holds constants of one data type (integers and floats count as one). */
export function checkSetMember(first: Constant, next: Constant, pos: number, text: string): void {
  const numeric = (c: Constant) => c.type === 'int' || c.type === 'float';
  if (first.type === next.type || (numeric(first) && numeric(next))) return;
  throw new PatternSyntaxError(pos, `a ${first.type} constant like the first one in the list`, quoteFound(text),
    `the constants of an IN list must all have one type, but ${quoteFound(text)} (${next.type}) follows a ${first.type}`);
}

function formatPathBrief(path: ObjectPath): string {
  return path.objectType + ':' + path.steps.map((s, i) => (s.kind === 'key' ? `${i ? '.' : ''}${s.key}` : `[${s.index}]`)).join('');
}

/**
 * §9.5: operands of AND inside one observation expression must be satisfiable by the same
 * object. Each comparison expression is tracked with the set of object types it can match
 * (OR unions, AND intersects); an empty intersection is an error at the AND.
 */
export function intersectTypes(left: ReadonlySet<string>, right: ReadonlySet<string>, andPos: number): Set<string> {
  const both = new Set([...left].filter((t) => right.has(t)));
  if (both.size === 0) {
    const l = [...left].join(' or ');
    const r = [...right].join(' or ');
    throw new PatternSyntaxError(andPos, 'operands of AND on the same object type', `'AND'`,
      `AND joins comparisons on different object types (${l} and ${r}) in one observation expression; `
      + 'all operands of AND must apply to the same object: use OR, or separate observation expressions [..] AND [..]');
  }
  return both;
}
