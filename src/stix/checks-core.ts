/**
 * Core of the validator: the error collector, the property-spec model and small helpers.
 * Internal to src/stix.
 */
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

/** RFC 5646 language tag, syntax only (e.g. en, ja, de-CH, zh-Hant-TW, x-klingon). */
export const LANG_RE = /^(?:[A-Za-z]{2,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*$/;
