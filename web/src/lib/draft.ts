import type { Draft, Envelope, Tlp } from '../api/types';
import { splitEmails } from './format';

export type AudienceKind = 'public' | 'communities' | 'organizations' | 'users';

/**
 * Audience entries a TLP allows (FIRST TLP 2.0 as the hub applies it): CLEAR may be public;
 * GREEN and AMBER go to communities; AMBER+STRICT to organizations; RED to named people only.
 * Named users are always allowed (narrower than any organization).
 */
export function allowedAudience(tlp: Tlp): ReadonlySet<AudienceKind> {
  switch (tlp) {
    case 'clear':
      return new Set(['public', 'communities', 'organizations', 'users']);
    case 'green':
    case 'amber':
      return new Set(['communities', 'organizations', 'users']);
    case 'amber+strict':
      return new Set(['organizations', 'users']);
    case 'red':
      return new Set(['users']);
  }
}

/** The publish form's state: the Draft, with named users as free text until sent. */
export interface DraftForm {
  name: string;
  description: string;
  iocs: string;
  validDays: number;
  usersText: string;
  envelope: Envelope;
}

export function initialDraft(defaultCommunity: string | null): DraftForm {
  return {
    name: '',
    description: '',
    iocs: '',
    validDays: 90,
    usersText: '',
    envelope: {
      tlp: 'amber',
      audience: { communities: defaultCommunity ? [defaultCommunity] : [], organizations: [], users: [], public: false },
      min_clearance: 0,
      conditions: { terms: [], sectors: [] },
      attribution: 'public',
      classification: { purpose: [], info_type: 'threat', tier: [], timing: 'routine', channels: ['portal', 'email', 'api', 'stream'] },
    },
  };
}

/** Drops audience entries the new TLP does not allow (the form disables them too). */
export function withTlp(form: DraftForm, tlp: Tlp): DraftForm {
  const ok = allowedAudience(tlp);
  const a = form.envelope.audience;
  return {
    ...form,
    envelope: {
      ...form.envelope,
      tlp,
      audience: {
        public: ok.has('public') ? a.public : false,
        communities: ok.has('communities') ? a.communities : [],
        organizations: ok.has('organizations') ? a.organizations : [],
        users: a.users,
      },
    },
  };
}

/** The Draft the API takes (POST /api/v1/publish/preview and /publish). */
export function toDraft(form: DraftForm): Draft {
  const c = form.envelope.classification;
  return {
    report: { name: form.name.trim(), description: form.description, report_types: ['threat-report'] },
    iocs: form.iocs,
    indicator_valid_days: form.validDays,
    envelope: {
      ...form.envelope,
      audience: { ...form.envelope.audience, users: splitEmails(form.usersText) },
      classification: { ...c, info_type: c.info_type || null, timing: c.timing || null },
    },
  };
}
