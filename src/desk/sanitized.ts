/**
 * The sanitizer at the desk: the hub's rules (stored as a setting, defaults otherwise), the
 * victim's profile (its organization's names plus the report's contact and identifying
 * terms), the preview the reporter reviews, and the approval that records which result the
 * reporter accepted (by digest): anything routed without full attribution is built from that
 * result only, and only while it is still the current one.
 */
import { canApproveSanitized, isReporterSide, type DeskCaller } from '../policy/desk-access.js';
import { parseIocText } from '../sharing/ioc-text.js';
import { DEFAULT_RULES, parseRules, sanitize, type SanitizeResult, type SanitizerRules, type VictimProfile } from '../sanitize/index.js';
import type { DeskProfile, DeskReport } from '../store/desk-types.js';
import type { Store } from '../store/types.js';
import { conflict, forbidden, invalid } from './errors.js';
import { fieldText, TEXT_FIELDS } from './input.js';
import type { DeskService } from './service.js';

export const RULES_SETTING = 'sanitizer_rules';

export async function currentRules(store: Store): Promise<SanitizerRules> {
  const raw = await store.desk.getSetting(RULES_SETTING);
  if (raw === undefined) return DEFAULT_RULES;
  const parsed = parseRules(JSON.parse(raw));
  // stored rules were checked when saved; should they not parse now, the defaults still mask
  return parsed.ok ? parsed.rules : DEFAULT_RULES;
}

export const EMPTY_PROFILE: DeskProfile = { names: [], products: [], domains: [], people: [] };

/** The report's observables, as parsed from its free text. */
export function observablesOf(report: DeskReport): { type: string; value: string }[] {
  const text = report.body.observables;
  if (typeof text !== 'string' || text.trim() === '') return [];
  try {
    return parseIocText(text).items.map((i) => ({ type: i.type, value: i.value }));
  } catch {
    return [];
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Everything the sanitizer knows about the victim of this report. */
export async function victimProfileOf(store: Store, report: DeskReport): Promise<VictimProfile> {
  const [org, stored] = await Promise.all([store.identity.getOrganization({ id: report.orgId }), store.desk.getProfile(report.orgId)]);
  const p = stored ?? EMPTY_PROFILE;
  const contact = (report.body.contact ?? {}) as Record<string, unknown>;
  const contactEmail = typeof contact.email === 'string' ? contact.email : '';
  const emailDomain = contactEmail.includes('@') ? contactEmail.slice(contactEmail.indexOf('@') + 1).toLowerCase() : null;
  const freeMail = /^(gmail\.com|yahoo\.co\.jp|yahoo\.com|outlook\.com|hotmail\.com|icloud\.com)$/;
  return {
    names: [...(org ? [org.name, org.slug] : []), ...p.names],
    products: p.products,
    domains: [...p.domains, ...(emailDomain && !freeMail.test(emailDomain) ? [emailDomain] : [])],
    people: [...p.people, ...(typeof contact.name === 'string' ? [contact.name] : [])],
    terms: strings(report.body.identifying_terms),
    emails: contactEmail ? [contactEmail] : [],
    phones: typeof contact.phone === 'string' ? [contact.phone] : [],
  };
}

/** The sanitizer's result for the report as it is now. */
export async function sanitizeReport(store: Store, report: DeskReport): Promise<SanitizeResult> {
  const [rules, profile] = await Promise.all([currentRules(store), victimProfileOf(store, report)]);
  return sanitize({
    fields: TEXT_FIELDS.map((field) => ({ field, text: fieldText(report.body, report.title, field) })),
    observables: observablesOf(report),
    profile,
    rules,
  });
}

/** Whether the reporter's approval is for the sanitizer's current result. */
export function approvalCurrent(report: DeskReport, result: SanitizeResult): boolean {
  return report.approval !== null && report.approval.digest === result.digest;
}

export async function preview(desk: DeskService, c: DeskCaller, id: string): Promise<{ report: DeskReport; result: SanitizeResult }> {
  const report = await desk.visible(c, id);
  return { report, result: await sanitizeReport(desk.store, report) };
}

/** The reporter approves the result it saw (named by digest); 409 when that is no longer the current one. */
export async function approve(desk: DeskService, c: DeskCaller, id: string, digest: unknown): Promise<DeskReport> {
  const report = await desk.visible(c, id);
  if (!isReporterSide(c, report)) throw forbidden('Only the organization that filed the report approves what leaves it.');
  if (!canApproveSanitized(c, report)) throw conflict(`The report is ${report.status}; approval is no longer possible.`);
  if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) throw invalid('Send the digest of the preview you approve.', [{ property: 'digest', message: 'must be the 64-character digest from GET …/sanitized' }]);
  const result = await sanitizeReport(desk.store, report);
  if (result.digest !== digest) throw conflict('The sanitized text changed since that preview (the report or the hub\'s rules changed); review the new preview and approve it.');
  const next = await desk.change(report, { approval: { approvedAt: new Date().toISOString(), approvedBy: c.principal.user.id, digest } }, ['new', 'triaged']);
  await desk.record(next, c, 'approved', { digest });
  return next;
}
