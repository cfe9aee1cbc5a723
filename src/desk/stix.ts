/**
 * A desk report as STIX 2.1 for one recipient (docs/api/desk.md "What a recipient receives").
 * Pure: the caller chooses which text goes in (the report as filed, or as sanitized) and the
 * observables (all, or those the sanitizer kept). Technique objects only for scope
 * `technique`; the incident (impact, response, affected systems) only for scope `damage`.
 * Observables (SCOs) are returned apart: their ids are derived from their values, so they are
 * shared once for every recipient that may receive them (see route.ts).
 */
import { newStixId } from '../stix/ids.js';
import type { StixObject } from '../stix/types.js';
import { observableFor, stixPatternFor } from '../sharing/compose-report.js';
import type { IocType } from '../sharing/ioc-text.js';
import type { ConsentScope } from '../store/desk-types.js';
import { DDOS_ATTACKS } from './input.js';

export interface ReportContent {
  type: string;
  sector: string;
  /** text fields by name (TEXT_FIELDS), already sanitized when the recipient must not learn who filed it */
  text: Record<string, string>;
  environments: string[];
  essentialServiceBreached: boolean | null;
  techniques: string[];
  ddosAttack: string | null;
  observables: { type: string; value: string }[];
  detectedAt: string | null;
  startedAt: string | null;
}

export interface RecipientObjects {
  /** SDOs, relationships and the report that groups them */
  objects: StixObject[];
  /** the observables referred to (shared apart) */
  observables: StixObject[];
}

const INDICATOR_DAYS = 90;
const DAY_MS = 86_400_000;
const TYPE_LABEL: Record<string, string> = {
  ransomware: 'Ransomware', ddos: 'DDoS', intrusion: 'Intrusion', phishing: 'Phishing', 'data-leak': 'Data leak', other: 'Attack', consultation: 'Consultation',
};

export function attackUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

function isoOrNull(s: string | null): string | null {
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function rel(at: string, type: string, source: string, target: string): StixObject {
  return { type: 'relationship', spec_version: '2.1', id: newStixId('relationship'), created: at, modified: at, relationship_type: type, source_ref: source, target_ref: target };
}

/** The damage description of the incident: what happened to the victim, in plain lines. */
function damageDescription(c: ReportContent): string {
  const lines: string[] = [];
  const add = (label: string, v: string | undefined) => {
    if (v !== undefined && v.trim() !== '') lines.push(`${label}: ${v.trim()}`);
  };
  add('Business impact', c.text.business_impact);
  add('Affected systems', c.text['affected.systems']);
  if (c.environments.length > 0) lines.push(`Environments: ${c.environments.join(', ')}`);
  if (c.essentialServiceBreached !== null) lines.push(`Essential service level breached: ${c.essentialServiceBreached ? 'yes' : 'no'}`);
  add('How it was discovered', c.text.discovery);
  add('Intrusion route', c.text.intrusion_route);
  add('Response so far', c.text.response);
  add('Ransom note', c.text['ransomware.note']);
  add('Peak volume', c.text['ddos.peak']);
  add('Duration', c.text['ddos.duration']);
  return lines.join('\n');
}

/** What one recipient receives at `now`. */
export function buildRecipientObjects(c: ReportContent, scope: ConsentScope, now: Date): RecipientObjects {
  const at = now.toISOString();
  const objects: StixObject[] = [];
  const observables: StixObject[] = [];
  const label = TYPE_LABEL[c.type] ?? 'Attack';

  let malware: StixObject | null = null;
  if (c.type === 'ransomware') {
    const family = c.text['ransomware.family']?.trim();
    const extension = c.text['ransomware.extension']?.trim();
    const method = c.text['ransomware.intrusion_method']?.trim();
    malware = {
      type: 'malware', spec_version: '2.1', id: newStixId('malware'), created: at, modified: at,
      name: family || 'Unidentified ransomware', is_family: true, malware_types: ['ransomware'],
      ...(extension || method ? { description: [extension ? `Encrypted files are renamed with ${extension}` : '', method ? `Intrusion method: ${method}` : ''].filter((s) => s !== '').join('\n') } : {}),
    };
    objects.push(malware);
  }

  const techniqueIds = [...new Set([...(c.ddosAttack ? [c.ddosAttack] : []), ...c.techniques])];
  const patterns = techniqueIds.map((id): StixObject => {
    const known = DDOS_ATTACKS.find((d) => d.id === id);
    return {
      type: 'attack-pattern', spec_version: '2.1', id: newStixId('attack-pattern'), created: at, modified: at,
      name: known ? known.name : `ATT&CK ${id}`,
      external_references: [{ source_name: 'mitre-attack', external_id: id, url: attackUrl(id) }],
    };
  });
  objects.push(...patterns);
  if (malware) for (const p of patterns) objects.push(rel(at, 'uses', malware.id as string, p.id as string));

  const until = new Date(now.getTime() + INDICATOR_DAYS * DAY_MS).toISOString();
  const seen = new Set<string>();
  for (const o of c.observables) {
    const sco = observableFor(o.type as IocType, o.value);
    if (!seen.has(sco.id as string)) {
      seen.add(sco.id as string);
      observables.push(sco);
    }
    const indicator: StixObject = {
      type: 'indicator', spec_version: '2.1', id: newStixId('indicator'), created: at, modified: at, name: o.value,
      indicator_types: ['malicious-activity'], pattern: stixPatternFor(o.type as IocType, o.value), pattern_type: 'stix',
      pattern_version: '2.1', valid_from: at, valid_until: until,
    };
    objects.push(indicator, rel(at, 'based-on', indicator.id as string, sco.id as string));
    if (malware) objects.push(rel(at, 'indicates', indicator.id as string, malware.id as string));
  }
  if (observables.length > 0) {
    const last = isoOrNull(c.detectedAt) ?? at;
    const first = isoOrNull(c.startedAt) ?? last;
    objects.push({
      type: 'observed-data', spec_version: '2.1', id: newStixId('observed-data'), created: at, modified: at,
      first_observed: first <= last ? first : last, last_observed: last, number_observed: 1, object_refs: observables.map((o) => o.id as string),
    });
  }

  let name = `${label} reported to the desk (${c.sector}): attack techniques`;
  let description: string | undefined;
  const reportTypes = ['threat-report'];
  if (scope === 'damage') {
    const incident: StixObject = {
      type: 'incident', spec_version: '2.1', id: newStixId('incident'), created: at, modified: at,
      name: c.text.title?.trim() || `${label} incident`,
    };
    const d = damageDescription(c);
    if (d !== '') incident.description = d;
    objects.push(incident);
    for (const o of [...(malware ? [malware] : []), ...patterns]) objects.push(rel(at, 'related-to', incident.id as string, o.id as string));
    name = `${label} reported to the desk (${c.sector}): ${incident.name as string}`;
    description = d === '' ? undefined : d;
    reportTypes.push('incident');
  }
  const refs = [...objects.map((o) => o.id as string), ...observables.map((o) => o.id as string)];
  if (refs.length === 0) return { objects: [], observables: [] };
  objects.push({
    type: 'report', spec_version: '2.1', id: newStixId('report'), created: at, modified: at, name,
    ...(description ? { description } : {}), report_types: reportTypes, published: at, object_refs: refs,
    labels: [`desk-${c.type}`, `sector-${c.sector}`],
  });
  return { objects, observables };
}
