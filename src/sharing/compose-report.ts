/**
 * A portal draft (docs/api/portal.md `Draft`) as STIX 2.1 objects: for every IOC found in the
 * draft's text (parseIocText), an `indicator` whose pattern matches the value, the observable
 * (SCO, with its deterministic id) and a `based-on` relationship from the indicator to it; then
 * a `report` whose object_refs are all of them. No created_by_ref: ingest sets provenance.
 * The envelope is not read here; the publishing route handles it.
 */
import { newStixId } from '../stix/ids.js';
import { scoId } from '../stix/sco-ids.js';
import type { StixObject } from '../stix/types.js';
import { IocTextError, parseIocText, type IocItem, type IocType } from './ioc-text.js';
import { isObj } from '../stix/checks-core.js';

export interface DraftError {
  property: string;
  message: string;
}

export interface ComposedReport {
  objects: StixObject[];
  errors: DraftError[];
}

export const DEFAULT_VALID_DAYS = 90;
export const MAX_VALID_DAYS = 3650;
export const DEFAULT_REPORT_TYPES = ['threat-report'] as const;
/** IOCs one report may hold (each gives three objects); a larger paste is split into reports. */
export const MAX_REPORT_IOCS = 5000;
const MAX_NAME = 500;
const MAX_DESCRIPTION = 100_000;
const MAX_REPORT_TYPES = 20;
const REPORT_KEYS = ['name', 'description', 'report_types'];

const DAY_MS = 86_400_000;

const HASH_NAMES: Partial<Record<IocType, string>> = {
  'file:md5': 'MD5', 'file:sha1': 'SHA-1', 'file:sha256': 'SHA-256', 'file:sha512': 'SHA-512',
};


/** A STIX pattern string literal: in single quotes, with `\` and `'` escaped. */
export function patternLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The object path an IOC of this type is compared on, e.g. `url:value`, `file:hashes.'SHA-256'`. */
export function patternPath(type: IocType): string {
  const hash = HASH_NAMES[type];
  if (hash === undefined) return `${type}:value`;
  // a hash name with a hyphen must be quoted in an object path; MD5 need not be
  return /^[A-Za-z0-9_]+$/.test(hash) ? `file:hashes.${hash}` : `file:hashes.'${hash}'`;
}

/** `[path = 'value']`: the STIX pattern that matches the IOC. */
export function stixPatternFor(type: IocType, value: string): string {
  return `[${patternPath(type)} = ${patternLiteral(value)}]`;
}

/** The observable the IOC stands for, with its deterministic id (STIX 2.1 §2.9). */
export function observableFor(type: IocType, value: string): StixObject {
  const hash = HASH_NAMES[type];
  const props: Record<string, unknown> = hash === undefined ? { value } : { hashes: { [hash]: value } };
  const stixType = hash === undefined ? type : 'file';
  return { type: stixType, spec_version: '2.1', id: scoId(stixType, props), ...props };
}

interface DraftFields {
  name: string;
  description: string | null;
  reportTypes: string[];
  iocs: IocItem[];
  validDays: number;
}

