/**
 * Reading a report as the API receives it (docs/api/desk.md `ReportInput`): every field
 * checked, every error named by property, nothing unknown kept. Pure.
 */
import { SECTORS } from '../identity/validation.js';
import { IocTextError, parseIocText } from '../sharing/ioc-text.js';
import type { ConsentEntry } from '../store/desk-types.js';
import type { DeskFieldError } from './errors.js';
import { isObj } from '../stix/checks-core.js';

/** Re-exported for the routes that import their input helpers from here. */
export { isObj };

export const REPORT_TYPES = ['ransomware', 'ddos', 'intrusion', 'phishing', 'data-leak', 'other', 'consultation'] as const;
export const ENVIRONMENTS = ['on-premises', 'iaas', 'saas'] as const;
export const DDOS_ATTACKS = [
  { id: 'T1498', name: 'Network Denial of Service' },
  { id: 'T1499', name: 'Endpoint Denial of Service' },
] as const;
export const SCOPES = ['technique', 'damage'] as const;
export const ATTRIBUTIONS = ['public', 'operators', 'none'] as const;
export const TECHNIQUE_RE = /^T\d{4}(?:\.\d{3})?$/;

const MAX_TEXT = 20_000;
const MAX_TITLE = 300;
const MAX_OBSERVABLES_TEXT = 200_000;
const MAX_TECHNIQUES = 50;
const MAX_TERMS = 100;
const MAX_TERM = 200;
const TIMESTAMP_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

type FieldError = DeskFieldError;


/** The report's free-text fields, in the order the sanitizer numbers pseudonyms. */
export const TEXT_FIELDS = [
  'title', 'affected.systems', 'discovery', 'intrusion_route', 'business_impact', 'response', 'help_requested',
  'ransomware.note', 'ransomware.extension', 'ransomware.family', 'ransomware.intrusion_method', 'ddos.peak', 'ddos.duration',
] as const;

interface Ctx {
  errors: FieldError[];
}

function text(ctx: Ctx, property: string, v: unknown, max = MAX_TEXT): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') {
    ctx.errors.push({ property, message: 'must be text' });
    return undefined;
  }
  if (v.length > max) {
    ctx.errors.push({ property, message: `must be at most ${max} characters` });
    return undefined;
  }
  return v.trim() === '' ? null : v;
}

function object(ctx: Ctx, property: string, v: unknown, keys: readonly string[]): Record<string, unknown> | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!isObj(v)) {
    ctx.errors.push({ property, message: `must be an object with ${keys.join(', ')}` });
    return undefined;
  }
  for (const k of Object.keys(v)) if (!keys.includes(k)) ctx.errors.push({ property: `${property}.${k}`, message: `is not a property (expected ${keys.join(', ')})` });
  return v;
}

function textObject(ctx: Ctx, property: string, v: unknown, keys: readonly string[]): Record<string, string | null> | null | undefined {
  const o = object(ctx, property, v, keys);
  if (o === undefined || o === null) return o;
  const out: Record<string, string | null> = {};
  for (const k of keys) {
    const t = text(ctx, `${property}.${k}`, o[k], k === 'note' ? MAX_TEXT : 1000);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

function stringList(ctx: Ctx, property: string, v: unknown, max: number, itemMax: number, check?: (s: string) => string | null): string[] | undefined {
  if (v === undefined || v === null) return v === null ? [] : undefined;
  if (!Array.isArray(v) || v.length > max) {
    ctx.errors.push({ property, message: `must be a list of at most ${max} items` });
    return undefined;
  }
  const out: string[] = [];
  v.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '' || s.length > itemMax) {
      ctx.errors.push({ property: `${property}[${i}]`, message: `must be text of 1 to ${itemMax} characters` });
      return;
    }
    const why = check?.(s.trim());
    if (why) ctx.errors.push({ property: `${property}[${i}]`, message: why });
    else out.push(s.trim());
  });
  return [...new Set(out)];
}

function timestamp(ctx: Ctx, property: string, v: unknown): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' || !TIMESTAMP_WITH_ZONE.test(v) || Number.isNaN(Date.parse(v))) {
    ctx.errors.push({ property, message: 'must be an ISO 8601 date and time with its time zone, e.g. 2026-11-20T09:30:00+09:00' });
    return undefined;
  }
  return v;
}

const TOP = ['type', 'title', 'sector', 'contact', 'detected_at', 'started_at', 'affected', 'discovery', 'intrusion_route', 'business_impact',
  'essential_service_breached', 'response', 'help_requested', 'ransomware', 'ddos', 'observables', 'techniques', 'identifying_terms', 'consent'];

