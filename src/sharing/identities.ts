import { createHash } from 'node:crypto';
import { KYOJO_IDENTITY_ID } from '../policy/extensions.js';

/** Namespace of the community identities' UUIDv5 (a fixed, random UUID). */
const COMMUNITY_NAMESPACE = '6f1c3f0e-5b7a-4d2e-9c41-2a8e7d3b9f10';

function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The STIX identity standing for a community when a provider's attribution is hidden:
 * `identity--<UUIDv5 of the community id>`, deterministic, so every version of every object
 * anonymised for that community names the same identity. Without a community, the hub's.
 */
export function communityIdentityId(communityId: string | null): string {
  return communityId === null ? KYOJO_IDENTITY_ID : `identity--${uuidV5(communityId, COMMUNITY_NAMESPACE)}`;
}
