/**
 * Comparing an SCO property value with a pattern constant (§9.2, §9.6.2–§9.6.4).
 *
 * Every comparison answers "ordered" (a number) or "incompatible" (undefined). Incompatible
 * operands make =, <, LIKE, ... false and != true (§9.6.1). Coercions, per the constants
 * table of §9.2:
 * - integer and float constants compare numerically with JSON numbers (1 = 1.0, 1 < 1.5);
 * - strings compare by code point, without normalisation (§9.6.2);
 * - `_bin` (base64) and `_hex` properties are decoded to bytes first (§9.6.4); bytes
 *   compare as unsigned octets, a string constant is turned into bytes when all its code
 *   points are below U+0100, and hex / binary constants against a string property likewise;
 * - a timestamp constant compares with a property holding a STIX timestamp, as instants;
 * - the `value` of ipv4-addr / ipv6-addr compares as an address block for = and != (so
 *   '198.51.100.1' = '198.51.100.1/32', as the spec's own examples need), else as a string.
 */
import { Buffer } from 'node:buffer';
import { versionKeyOrNull } from '../stix/timestamps.js';
import type { Constant } from './ast.js';
import { type IpBlock, ipEqual, parseIpBlock } from './ip.js';
import { normalizeBase64 } from './lexer.js';
import { compileLike, compileMatches } from './regex.js';

/** A constant with its decoded forms precomputed once per pattern. */
export interface CompiledConstant {
  c: Constant;
  /** Bytes of hex / binary constants, or of a string whose code points are all < U+0100. */
  bytes: Uint8Array | null;
  /** Sortable key of a timestamp constant. */
  tsKey: string | null;
  /** Address block of a string constant that is an IP address or CIDR block. */
  ip: IpBlock | null;
  /** Dotted-quad text when the constant is a single IPv4 address (`a.b.c.d` or `a.b.c.d/32`). */
  v4: string | null;
}

export function latin1Bytes(s: string): Uint8Array | null {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return null;
  return Buffer.from(s, 'latin1');
}

export function compileConstant(c: Constant): CompiledConstant {
  let bytes: Uint8Array | null = null;
  if (c.type === 'hex') bytes = Buffer.from(c.value, 'hex');
  else if (c.type === 'binary') bytes = Buffer.from(c.value, 'base64');
  else if (c.type === 'string') bytes = latin1Bytes(c.value);
  const ip = c.type === 'string' && c.value.length <= 64 && /^[0-9a-fA-F:.]+(\/\d+)?$/.test(c.value) ? parseIpBlock(c.value) ?? null : null;
  return {
    c,
    bytes,
    tsKey: c.type === 'timestamp' ? versionKeyOrNull(c.value) : null,
    ip,
    v4: ip?.family === 4 && ip.prefix === 32 ? (c.value as string).replace(/\/32$/, '') : null,
  };
}

/** How a property value must be read, from the name of the key that holds it. */
export const ValueKind = { Plain: 0, Base64: 1, Hex: 2, Ip: 3 } as const;
export type ValueKind = (typeof ValueKind)[keyof typeof ValueKind];

export function valueKindOf(key: string | undefined, ownerType: string | undefined): ValueKind {
  if (key === undefined) return ValueKind.Plain;
  if (key.endsWith('_bin')) return ValueKind.Base64;
  if (key.endsWith('_hex')) return ValueKind.Hex;
  if (key === 'value' && (ownerType === 'ipv4-addr' || ownerType === 'ipv6-addr')) return ValueKind.Ip;
  return ValueKind.Plain;
}

/** The bytes of a `_bin` / `_hex` property value; null when it is not valid. */
export function decodeBinary(v: unknown, kind: ValueKind): Uint8Array | null {
  if (typeof v !== 'string') return null;
  if (kind === ValueKind.Hex) return /^(?:[0-9a-fA-F]{2})*$/.test(v) ? Buffer.from(v, 'hex') : null;
  const b64 = normalizeBase64(v);
  return b64 === undefined ? null : Buffer.from(b64, 'base64');
}

/** Code point order (JS `<` compares UTF-16 units, which misorders astral vs U+E000–U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates above the rest of the BMP so unit order becomes code point order.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** Order of property value `v` (read as `kind`) relative to constant `k`; undefined = incompatible. */
export function compareValue(v: unknown, kind: ValueKind, k: CompiledConstant): number | undefined {
  const c = k.c;
  if (kind === ValueKind.Base64 || kind === ValueKind.Hex) {
    const bytes = decodeBinary(v, kind);
    if (bytes === null || k.bytes === null || (c.type !== 'string' && c.type !== 'hex' && c.type !== 'binary')) return undefined;
    return compareBytes(bytes, k.bytes);
  }
  switch (c.type) {
    case 'string':
      return typeof v === 'string' ? compareCodePoints(v, c.value) : undefined;
    case 'int': case 'float':
      return typeof v === 'number' ? (v < c.value ? -1 : v > c.value ? 1 : v === c.value ? 0 : undefined) : undefined;
    case 'bool':
      return typeof v === 'boolean' ? (v === c.value ? 0 : 1) : undefined;
    case 'timestamp': {
      const key = versionKeyOrNull(v);
      return key === null || k.tsKey === null ? undefined : key < k.tsKey ? -1 : key > k.tsKey ? 1 : 0;
    }
    case 'hex': case 'binary': {
      const bytes = typeof v === 'string' ? latin1Bytes(v) : null;
      return bytes === null || k.bytes === null ? undefined : compareBytes(bytes, k.bytes);
    }
  }
}

/** Equality for =, != and IN: like compareValue, but IP values compare as address blocks. */
export function equalsValue(v: unknown, kind: ValueKind, k: CompiledConstant): boolean | undefined {
  if (kind === ValueKind.Ip && k.ip !== null && typeof v === 'string') {
    if (v === k.c.value) return true;
    // A plain IPv4 address has one spelling (leading zeros are refused): no need to parse it.
    if (k.v4 !== null && v.length <= 15 && !v.includes('/') && !v.includes(':')) return v === k.v4;
    const block = parseIpBlock(v);
    if (block) return ipEqual(block, k.ip);
  }
  const r = compareValue(v, kind, k);
  return r === undefined ? undefined : r === 0;
}

/** LIKE / MATCHES on strings (NFC-normalised, §9.6.2) and on binary properties (as Latin-1 text). */
export class TextMatcher {
  private binary: RegExp | null | undefined;
  private readonly text: RegExp;

  constructor(private readonly source: string, private readonly like: boolean) {
    this.text = like ? compileLike(source, true) : compileMatches(source, true);
  }

  test(v: unknown, kind: ValueKind): boolean | undefined {
    if (kind === ValueKind.Base64 || kind === ValueKind.Hex) {
      const bytes = decodeBinary(v, kind);
      const re = this.binaryRegex();
      return bytes === null || re === null ? undefined : re.test(Buffer.from(bytes).toString('latin1'));
    }
    if (typeof v !== 'string') return undefined;
    return this.text.test(v.normalize('NFC'));
  }

  /** Binary data is matched without the `u` flag (§9.6.1), only if the pattern fits in bytes. */
  private binaryRegex(): RegExp | null {
    if (this.binary === undefined) {
      try {
        this.binary = latin1Bytes(this.source) === null ? null
          : this.like ? compileLike(this.source, false) : compileMatches(this.source, false);
      } catch {
        this.binary = null;
      }
    }
    return this.binary;
  }
}
