/**
 * Property checks by data type (spec §2) and the spec constructors used by schemas.ts.
 * Internal to src/stix.
 */
import {
  checkExternalReferences, checkGranularMarkings, checkHashes, checkKillChainPhases, checkRef, nonEmptyList,
} from './checks-composite.js';
import { isObj, LANG_RE, own, sub } from './checks-core.js';
import type { Ctx, Obj, PropSpec, Schema } from './checks-core.js';
import { isStixTimestamp, timestampFractionDigits } from './timestamps.js';

export { Ctx, isObj, LANG_RE, MAX_ERRORS, own, sub } from './checks-core.js';
export type { Kind, Obj, PropSpec, Schema } from './checks-core.js';
export { selectorResolves } from './checks-composite.js';

// ---- spec constructors -------------------------------------------------------

export const str: PropSpec = { kind: 'string' };
export const ts: PropSpec = { kind: 'timestamp' };
export const tsMs: PropSpec = { kind: 'timestamp_ms' };
export const bool: PropSpec = { kind: 'boolean' };
export const strs: PropSpec = { kind: 'strings' };
export const dict: PropSpec = { kind: 'dict' };
export const hashes: PropSpec = { kind: 'hashes' };
export const hex: PropSpec = { kind: 'hex' };
export const binary: PropSpec = { kind: 'binary' };
export const lang: PropSpec = { kind: 'lang' };
export const kcp: PropSpec = { kind: 'kill_chain_phases' };
export const anyRef: PropSpec = { kind: 'ref' };
export const anyRefs: PropSpec = { kind: 'refs' };

export function req(s: PropSpec): PropSpec {
  return { ...s, required: true };
}

function typeList(types: readonly string[]): string {
  return types.length === 1 ? String(types[0]) : `${types.slice(0, -1).join(', ')} or ${String(types[types.length - 1])}`;
}

export function ref(...types: string[]): PropSpec {
  return { kind: 'ref', types: new Set(types), typeMsg: `must be an identifier of type ${typeList(types)}` };
}
export function refs(...types: string[]): PropSpec {
  return { kind: 'refs', types: new Set(types), typeMsg: `must be an identifier of type ${typeList(types)}` };
}
export function refNot(notTypes: ReadonlySet<string>, what: string): PropSpec {
  return { kind: 'ref', notTypes, typeMsg: `must reference ${what}` };
}
export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): PropSpec {
  return { kind: 'integer', min, max };
}
export function float(min = -Infinity, max = Infinity): PropSpec {
  return { kind: 'float', min, max };
}
export function oneOf(...values: string[]): PropSpec {
  return { kind: 'enum', values: new Set(values) };
}
export function listOf(...values: string[]): PropSpec {
  return { kind: 'enums', values: new Set(values) };
}
export function obj(props: Record<string, PropSpec>, atLeastOne = false): PropSpec {
  return { kind: 'object', props: schema(props), atLeastOne };
}
export function objs(props: Record<string, PropSpec>, atLeastOne = false): PropSpec {
  return { kind: 'objects', item: obj(props, atLeastOne) };
}
export function schema(...parts: Record<string, PropSpec>[]): Schema {
  const m = new Map<string, PropSpec>();
  for (const p of parts) for (const k of Object.keys(p)) m.set(k, p[k] as PropSpec);
  return m;
}

const TS_MSG = 'must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z, UTC, a real calendar date)';
const DICT_KEY_RE = /^[A-Za-z0-9_-]{1,250}$/;
const HEX_RE = /^(?:[0-9a-f]{2})*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Checks the members of `o` against `props` (required members and member types). */
export function checkSchema(c: Ctx, o: Obj, props: Schema, base: string): void {
  for (const [k, s] of props) {
    const v = own(o, k);
    // schema keys are plain identifiers, so the path needs no quoting
    if (v === undefined) {
      if (s.required === true) c.err(base === '' ? k : `${base}.${k}`, 'is required');
    } else {
      checkValue(c, v, base === '' ? k : `${base}.${k}`, s);
    }
  }
}

const requiredCache = new WeakMap<Schema, readonly string[]>();

/** Names of the required members of a schema (cached). */
export function requiredOf(props: Schema): readonly string[] {
  let out = requiredCache.get(props);
  if (out === undefined) {
    out = [...props].filter(([, s]) => s.required === true).map(([k]) => k);
    requiredCache.set(props, out);
  }
  return out;
}

