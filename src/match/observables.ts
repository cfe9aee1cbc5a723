/**
 * What is matched: observed values (`{ type, value }`), STIX Cyber-observable Objects, and
 * observed-data. Turns each into the index's lookups and, for patterns the index leaves to the
 * evaluator, into observations (the shape matchPattern takes).
 */
import type { Observation } from '../pattern/index.js';
import { isObj } from '../stix/checks-core.js';
import type { LookupType } from './indicator-index.js';
import { detectType } from './normalize.js';

/** One observed value. `file` takes a hash as its value (algorithm from its length when not given). */
export interface Observable {
  type: LookupType;
  value: string;
  /** hash algorithm name as in STIX hashes dictionaries ('MD5', 'SHA-1', 'SHA-256', ...) */
  algorithm?: string;
}

/** Type names accepted besides the STIX ones: `ip`, `domain`, `hostname`, `md5`, `sha256`, `hash`, `email`. */
const ALIASES: Readonly<Record<string, LookupType>> = {
  'ipv4-addr': 'ipv4-addr', ipv4: 'ipv4-addr', 'ipv6-addr': 'ipv6-addr', ipv6: 'ipv6-addr',
  'domain-name': 'domain-name', domain: 'domain-name', hostname: 'domain-name', fqdn: 'domain-name',
  url: 'url', uri: 'url', 'email-addr': 'email-addr', email: 'email-addr',
  file: 'file', hash: 'file', md5: 'file', sha1: 'file', 'sha-1': 'file', sha256: 'file', 'sha-256': 'file', sha512: 'file', 'sha-512': 'file',
};

const ALGORITHM_BY_ALIAS: Readonly<Record<string, string>> = {
  md5: 'MD5', sha1: 'SHA-1', 'sha-1': 'SHA-1', sha256: 'SHA-256', 'sha-256': 'SHA-256', sha512: 'SHA-512', 'sha-512': 'SHA-512',
};

const ALGORITHM_BY_LENGTH: Readonly<Record<number, string>> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };

/** `ip` → ipv4-addr or ipv6-addr by the value; undefined for unknown names. */
export function lookupTypeOf(type: string, value: string): LookupType | undefined {
  const t = type.toLowerCase();
  if (t === 'ip' || t === 'ip-addr' || t === 'address') return value.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
  if (t === 'auto') return detectType(value);
  return ALIASES[t];
}

export function observable(type: string, value: string): Observable | undefined {
  const t = lookupTypeOf(type, value);
  if (t === undefined) return undefined;
  if (t !== 'file') return { type: t, value };
  const algorithm = ALGORITHM_BY_ALIAS[type.toLowerCase()] ?? ALGORITHM_BY_LENGTH[value.length];
  return algorithm ? { type: t, value, algorithm } : { type: t, value };
}

/** The SCO an observable stands for, for the evaluator. */
export function scoOf(o: Observable): Record<string, unknown> {
  if (o.type === 'file') return { type: 'file', hashes: { [o.algorithm ?? ALGORITHM_BY_LENGTH[o.value.length] ?? 'unknown']: o.value } };
  return { type: o.type, value: o.value };
}

/** The observations of a list of observables: one per observable. */
export function observationOf(items: readonly Observable[]): Observation {
  const objects: Record<string, unknown> = {};
  items.forEach((o, i) => (objects[String(i)] = scoOf(o)));
  return { objects };
}

/** The direct lookups of one SCO: its `value` for the value types, its hashes for files. */
export function lookupsOfSco(sco: Record<string, unknown>): Observable[] {
  const type = sco.type;
  if (typeof type !== 'string') return [];
  if (type === 'file') {
    const hashes = sco.hashes;
    if (hashes === null || typeof hashes !== 'object' || Array.isArray(hashes)) return [];
    const out: Observable[] = [];
    for (const [algorithm, v] of Object.entries(hashes as Record<string, unknown>)) {
      if (typeof v === 'string') out.push({ type: 'file', value: v, algorithm });
    }
    return out;
  }
  const t = ALIASES[type];
  if (t === undefined || t === 'file' || typeof sco.value !== 'string') return [];
  return [{ type: t, value: sco.value }];
}

/** A group of SCOs observed together, with what is known of when. */
export interface ObservationInput {
  observation: Observation;
  /** the SCOs by key, as in observed-data `objects` */
  scos: [string, Record<string, unknown>][];
}


/**
 * Observations from a list of STIX objects: each observed-data is one (its deprecated `objects`
 * dictionary, or the SCOs of the list its `object_refs` name); SCOs no observed-data names form
 * one more, together (so that references between them resolve). Non-objects are ignored.
 */
export function observationsOfObjects(objects: readonly unknown[]): ObservationInput[] {
  const byId = new Map<string, Record<string, unknown>>();
  const named = new Set<string>();
  for (const o of objects) if (isObj(o) && typeof o.id === 'string' && o.type !== 'observed-data') byId.set(o.id, o);
  const out: ObservationInput[] = [];
  for (const o of objects) {
    if (!isObj(o) || o.type !== 'observed-data') continue;
    const scos: [string, Record<string, unknown>][] = [];
    if (isObj(o.objects)) {
      for (const [k, v] of Object.entries(o.objects)) if (isObj(v)) scos.push([k, v]);
    } else if (Array.isArray(o.object_refs)) {
      for (const ref of o.object_refs) {
        const sco = typeof ref === 'string' ? byId.get(ref) : undefined;
        if (sco) {
          scos.push([ref as string, sco]);
          named.add(ref as string);
        }
      }
    }
    const observation: Observation = { objects: Object.fromEntries(scos) };
    for (const k of ['first_observed', 'last_observed'] as const) if (typeof o[k] === 'string') observation[k] = o[k];
    if (typeof o.number_observed === 'number') observation.number_observed = o.number_observed;
    out.push({ observation, scos });
  }
  const rest: [string, Record<string, unknown>][] = [];
  objects.forEach((o, i) => {
    if (!isObj(o) || o.type === 'observed-data' || typeof o.type !== 'string') return;
    const id = typeof o.id === 'string' ? o.id : `${i}`;
    if (!named.has(id)) rest.push([id, o]);
  });
  if (rest.length > 0) out.push({ observation: { objects: Object.fromEntries(rest) }, scos: rest });
  return out;
}
