/**
 * The sanitizer (issue 7, docs/desk.md): before a report leaves its organization without full
 * attribution, whatever identifies the victim is replaced by a pseudonym — the same value by
 * the same pseudonym throughout one report — and observables that point at the victim's own
 * network are dropped. The result carries its before/after diff for the reporter to approve,
 * and a digest that the approval records, so that any later change needs a new approval.
 * Pure: no I/O, deterministic for the same input.
 */
import { createHash } from 'node:crypto';
import { detect, isInternalAddress, isInternalHost, resolveOverlaps, userNamesIn, type Kind, type Known } from './detect.js';
import { internalRanges, type SanitizerRules } from './rules.js';

export { DEFAULT_RULES, parseRules, type SanitizerRules, type RuleError } from './rules.js';
export type { Kind } from './detect.js';

/** What an organization tells the sanitizer about itself (its desk profile). */
export interface VictimProfile {
  /** the organization's name and slug, and other names it goes by */
  names: string[];
  products: string[];
  /** its domains: hosts and emails under them are masked */
  domains: string[];
  /** people likely to appear (the report's contact is added by the caller) */
  people: string[];
  /** further words to mask (the report's identifying_terms, the hub's extra terms) */
  terms: string[];
  /** email addresses and phone numbers known to be the victim's (the report's contact): masked as such whatever the rules say */
  emails?: string[];
  phones?: string[];
}

export interface Observable {
  type: string;
  value: string;
}

export interface SanitizeInput {
  /** text fields in a fixed order (pseudonyms are numbered in order of appearance) */
  fields: { field: string; text: string }[];
  observables: Observable[];
  profile: VictimProfile;
  rules: SanitizerRules;
}

export interface Change {
  start: number;
  end: number;
  original: string;
  pseudonym: string;
  kind: Kind;
}

export interface FieldResult {
  field: string;
  before: string;
  after: string;
  changes: Change[];
}

export interface SanitizeResult {
  fields: FieldResult[];
  observables: { kept: Observable[]; removed: (Observable & { reason: string })[] };
  pseudonyms: { pseudonym: string; kind: Kind; original: string }[];
  /** SHA-256 (hex) of what would be shared: the sanitized fields and kept observables */
  digest: string;
}

const LABEL: Record<Kind, string> = {
  organization: 'ORG', product: 'PRODUCT', person: 'PERSON', email: 'EMAIL', phone: 'PHONE',
  host: 'HOST', ip: 'IP', user: 'USER', term: 'TERM',
};

/** Same value → same pseudonym, numbered per kind in order of first appearance. */
class Pseudonyms {
  private readonly byValue = new Map<string, { pseudonym: string; kind: Kind; original: string }>();
  private readonly counters = new Map<Kind, number>();
  of(original: string, kind: Kind): string {
    const key = original.normalize('NFKC').toLowerCase();
    const hit = this.byValue.get(key);
    if (hit) return hit.pseudonym;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const pseudonym = `[${LABEL[kind]}-${n}]`;
    this.byValue.set(key, { pseudonym, kind, original });
    return pseudonym;
  }
  list() {
    return [...this.byValue.values()];
  }
}

const clean = (xs: readonly string[]): string[] => [...new Set(xs.map((x) => x.trim()).filter((x) => x !== ''))];
/** Parts of a name worth masking alone: ASCII of 3+ letters, other scripts of 2+ characters. */
const namePart = (p: string): boolean => (/^[\x20-\x7e]+$/.test(p) ? p.length >= 3 : p.length >= 2);

/** People's names, their parts and reversed order ("Taro Yamada" → "Yamada Taro", "Taro", "Yamada"). */
function personTerms(people: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of clean(people)) {
    out.push(name);
    const parts = name.split(/[\s.,_\u3000]+/).filter((p) => p !== '');
    if (parts.length > 1) {
      out.push([...parts].reverse().join(' '), parts.join(''), [...parts].reverse().join(''));
      out.push(...parts.filter(namePart));
    }
  }
  return out;
}

