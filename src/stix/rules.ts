/**
 * Cross-property rules of the STIX 2.1 object types (the MUSTs that a per-property type
 * check cannot express). Each rule runs after the schema check, so it only has to look
 * at values that are already well-typed. Internal to src/stix.
 */
import { isObj, LANG_RE, own, sub } from './checks.js';
import type { Ctx, Obj } from './checks.js';
import { versionKeyOrNull } from './timestamps.js';
import { validatePattern } from '../pattern/index.js';
import { isIP } from 'node:net';

type Rule = (c: Ctx, o: Obj) => void;

/** `later` must be ≥ (or > when strict) `earlier` when both are valid timestamps. */
export function order(c: Ctx, o: Obj, earlier: string, later: string, strict: boolean): void {
  const b = versionKeyOrNull(own(o, later));
  if (b === null) return;
  const a = versionKeyOrNull(own(o, earlier));
  if (a === null) return;
  if (strict ? b <= a : b < a) c.err(later, `must be ${strict ? 'later than' : 'later than or equal to'} ${earlier}`);
}

function has(o: Obj, k: string): boolean {
  return own(o, k) !== undefined;
}

const seen: Rule = (c, o) => order(c, o, 'first_seen', 'last_seen', false);

const TLP1: Record<string, string> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};

const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const MAC_RE = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

function ipv6(v: string): boolean {
  const slash = v.indexOf('/');
  if (slash < 0) return isIP(v) === 6;
  const bits = v.slice(slash + 1);
  return isIP(v.slice(0, slash)) === 6 && /^(?:12[0-8]|1[01]\d|[1-9]?\d)$/.test(bits);
}

