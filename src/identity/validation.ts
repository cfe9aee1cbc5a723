import type { CommunityKind, OrgKind, Role, Tier } from '../store/types.js';

/** Input errors from identity administration; the CLI and API print the message as is. */
export class IdentityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityInputError';
  }
}

export const ORG_KINDS: readonly OrgKind[] = ['company', 'sme', 'government', 'isac', 'vendor', 'research'];
export const COMMUNITY_KINDS: readonly CommunityKind[] = ['isac', 'isao', 'supply-chain', 'government', 'international'];
export const ROLES: readonly Role[] = ['operator', 'org-admin', 'analyst', 'reader'];
export const TIERS: readonly Tier[] = ['executive', 'manager', 'practitioner'];
export const SECTORS: readonly string[] = [
  'finance', 'ict', 'energy', 'transport', 'healthcare', 'manufacturing', 'automotive',
  'water', 'government', 'telecom', 'chemical', 'logistics', 'retail', 'education', 'other',
];

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Pragmatic address check: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const COUNTRY = /^[A-Z]{2}$/;

export function checkSlug(what: string, slug: string): string {
  if (!SLUG.test(slug)) {
    throw new IdentityInputError(
      `${what} '${slug}' is not a valid slug: use 1-63 lowercase letters, digits and inner hyphens`,
    );
  }
  return slug;
}

export function checkEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !EMAIL.test(e)) throw new IdentityInputError(`'${email}' is not a valid email address`);
  return e;
}

export function checkOneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new IdentityInputError(`${what} '${value}' is not one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

export function checkCountry(cc: string): string {
  const c = cc.toUpperCase();
  if (!COUNTRY.test(c)) throw new IdentityInputError(`country '${cc}' is not an ISO 3166-1 alpha-2 code`);
  return c;
}

export function checkName(what: string, name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > 200) throw new IdentityInputError(`${what} must be 1-200 characters`);
  return n;
}