function knownOf(input: SanitizeInput): Known {
  const p = input.profile;
  const users: string[] = [];
  for (const f of input.fields) users.push(...userNamesIn(f.text));
  // a user name like taro.yamada also names a person: its parts are masked as well
  const userParts = users.flatMap((u) => (/[._-]/.test(u) ? u.split(/[._-]+/).filter(namePart) : []));
  const terms: Known['terms'] = [
    ...clean(p.names).map((text) => ({ text, kind: 'organization' as const })),
    ...clean(p.products).map((text) => ({ text, kind: 'product' as const })),
    ...clean(personTerms([...p.people])).map((text) => ({ text, kind: 'person' as const })),
    ...clean(users).map((text) => ({ text, kind: 'user' as const })),
    ...clean(userParts).map((text) => ({ text, kind: 'person' as const })),
    ...clean(p.emails ?? []).map((text) => ({ text, kind: 'email' as const })),
    ...clean(p.phones ?? []).map((text) => ({ text, kind: 'phone' as const })),
    ...clean([...p.terms, ...input.rules.extra_terms]).map((text) => ({ text, kind: 'term' as const })),
  ];
  const orgWords = clean(p.names.flatMap((n) => [n, ...n.split(/[\s,.]+/)]))
    .map((w) => w.toLowerCase())
    .filter((w) => w.length >= 3 && !/^(inc|ltd|llc|corp|co|the|company|bank|group|holdings|kk)$/.test(w));
  const keepEmails = new Set(input.observables.filter((o) => o.type === 'email-addr').map((o) => o.value.toLowerCase()));
  return { terms, domains: clean(p.domains).map((d) => d.toLowerCase().replace(/^\.+/, '')), orgWords, keepEmails };
}

function hostOfUrl(u: string): string | null {
  try {
    return new URL(u).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/** Why an observable identifies the victim, or null when it may be shared. */
function observableReason(o: Observable, input: SanitizeInput, known: Known, ranges: ReturnType<typeof internalRanges>): string | null {
  const v = o.value.toLowerCase();
  const hit = known.terms.find((t) => t.text.length >= 3 && v.includes(t.text.toLowerCase()));
  if (hit) return `contains a ${hit.kind === 'term' ? 'word to mask' : hit.kind}`;
  if (o.type === 'ipv4-addr' || o.type === 'ipv6-addr') return isInternalAddress(o.value, ranges) ? 'private or internal address' : null;
  if (o.type === 'domain-name') return isInternalHost(o.value, input.rules, known) ? 'internal or own domain' : null;
  if (o.type === 'email-addr') {
    const domain = v.slice(v.indexOf('@') + 1);
    return isInternalHost(domain, input.rules, known) ? 'address of the organization or an internal domain' : null;
  }
  if (o.type === 'url') {
    const host = hostOfUrl(o.value);
    if (host === null) return null;
    if (isInternalAddress(host, ranges)) return 'URL on a private or internal address';
    return isInternalHost(host, input.rules, known) ? 'URL on an internal or own host' : null;
  }
  return null;
}

/** Sanitizes a report's text fields and observables. */
export function sanitize(input: SanitizeInput): SanitizeResult {
  const ranges = internalRanges(input.rules);
  const known = knownOf(input);
  const hostPatterns = input.rules.host_patterns.map((p) => new RegExp(p, 'giu'));
  const names = new Pseudonyms();
  const fields: FieldResult[] = [];
  for (const { field, text } of input.fields) {
    if (text.trim() === '') continue;
    const spans = resolveOverlaps(detect(text, input.rules, ranges, known, hostPatterns));
    const changes: Change[] = [];
    let after = '';
    let at = 0;
    for (const s of spans) {
      const original = text.slice(s.start, s.end);
      const pseudonym = names.of(original, s.kind);
      changes.push({ start: s.start, end: s.end, original, pseudonym, kind: s.kind });
      after += text.slice(at, s.start) + pseudonym;
      at = s.end;
    }
    after += text.slice(at);
    fields.push({ field, before: text, after, changes });
  }
  const kept: Observable[] = [];
  const removed: (Observable & { reason: string })[] = [];
  for (const o of input.observables) {
    const reason = observableReason(o, input, known, ranges);
    if (reason === null) kept.push({ type: o.type, value: o.value });
    else removed.push({ type: o.type, value: o.value, reason });
  }
  const digest = createHash('sha256')
    .update(JSON.stringify({ fields: fields.map((f) => [f.field, f.after]), kept: kept.map((o) => [o.type, o.value]) }))
    .digest('hex');
  return { fields, observables: { kept, removed }, pseudonyms: names.list(), digest };
}

/**
 * Sanitizes further text (a case study's summary and lessons) with the pseudonyms an earlier
 * result chose: the report's fields are sanitized again first, so numbering and pseudonyms
 * carry on, then the new fields. Field names must differ from the report's.
 */
export function sanitizeMore(result: SanitizeResult, input: Omit<SanitizeInput, 'fields' | 'observables'>, fields: { field: string; text: string }[]): FieldResult[] {
  const again = sanitize({ ...input, fields: [...result.fields.map((f) => ({ field: f.field, text: f.before })), ...fields], observables: [] });
  return fields.map((f) => again.fields.find((x) => x.field === f.field) ?? { field: f.field, before: f.text, after: f.text, changes: [] });
}
