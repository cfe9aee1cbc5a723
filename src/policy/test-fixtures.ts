/**
 * A small hub for the policy tests: two communities, four organizations, users, terms.
 * Ids are readable strings (the policy treats ids as opaque).
 */
import type { Envelope, EnvelopeContext } from './envelope.js';
import type { OrganizationViewer, PeerViewer, UserViewer } from './viewer.js';

export const COMMUNITIES: Readonly<Record<string, string>> = { 'fin-isac': 'c-fin', 'energy-isac': 'c-energy', 'ja-isao': 'c-isao' };
export const ORGS: Readonly<Record<string, string>> = { acme: 'o-acme', bank: 'o-bank', power: 'o-power', gov: 'o-gov' };
export const USERS: Readonly<Record<string, string>> = {
  'cert@acme.example': 'u-acme-cert', 'ana@bank.example': 'u-bank-ana', 'op@hub.example': 'u-op',
};
export const USER_ORG: Readonly<Record<string, string>> = { 'u-acme-cert': 'o-acme', 'u-bank-ana': 'o-bank', 'u-op': 'o-gov' };
/** community id → member org ids */
export const MEMBERS: Readonly<Record<string, readonly string[]>> = {
  'c-fin': ['o-acme', 'o-bank'], 'c-energy': ['o-power'], 'c-isao': ['o-acme', 'o-power', 'o-gov'],
};
export const TERMS = ['gov-provision-2026', 'nda-2026'];

export const NAMES: ReadonlyMap<string, string> = new Map(
  [COMMUNITIES, ORGS, USERS].flatMap((m) => Object.entries(m).map(([k, v]): [string, string] => [v, k])),
);

export function ctx(over: Partial<EnvelopeContext> = {}): EnvelopeContext {
  return {
    defaultCommunitySlug: 'fin-isac',
    resolve: {
      community: (s) => COMMUNITIES[s],
      organization: (s) => ORGS[s],
      user: (e) => USERS[e],
      terms: (s) => TERMS.includes(s),
    },
    provider: { orgId: 'o-acme', userId: 'u-acme-cert' },
    ...over,
  };
}

export const lookups = {
  isMember: (org: string, community: string) => (MEMBERS[community] ?? []).includes(org),
  orgOfUser: (u: string) => USER_ORG[u],
  name: (id: string) => NAMES.get(id) ?? id,
};

/** An envelope provided by acme, addressed to fin-isac at GREEN, everything else default. */
export function env(over: Partial<Envelope> & { embargoUntil?: string | null } = {}): Envelope {
  const { embargoUntil, ...rest } = over;
  const e: Envelope = {
    tlp: 'green',
    audience: { public: false, communities: ['c-fin'], organizations: [], users: [] },
    minClearance: 0,
    conditions: { terms: [], sectors: [] },
    attribution: 'public',
    classification: { purpose: [], infoType: null, tier: [], timing: null, embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] },
    providerOrgId: 'o-acme',
    providerUserId: 'u-acme-cert',
    ...rest,
  };
  return embargoUntil === undefined ? e : { ...e, classification: { ...e.classification, embargoUntil } };
}

export function audience(a: Partial<Envelope['audience']>): Envelope['audience'] {
  return { public: false, communities: [], organizations: [], users: [], ...a };
}

/** Ana, an analyst at the bank (finance; member of fin-isac). */
export function bankUser(over: Partial<UserViewer> = {}): UserViewer {
  return {
    kind: 'user', userId: 'u-bank-ana', orgId: 'o-bank', role: 'analyst', communityIds: new Set(['c-fin']),
    orgSector: 'finance', clearance: null, orgApprovedUntil: null, acceptedTerms: new Set(), ...over,
  };
}

export function orgViewer(over: Partial<OrganizationViewer> = {}): OrganizationViewer {
  return { kind: 'organization', orgId: 'o-bank', communityIds: new Set(['c-fin']), orgSector: 'finance', ...over };
}

export function peer(over: Partial<PeerViewer> = {}): PeerViewer {
  return { kind: 'peer', peerId: 'p-jp', communityIds: new Set(['c-fin']), maxTlp: 'amber', namedInAudienceAs: new Set(['o-bank']), ...over };
}
