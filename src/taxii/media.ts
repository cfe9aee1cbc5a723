/**
 * TAXII 2.1 content negotiation (spec 1.6.8, 3.1). Decisions, also in README.md:
 * - Accept must name `application/taxii+json` (version absent or 2.1), or a wildcard
 *   `*\/*` / `application/*`; a missing Accept header is 406 (the spec says every
 *   request MUST carry a TAXII media range).
 * - The object, objects, versions and manifest GETs also accept
 *   `application/stix+json` (version absent or 2.1); the body is the same TAXII envelope.
 * - Every response is `application/taxii+json;version=2.1`.
 * - POST objects takes `application/taxii+json` (an envelope) or `application/stix+json`
 *   (a STIX bundle), version absent or 2.1; anything else is 415.
 */
export const TAXII_MEDIA = 'application/taxii+json';
export const STIX_MEDIA = 'application/stix+json';
export const TAXII_CONTENT_TYPE = 'application/taxii+json;version=2.1';
export const STIX_CONTENT_TYPE = 'application/stix+json;version=2.1';

export interface MediaRange {
  type: string; // lower-case "type/subtype"
  version: string | undefined;
  q: number;
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** One media type with parameters, e.g. `application/taxii+json; version=2.1; q=0.9`. */
export function parseMediaType(text: string): MediaRange | undefined {
  const parts = text.split(';');
  const type = parts[0]!.trim().toLowerCase();
  if (!/^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+$/.test(type)) return undefined;
  let version: string | undefined;
  let q = 1;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    const value = unquote(p.slice(eq + 1).trim());
    if (name === 'version') version = value;
    else if (name === 'q') {
      const n = Number(value);
      q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
    }
  }
  return { type, version, q };
}

/** The ranges of an Accept header; malformed entries are dropped. */
export function parseAccept(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const item of header.split(',')) {
    if (item.trim() === '') continue;
    const r = parseMediaType(item);
    if (r) out.push(r);
  }
  return out;
}

const okVersion = (v: string | undefined) => v === undefined || v === '2.1';

/** Whether a request's Accept header allows the TAXII 2.1 response this endpoint produces. */
export function acceptable(header: string | undefined, allowStix: boolean): boolean {
  if (header === undefined) return false;
  for (const r of parseAccept(header)) {
    if (r.q <= 0) continue;
    if (r.type === '*/*' || r.type === 'application/*') return true;
    if (r.type === TAXII_MEDIA && okVersion(r.version)) return true;
    if (allowStix && r.type === STIX_MEDIA && okVersion(r.version)) return true;
  }
  return false;
}

/** The kind of POST body a Content-Type announces, or undefined when it is not accepted. */
export function postBodyKind(header: string | undefined): 'envelope' | 'bundle' | undefined {
  if (header === undefined) return undefined;
  const m = parseMediaType(header);
  if (!m || !okVersion(m.version)) return undefined;
  if (m.type === TAXII_MEDIA) return 'envelope';
  if (m.type === STIX_MEDIA) return 'bundle';
  return undefined;
}
