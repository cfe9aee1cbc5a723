/** JSON shapes of the report desk's API (docs/api/desk.md). */

export type ReportType = 'ransomware' | 'ddos' | 'intrusion' | 'phishing' | 'data-leak' | 'other' | 'consultation';
export type ReportStatus = 'new' | 'triaged' | 'routed' | 'closed';
export type ConsentScope = 'technique' | 'damage';
export type DeskAttribution = 'public' | 'operators' | 'none';

export interface DeskRecipient {
  slug: string;
  name: string;
  kind: 'sector-isac' | 'isao' | 'government' | 'police' | 'other';
  description: string;
  /** never receives damage information, whatever the consent says */
  technique_only: boolean;
}

export interface ReportOptions {
  types: ReportType[];
  statuses: ReportStatus[];
  environments: string[];
  ddos_attacks: { id: string; name: string }[];
  scopes: ConsentScope[];
  attributions: DeskAttribution[];
  sectors: string[];
  recipients: DeskRecipient[];
  desk_staff: boolean;
  attachment_max_bytes: number;
}

export interface ConsentEntry {
  recipient: string;
  scope: ConsentScope;
  attribution: DeskAttribution;
}

export interface ReportInput {
  type: ReportType;
  title: string;
  contact?: { name?: string; email?: string; phone?: string } | null;
  sector?: string | null;
  detected_at?: string | null;
  started_at?: string | null;
  affected?: { systems?: string; environments?: string[] } | null;
  discovery?: string | null;
  intrusion_route?: string | null;
  business_impact?: string | null;
  essential_service_breached?: boolean | null;
  response?: string | null;
  help_requested?: string | null;
  ransomware?: { note?: string; extension?: string; family?: string; intrusion_method?: string } | null;
  ddos?: { attack?: string; peak?: string; duration?: string } | null;
  observables?: string | null;
  techniques?: string[];
  identifying_terms?: string[];
  consent?: ConsentEntry[];
}

export interface Approval {
  approved_at: string;
  approved_by: string;
  digest: string;
  current: boolean;
}

export interface Report {
  id: string;
  number: number;
  type: ReportType;
  status: ReportStatus;
  title: string;
  organization: { slug: string; name: string };
  sector: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  assignee: string | null;
  contact: { name?: string | null; email?: string | null; phone?: string | null } | null;
  detected_at: string | null;
  started_at: string | null;
  affected: { systems?: string | null; environments?: string[] | null } | null;
  discovery: string | null;
  intrusion_route: string | null;
  business_impact: string | null;
  essential_service_breached: boolean | null;
  response: string | null;
  help_requested: string | null;
  ransomware: { note?: string | null; extension?: string | null; family?: string | null; intrusion_method?: string | null } | null;
  ddos: { attack?: string | null; peak?: string | null; duration?: string | null } | null;
  observables: string | null;
  techniques: string[] | null;
  identifying_terms: string[] | null;
  observable_items: { type: string; value: string }[];
  consent: ConsentEntry[];
  approval: Approval | null;
  routed: { recipient: string; at: string; scope: ConsentScope; attribution: DeskAttribution; objects: string[] }[];
  case_study: { stix_id: string; published_at: string } | null;
  can: {
    edit: boolean;
    approve: boolean;
    upload: boolean;
    triage: boolean;
    assign: boolean;
    route: boolean;
    close: boolean;
    reopen: boolean;
    case_study: boolean;
    download: boolean;
  };
}

export interface ReportSummary {
  id: string;
  number: number;
  type: ReportType;
  status: ReportStatus;
  title: string;
  organization: { slug: string; name: string };
  sector: string | null;
  created_at: string;
  updated_at: string;
  assignee: string | null;
  unread: boolean;
}

export interface ReportList {
  items: ReportSummary[];
  next: string | null;
}

export interface Message {
  id: string;
  author: { email: string; side: 'reporter' | 'desk' };
  body: string;
  created_at: string;
}

export interface ActivityEntry {
  at: string;
  actor: { email: string; side: 'reporter' | 'desk' };
  action: string;
  details: Record<string, unknown> | null;
}

export interface Attachment {
  id: string;
  filename: string;
  declared_type: string | null;
  size: number;
  sha256: string;
  created_at: string;
}

export type ChangeKind = 'organization' | 'product' | 'person' | 'email' | 'phone' | 'host' | 'ip' | 'user' | 'path' | 'term';

export interface SanitizedChange {
  start: number;
  end: number;
  original: string;
  pseudonym: string;
  kind: ChangeKind | string;
}

export interface SanitizedField {
  field: string;
  before: string;
  after: string;
  changes: SanitizedChange[];
}

export interface Sanitized {
  digest: string;
  fields: SanitizedField[];
  observables: {
    kept: { type: string; value: string }[];
    removed: { type: string; value: string; reason: string }[];
  };
  pseudonyms: { pseudonym: string; kind: string; original: string }[];
  approval: Approval | null;
}

export interface RoutePreview {
  recipients: {
    recipient: string;
    name: string;
    scope: ConsentScope;
    attribution: DeskAttribution;
    tlp: string;
    ready: boolean;
    blocked: string | null;
    /** already-routed | not-approved | changed-since-approval | no-target | nothing-to-share */
    blocked_code: string | null;
    objects: (Record<string, unknown> & { id: string; type: string })[];
  }[];
}

export interface RouteAnswer {
  report: Report;
  routed: { recipient: string; stored: { id: string; version: string | null; outcome: string }[]; refused: { id: string; reason: string }[] }[];
}

export interface CaseStudyInput {
  title: string;
  summary: string;
  lessons_learned: string;
  info_type: 'best-practice' | 'analysis';
  tier: string[];
  envelope: { tlp: string; audience: { communities?: string[]; organizations?: string[] } };
}

export interface CaseStudyPreview {
  objects: (Record<string, unknown> & { id: string; type: string })[];
  sanitized: { fields: SanitizedField[] };
  errors: { property: string; message: string }[];
}

export interface StatFigure {
  key: string;
  reports: number;
}

export interface Statistics {
  scope: 'all' | 'k-anonymous';
  min_organizations: number;
  by_type: StatFigure[];
  by_sector: StatFigure[];
  by_month: StatFigure[];
  suppressed: number;
}
