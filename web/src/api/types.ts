/** JSON shapes of the REST API the portal uses (docs/api/portal.md). */

export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export type Role = 'operator' | 'org-admin' | 'analyst' | 'reader';
export type Tier = 'executive' | 'manager' | 'practitioner';
export type Attribution = 'public' | 'operators' | 'none';

export interface Community {
  slug: string;
  name: string;
  kind: string;
  sector: string | null;
  api_root?: string;
}

export interface Organization {
  slug: string;
  name: string;
  kind: string;
  sector: string;
  country: string | null;
}

export interface Me {
  email: string;
  role: Role;
  tier: Tier | null;
  organization: Organization;
  communities: Community[];
}

export interface SessionAnswer {
  user: Me;
  csrf_token: string;
}

export interface Classification {
  purpose?: string[];
  info_type?: string | null;
  tier?: string[];
  timing?: string | null;
  embargo_until?: string | null;
  channels?: string[];
}

export interface Summary {
  id: string;
  type: string;
  label: string;
  description: string | null;
  tlp: Tlp | null;
  classification: Classification | null;
  created: string | null;
  modified: string | null;
  date_added: string;
  provider: { slug: string; name: string } | null;
}

export interface HomeAnswer {
  items: Summary[];
  counts: Record<string, number>;
  since: string;
  communities: Community[];
}

export interface SearchAnswer {
  items: Summary[];
  next: string | null;
}

export interface HeldElsewhere {
  id: string;
  type: string;
  held: false;
}

export interface Related {
  id: string;
  type: 'relationship' | 'sighting';
  relationship_type: string | null;
  direction: 'out' | 'in';
  other: Summary | HeldElsewhere;
}

export type StixObject = Record<string, unknown> & { id: string; type: string };

export interface ObjectAnswer {
  object: StixObject;
  summary: Summary;
  /** version is null for an object without created/modified (most observables) */
  versions: { version: string | null; date_added: string }[];
  relationships: Related[];
  /** for a relationship or sighting: the objects it refers to (not in docs/api/portal.md yet) */
  ends?: { ref: string; other: Summary | HeldElsewhere }[];
}

export interface PasswordLink {
  email: string;
  purpose: 'invite' | 'reset';
  expires_at: string;
}

export interface PublishOptions {
  communities: Community[];
  organizations: { slug: string; name: string }[];
  terms: { slug: string; title: string }[];
  sectors: string[];
  enums: {
    tlp: string[];
    purpose: string[];
    info_type: string[];
    tier: string[];
    timing: string[];
    channels: string[];
    attribution: string[];
  };
}

export interface IocItem {
  type: string;
  value: string;
  original: string;
  line: number;
  /** 'private': a private or reserved address (kept, but rarely useful to others) */
  note?: string;
}

export interface IocAnswer {
  items: IocItem[];
  ignored: { line: number; text: string; reason: string }[];
}

export interface Envelope {
  tlp: Tlp;
  audience: { communities: string[]; organizations: string[]; users: string[]; public: boolean };
  min_clearance: number;
  conditions: { terms: string[]; sectors: string[] };
  attribution: Attribution;
  classification: Classification;
}

export interface Draft {
  report: { name: string; description: string; report_types: string[] };
  iocs: string;
  indicator_valid_days: number;
  envelope: Envelope;
}

export interface PropertyError {
  property: string;
  message: string;
}

export interface AudienceSummary {
  organizations: number;
  communities: { slug: string; name: string; organizations: number }[];
  named_organizations: { slug: string; name: string }[];
  named_users: number;
  public: boolean;
  tlp: Tlp;
  min_clearance: number | null;
  attribution: Attribution;
  terms: string[];
  sectors: string[];
}

export interface PreviewAnswer {
  objects: StixObject[];
  /** null when the draft has errors */
  audience: AudienceSummary | null;
  errors: PropertyError[];
}

export interface PublishAnswer {
  report_id: string;
  stored: { id: string; version: string; outcome: string }[];
  refused: { index: number; id: string; reason: string }[];
}

export interface Member {
  email: string;
  role: Role;
  tier: Tier | null;
  disabled: boolean;
  clearance: { level: number; valid_until: string } | null;
}

export interface OrganizationAnswer {
  organization: Organization;
  approval: { approved_until: string } | null;
  members: Member[];
}

export interface ApiToken {
  id: string;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InviteAnswer {
  email: string;
  invite_url: string;
}

export interface AdminOrganization extends Organization {
  communities: string[];
  members: number;
  approval: { approved_until: string; revoked: boolean } | null;
}

export interface AdminCommunity {
  slug: string;
  name: string;
  kind: string;
  sector: string | null;
  members: string[];
}

export interface AdminUser {
  email: string;
  organization: string;
  role: Role;
  tier: Tier | null;
  disabled: boolean;
}

export interface ClearanceAnswer {
  approvals: { organization: string; approved_until: string; revoked_at: string | null }[];
  grants: { email: string; level: number; valid_until: string; issuer: string | null }[];
}

export interface TermsEntry {
  slug: string;
  title: string;
  sha256: string;
  created_at: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: unknown;
}