const RULES: Record<string, Rule> = {
  campaign: seen,
  infrastructure: seen,
  'intrusion-set': seen,
  'threat-actor': seen,
  sighting: seen,
  indicator: (c, o) => {
    order(c, o, 'valid_from', 'valid_until', true);
    // A STIX pattern is parsed once, here: an invalid one is refused with the parser's position and expectation.
    const pattern = own(o, 'pattern');
    if (own(o, 'pattern_type') === 'stix' && typeof pattern === 'string') {
      const v = validatePattern(pattern);
      if (!v.ok) c.err('pattern', `is not a valid STIX pattern: ${v.error.message}`);
    }
  },
  malware: (c, o) => {
    seen(c, o);
    if (own(o, 'is_family') === true && !has(o, 'name')) c.err('name', 'is required when is_family is true');
  },
  'malware-analysis': (c, o) => {
    if (!has(o, 'result') && !has(o, 'analysis_sco_refs')) c.err('', 'must have at least one of result or analysis_sco_refs');
  },
  location: (c, o) => {
    const lat = has(o, 'latitude');
    const lon = has(o, 'longitude');
    if (lat !== lon) c.err(lat ? 'longitude' : 'latitude', `is required when ${lat ? 'latitude' : 'longitude'} is present`);
    if (has(o, 'precision') && !(lat && lon)) c.err('precision', 'requires latitude and longitude');
    if (!has(o, 'region') && !has(o, 'country') && !(lat && lon)) {
      c.err('', 'must have at least one of region, country, or latitude and longitude');
    }
  },
  'observed-data': (c, o) => {
    order(c, o, 'first_observed', 'last_observed', false);
    const objs = has(o, 'objects');
    const refs = has(o, 'object_refs');
    if (objs && refs) c.err('objects', 'must not be present when object_refs is present');
    else if (!objs && !refs) c.err('object_refs', 'is required (or the deprecated objects)');
  },
  relationship: (c, o) => {
    const rt = own(o, 'relationship_type');
    if (typeof rt === 'string' && !/^[a-z0-9-]+$/.test(rt)) {
      c.err('relationship_type', 'must contain only a–z, 0–9 and hyphen');
    }
    order(c, o, 'start_time', 'stop_time', true);
  },
  artifact: (c, o) => {
    const bin = has(o, 'payload_bin');
    const url = has(o, 'url');
    if (bin && url) c.err('url', 'must not be present when payload_bin is present');
    else if (!bin && !url) c.err('', 'must have one of payload_bin or url');
    if (url && !has(o, 'hashes')) c.err('hashes', 'is required when url is present');
    if (has(o, 'decryption_key') && !has(o, 'encryption_algorithm')) {
      c.err('decryption_key', 'must not be present without encryption_algorithm');
    }
  },
  'email-message': (c, o) => {
    const mp = own(o, 'is_multipart');
    if (mp === true && has(o, 'body')) c.err('body', 'must not be present when is_multipart is true');
    if (mp === false && has(o, 'body_multipart')) c.err('body_multipart', 'must not be present when is_multipart is false');
    const parts = own(o, 'body_multipart');
    if (Array.isArray(parts)) {
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        if (isObj(part) && !has(part, 'body') && !has(part, 'body_raw_ref')) {
          c.err(`body_multipart[${i}]`, 'must have one of body or body_raw_ref');
        }
      }
    }
  },
  file: (c, o) => {
    if (!has(o, 'hashes') && !has(o, 'name')) c.err('', 'must have at least one of hashes or name');
  },
  'network-traffic': (c, o) => {
    if (!has(o, 'src_ref') && !has(o, 'dst_ref')) c.err('', 'must have at least one of src_ref or dst_ref');
    if (own(o, 'is_active') === true && has(o, 'end')) c.err('end', 'must not be present when is_active is true');
    order(c, o, 'start', 'end', false);
  },
  'ipv4-addr': (c, o) => {
    const v = own(o, 'value');
    if (typeof v === 'string' && !IPV4_RE.test(v)) c.err('value', 'must be an IPv4 address, optionally in CIDR notation');
  },
  'ipv6-addr': (c, o) => {
    const v = own(o, 'value');
    if (typeof v === 'string' && !ipv6(v)) c.err('value', 'must be an IPv6 address, optionally in CIDR notation');
  },
  'mac-addr': (c, o) => {
    const v = own(o, 'value');
    if (typeof v === 'string' && !MAC_RE.test(v)) {
      c.err('value', 'must be a lowercase, colon-delimited MAC-48 address with leading zeros (e.g. 00:00:ab:cd:ef:01)');
    }
  },
  'marking-definition': (c, o) => {
    const id = own(o, 'id');
    const dt = own(o, 'definition_type');
    const def = own(o, 'definition');
    if (!has(o, 'extensions')) {
      if (dt === undefined) c.err('definition_type', 'is required when extensions is absent');
      if (def === undefined) c.err('definition', 'is required when extensions is absent');
    }
    if (dt === 'tlp' && isObj(def)) {
      const tlp = own(def, 'tlp');
      const level = typeof tlp === 'string' && Object.hasOwn(TLP1, tlp) ? tlp : undefined;
      if (level === undefined) c.err('definition.tlp', 'must be one of: white, green, amber, red');
      else if (id !== TLP1[level]) {
        c.err('id', `a TLP:${level.toUpperCase()} marking definition must have the id ${String(TLP1[level])}`);
      }
    } else if (dt === 'statement' && isObj(def)) {
      const st = own(def, 'statement');
      if (st === undefined) c.err('definition.statement', 'is required');
      else if (typeof st !== 'string') c.err('definition.statement', 'must be a string');
    }
    const omr = own(o, 'object_marking_refs');
    if (Array.isArray(omr) && omr.includes(id)) c.err('object_marking_refs', 'must not reference the marking definition itself');
  },
  'language-content': (c, o) => {
    const contents = own(o, 'contents');
    if (!isObj(contents)) return;
    const langs = Object.keys(contents);
    if (langs.length === 0) c.err('contents', 'must not be an empty dictionary');
    for (const k of langs) {
      if (!LANG_RE.test(k)) c.err(sub('contents', k), 'keys must be RFC 5646 language codes');
      else if (!isObj(contents[k])) c.err(sub('contents', k), 'must be an object mirroring the translated properties');
    }
  },
  'extension-definition': (c, o) => {
    const types = own(o, 'extension_types');
    if (has(o, 'extension_properties') && !(Array.isArray(types) && types.includes('toplevel-property-extension'))) {
      c.err('extension_properties', 'may only be used when extension_types includes toplevel-property-extension');
    }
  },
};

export function ruleOf(type: string): Rule | undefined {
  return Object.hasOwn(RULES, type) ? RULES[type] : undefined;
}
