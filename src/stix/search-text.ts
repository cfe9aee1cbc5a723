/**
 * What the portal's full-text search matches in a STIX object (store.shared.search): its
 * human-readable texts and the identifiers people type, lower-cased, one per line. The store
 * keeps this text beside each version (SQLite FTS5 trigram, PostgreSQL pg_trgm) and a search
 * term matches when it is a substring of it, so nothing here tokenises or stems: Japanese and
 * other scripts without spaces are found by any substring of three or more characters.
 *
 * Taken, when they are strings (or lists of strings): name, description, aliases,
 * x_mitre_aliases, pattern, value (SCOs), abstract and content (notes, opinions), labels,
 * the values of `hashes` (file SCOs), and each external reference's source_name and
 * external_id. Capped at SEARCH_TEXT_MAX_BYTES of UTF-8, never splitting a character.
 */

/** Upper bound of a search text, in UTF-8 bytes. */
export const SEARCH_TEXT_MAX_BYTES = 64 * 1024;

const STRING_FIELDS = ['name', 'description', 'pattern', 'value', 'abstract', 'content'] as const;
const LIST_FIELDS = ['aliases', 'x_mitre_aliases', 'labels'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return [];
}

/**
 * `text` lower-cased, NUL characters made spaces (PostgreSQL text cannot hold them; a search
 * term never contains one either), cut to SEARCH_TEXT_MAX_BYTES of UTF-8 at a character boundary.
 */
export function normalizeSearchText(text: string): string {
  const lower = text.toLowerCase().replaceAll('\0', ' ');
  // a UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4)
  if (lower.length * 3 <= SEARCH_TEXT_MAX_BYTES) return lower;
  const { read } = new TextEncoder().encodeInto(lower, new Uint8Array(SEARCH_TEXT_MAX_BYTES));
  return lower.slice(0, read);
}

/** The lower-cased search text of a STIX object (see the header comment). */
export function searchTextOf(obj: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const f of STRING_FIELDS) parts.push(...strings(obj[f]));
  for (const f of LIST_FIELDS) parts.push(...strings(obj[f]));
  if (isObject(obj.hashes)) parts.push(...Object.values(obj.hashes).flatMap(strings));
  if (Array.isArray(obj.external_references)) {
    for (const r of obj.external_references) {
      if (!isObject(r)) continue;
      parts.push(...strings(r.source_name), ...strings(r.external_id));
    }
  }
  return normalizeSearchText(parts.join('\n'));
}

/** searchTextOf of a JSON text; '' when it is not a JSON object. */
export function searchTextOfJson(json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return '';
  }
  return isObject(v) ? searchTextOf(v) : '';
}
