/**
 * Checks of the composite STIX data types (spec §2): hashes, identifiers, lists,
 * external references, kill chain phases and granular markings. Internal to src/stix.
 */
import { isIdOfType, isStixId } from './ids.js';
import { isObj, LANG_RE, own, sub } from './checks-core.js';
import type { Ctx, Obj, PropSpec } from './checks-core.js';

const HASH_KEY_RE = /^[A-Za-z0-9_-]{3,250}$/;
const SELECTOR_INDEX_RE = /^\[(0|[1-9][0-9]{0,8})\]$/;

/** Expected hex lengths for well-known hash algorithms (spec §10.7). */
const HASH_HEX_LEN: Record<string, number> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-512': 128,
};
const ANY_HEX_RE = /^[0-9a-fA-F]+$/;

export function checkHashes(c: Ctx, v: unknown, p: string): void {
  if (!isObj(v)) return c.err(p, 'must be a dictionary of hashes');
  const keys = Object.keys(v);
  if (keys.length === 0) return c.err(p, 'must not be an empty dictionary');
  for (const k of keys) {
    const h = v[k];
    if (!HASH_KEY_RE.test(k)) c.err(sub(p, k), 'hash algorithm names must be 3–250 characters of A–Z, a–z, 0–9, - and _');
    else if (typeof h !== 'string') c.err(sub(p, k), 'must be a string');
    else {
      const len = HASH_HEX_LEN[k];
      if (len !== undefined && (h.length !== len || !ANY_HEX_RE.test(h))) {
        c.err(sub(p, k), `must be a ${k} hash (${len} hexadecimal digits)`);
      }
    }
  }
}

export function checkRef(c: Ctx, v: unknown, p: string, s: PropSpec): void {
  if (!isStixId(v)) return c.err(p, 'must be a STIX identifier (type--UUID)');
  if (s.types === undefined && s.notTypes === undefined) return;
  const t = v.slice(0, v.indexOf('--'));
  if ((s.types !== undefined && !s.types.has(t)) || (s.notTypes !== undefined && s.notTypes.has(t))) {
    c.err(p, s.typeMsg ?? 'references an object of the wrong type');
  }
}

export function nonEmptyList(c: Ctx, v: unknown, p: string): v is unknown[] {
  if (!Array.isArray(v)) {
    c.err(p, 'must be a list');
    return false;
  }
  if (v.length === 0) {
    c.err(p, 'must not be an empty list');
    return false;
  }
  return true;
}

export function checkExternalReferences(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    const ep = `${p}[${i}]`;
    if (!isObj(e)) {
      c.err(ep, 'must be an external-reference object');
      continue;
    }
    const sn = own(e, 'source_name');
    if (sn === undefined) c.err(`${ep}.source_name`, 'is required');
    else if (typeof sn !== 'string') c.err(`${ep}.source_name`, 'must be a string');
    let any = false;
    for (const k of ['description', 'url', 'external_id']) {
      const x = own(e, k);
      if (x === undefined) continue;
      any = true;
      if (typeof x !== 'string') c.err(`${ep}.${k}`, 'must be a string');
    }
    if (!any) c.err(ep, 'must have at least one of description, url or external_id');
    const h = own(e, 'hashes');
    if (h !== undefined) checkHashes(c, h, `${ep}.hashes`);
  }
}

export function checkKillChainPhases(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    const ep = `${p}[${i}]`;
    if (!isObj(e)) {
      c.err(ep, 'must be a kill-chain-phase object');
      continue;
    }
    for (const k of ['kill_chain_name', 'phase_name']) {
      const x = own(e, k);
      if (x === undefined) c.err(`${ep}.${k}`, 'is required');
      else if (typeof x !== 'string') c.err(`${ep}.${k}`, 'must be a string');
    }
  }
}

/** True when a granular-marking selector (§7.2.3) points at content present in `root`. */
export function selectorResolves(root: Obj, selector: string): boolean {
  let cur: unknown = root;
  for (const part of selector.split('.')) {
    const m = SELECTOR_INDEX_RE.exec(part);
    if (m !== null) {
      const i = Number(m[1]);
      if (!Array.isArray(cur) || i >= cur.length) return false;
      cur = cur[i];
    } else {
      if (!isObj(cur) || part === '' || !Object.hasOwn(cur, part)) return false;
      cur = cur[part];
    }
  }
  return true;
}

export function checkGranularMarkings(c: Ctx, v: unknown, p: string): void {
  if (!nonEmptyList(c, v, p)) return;
  for (let i = 0; i < v.length; i++) {
    const g = v[i];
    const gp = `${p}[${i}]`;
    if (!isObj(g)) {
      c.err(gp, 'must be a granular-marking object');
      continue;
    }
    const sel = own(g, 'selectors');
    if (sel === undefined) c.err(`${gp}.selectors`, 'is required');
    else if (nonEmptyList(c, sel, `${gp}.selectors`)) {
      for (let j = 0; j < sel.length; j++) {
        const s = sel[j];
        if (typeof s !== 'string') c.err(`${gp}.selectors[${j}]`, 'must be a string');
        else if (!selectorResolves(c.root, s)) {
          c.err(`${gp}.selectors[${j}]`, `selector '${s.slice(0, 100)}' does not refer to content present in the object`);
        }
      }
    }
    const mr = own(g, 'marking_ref');
    const lg = own(g, 'lang');
    if ((mr === undefined) === (lg === undefined)) {
      c.err(gp, 'must have exactly one of marking_ref or lang');
    }
    if (mr !== undefined && !isIdOfType(mr, 'marking-definition')) {
      c.err(`${gp}.marking_ref`, 'must be an identifier of type marking-definition');
    }
    if (lg !== undefined && (typeof lg !== 'string' || !LANG_RE.test(lg))) {
      c.err(`${gp}.lang`, 'must be an RFC 5646 language code');
    }
  }
}

