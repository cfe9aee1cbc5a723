/**
 * The report form's state and its translation into the desk API's `ReportInput`
 * (docs/api/desk.md): times with their time zone, type-specific fields only for their type,
 * per-recipient consent, and the checks worth making before the hub is asked.
 */
import type { ConsentEntry, ConsentScope, DeskAttribution, DeskRecipient, Report, ReportInput, ReportType } from '../api/desk-types';

export interface ConsentChoice {
  on: boolean;
  scope: ConsentScope;
  attribution: DeskAttribution;
}

export interface ReportForm {
  type: ReportType;
  title: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  sector: string;
  /** `YYYY-MM-DDTHH:mm` as a datetime-local input gives it, and the zone it is in */
  detectedLocal: string;
  detectedZone: string;
  startedLocal: string;
  startedZone: string;
  systems: string;
  environments: string[];
  discovery: string;
  intrusionRoute: string;
  businessImpact: string;
  essential: 'yes' | 'no' | 'unknown';
  response: string;
  helpRequested: string;
  ransomNote: string;
  ransomExtension: string;
  ransomFamily: string;
  ransomMethod: string;
  ddosAttack: string;
  ddosPeak: string;
  ddosDuration: string;
  observables: string;
  techniques: string;
  identifyingTerms: string;
  consent: Record<string, ConsentChoice>;
}

/** UTC offsets offered for the times (the browser's own is added when missing). */
const COMMON_ZONES = ['+09:00', 'Z', '+08:00', '+07:00', '+05:30', '+01:00', '+02:00', '-05:00', '-08:00', '+10:00', '+12:00'];

/** `Date#getTimezoneOffset()` (minutes west of UTC) as an ISO 8601 offset: -540 → `+09:00`, 0 → `Z`. */
export function zoneOfOffset(minutesWest: number): string {
  if (minutesWest === 0) return 'Z';
  const east = -minutesWest;
  const sign = east > 0 ? '+' : '-';
  const abs = Math.abs(east);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The zones to offer, the browser's first, and the one already chosen when it is another. */
export function zoneChoices(browserZone: string, current?: string): string[] {
  const zones = [browserZone, ...COMMON_ZONES.filter((z) => z !== browserZone)];
  return current && !zones.includes(current) ? [...zones, current] : zones;
}

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/;
const ZONE = /^(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/** A local date-time and its zone as ISO 8601 with the offset (`2026-11-20T09:30:00+09:00`); null when empty or malformed. */
export function withZone(local: string, zone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m || !ZONE.test(zone)) return null;
  return `${m[1]}T${m[2]}${m[3] ?? ':00'}${zone}`;
}

/** An ISO 8601 time with its offset split back into the form's local time and zone; null when it has no zone. */
export function splitZoned(iso: string | null | undefined): { local: string; zone: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso ?? '');
  if (!m) return null;
  // seconds are kept unless zero, so that saving an edit does not move the time
  const seconds = m[2] && m[2] !== ':00' ? m[2] : '';
  return { local: `${m[1]!}${seconds}`, zone: m[3] === '+00:00' ? 'Z' : m[3]! };
}

/** Items of a free list: one per line or comma, trimmed, without blanks or repeats. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\n,、]+/).map((s) => s.trim()).filter((s) => s !== ''))];
}

const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

export function initialReportForm(sector: string, zone: string): ReportForm {
  return {
    type: 'intrusion',
    title: '',
    contactName: '',
    contactEmail: '',
    contactPhone: '',
    sector,
    detectedLocal: '',
    detectedZone: zone,
    startedLocal: '',
    startedZone: zone,
    systems: '',
    environments: [],
    discovery: '',
    intrusionRoute: '',
    businessImpact: '',
    essential: 'unknown',
    response: '',
    helpRequested: '',
    ransomNote: '',
    ransomExtension: '',
    ransomFamily: '',
    ransomMethod: '',
    ddosAttack: 'T1498',
    ddosPeak: '',
    ddosDuration: '',
    observables: '',
    techniques: '',
    identifyingTerms: '',
    consent: {},
  };
}

/** A recipient's consent as chosen; a technique-only recipient is never given damage information. */
export function consentOf(form: ReportForm, r: DeskRecipient): ConsentChoice {
  const c = form.consent[r.slug] ?? { on: false, scope: 'technique', attribution: 'none' };
  return r.technique_only ? { ...c, scope: 'technique' } : c;
}

export function withConsent(form: ReportForm, slug: string, change: Partial<ConsentChoice>): ReportForm {
  const current = form.consent[slug] ?? { on: false, scope: 'technique' as const, attribution: 'none' as const };
  return { ...form, consent: { ...form.consent, [slug]: { ...current, ...change } } };
}

/** The consent entries of the recipients that are switched on, in the recipients' order. */
export function consentEntries(form: ReportForm, recipients: readonly DeskRecipient[]): ConsentEntry[] {
  return recipients.filter((r) => consentOf(form, r).on).map((r) => {
    const c = consentOf(form, r);
    return { recipient: r.slug, scope: c.scope, attribution: c.attribution };
  });
}

const text = (s: string) => (s.trim() === '' ? undefined : s.trim());