function hasAnyOf(o: Obj, props: Schema): boolean {
  for (const k of props.keys()) if (own(o, k) !== undefined) return true;
  return false;
}

export function checkValue(c: Ctx, v: unknown, p: string, s: PropSpec): void {
  switch (s.kind) {
    case 'string':
      if (typeof v !== 'string') c.err(p, 'must be a string');
      return;
    case 'timestamp':
      if (!isStixTimestamp(v)) c.err(p, TS_MSG);
      return;
    case 'timestamp_ms': {
      const f = typeof v === 'string' ? timestampFractionDigits(v) : -1;
      if (f < 0) c.err(p, TS_MSG);
      else if (f < 3) c.err(p, 'must have at least millisecond precision (3 fraction digits)');
      return;
    }
    case 'boolean':
      if (typeof v !== 'boolean') c.err(p, 'must be a boolean');
      return;
    case 'integer': {
      const min = s.min ?? Number.MIN_SAFE_INTEGER;
      const max = s.max ?? Number.MAX_SAFE_INTEGER;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
        c.err(p, min === Number.MIN_SAFE_INTEGER ? 'must be an integer' : `must be an integer between ${min} and ${max}`);
      }
      return;
    }
    case 'float': {
      const min = s.min ?? -Infinity;
      const max = s.max ?? Infinity;
      if (typeof v !== 'number' || !Number.isFinite(v)) c.err(p, 'must be a finite number');
      else if (v < min || v > max) c.err(p, `must be a number between ${min} and ${max}`);
      return;
    }
    case 'ref':
      return checkRef(c, v, p, s);
    case 'refs':
      if (nonEmptyList(c, v, p)) for (let i = 0; i < v.length; i++) checkRef(c, v[i], `${p}[${i}]`, s);
      return;
    case 'strings':
      if (nonEmptyList(c, v, p)) {
        for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') c.err(`${p}[${i}]`, 'must be a string');
      }
      return;
    case 'enum':
      if (typeof v !== 'string' || !(s.values as ReadonlySet<string>).has(v)) {
        c.err(p, `must be one of: ${[...(s.values as ReadonlySet<string>)].join(', ')}`);
      }
      return;
    case 'enums':
      if (nonEmptyList(c, v, p)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (typeof x !== 'string' || !(s.values as ReadonlySet<string>).has(x)) {
            c.err(`${p}[${i}]`, `must be one of: ${[...(s.values as ReadonlySet<string>)].join(', ')}`);
          }
        }
      }
      return;
    case 'dict': {
      if (!isObj(v)) return c.err(p, 'must be a dictionary (JSON object)');
      const keys = Object.keys(v);
      if (keys.length === 0) return c.err(p, 'must not be an empty dictionary');
      for (const k of keys) {
        if (!DICT_KEY_RE.test(k)) c.err(sub(p, k), 'dictionary keys must be 1–250 characters of A–Z, a–z, 0–9, - and _');
      }
      return;
    }
    case 'hashes':
      return checkHashes(c, v, p);
    case 'hex':
      if (typeof v !== 'string' || !HEX_RE.test(v)) c.err(p, 'must be an even number of lowercase hexadecimal digits');
      return;
    case 'binary':
      if (typeof v !== 'string' || !BASE64_RE.test(v)) c.err(p, 'must be base64-encoded binary data');
      return;
    case 'lang':
      if (typeof v !== 'string' || !LANG_RE.test(v)) c.err(p, 'must be an RFC 5646 language code');
      return;
    case 'kill_chain_phases':
      return checkKillChainPhases(c, v, p);
    case 'external_references':
      return checkExternalReferences(c, v, p);
    case 'granular_markings':
      return checkGranularMarkings(c, v, p);
    case 'extensions':
      return c.checkExtensions(c, v, p);
    case 'object':
      if (!isObj(v)) return c.err(p, 'must be an object');
      checkSchema(c, v, s.props as Schema, p);
      if (s.atLeastOne === true && !hasAnyOf(v, s.props as Schema)) {
        c.err(p, `must contain at least one of: ${[...(s.props as Schema).keys()].join(', ')}`);
      }
      return;
    case 'objects':
      if (!nonEmptyList(c, v, p)) return;
      for (let i = 0; i < v.length; i++) checkValue(c, v[i], `${p}[${i}]`, s.item as PropSpec);
      return;
  }
}