export interface ReportChange {
  type?: string;
  title?: string;
  sector?: string;
  /** body properties to set (null clears one) */
  body: Record<string, unknown>;
  consent?: ConsentEntry[];
}

/**
 * Reads a new report (`create`: type and title required) or a change to one (`patch`: any
 * subset). `currentType` is the stored type, for the type-specific parts of a patch.
 */
export function readReportInput(input: unknown, mode: 'create' | 'patch', recipients: ReadonlySet<string>, currentType?: string): { ok: true; value: ReportChange } | { ok: false; errors: FieldError[] } {
  const ctx: Ctx = { errors: [] };
  if (!isObj(input)) return { ok: false, errors: [{ property: '', message: 'the report must be a JSON object, e.g. {"type": "ransomware", "title": "..."}' }] };
  for (const k of Object.keys(input)) if (!TOP.includes(k)) ctx.errors.push({ property: k, message: 'is not a property of a report' });
  const value: ReportChange = { body: {} };
  if (input.type !== undefined || mode === 'create') {
    if (typeof input.type !== 'string' || !(REPORT_TYPES as readonly string[]).includes(input.type)) {
      ctx.errors.push({ property: 'type', message: `is required: one of ${REPORT_TYPES.join(', ')}` });
    } else value.type = input.type;
  }
  if (input.title !== undefined || mode === 'create') {
    const t = text(ctx, 'title', input.title ?? '', MAX_TITLE);
    if (t === null || (t === undefined && mode === 'create' && !ctx.errors.some((e) => e.property === 'title'))) ctx.errors.push({ property: 'title', message: 'is required: a short title' });
    else if (t !== undefined) value.title = t.trim();
  }
  if (input.sector !== undefined && input.sector !== null) {
    if (typeof input.sector !== 'string' || !SECTORS.includes(input.sector)) ctx.errors.push({ property: 'sector', message: `must be one of ${SECTORS.join(', ')}` });
    else value.sector = input.sector;
  }
  const contact = textObject(ctx, 'contact', input.contact, ['name', 'email', 'phone']);
  if (contact !== undefined) value.body.contact = contact;
  for (const k of ['detected_at', 'started_at']) {
    const t = timestamp(ctx, k, input[k]);
    if (t !== undefined) value.body[k] = t;
  }
  const affected = object(ctx, 'affected', input.affected, ['systems', 'environments']);
  if (affected === null) value.body.affected = null;
  else if (affected !== undefined) {
    const systems = text(ctx, 'affected.systems', affected.systems);
    const envs = stringList(ctx, 'affected.environments', affected.environments, 3, 20,
      (s) => ((ENVIRONMENTS as readonly string[]).includes(s) ? null : `must be one of ${ENVIRONMENTS.join(', ')}`));
    value.body.affected = { systems: systems ?? null, environments: envs ?? [] };
  }
  for (const k of ['discovery', 'intrusion_route', 'business_impact', 'response', 'help_requested']) {
    const t = text(ctx, k, input[k]);
    if (t !== undefined) value.body[k] = t;
  }
  const esb = input.essential_service_breached;
  if (esb !== undefined) {
    if (esb !== null && typeof esb !== 'boolean') ctx.errors.push({ property: 'essential_service_breached', message: 'must be true, false or null (not known)' });
    else value.body.essential_service_breached = esb;
  }
  const type = value.type ?? currentType;
  const ransomware = textObject(ctx, 'ransomware', input.ransomware, ['note', 'extension', 'family', 'intrusion_method']);
  if (ransomware) {
    if (type !== 'ransomware') ctx.errors.push({ property: 'ransomware', message: 'is only for reports of type ransomware' });
    else value.body.ransomware = ransomware;
  } else if (ransomware === null) value.body.ransomware = null;
  const ddos = textObject(ctx, 'ddos', input.ddos, ['attack', 'peak', 'duration']);
  if (ddos) {
    if (type !== 'ddos') ctx.errors.push({ property: 'ddos', message: 'is only for reports of type ddos' });
    else if (ddos.attack !== undefined && ddos.attack !== null && !/^T149[89](?:\.\d{3})?$/.test(ddos.attack)) {
      ctx.errors.push({ property: 'ddos.attack', message: 'must be T1498 (network) or T1499 (endpoint), or one of their sub-techniques' });
    } else value.body.ddos = ddos;
  } else if (ddos === null) value.body.ddos = null;
  // a type change drops the other type's part
  if (value.type !== undefined && value.type !== 'ransomware' && !('ransomware' in value.body)) value.body.ransomware = null;
  if (value.type !== undefined && value.type !== 'ddos' && !('ddos' in value.body)) value.body.ddos = null;
  const obs = text(ctx, 'observables', input.observables, MAX_OBSERVABLES_TEXT);
  if (obs !== undefined) {
    try {
      if (obs !== null) parseIocText(obs);
      value.body.observables = obs;
    } catch (e) {
      if (!(e instanceof IocTextError)) throw e;
      ctx.errors.push({ property: 'observables', message: e.message });
    }
  }
  const techniques = stringList(ctx, 'techniques', input.techniques, MAX_TECHNIQUES, 9,
    (s) => (TECHNIQUE_RE.test(s.toUpperCase()) ? null : 'must be an ATT&CK technique id such as T1486 or T1059.001'));
  if (techniques !== undefined) value.body.techniques = techniques.map((t) => t.toUpperCase());
  const terms = stringList(ctx, 'identifying_terms', input.identifying_terms, MAX_TERMS, MAX_TERM);
  if (terms !== undefined) value.body.identifying_terms = terms;
  if (input.consent !== undefined) {
    const c = readConsent(input.consent, recipients);
    if (c.ok) value.consent = c.consent;
    else ctx.errors.push(...c.errors);
  }
  return ctx.errors.length > 0 ? { ok: false, errors: ctx.errors } : { ok: true, value };
}

