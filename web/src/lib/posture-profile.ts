/** The profile form's values → the PUT /posture/profile body (pure; unit-tested). */
import type { Body, Contact, Profile } from '../api/posture-types';

const orNull = (s: string | null | undefined) => {
  const v = (s ?? '').trim();
  return v === '' ? null : v;
};

export function emptyBody(): Body {
  return { kind: 'csirt', name: '', email: null, phone: null, notes: null };
}

export function emptyContact(): Contact {
  return { purpose: 'incident', name: '', email: '', phone: null };
}

/**
 * Trims every text, turns empty optional fields into null, and drops rows left entirely
 * blank (a body without a name, a contact without name and email), so an added-then-
 * abandoned row does not come back as a validation error.
 */
export function profileBody(form: {
  size: string;
  ciso: { name: string; title: string; email: string; phone: string; appointed_on: string } | null;
  bodies: Body[];
  contacts: Contact[];
}): Omit<Profile, 'updated_at' | 'updated_by'> {
  return {
    size: orNull(form.size),
    ciso: form.ciso
      ? { name: form.ciso.name.trim(), title: form.ciso.title.trim(), email: form.ciso.email.trim(), phone: orNull(form.ciso.phone), appointed_on: orNull(form.ciso.appointed_on) }
      : null,
    bodies: form.bodies
      .filter((b) => b.name.trim() !== '')
      .map((b) => ({ kind: b.kind, name: b.name.trim(), email: orNull(b.email), phone: orNull(b.phone), notes: orNull(b.notes) })),
    contacts: form.contacts
      .filter((c) => c.name.trim() !== '' || c.email.trim() !== '')
      .map((c) => ({ purpose: c.purpose, name: c.name.trim(), email: c.email.trim(), phone: orNull(c.phone) })),
  };
}
