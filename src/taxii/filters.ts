import { isStixId, isStixTimestamp, isStixTypeName, parseTimestampMicros, versionKey } from '../stix/index.js';
import type { VersionFilter } from '../store/types.js';
import { decodeCursor } from './cursor.js';
import { badRequest } from './errors.js';

/** Raw query string values as Fastify parses them (repeated keys become arrays). */
export type RawQuery = Record<string, string | string[] | undefined>;

export type MatchField = 'id' | 'type' | 'version' | 'spec_version';

export interface FilterSpec {
  /** match[...] fields this endpoint honours; others are ignored (spec 3.4). */
  fields: readonly MatchField[];
  /** whether added_after / limit / next apply */
  paging: boolean;
  /** match[version] when absent: `last` (objects, manifest) or every version (versions, delete) */
  defaultVersion: 'last' | 'all';
}

export interface Filters {
  addedAfter?: number;
  ids?: string[];
  types?: string[];
  versions?: VersionFilter;
  specVersions?: string[];
  limit: number;
  /** added_after or next was given: an empty result is a page past the end, not "not found" */
  positioned: boolean;
}

export interface PageLimits {
  defaultPageSize: number;
  maxPageSize: number;
}

const SPEC_VERSION = /^[0-9]{1,3}\.[0-9]{1,3}$/;

function shown(v: string): string {
  return v.length > 100 ? `${v.slice(0, 100)}…` : v;
}

function invalid(parameter: string, value: string, why: string): never {
  throw badRequest('invalid-filter', `${parameter} value '${shown(value)}' ${why}`, { parameter, value: shown(value) });
}

function single(query: RawQuery, name: string): string | undefined {
  const v = query[name];
  if (Array.isArray(v)) throw badRequest('invalid-filter', `${name} may be given only once`, { parameter: name });
  return v;
}

/** All values of a match parameter: comma-separated, and repeated parameters are a union. */
function values(query: RawQuery, name: string): string[] | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const out: string[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    for (const part of item.split(',')) {
      if (part === '') invalid(name, item, 'has an empty value (separate values with single commas, no spaces)');
      out.push(part);
    }
  }
  return out;
}

/**
 * The date_added an exact version names when it is an unversioned object's version (the
 * server reports date_added, in µs, for objects without created/modified): undefined when
 * the timestamp is finer than a microsecond or out of range, as no date_added equals it.
 */
function unversionedInstant(key: string): number | undefined {
  return key.slice(26, 29) === '000' ? parseTimestampMicros(key) : undefined;
}

function parseVersions(list: string[]): VersionFilter {
  const f: VersionFilter = {};
  const keys: string[] = [];
  const instants: number[] = [];
  const seen = new Set<string>();
  for (const v of list) {
    if (v === 'first' || v === 'last' || v === 'all') {
      if (f[v]) invalid('match[version]', v, 'is given more than once');
      f[v] = true;
    } else if (isStixTimestamp(v)) {
      const key = versionKey(v);
      if (seen.has(key)) invalid('match[version]', v, 'is given more than once');
      seen.add(key);
      keys.push(key);
      const us = unversionedInstant(key);
      if (us !== undefined) instants.push(us);
    } else {
      invalid('match[version]', v, "is not 'first', 'last', 'all' or a STIX timestamp");
    }
  }
  if (f.all && list.length > 1) invalid('match[version]', list.join(','), "combines 'all' with other versions");
  if (keys.length > 0) f.keys = keys;
  if (instants.length > 0) f.dateAdded = instants;
  return f;
}

function parseLimit(raw: string | undefined, limits: PageLimits): number {
  if (raw === undefined) return limits.defaultPageSize;
  if (!/^[0-9]{1,16}$/.test(raw) || Number(raw) < 1) invalid('limit', raw, 'is not a positive integer');
  return Math.min(Number(raw), limits.maxPageSize);
}

function parseAddedAfter(raw: string): number {
  const us = parseTimestampMicros(raw);
  if (us === undefined) invalid('added_after', raw, 'is not a timestamp like 2024-01-31T12:00:00.000000Z');
  return us;
}

/** Parses and validates an endpoint's filters; every malformed value is a 400 naming it. */
export function parseFilters(query: RawQuery, spec: FilterSpec, limits: PageLimits): Filters {
  const f: Filters = { limit: limits.defaultPageSize, positioned: false };
  const has = (field: MatchField) => spec.fields.includes(field);

  if (spec.paging) {
    const addedAfter = single(query, 'added_after');
    const next = single(query, 'next');
    f.limit = parseLimit(single(query, 'limit'), limits);
    if (addedAfter !== undefined) f.addedAfter = parseAddedAfter(addedAfter);
    if (next !== undefined) {
      const cursor = decodeCursor(next);
      f.addedAfter = Math.max(f.addedAfter ?? -1, cursor);
    }
    f.positioned = addedAfter !== undefined || next !== undefined;
  }
  if (has('id')) {
    const ids = values(query, 'match[id]');
    if (ids) {
      for (const id of ids) if (!isStixId(id)) invalid('match[id]', id, 'is not a STIX identifier (type--UUID)');
      f.ids = [...new Set(ids)];
    }
  }
  if (has('type')) {
    const types = values(query, 'match[type]');
    if (types) {
      for (const t of types) if (!isStixTypeName(t)) invalid('match[type]', t, 'is not a STIX type name');
      f.types = [...new Set(types)];
    }
  }
  const versions = has('version') ? values(query, 'match[version]') : undefined;
  if (versions) f.versions = parseVersions(versions);
  else f.versions = spec.defaultVersion === 'all' ? { all: true } : { last: true };

  const specVersions = has('spec_version') ? values(query, 'match[spec_version]') : undefined;
  if (specVersions) {
    for (const s of specVersions) if (!SPEC_VERSION.test(s)) invalid('match[spec_version]', s, "is not a STIX specification version such as '2.1'");
    f.specVersions = [...new Set(specVersions)];
  }
  // Without match[spec_version] the spec asks for the latest version each object has. The
  // validator stores STIX 2.1 only (SCOs without spec_version are 2.1), so that is every
  // stored row and no predicate is needed.
  return f;
}

export const OBJECTS_FILTERS: FilterSpec = { fields: ['id', 'type', 'version', 'spec_version'], paging: true, defaultVersion: 'last' };
export const OBJECT_FILTERS: FilterSpec = { fields: ['version', 'spec_version'], paging: true, defaultVersion: 'last' };
export const VERSIONS_FILTERS: FilterSpec = { fields: ['version', 'spec_version'], paging: true, defaultVersion: 'all' };
export const DELETE_FILTERS: FilterSpec = { fields: ['version', 'spec_version'], paging: false, defaultVersion: 'all' };