function readDraft(draft: unknown, errors: DraftError[]): DraftFields | null {
  const err = (property: string, message: string) => errors.push({ property, message });
  if (!isObj(draft)) {
    err('', 'the draft must be a JSON object: {"report": {"name": ...}, "iocs": "...", ...}');
    return null;
  }
  let name = '';
  let description: string | null = null;
  let reportTypes: string[] = [...DEFAULT_REPORT_TYPES];
  const report = draft.report;
  if (!isObj(report)) {
    err('report', 'is required: an object with at least a name ({"name": "..."})');
  } else {
    for (const k of Object.keys(report)) {
      if (!REPORT_KEYS.includes(k)) err(`report.${k}`, `is not a property of the report (expected ${REPORT_KEYS.join(', ')})`);
    }
    if (typeof report.name !== 'string' || report.name.trim() === '') err('report.name', 'is required: give the report a name');
    else if (report.name.trim().length > MAX_NAME) err('report.name', `must be at most ${MAX_NAME} characters`);
    else name = report.name.trim();
    if (report.description !== undefined && report.description !== null) {
      if (typeof report.description !== 'string') err('report.description', 'must be text');
      else if (report.description.length > MAX_DESCRIPTION) err('report.description', `must be at most ${MAX_DESCRIPTION} characters`);
      else if (report.description.trim() !== '') description = report.description;
    }
    if (report.report_types !== undefined) {
      const rt = report.report_types;
      if (!Array.isArray(rt) || rt.length === 0 || rt.length > MAX_REPORT_TYPES) {
        err('report.report_types', `must be a list of 1 to ${MAX_REPORT_TYPES} report types, e.g. ["threat-report"]`);
      } else {
        rt.forEach((t, i) => {
          if (typeof t !== 'string' || t.trim() === '' || t.length > 100) err(`report.report_types[${i}]`, 'must be a report type of 1 to 100 characters, e.g. "threat-report"');
        });
        reportTypes = [...new Set(rt.filter((t): t is string => typeof t === 'string').map((t) => t.trim()))];
      }
    }
  }

  let validDays = DEFAULT_VALID_DAYS;
  const days = draft.indicator_valid_days;
  if (days !== undefined && days !== null) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_VALID_DAYS) {
      err('indicator_valid_days', `must be a whole number of days from 1 to ${MAX_VALID_DAYS} (default ${DEFAULT_VALID_DAYS})`);
    } else {
      validDays = days;
    }
  }

  let iocs: IocItem[] = [];
  if (typeof draft.iocs !== 'string') {
    err('iocs', 'is required: the text holding the IOCs (IP addresses, domains, URLs, email addresses, hashes)');
  } else {
    try {
      const parsed = parseIocText(draft.iocs);
      iocs = parsed.items;
      if (iocs.length === 0) {
        const skipped = parsed.ignored.length > 0 ? ` (${parsed.ignored.length} look-alike${parsed.ignored.length === 1 ? ' was' : 's were'} ignored: ${parsed.ignored.slice(0, 3).map((x) => x.text).join(', ')})` : '';
        err('iocs', `holds no IOC: paste IP addresses, domains, URLs, email addresses or file hashes${skipped}`);
      } else if (iocs.length > MAX_REPORT_IOCS) {
        err('iocs', `holds ${iocs.length} IOCs; a report may hold at most ${MAX_REPORT_IOCS}: split the text into several reports`);
      }
    } catch (e) {
      if (!(e instanceof IocTextError)) throw e;
      err('iocs', e.message);
    }
  }
  return errors.length > 0 ? null : { name, description, reportTypes, iocs, validDays };
}

/**
 * Composes the draft's objects at `now` (created, modified, valid_from and published). With
 * errors (each by property), no objects.
 */
export function composeReport(draft: unknown, now: Date): ComposedReport {
  const errors: DraftError[] = [];
  const d = readDraft(draft, errors);
  if (!d) return { objects: [], errors };
  const at = now.toISOString();
  const until = new Date(now.getTime() + d.validDays * DAY_MS).toISOString();
  const objects: StixObject[] = [];
  const seenObservables = new Set<string>();
  for (const ioc of d.iocs) {
    const observable = observableFor(ioc.type, ioc.value);
    const indicator: StixObject = {
      type: 'indicator',
      spec_version: '2.1',
      id: newStixId('indicator'),
      created: at,
      modified: at,
      name: ioc.value,
      indicator_types: ['malicious-activity'],
      pattern: stixPatternFor(ioc.type, ioc.value),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: at,
      valid_until: until,
    };
    objects.push(indicator);
    if (!seenObservables.has(observable.id)) {
      seenObservables.add(observable.id);
      objects.push(observable);
    }
    objects.push({
      type: 'relationship',
      spec_version: '2.1',
      id: newStixId('relationship'),
      created: at,
      modified: at,
      relationship_type: 'based-on',
      source_ref: indicator.id,
      target_ref: observable.id,
    });
  }
  objects.push({
    type: 'report',
    spec_version: '2.1',
    id: newStixId('report'),
    created: at,
    modified: at,
    name: d.name,
    ...(d.description !== null ? { description: d.description } : {}),
    report_types: d.reportTypes,
    published: at,
    object_refs: objects.map((o) => o.id),
  });
  return { objects, errors: [] };
}
