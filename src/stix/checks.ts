/**
 * Building blocks of the validator: the error collector, the property-spec model and
 * the checks for each STIX data type (spec §2). Internal to src/stix.
 */
import { isStixId, isIdOfType } from './ids.js';
import { isStixTimestamp, timestampFractionDigits } from './timestamps.js';
import type { StixIssue } from './types.js';

export type Obj = Record<string, unknown>;

export const MAX_ERRORS = 20;

/** Collects the issues of one object (at most MAX_ERRORS). */
export class Ctx {
  readonly errors: StixIssue[] = [];
  constructor(
    readonly objectId: string | null,
    readonly root: Obj,
    readonly type: string,
    readonly sco: boolean,
    /** checks an `extensions` dictionary (lives in extensions.ts, which depends on this module) */
    readonly checkExtensions: (c: Ctx, v: unknown, p: string) => void,
  ) {}
  err(property: string, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ objectId: this.objectId, property, message });
  }
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Own property value (never one inherited from a prototype). */
export function own(o: Obj, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

const SIMPLE_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** JSON path of member `key` of `path`. */
export function sub(path: string, key: string): string {
  if (SIMPLE_KEY_RE.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key.length > 300 ? key.slice(0, 300) + '…' : key)}]`;
}

export type Kind =
  | 'string'
  | 'timestamp'
  | 'timestamp_ms'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'ref'
  | 'refs'
  | 'strings'
  | 'enum'
  | 'enums'
  | 'dict'
  | 'hashes'
  | 'hex'
  | 'binary'
  | 'lang'
  | 'kill_chain_phases'
  | 'external_references'
  | 'granular_markings'
  | 'extensions'
  | 'object'
  | 'objects';

export interface PropSpec {
  kind: Kind;
  required?: boolean;
  /** ref/refs: allowed target types */
  types?: ReadonlySet<string>;
  /** ref/refs: forbidden target types */
  notTypes?: ReadonlySet<string>;
  /** ref/refs: message when the target type is wrong */
  typeMsg?: string;
  min?: number;
  max?: number;
  /** enum/enums */
  values?: ReadonlySet<string>;
  /** object/objects: the member schema */
  props?: Schema;
  /** object/objects: at least one member of `props` must be present */
  atLeastOne?: boolean;
  /** objects: the spec of one list item */
  item?: PropSpec;
}

export type Schema = ReadonlyMap<string, PropSpec>;

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

// ---- value checks ------------------------------------------------------------

const TS_MSG = 'must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z, UTC, a real calendar date)';
const DICT_KEY_RE = /^[A-Za-z0-9_-]{1,250}$/;
const HASH_KEY_RE = /^[A-Za-z0-9_-]{3,250}$/;
const HEX_RE = /^(?:[0-9a-f]{2})*$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** RFC 5646 language tag, syntax only (e.g. en, ja, de-CH, zh-Hant-TW, x-klingon). */
export const LANG_RE = /^(?:[A-Za-z]{2,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*$/;
const SELECTOR_INDEX_RE = /^\[(0|[1-9][0-9]{0,8})\]$/;

/** Expected hex lengths for well-known hash algorithms (spec §10.7). */
const HASH_HEX_LEN: Record<string, number> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-512': 128,
};
const ANY_HEX_RE = /^[0-9a-fA-F]+$/;

export function checkHashes(c: Ctx, v: unknown, p: string): void {
  if (!isObj(v)) return c.err(p, 'must be a dictionary of hashes');
  const keys = Object.keys(v);
  if (keys.length === 0) return c.err(p, 'must not be an empty dictionary');
  for (const k of keys) {
    const h = v[k];
    if (!HASH_KEY_RE.test(k)) c.err(sub(p, k), 'hash algorithm names must be 3–250 characters of A–Z, a–z, 0–9, - and _');
    else if (typeof h !== 'string') c.err(sub(p, k), 'must be a string');
    else {
      const len = HASH_HEX_LEN[k];
      if (len !== undefined && (h.length !== len || !ANY_HEX_RE.test(h))) {
        c.err(sub(p, k), `must be a ${k} hash (${len} hexadecimal digits)`);
      }
    }
  }
}

function checkRef(c: Ctx, v: unknown, p: string, s: PropSpec): void {
  if (!isStixId(v)) return c.err(p, 'must be a STIX identifier (type--UUID)');
  if (s.types === undefined && s.notTypes === undefined) return;
  const t = v.slice(0, v.indexOf('--'));
  if ((s.types !== undefined && !s.types.has(t)) || (s.notTypes !== undefined && s.notTypes.has(t))) {
    c.err(p, s.typeMsg ?? 'references an object of the wrong type');
  }
}

function nonEmptyList(c: Ctx, v: unknown, p: string): v is unknown[] {
  if (!Array.isArray(v)) {
    c.err(p, 'must be a list');
    return false;
  }
  if (v.length === 0) {
    c.err(p, 'must not be an empty list');
    return false;
  }
  return true;
}

function checkExternalReferences(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    const ep = `${p}[${i}]`;
    if (!isObj(e)) {
      c.err(ep, 'must be an external-reference object');
      continue;
    }
    const sn = own(e, 'source_name');
    if (sn === undefined) c.err(`${ep}.source_name`, 'is required');
    else if (typeof sn !== 'string') c.err(`${ep}.source_name`, 'must be a string');
    let any = false;
    for (const k of ['description', 'url', 'external_id']) {
      const x = own(e, k);
      if (x === undefined) continue;
      any = true;
      if (typeof x !== 'string') c.err(`${ep}.${k}`, 'must be a string');
    }
    if (!any) c.err(ep, 'must have at least one of description, url or external_id');
    const h = own(e, 'hashes');
    if (h !== undefined) checkHashes(c, h, `${ep}.hashes`);
  }
}

function checkKillChainPhases(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    const ep = `${p}[${i}]`;
    if (!isObj(e)) {
      c.err(ep, 'must be a kill-chain-phase object');
      continue;
    }
    for (const k of ['kill_chain_name', 'phase_name']) {
      const x = own(e, k);
      if (x === undefined) c.err(`${ep}.${k}`, 'is required');
      else if (typeof x !== 'string') c.err(`${ep}.${k}`, 'must be a string');
    }
  }
}

/** True when a granular-marking selector (§7.2.3) points at content present in `root`. */
export function selectorResolves(root: Obj, selector: string): boolean {
  let cur: unknown = root;
  for (const part of selector.split('.')) {
    const m = SELECTOR_INDEX_RE.exec(part);
    if (m !== null) {
      const i = Number(m[1]);
      if (!Array.isArray(cur) || i >= cur.length) return false;
      cur = cur[i];
    } else {
      if (!isObj(cur) || part === '' || !Object.hasOwn(cur, part)) return false;
      cur = cur[part];
    }
  }
  return true;
}

function checkGranularMarkings(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const g = v[i];
    const gp = `${p}[${i}]`;
    if (!isObj(g)) {
      c.err(gp, 'must be a granular-marking object');
      continue;
    }
    const sel = own(g, 'selectors');
    if (sel === undefined) c.err(`${gp}.selectors`, 'is required');
    else if (nonEmptyList(c, sel, `${gp}.selectors`)) {
      for (let j = 0; j < sel.length; j++) {
        const s = sel[j];
        if (typeof s !== 'string') c.err(`${gp}.selectors[${j}]`, 'must be a string');
        else if (!selectorResolves(c.root, s)) {
          c.err(`${gp}.selectors[${j}]`, `selector '${s.slice(0, 100)}' does not refer to content present in the object`);
        }
      }
    }
    const mr = own(g, 'marking_ref');
    const lg = own(g, 'lang');
    if ((mr === undefined) === (lg === undefined)) {
      c.err(gp, 'must have exactly one of marking_ref or lang');
    }
    if (mr !== undefined && !isIdOfType(mr, 'marking-definition')) {
      c.err(`${gp}.marking_ref`, 'must be an identifier of type marking-definition');
    }
    if (lg !== undefined && (typeof lg !== 'string' || !LANG_RE.test(lg))) {
      c.err(`${gp}.lang`, 'must be an RFC 5646 language code');
    }
  }
}

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