function compact<T extends Record<string, unknown>>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** The body of `POST /api/v1/reports`: empty fields left out, type fields only for their type. */
export function toReportInput(form: ReportForm, recipients: readonly DeskRecipient[]): ReportInput {
  const input: ReportInput = { type: form.type, title: form.title.trim() };
  const set = <K extends keyof ReportInput>(k: K, v: ReportInput[K] | undefined) => {
    if (v !== undefined) input[k] = v;
  };
  set('contact', compact({ name: text(form.contactName), email: text(form.contactEmail), phone: text(form.contactPhone) }));
  set('sector', text(form.sector));
  set('detected_at', withZone(form.detectedLocal, form.detectedZone) ?? undefined);
  set('started_at', withZone(form.startedLocal, form.startedZone) ?? undefined);
  set('affected', compact({ systems: text(form.systems), environments: form.environments }));
  set('discovery', text(form.discovery));
  set('intrusion_route', text(form.intrusionRoute));
  set('business_impact', text(form.businessImpact));
  if (form.essential !== 'unknown') input.essential_service_breached = form.essential === 'yes';
  set('response', text(form.response));
  set('help_requested', text(form.helpRequested));
  if (form.type === 'ransomware') {
    set('ransomware', compact({ note: text(form.ransomNote), extension: text(form.ransomExtension), family: text(form.ransomFamily), intrusion_method: text(form.ransomMethod) }));
  }
  if (form.type === 'ddos') {
    set('ddos', compact({ attack: text(form.ddosAttack), peak: text(form.ddosPeak), duration: text(form.ddosDuration) }));
  }
  set('observables', text(form.observables));
  const techniques = splitList(form.techniques).map((t) => t.toUpperCase());
  if (techniques.length > 0) input.techniques = techniques;
  const terms = splitList(form.identifyingTerms);
  if (terms.length > 0) input.identifying_terms = terms;
  const consent = consentEntries(form, recipients);
  if (consent.length > 0) input.consent = consent;
  return input;
}

export type FormProblem =
  | { field: 'title'; key: 'titleRequired' }
  | { field: 'detected' | 'started'; key: 'timeIncomplete' }
  | { field: 'started'; key: 'startAfterDetection' }
  | { field: 'techniques'; key: 'techniqueFormat'; values: string[] };

/** What to fix before sending (the hub checks again and has the last word). */
export function formProblems(form: ReportForm): FormProblem[] {
  const problems: FormProblem[] = [];
  if (form.title.trim() === '') problems.push({ field: 'title', key: 'titleRequired' });
  const detected = form.detectedLocal.trim() === '' ? null : withZone(form.detectedLocal, form.detectedZone);
  const started = form.startedLocal.trim() === '' ? null : withZone(form.startedLocal, form.startedZone);
  if (form.detectedLocal.trim() !== '' && !detected) problems.push({ field: 'detected', key: 'timeIncomplete' });
  if (form.startedLocal.trim() !== '' && !started) problems.push({ field: 'started', key: 'timeIncomplete' });
  if (detected && started && Date.parse(started) > Date.parse(detected)) problems.push({ field: 'started', key: 'startAfterDetection' });
  const bad = splitList(form.techniques).filter((t) => !TECHNIQUE.test(t.toUpperCase()));
  if (bad.length > 0) problems.push({ field: 'techniques', key: 'techniqueFormat', values: bad });
  return problems;
}

/** The form filled with a stored report, for editing it while it is new or triaged. */
export function formFromReport(r: Report, browserZone: string): ReportForm {
  const detected = splitZoned(r.detected_at);
  const started = splitZoned(r.started_at);
  const f = initialReportForm(r.sector ?? '', browserZone);
  return {
    ...f,
    type: r.type,
    title: r.title,
    contactName: r.contact?.name ?? '',
    contactEmail: r.contact?.email ?? '',
    contactPhone: r.contact?.phone ?? '',
    detectedLocal: detected?.local ?? '',
    detectedZone: detected?.zone ?? browserZone,
    startedLocal: started?.local ?? '',
    startedZone: started?.zone ?? browserZone,
    systems: r.affected?.systems ?? '',
    environments: r.affected?.environments ?? [],
    discovery: r.discovery ?? '',
    intrusionRoute: r.intrusion_route ?? '',
    businessImpact: r.business_impact ?? '',
    essential: r.essential_service_breached === null ? 'unknown' : r.essential_service_breached ? 'yes' : 'no',
    response: r.response ?? '',
    helpRequested: r.help_requested ?? '',
    ransomNote: r.ransomware?.note ?? '',
    ransomExtension: r.ransomware?.extension ?? '',
    ransomFamily: r.ransomware?.family ?? '',
    ransomMethod: r.ransomware?.intrusion_method ?? '',
    ddosAttack: r.ddos?.attack ?? f.ddosAttack,
    ddosPeak: r.ddos?.peak ?? '',
    ddosDuration: r.ddos?.duration ?? '',
    observables: r.observables ?? '',
    techniques: (r.techniques ?? []).join(', '),
    identifyingTerms: (r.identifying_terms ?? []).join('\n'),
    consent: Object.fromEntries(r.consent.map((c) => [c.recipient, { on: true, scope: c.scope, attribution: c.attribution }])),
  };
}

/**
 * The body of `PATCH /api/v1/reports/{id}`: every field, a cleared one as null (the hub clears
 * it), the other type's part null, lists and consent as they are now.
 */
export function toReportPatch(form: ReportForm, recipients: readonly DeskRecipient[]): Record<string, unknown> {
  const full = toReportInput(form, recipients);
  return {
    type: full.type,
    title: full.title,
    ...(full.sector ? { sector: full.sector } : {}),
    contact: full.contact ?? null,
    detected_at: full.detected_at ?? null,
    started_at: full.started_at ?? null,
    affected: full.affected ?? null,
    discovery: full.discovery ?? null,
    intrusion_route: full.intrusion_route ?? null,
    business_impact: full.business_impact ?? null,
    essential_service_breached: full.essential_service_breached ?? null,
    response: full.response ?? null,
    help_requested: full.help_requested ?? null,
    ransomware: full.ransomware ?? null,
    ddos: full.ddos ?? null,
    observables: full.observables ?? null,
    techniques: full.techniques ?? [],
    identifying_terms: full.identifying_terms ?? [],
    consent: full.consent ?? [],
  };
}
