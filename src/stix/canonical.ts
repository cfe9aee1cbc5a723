/**
 * Canonical JSON: compact, object keys sorted, arrays in order, numbers and strings as
 * JSON.stringify prints them (so undefined/function/symbol members are dropped, and
 * non-finite numbers print as null). Keys sort with Array.prototype.sort's default
 * order, i.e. UTF-16 code units — the order RFC 8785 (JCS) prescribes; it equals code
 * point order except for keys mixing astral characters with U+E000–U+FFFF.
 *
 * One recursive function building one string: this runs on the ingest hot path.
 */

/** Characters JSON.stringify escapes: quote, backslash, controls, (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

// Quoted property names followed by ':'. Property names repeat across objects; the
// cache is bounded so that arbitrary dictionary keys cannot grow it without limit.
const KEY_CACHE_MAX = 10_000;
const keyCache = new Map<string, string>();

function quoteKey(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    q = quote(k) + ':';
    if (keyCache.size < KEY_CACHE_MAX) keyCache.set(k, q);
  }
  return q;
}

function ser(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        const n = v.length;
        if (n === 0) return '[]';
        let out = '[';
        for (let i = 0; i < n; i++) {
          const s = ser(v[i]);
          out += (i === 0 ? '' : ',') + (s === undefined ? 'null' : s);
        }
        return out + ']';
      }
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return ser(toJSON.call(v));
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const s = ser(o[k]);
        if (s === undefined) continue;
        out += (first ? '' : ',') + quoteKey(k) + s;
        first = false;
      }
      return out + '}';
    }
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt value cannot be serialized');
    default:
      return undefined;
  }
}

/** Deterministic compact JSON of a JSON-compatible value (see module comment). */
export function canonicalJson(value: unknown): string {
  const s = ser(value);
  return s === undefined ? 'null' : s;
}
