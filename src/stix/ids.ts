/**
 * STIX identifiers (spec §2.9): `object-type--UUID`.
 * - object-type: 3–250 characters, lowercase a–z, 0–9 and single hyphens, starting
 *   with a letter (§3.1), not ending with a hyphen (§11.2.1).
 * - UUID: RFC 4122 layout 8-4-4-4-12 hex digits (either case), RFC 4122 variant
 *   (10xx, first digit of the 4th group 8/9/a/b) and a version digit 1–8, so v1–v5
 *   and the RFC 9562 v6–v8 are read; new ids are UUIDv4.
 */
import { randomUUID } from 'node:crypto';

const TYPE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ID_RE =
  /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const UUID_LEN = 36;
const SUFFIX_LEN = UUID_LEN + 2; // "--" + UUID

/** True when `s` is a valid STIX type name. */
export function isStixTypeName(s: unknown): s is string {
  return typeof s === 'string' && s.length >= 3 && s.length <= 250 && TYPE_RE.test(s);
}

/** True when `s` is a valid STIX identifier. */
export function isStixId(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const n = s.length - SUFFIX_LEN;
  return n >= 3 && n <= 250 && ID_RE.test(s);
}

/** The type part of a valid identifier, or undefined when `id` is not one. */
export function idType(id: unknown): string | undefined {
  return isStixId(id) ? id.slice(0, id.length - SUFFIX_LEN) : undefined;
}

/** True when `id` is a valid identifier whose type part is exactly `type`. */
export function isIdOfType(id: unknown, type: string): id is string {
  return isStixId(id) && id.length - SUFFIX_LEN === type.length && id.startsWith(type);
}

/** A new identifier with a random (v4) UUID. Throws on an invalid type name. */
export function newStixId(type: string): string {
  if (!isStixTypeName(type)) throw new RangeError(`not a STIX type name: ${String(type).slice(0, 64)}`);
  return `${type}--${randomUUID()}`;
}
