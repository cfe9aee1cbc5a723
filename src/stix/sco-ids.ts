/**
 * Deterministic identifiers of STIX Cyber-observable Objects (STIX 2.1 §2.9): the UUID part is
 * a UUIDv5 in the SCO namespace over the canonical JSON (RFC 8785) of the object's
 * ID-contributing properties, so two producers describing the same IP address, domain or file
 * hash name it with the same id.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';
import { isStixTypeName } from './ids.js';

/** The namespace STIX 2.1 fixes for SCO identifiers. */
export const SCO_ID_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 4122 name-based UUID, version 5 (SHA-1), of a UTF-8 name in a namespace. */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new RangeError(`not a UUID: ${namespace}`);
  const b = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * `type--UUIDv5` over the ID-contributing properties given (e.g. `{ value }` for ipv4-addr,
 * ipv6-addr, domain-name, url and email-addr; `{ hashes }` and the other file properties for a
 * file). Only pass the contributing properties that are present; with none, STIX says use a
 * UUIDv4 instead, so this throws.
 */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  if (!isStixTypeName(type)) throw new RangeError(`not a STIX type name: ${String(type).slice(0, 64)}`);
  if (Object.keys(contributing).length === 0) throw new RangeError('no ID-contributing properties: use a UUIDv4 id');
  return `${type}--${uuidV5(canonicalJson(contributing), SCO_ID_NAMESPACE)}`;
}
