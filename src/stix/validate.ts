/**
 * STIX 2.1 object validation (spec §2–§7, §11): one object in, either the object and its
 * metadata or every problem found (at most 20), each naming the object and the property.
 * Never throws. Hand-written checks with precompiled schemas: this runs on the ingest path.
 */
import { Ctx, checkValue, isObj, own, requiredOf, sub } from './checks.js';
import type { Obj, Schema } from './checks.js';
import { checkExtensions } from './extensions.js';
import { isStixId, isStixTypeName } from './ids.js';
import { order, ruleOf } from './rules.js';
import {
  AT_LEAST_ONE_SPECIFIC, CUSTOM_SCO_SCHEMA, CUSTOM_SDO_SCHEMA, RESERVED_NAMES, SCO_TYPES, SDO_TYPES, SRO_TYPES,
  schemaOf, specificProps,
} from './schemas.js';
import { versionKeyOrNull } from './timestamps.js';
import type { StixIssue, StixMeta, StixObjectClass, ValidateOptions, ValidationResult } from './types.js';

export type { StixIssue, StixMeta, ValidateOptions, ValidationResult } from './types.js';

const DEFAULT_MAX_DEPTH = 64;
/** Property names (§3.1, §11.1.1): a–z, 0–9, _ ; 3–250 characters; starting with a letter. */
const PROP_NAME_RE = /^[a-z][a-z0-9_]{2,249}$/;
const ONLY_21 = 'only STIX 2.1 objects are accepted';

/** One-line human-readable form of an issue. */
export function formatIssue(i: StixIssue): string {
  const who = i.objectId ?? '(object without id)';
  return i.property === '' ? `${who}: ${i.message}` : `${who}: property '${i.property}': ${i.message}`;
}

/** The class of a STIX type name (unknown types are custom objects). */
export function classifyType(type: string): StixObjectClass {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SRO_TYPES.has(type)) return 'sro';
  if (SCO_TYPES.has(type)) return 'sco';
  if (type === 'marking-definition' || type === 'language-content' || type === 'extension-definition') return type;
  return 'custom';
}

