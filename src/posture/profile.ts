/**
 * An organization's security roles and bodies: its size (for survey statistics), its CISO,
 * its teams (CSIRT, PSIRT, SOC, committee…) and its contact points. Stored whole as JSON;
 * validated here, every problem named by its property path.
 */
import { IdentityInputError, checkEmail } from '../identity/validation.js';
import type { PostureProfileRow } from '../store/posture-types.js';
import { invalid } from './errors.js';
import { isObj } from '../stix/checks-core.js';

export const SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type Size = (typeof SIZES)[number];
export const BODY_KINDS = ['csirt', 'psirt', 'soc', 'committee', 'other'] as const;
export const CONTACT_PURPOSES = ['incident', 'vulnerability', 'executive', 'general'] as const;
const MAX_ITEMS = 20;
const MAX_TEXT = 200;

export interface Ciso { name: string; title: string; email: string; phone: string | null; appointed_on: string | null }
export interface Body { kind: (typeof BODY_KINDS)[number]; name: string; email: string | null; phone: string | null; notes: string | null }
export interface Contact { purpose: (typeof CONTACT_PURPOSES)[number]; name: string; email: string; phone: string | null }
export interface ProfileData { size: Size | null; ciso: Ciso | null; bodies: Body[]; contacts: Contact[] }
export interface Profile extends ProfileData { updated_at: string | null; updated_by: string | null }

export const EMPTY_PROFILE: ProfileData = { size: null, ciso: null, bodies: [], contacts: [] };

type Errors = { property: string; message: string }[];

function text(errors: Errors, path: string, v: unknown, required: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (required) errors.push({ property: path, message: 'is required' });
    return null;
  }
  if (typeof v !== 'string') { errors.push({ property: path, message: 'must be a string' }); return null; }
  const t = v.trim();
  if (t.length > MAX_TEXT) { errors.push({ property: path, message: `must be at most ${MAX_TEXT} characters` }); return null; }
  if (required && t === '') errors.push({ property: path, message: 'is required' });
  return t === '' ? null : t;
}

function email(errors: Errors, path: string, v: unknown, required: boolean): string | null {
  const t = text(errors, path, v, required);
  if (t === null) return null;
  try {
    return checkEmail(t);
  } catch (e) {
    if (!(e instanceof IdentityInputError)) throw e;
    errors.push({ property: path, message: e.message });
    return null;
  }
}

function oneOf<T extends string>(errors: Errors, path: string, v: unknown, allowed: readonly T[]): T | null {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    errors.push({ property: path, message: `must be one of ${allowed.join(', ')}` });
    return null;
  }
  return v as T;
}

function only(errors: Errors, path: string, o: Record<string, unknown>, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) errors.push({ property: path ? `${path}.${k}` : k, message: `is not a property (expected ${keys.join(', ')})` });
}

function list(errors: Errors, path: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) { errors.push({ property: path, message: 'must be an array' }); return []; }
  if (v.length > MAX_ITEMS) { errors.push({ property: path, message: `must have at most ${MAX_ITEMS} entries` }); return []; }
  return v;
}

/** The profile from a request body, or PostureError('invalid') naming every problem. */
export function parseProfile(body: unknown): ProfileData {
  if (!isObj(body)) throw invalid('The body must be a JSON object: { size, ciso, bodies, contacts }.');
  const errors: Errors = [];
  only(errors, '', body, ['size', 'ciso', 'bodies', 'contacts']);
  const size = body.size === undefined || body.size === null ? null : oneOf(errors, 'size', body.size, SIZES);
  let ciso: Ciso | null = null;
  if (body.ciso !== undefined && body.ciso !== null) {
    if (!isObj(body.ciso)) errors.push({ property: 'ciso', message: 'must be an object or null' });
    else {
      const c = body.ciso;
      only(errors, 'ciso', c, ['name', 'title', 'email', 'phone', 'appointed_on']);
      const appointed = text(errors, 'ciso.appointed_on', c.appointed_on, false);
      if (appointed !== null && !/^\d{4}-\d{2}-\d{2}$/.test(appointed)) errors.push({ property: 'ciso.appointed_on', message: 'must be a date as YYYY-MM-DD' });
      ciso = {
        name: text(errors, 'ciso.name', c.name, true) ?? '', title: text(errors, 'ciso.title', c.title, false) ?? '',
        email: email(errors, 'ciso.email', c.email, true) ?? '', phone: text(errors, 'ciso.phone', c.phone, false), appointed_on: appointed,
      };
    }
  }
  const bodies = list(errors, 'bodies', body.bodies).map((b, i): Body => {
    const p = `bodies[${i}]`;
    if (!isObj(b)) { errors.push({ property: p, message: 'must be an object' }); return { kind: 'other', name: '', email: null, phone: null, notes: null }; }
    only(errors, p, b, ['kind', 'name', 'email', 'phone', 'notes']);
    return {
      kind: oneOf(errors, `${p}.kind`, b.kind, BODY_KINDS) ?? 'other', name: text(errors, `${p}.name`, b.name, true) ?? '',
      email: email(errors, `${p}.email`, b.email, false), phone: text(errors, `${p}.phone`, b.phone, false), notes: text(errors, `${p}.notes`, b.notes, false),
    };
  });
  const contacts = list(errors, 'contacts', body.contacts).map((c, i): Contact => {
    const p = `contacts[${i}]`;
    if (!isObj(c)) { errors.push({ property: p, message: 'must be an object' }); return { purpose: 'general', name: '', email: '', phone: null }; }
    only(errors, p, c, ['purpose', 'name', 'email', 'phone']);
    return {
      purpose: oneOf(errors, `${p}.purpose`, c.purpose, CONTACT_PURPOSES) ?? 'general', name: text(errors, `${p}.name`, c.name, true) ?? '',
      email: email(errors, `${p}.email`, c.email, true) ?? '', phone: text(errors, `${p}.phone`, c.phone, false),
    };
  });
  if (errors.length) throw invalid('The profile is invalid.', errors);
  return { size, ciso, bodies, contacts };
}

/** The stored row as the API shows it (the empty profile when none is stored). */
export function profileOf(row: PostureProfileRow | undefined): Profile {
  if (!row) return { ...EMPTY_PROFILE, updated_at: null, updated_by: null };
  const data = { ...EMPTY_PROFILE, ...(JSON.parse(row.profile) as Partial<ProfileData>) };
  return { ...data, updated_at: row.updatedAt, updated_by: row.updatedBy };
}
