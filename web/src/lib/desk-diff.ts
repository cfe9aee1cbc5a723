/**
 * The sanitizer's before/after for the reporter to review (docs/api/desk.md, `Sanitized`):
 * the original text split at the hub's changes, the sanitized text split at its pseudonyms,
 * and which of the reporter's own identifying words are still in the result.
 * Everything here is plain text handed to React, never HTML.
 */
import type { SanitizedChange, SanitizedField } from '../api/desk-types';

export interface Segment {
  text: string;
  /** the change this piece of the original is masked by, or the pseudonym's kind in the result */
  mark: { kind: string; pseudonym: string } | null;
}

/**
 * The original split into plain and masked pieces. Changes are positions in `before`
 * (UTF-16 code units); overlapping or out-of-range changes are clamped or skipped so that
 * the pieces always join back to exactly `before`.
 */
export function beforeSegments(before: string, changes: readonly SanitizedChange[]): Segment[] {
  const sorted = [...changes].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  let at = 0;
  for (const c of sorted) {
    const start = Math.max(c.start, at);
    const end = Math.min(c.end, before.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: before.slice(at, start), mark: null });
    out.push({ text: before.slice(start, end), mark: { kind: c.kind, pseudonym: c.pseudonym } });
    at = end;
  }
  if (at < before.length) out.push({ text: before.slice(at), mark: null });
  return out;
}

const PSEUDONYM = /\[(ORG|PRODUCT|PERSON|EMAIL|PHONE|HOST|IP|USER|PATH|TERM)-\d+\]/g;
const KIND_OF: Record<string, string> = {
  ORG: 'organization', PRODUCT: 'product', PERSON: 'person', EMAIL: 'email', PHONE: 'phone',
  HOST: 'host', IP: 'ip', USER: 'user', PATH: 'path', TERM: 'term',
};

/** The sanitized text split at its pseudonyms (`[ORG-1]`, `[IP-2]`, …). */
export function afterSegments(after: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of after.matchAll(PSEUDONYM)) {
    const start = m.index;
    if (start > at) out.push({ text: after.slice(at, start), mark: null });
    out.push({ text: m[0], mark: { kind: KIND_OF[m[1]!] ?? 'term', pseudonym: m[0] } });
    at = start + m[0].length;
  }
  if (at < after.length) out.push({ text: after.slice(at), mark: null });
  return out;
}

/**
 * Words the reporter asked to be masked (and the organization's name) that still appear in
 * some sanitized field, case-insensitively: shown as a warning next to the approve button.
 */
export function remainingTerms(fields: readonly SanitizedField[], terms: readonly string[]): string[] {
  const texts = fields.map((f) => f.after.toLowerCase());
  return [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 2))].filter((t) => texts.some((x) => x.includes(t.toLowerCase())));
}

/** How many values each kind of change masked in a report (for the summary line above the diff). */
export function changeCounts(fields: readonly SanitizedField[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fields) for (const c of f.changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return counts;
}