function fail(objectId: string | null, property: string, message: string): ValidationResult {
  return { ok: false, errors: [{ objectId, property, message }] };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a value of type ${typeof v}`;
}

/** A custom object declared as a new SCO by one of its extension-definition extensions. */
function isCustomSco(o: Obj): boolean {
  const ext = own(o, 'extensions');
  if (!isObj(ext)) return false;
  for (const k of Object.keys(ext)) {
    const e = ext[k];
    if (isObj(e) && own(e, 'extension_type') === 'new-sco') return true;
  }
  return false;
}

// ---- JSON-ness, finiteness and depth of every value ----------------------------

/**
 * Numbers must lie within ±(2^53−1). Beyond it every double is a whole number and most
 * integers have no exact double: JSON.parse has already rounded 12345678901234567890 to
 * 12345678901234567000, so storing it would silently change the object. STIX integers
 * must fit in 54 bits (§2.13, RFC 7493), and no real float in CTI needs that magnitude.
 */
const exactNumber = (v: number): boolean => v >= -Number.MAX_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER;

function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Fast pass without paths: true when `v` (a container at `depth`) is clean JSON. */
function clean(v: unknown, depth: number, max: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return exactNumber(v);
    case 'object': {
      if (v === null) return true;
      if (depth > max) return false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!clean(v[i], depth + 1, max)) return false;
        return true;
      }
      if (!isPlain(v)) return false;
      const o = v as Obj;
      for (const k of Object.keys(o)) if (!clean(o[k], depth + 1, max)) return false;
      return true;
    }
    default:
      return false;
  }
}

/** Slow pass, run only when the fast one failed: reports each problem with its path. */
function report(c: Ctx, v: unknown, p: string, depth: number, max: number): void {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) c.err(p, 'must be a finite number (NaN and Infinity are not JSON)');
      else if (!exactNumber(v)) c.err(p, 'must lie within ±(2^53−1): a larger number cannot be kept exactly (STIX integers fit in 54 bits)');
      return;
    case 'object': {
      if (v === null) return;
      if (depth > max) return c.err(p, `is nested deeper than the maximum depth of ${max}`);
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) report(c, v[i], `${p}[${i}]`, depth + 1, max);
        return;
      }
      if (!isPlain(v)) return c.err(p, 'must be a JSON value (a plain object)');
      const o = v as Obj;
      for (const k of Object.keys(o)) report(c, o[k], sub(p, k), depth + 1, max);
      return;
    }
    default:
      c.err(p, `must be a JSON value, not ${v === undefined ? 'undefined' : typeof v}`);
  }
}

// ---- the validator --------------------------------------------------------------

function run(input: unknown, maxDepth: number): ValidationResult {
  if (!isObj(input) || !isPlain(input)) return fail(null, '', `must be a JSON object, not ${describe(input)}`);
  const o = input;
  const type = own(o, 'type');
  const id = own(o, 'id');
  const objectId = typeof id === 'string' ? (id.length > 300 ? `${id.slice(0, 300)}…` : id) : null;

  // Identity of the object: without a usable type and id nothing else can be judged.
  const head: StixIssue[] = [];
  if (type === undefined) head.push({ objectId, property: 'type', message: 'is required' });
  else if (type === 'bundle') head.push({ objectId, property: '', message: 'is a bundle, not a STIX object: validate each of its objects' });
  else if (!isStixTypeName(type)) {
    head.push({
      objectId,
      property: 'type',
      message: 'must be a STIX type name: 3–250 characters of a–z, 0–9 and single hyphens, starting with a letter',
    });
  }
  if (id === undefined) head.push({ objectId, property: 'id', message: 'is required' });
  else if (!isStixId(id)) head.push({ objectId, property: 'id', message: 'must be a STIX identifier (type--UUID, RFC 4122)' });
  else if (isStixTypeName(type) && !(id.length === type.length + 38 && id.startsWith(type))) {
    head.push({ objectId, property: 'id', message: `must start with the object's type ('${String(type).slice(0, 250)}--')` });
  }
  if (head.length > 0 || typeof type !== 'string') return { ok: false, errors: head };

  let cls = classifyType(type);
  const sco = cls === 'sco' || (cls === 'custom' && isCustomSco(o));

  const sv = own(o, 'spec_version');
  if (sv === undefined && !sco) {
    return fail(objectId, 'spec_version', `is required; ${ONLY_21} (STIX 2.0 objects have no spec_version)`);
  }
  if (sv !== undefined && sv !== '2.1') {
    const got = typeof sv === 'string' ? `"${sv.slice(0, 20)}"` : describe(sv);
    return fail(objectId, 'spec_version', `must be "2.1"; ${ONLY_21} (got ${got})`);
  }
  if (sco && cls === 'custom') cls = 'sco';

  const c = new Ctx(objectId, o, type, sco, checkExtensions);
  const sch: Schema = schemaOf(type) ?? (sco ? CUSTOM_SCO_SCHEMA : CUSTOM_SDO_SCHEMA);
  for (const k of requiredOf(sch)) if (!Object.hasOwn(o, k)) c.err(k, 'is required');

  // One pass over the object's own properties: specified ones are type-checked, the
  // others must be well-named custom properties; every value must be clean JSON.
  const keys = Object.keys(o);
  let cleanJson = true;
  for (const k of keys) {
    const v = o[k];
    if (cleanJson && !clean(v, 2, maxDepth)) cleanJson = false;
    const spec = sch.get(k);
    if (spec !== undefined) {
      if (v !== undefined) checkValue(c, v, k, spec);
      continue;
    }
    if (k === 'defanged') c.err(k, 'may only be used on SCOs');
    else if (RESERVED_NAMES.has(k)) c.err(k, 'is a reserved property name and must not be used');
    else if (!PROP_NAME_RE.test(k)) {
      c.err(sub('', k), 'property names must be 3–250 characters of a–z, 0–9 and _, starting with a letter');
    } else if (!k.startsWith('x_')) {
      // Embedded relationships (§3.1): *_ref holds an identifier, *_refs a list of them.
      if (k.endsWith('_ref')) {
        if (!isStixId(v)) c.err(k, 'must be a STIX identifier (type--UUID)');
      } else if (k.endsWith('_refs')) {
        if (!Array.isArray(v) || v.length === 0) c.err(k, 'must be a non-empty list of identifiers');
        else for (let i = 0; i < v.length; i++) if (!isStixId(v[i])) c.err(`${k}[${i}]`, 'must be a STIX identifier (type--UUID)');
      }
    }
  }
  if (!cleanJson) for (const k of keys) report(c, o[k], sub('', k), 2, maxDepth);

  order(c, o, 'created', 'modified', false);
  const rule = ruleOf(type);
  if (rule !== undefined) rule(c, o);
  if (AT_LEAST_ONE_SPECIFIC.has(type) && own(o, 'extensions') === undefined) {
    if (!specificProps(type).some((k) => own(o, k) !== undefined)) {
      c.err('', `must have at least one ${type} property besides the common ones`);
    }
  }
  if (c.errors.length > 0) return { ok: false, errors: c.errors };

  const created = own(o, 'created');
  const modified = own(o, 'modified');
  const vkey = versionKeyOrNull(modified ?? created);
  const meta: StixMeta = {
    id: id as string,
    type,
    specVersion: '2.1',
    created: typeof created === 'string' ? created : null,
    modified: typeof modified === 'string' ? modified : null,
    versionKey: vkey ?? '',
  };
  return { ok: true, object: o, meta };
}

/** Validates one STIX 2.1 object. Never throws, whatever the input. */
export function validateStixObject(input: unknown, opts?: ValidateOptions): ValidationResult {
  const md = opts?.maxDepth;
  const maxDepth = typeof md === 'number' && Number.isInteger(md) && md >= 1 ? md : DEFAULT_MAX_DEPTH;
  try {
    return run(input, maxDepth);
  } catch (e) {
    let objectId: string | null = null;
    try {
      const id = isObj(input) ? own(input, 'id') : undefined;
      if (typeof id === 'string') objectId = id.slice(0, 300);
    } catch {
      // an exotic object (e.g. a throwing proxy): report it without an id
    }
    const why = e instanceof RangeError ? 'it is nested too deeply or is too large' : 'it is not plain JSON data';
    return fail(objectId, '', `could not be validated: ${why}`);
  }
}
