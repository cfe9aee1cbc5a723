/**
 * The case collection (事例集, issue 7): a closed report becomes a sanitized case study — a
 * STIX `report` (report_types `kyojo-case-study`) referring to a sanitized `incident` and the
 * technique objects — published anonymously (attribution `none`) with the envelope the desk
 * chooses, through the same ingest as everything else. Its text (title, summary, lessons) is
 * sanitized with the report's pseudonyms, and only a report whose reporter approved the
 * current sanitized result can become one. Its audience stays within the recipients the reporter
 * consented to (their communities and organizations): never public, never named users.
 */
import { TrustService } from '../identity/trust.js';
import { canWorkReport, type DeskCaller } from '../policy/desk-access.js';
import { sanitizeMore, type FieldResult, type SanitizeResult } from '../sanitize/index.js';
import { ingestWithEnvelope, type IngestItem } from '../sharing/ingest.js';
import { newStixId } from '../stix/ids.js';
import type { StixObject } from '../stix/types.js';
import type { DeskReport } from '../store/desk-types.js';
import { TIERS } from '../identity/validation.js';
import { conflict, forbidden, invalid, type DeskFieldError } from './errors.js';
import { contentOf, reporterPrincipal, slugMaps, slugsOf } from './route.js';
import { approvalCurrent, currentRules, sanitizeReport, victimProfileOf } from './sanitized.js';
import type { DeskService } from './service.js';
import { isObj } from './input.js';
import { buildRecipientObjects } from './stix.js';

export const CASE_STUDY_MARK = 'kyojo-case-study';
export const CASE_INFO_TYPES = ['best-practice', 'analysis'] as const;
const MAX_TEXT = 20_000;

interface CaseInput {
  title: string;
  summary: string;
  lessons: string;
  infoType: string;
  tier: string[];
  envelope: Record<string, unknown>;
}

function readCase(v: unknown): { input: CaseInput | null; errors: DeskFieldError[] } {
  const errors: DeskFieldError[] = [];
  if (!isObj(v)) return { input: null, errors: [{ property: '', message: 'must be {title, summary, lessons_learned, info_type, tier, envelope}' }] };
  const keys = ['title', 'summary', 'lessons_learned', 'info_type', 'tier', 'envelope'];
  for (const k of Object.keys(v)) if (!keys.includes(k)) errors.push({ property: k, message: 'is not a property of a case study' });
  const text = (k: string, max: number) => {
    const s = v[k];
    if (typeof s !== 'string' || s.trim() === '' || s.length > max) errors.push({ property: k, message: `is required: text of at most ${max} characters` });
    return typeof s === 'string' ? s.trim() : '';
  };
  const title = text('title', 300);
  const summary = text('summary', MAX_TEXT);
  const lessons = text('lessons_learned', MAX_TEXT);
  if (!(CASE_INFO_TYPES as readonly string[]).includes(v.info_type as string)) errors.push({ property: 'info_type', message: `must be ${CASE_INFO_TYPES.join(' or ')}` });
  const tier = v.tier ?? [];
  if (!Array.isArray(tier) || tier.length === 0 || tier.some((t) => !(TIERS as readonly string[]).includes(t as string))) errors.push({ property: 'tier', message: `must be a non-empty list of ${TIERS.join(', ')}` });
  if (!isObj(v.envelope)) errors.push({ property: 'envelope', message: 'is required: at least {"tlp": ..., "audience": {...}}' });
  if (errors.length > 0) return { input: null, errors };
  return { input: { title, summary, lessons, infoType: v.info_type as string, tier: tier as string[], envelope: v.envelope as Record<string, unknown> }, errors };
}

/** The case study's objects and its sanitized text. */
async function compose(desk: DeskService, report: DeskReport, result: SanitizeResult, input: CaseInput, now: Date): Promise<{ objects: StixObject[]; fields: FieldResult[] }> {
  const [profile, rules] = await Promise.all([victimProfileOf(desk.store, report), currentRules(desk.store)]);
  const fields = sanitizeMore(result, { profile, rules }, [
    { field: 'case.title', text: input.title }, { field: 'case.summary', text: input.summary }, { field: 'case.lessons_learned', text: input.lessons },
  ]);
  const text = (f: string) => fields.find((x) => x.field === f)!.after;
  const at = now.toISOString();
  // techniques and malware only: indicators are stale by the time a case is written
  const technique = buildRecipientObjects({ ...contentOf(report, result), observables: [] }, 'technique', now).objects
    .filter((o) => o.type === 'attack-pattern' || o.type === 'malware' || (o.type === 'relationship' && o.relationship_type === 'uses'));
  const incident: StixObject = {
    type: 'incident', spec_version: '2.1', id: newStixId('incident'), created: at, modified: at, name: text('case.title'), description: text('case.summary'),
  };
  const caseReport: StixObject = {
    type: 'report', spec_version: '2.1', id: newStixId('report'), created: at, modified: at, name: text('case.title'),
    description: `${text('case.summary')}\n\nLessons learned:\n${text('case.lessons_learned')}`,
    report_types: [CASE_STUDY_MARK, report.type], published: at, labels: [`desk-${report.type}`, `sector-${report.sector}`],
    external_references: [{ source_name: 'kyojo-desk', external_id: CASE_STUDY_MARK }],
    object_refs: [incident.id as string, ...technique.map((o) => o.id as string)],
  };
  return { objects: [incident, ...technique, caseReport], fields };
}

