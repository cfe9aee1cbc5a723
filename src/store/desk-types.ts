/**
 * The report desk's storage (issue 7, docs/desk.md): reports with their workflow state,
 * threads, activity history, desk staff grants, recipients, the sanitizer's hub rules and the
 * organizations' sanitizer profiles. Who may read what is decided in src/policy/desk-access.ts;
 * this repository only keeps facts.
 */

export type DeskStatus = 'new' | 'triaged' | 'routed' | 'closed';
export type DeskSide = 'reporter' | 'desk';
export type ConsentScope = 'technique' | 'damage';
export type ConsentAttribution = 'public' | 'operators' | 'none';

export interface ConsentEntry {
  recipient: string;
  scope: ConsentScope;
  attribution: ConsentAttribution;
}

export interface DeskApproval {
  approvedAt: string;
  /** user id */
  approvedBy: string;
  digest: string;
}

export interface RoutedEntry {
  recipient: string;
  at: string;
  scope: ConsentScope;
  attribution: ConsentAttribution;
  /** STIX ids stored for that recipient */
  objects: string[];
}

export interface DeskCaseStudy {
  stixId: string;
  publishedAt: string;
}

export interface DeskReport {
  id: string;
  /** a small increasing number people can say on the phone */
  number: number;
  orgId: string;
  /** user id of the reporter who filed it */
  createdBy: string;
  type: string;
  status: DeskStatus;
  title: string;
  sector: string;
  /** the report's fields as filed and edited (the API's ReportInput minus type/title/sector/consent) */
  body: Record<string, unknown>;
  consent: ConsentEntry[];
  approval: DeskApproval | null;
  /** user id of the desk staff member in charge */
  assigneeId: string | null;
  routed: RoutedEntry[];
  caseStudy: DeskCaseStudy | null;
  createdAt: string;
  updatedAt: string;
}

export type NewDeskReport = Omit<DeskReport, 'number'>;

/** What updateReport may change. */
export type DeskReportChanges = Partial<Pick<DeskReport, 'type' | 'status' | 'title' | 'sector' | 'body' | 'consent' | 'approval' | 'assigneeId' | 'routed' | 'caseStudy' | 'updatedAt'>>;

export interface DeskReportQuery {
  /** only this organization's reports (reporters); absent = every organization (desk staff) */
  orgId?: string;
  statuses?: DeskStatus[];
  types?: string[];
  assigneeId?: string;
  /** case-insensitive substring of the title */
  titleContains?: string;
  /** paging: numbers below this one (newest first) */
  beforeNumber?: number;
  limit: number;
}

export interface DeskMessage {
  id: string;
  reportId: string;
  authorId: string;
  side: DeskSide;
  body: string;
  createdAt: string;
}

export interface DeskActivity {
  seq: number;
  reportId: string;
  at: string;
  actorId: string | null;
  /** the actor's email at the time (users may be removed later) */
  actorEmail: string;
  side: DeskSide;
  action: string;
  details: Record<string, unknown>;
}

export interface DeskStaffGrant {
  userId: string;
  grantedAt: string;
  /** email of the operator who granted it ('cli' from the command line) */
  grantedBy: string;
}

export interface DeskRecipient {
  slug: string;
  name: string;
  kind: 'sector-isac' | 'isao' | 'government' | 'police' | 'other';
  description: string;
  /** community ids */
  communityIds: string[];
  /** organization ids */
  orgIds: string[];
  tlp: 'green' | 'amber' | 'amber+strict';
  techniqueOnly: boolean;
  updatedAt: string;
}

export interface DeskProfile {
  names: string[];
  products: string[];
  domains: string[];
  people: string[];
}

/** One figure of the statistics: reports and distinct organizations behind them. */
export interface DeskCount {
  key: string;
  reports: number;
  organizations: number;
}

export interface DeskRepository {
  /** true when granted now, false when the user already was desk staff */
  grantStaff(g: DeskStaffGrant): Promise<boolean>;
  /** true when a grant was removed */
  revokeStaff(userId: string): Promise<boolean>;
  isStaff(userId: string): Promise<boolean>;
  listStaff(): Promise<DeskStaffGrant[]>;

  /** create or replace by slug */
  putRecipient(r: DeskRecipient): Promise<void>;
  deleteRecipient(slug: string): Promise<boolean>;
  listRecipients(): Promise<DeskRecipient[]>;

  getSetting(key: string): Promise<string | undefined>;
  putSetting(key: string, value: string, at: string): Promise<void>;

  getProfile(orgId: string): Promise<DeskProfile | undefined>;
  putProfile(orgId: string, profile: DeskProfile, at: string): Promise<void>;

  /** stores the report; returns it with its number */
  addReport(r: NewDeskReport): Promise<DeskReport>;
  getReport(id: string): Promise<DeskReport | undefined>;
  /** newest first */
  listReports(q: DeskReportQuery): Promise<DeskReport[]>;
  /**
   * One conditional UPDATE: applied only while the report's status is one of `guard.statuses`
   * (when given) and its updated_at is `guard.updatedAt` (when given, so that two concurrent
   * changes cannot both succeed); the report as changed, or undefined when the guard failed.
   */
  updateReport(id: string, changes: DeskReportChanges, guard?: { statuses?: DeskStatus[]; updatedAt?: string }): Promise<DeskReport | undefined>;

  addMessage(m: DeskMessage): Promise<void>;
  /** oldest first */
  listMessages(reportId: string): Promise<DeskMessage[]>;

  addActivity(a: Omit<DeskActivity, 'seq'>): Promise<DeskActivity>;
  /** oldest first */
  listActivity(reportId: string): Promise<DeskActivity[]>;

  /** counts of reports created in [from, to) grouped by type, sector or month (YYYY-MM of created_at) */
  countReports(by: 'type' | 'sector' | 'month', range: { from?: string; to?: string }): Promise<DeskCount[]>;
}