/** The reporter's consent: per configured recipient, the scope and the attribution; each recipient once. */
export function readConsent(v: unknown, recipients: ReadonlySet<string>): { ok: true; consent: ConsentEntry[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!Array.isArray(v) || v.length > 50) return { ok: false, errors: [{ property: 'consent', message: 'must be a list of {"recipient", "scope", "attribution"}' }] };
  const out: ConsentEntry[] = [];
  const seen = new Set<string>();
  v.forEach((e, i) => {
    const p = `consent[${i}]`;
    if (!isObj(e)) {
      errors.push({ property: p, message: 'must be {"recipient", "scope", "attribution"}' });
      return;
    }
    for (const k of Object.keys(e)) if (!['recipient', 'scope', 'attribution'].includes(k)) errors.push({ property: `${p}.${k}`, message: 'is not a property of a consent entry' });
    const { recipient, scope, attribution } = e;
    if (typeof recipient !== 'string' || !recipients.has(recipient)) errors.push({ property: `${p}.recipient`, message: `must be one of the hub's recipients: ${[...recipients].join(', ') || '(none configured)'}` });
    else if (seen.has(recipient)) errors.push({ property: `${p}.recipient`, message: 'appears twice' });
    if (typeof scope !== 'string' || !(SCOPES as readonly string[]).includes(scope)) errors.push({ property: `${p}.scope`, message: `must be one of ${SCOPES.join(', ')}` });
    if (typeof attribution !== 'string' || !(ATTRIBUTIONS as readonly string[]).includes(attribution)) errors.push({ property: `${p}.attribution`, message: `must be one of ${ATTRIBUTIONS.join(', ')}` });
    if (typeof recipient === 'string') seen.add(recipient);
    out.push({ recipient: recipient as string, scope: scope as ConsentEntry['scope'], attribution: attribution as ConsentEntry['attribution'] });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, consent: out };
}

/** A text field of a stored report body by its dotted name (`ransomware.note`). */
export function fieldText(body: Record<string, unknown>, title: string, field: string): string {
  if (field === 'title') return title;
  const [a, b] = field.split('.') as [string, string | undefined];
  const v = b === undefined ? body[a] : isObj(body[a]) ? (body[a] as Record<string, unknown>)[b] : undefined;
  return typeof v === 'string' ? v : '';
}

/** The organization's sanitizer profile as sent: four lists of names. */
export function readProfile(v: unknown): { ok: true; profile: { names: string[]; products: string[]; domains: string[]; people: string[] } } | { ok: false; errors: FieldError[] } {
  const ctx: Ctx = { errors: [] };
  const keys = ['names', 'products', 'domains', 'people'];
  const o = object(ctx, '', v, keys);
  if (!o) return { ok: false, errors: ctx.errors.length > 0 ? ctx.errors : [{ property: '', message: `must be an object with ${keys.join(', ')}` }] };
  const lists = keys.map((k) => stringList(ctx, k, o[k] ?? [], 200, MAX_TERM, k === 'domains'
    ? (s) => (/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(s) ? null : 'must be a domain name such as example.co.jp') : undefined) ?? []);
  if (ctx.errors.length > 0) return { ok: false, errors: ctx.errors };
  return { ok: true, profile: { names: lists[0]!, products: lists[1]!, domains: lists[2]!.map((d) => d.toLowerCase()), people: lists[3]! } };
}