/** The report and the sanitizer's current result for it, which the reporter approved. */
async function eligible(desk: DeskService, c: DeskCaller, id: string): Promise<{ report: DeskReport; result: SanitizeResult }> {
  const report = await desk.visible(c, id);
  if (!canWorkReport(c)) throw forbidden('Only desk staff write case studies.');
  if (report.status !== 'closed') throw conflict(`The report is ${report.status}; only a closed report becomes a case study.`);
  if (report.caseStudy) throw conflict('This report already has a case study.');
  const result = await sanitizeReport(desk.store, report);
  if (!approvalCurrent(report, result)) throw conflict('The reporter has not approved the current sanitized text; a case study is built from it only.');
  return { report, result };
}

/** Where the envelope's audience reaches beyond the recipients the reporter consented to. */
async function beyondConsent(desk: DeskService, report: DeskReport, envelope: Record<string, unknown>): Promise<DeskFieldError[]> {
  const recipients = new Map((await desk.store.desk.listRecipients()).map((r) => [r.slug, r]));
  const consented = report.consent.flatMap((c) => recipients.get(c.recipient) ?? []);
  const allowed = slugsOf(await slugMaps(desk.store), consented);
  const audience = isObj(envelope.audience) ? envelope.audience : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const errors: DeskFieldError[] = [];
  const within = `within the recipients the reporter consented to (${[...allowed.communities, ...allowed.organizations].join(', ') || 'none'})`;
  if (audience.public === true) errors.push({ property: 'envelope.audience.public', message: `a case study is not public: keep it ${within}` });
  if (list(audience.users).length > 0) errors.push({ property: 'envelope.audience.users', message: 'a case study goes to communities or organizations, not to named users' });
  const communities = list(audience.communities);
  const organizations = list(audience.organizations);
  for (const s of communities.filter((x) => !allowed.communities.includes(x))) errors.push({ property: 'envelope.audience.communities', message: `'${s}' is not ${within}` });
  for (const s of organizations.filter((x) => !allowed.organizations.includes(x))) errors.push({ property: 'envelope.audience.organizations', message: `'${s}' is not ${within}` });
  if (communities.length + organizations.length === 0 && errors.length === 0) errors.push({ property: 'envelope.audience', message: `name its communities or organizations, ${within}` });
  return errors;
}

function caseEnvelope(input: CaseInput) {
  return {
    ...input.envelope, attribution: 'none',
    classification: { purpose: ['prevention', 'awareness'], info_type: input.infoType, tier: input.tier, timing: 'routine', channels: ['portal', 'email', 'api', 'stream'] },
  };
}

export async function previewCaseStudy(desk: DeskService, c: DeskCaller, id: string, body: unknown) {
  const { report, result } = await eligible(desk, c, id);
  const { input, errors } = readCase(body);
  if (!input) return { objects: [], sanitized: { fields: [] }, errors };
  const { objects, fields } = await compose(desk, report, result, input, new Date());
  return { objects, sanitized: { fields }, errors: await beyondConsent(desk, report, input.envelope) };
}

export async function publishCaseStudy(desk: DeskService, c: DeskCaller, id: string, body: unknown, announce: (items: IngestItem[]) => void) {
  const { report, result } = await eligible(desk, c, id);
  const { input, errors } = readCase(body);
  if (!input) throw invalid('The case study is invalid; nothing was published.', errors);
  const beyond = await beyondConsent(desk, report, input.envelope);
  if (beyond.length > 0) throw invalid('The case study would reach beyond what the reporter consented to; nothing was published.', beyond);
  const now = new Date();
  const { objects } = await compose(desk, report, result, input, now);
  const publisher = await reporterPrincipal(desk.store, report);
  const r = await ingestWithEnvelope(desk.store, { publisher, defaultCommunitySlug: null, trust: new TrustService(desk.store) }, caseEnvelope(input), objects);
  if (!r.ok) throw invalid('The envelope is invalid; nothing was published.', r.errors.map((e) => ({ property: e.property === '' ? 'envelope' : `envelope.${e.property}`, message: e.message })));
  announce(r.items);
  const reportId = objects[objects.length - 1]!.id as string;
  const stored = r.items.filter((i) => i.ok).map((i) => ({ id: i.id, version: i.versionKey, outcome: i.outcome }));
  const refused = r.items.filter((i) => !i.ok).map((i) => ({ id: i.id, reason: i.reason }));
  if (!stored.some((s) => s.id === reportId)) throw conflict(`The case study was refused: ${refused.map((x) => x.reason).join('; ')}`);
  const next = await desk.change(report, { caseStudy: { stixId: reportId, publishedAt: now.toISOString() } }, ['closed']);
  await desk.record(next, c, 'case-study', { stix_id: reportId, info_type: input.infoType });
  await desk.store.trust.appendAudit({
    at: now.toISOString(), actor: c.principal.user.email, actorUserId: c.principal.user.id, action: 'desk.case-study', subject: report.id, details: { stix_id: reportId },
  });
  return { report: next, stored, refused };
}
