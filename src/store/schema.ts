/**
 * Row shapes of the tables as Kysely sees them (snake_case, as stored). Repositories
 * map them to the camelCase types of `types.ts`; nothing outside src/store uses these.
 *
 * Flags (`disabled`, `is_latest`, `is_first`) are INTEGER 0/1 on both backends:
 * better-sqlite3 cannot bind JS booleans, and one representation lets the Kysely
 * repositories be shared. Timestamps are ISO-8601 TEXT so they round-trip exactly.
 */
import type { Generated } from 'kysely';

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  sector: string;
  country: string | null;
  created_at: string;
}

export interface CommunitiesTable {
  id: string;
  slug: string;
  name: string;
  kind: string;
  sector: string | null;
  created_at: string;
}

export interface CommunityMembersTable {
  community_id: string;
  org_id: string;
}

export interface UsersTable {
  id: string;
  email: string;
  org_id: string;
  role: string;
  tier: string;
  password_hash: string | null;
  disabled: number;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CollectionsTable {
  id: string;
  community_id: string;
  title: string;
  description: string | null;
  alias: string | null;
  created_at: string;
}

export interface ObjectsTable {
  date_added: number;
  collection_id: string;
  stix_id: string;
  type: string;
  spec_version: string;
  created: string | null;
  modified: string | null;
  version_key: string;
  is_latest: number;
  is_first: number;
  json: string;
}

export interface StatusesTable {
  id: string;
  collection_id: string;
  status: string;
  request_timestamp: string;
  total_count: number;
  successes: string;
  failures: string;
  pendings: string;
  user_id: string;
}

export interface HubClockTable {
  id: number;
  last_us: number;
}

export interface FacilityApprovalsTable {
  org_id: string;
  approved_until: string;
  approved_at: string;
  approved_by_user_id: string | null;
  revoked_at: string | null;
}

export interface ClearanceGrantsTable {
  id: string;
  user_id: string;
  level: number;
  valid_until: string;
  issuer_org_id: string | null;
  granted_at: string;
  granted_by_user_id: string | null;
  revoked_at: string | null;
}

export interface TermsTable {
  slug: string;
  title: string;
  body: string;
  created_at: string;
  sha256: string;
}

export interface TermsAcceptancesTable {
  user_id: string;
  terms_slug: string;
  accepted_at: string;
}

export interface AuditLogTable {
  /** allocated by the database (autoincrement / identity) */
  seq: Generated<number>;
  at: string;
  actor: string;
  actor_user_id: string | null;
  action: string;
  subject: string;
  /** JSON object */
  details: string;
}

/** Hub-wide object versions with their envelope (migration 0003). */
export interface SharedObjectsTable {
  date_added: number;
  stix_id: string;
  type: string;
  spec_version: string;
  version_key: string;
  is_latest: number;
  is_first: number;
  tlp_rank: number;
  min_clearance: number;
  has_terms: number;
  /** 1 when shared_object_endpoints holds rows for this version */
  has_endpoints: number;
  embargo_until_us: number | null;
  provider_org_id: string;
  provider_user_id: string;
  attribution: string;
  /** '|finance|energy|', or null for any sector */
  sectors: string | null;
  /** the classification's 5W1H values (migration 0004; shared-plan.ts classificationColumns) */
  info_type: string | null;
  timing: string | null;
  /** '|detection|response|', or null for none */
  purposes: string | null;
  /** '|manager|practitioner|', or null for none */
  tiers: string | null;
  created: string | null;
  modified: string | null;
  classification: string;
  json_anonymous: string | null;
  json: string;
  /** PostgreSQL only (pg_trgm index); SQLite keeps it in shared_object_search */
  search_text?: string;
}

/** SQLite only: the FTS5 trigram table of search texts, rowid = shared_objects.date_added. */
export interface SharedObjectSearchTable {
  rowid: number;
  search_text: string;
}

export interface SharedObjectAudienceTable {
  aud_key: string;
  date_added: number;
  /** the version's type, copied so a (key, type) scan needs no join; a version's type never changes */
  type: string;
}

export interface SharedObjectTermsTable {
  date_added: number;
  terms_slug: string;
}

export interface SharedObjectEndpointsTable {
  date_added: number;
  ref_id: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
}

export interface PasswordLinksTable {
  token_hash: string;
  user_id: string;
  purpose: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Attachments (migration 0008): bytes beside their facts; see attachments-types.ts. */
export interface AttachmentsTable {
  id: string;
  scope: string;
  owner_org_id: string;
  created_by: string;
  created_at: string;
  filename: string;
  declared_type: string;
  size: number;
  sha256: string;
  content: Buffer;
}

/** Delivery (migration 0005): filters and channels are JSON texts. */
export interface SubscriptionsTable {
  id: string;
  owner: string;
  user_id: string | null;
  org_id: string;
  name: string;
  filters: string;
  delivery: string;
  channels: string;
  webhook_id: string | null;
  email: string | null;
  language: string;
  created_at: string;
  disabled_at: string | null;
}

export interface WebhooksTable {
  id: string;
  org_id: string;
  url: string;
  secret_encrypted: string;
  created_at: string;
  consecutive_failures: number;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export interface OutboxTable {
  id: string;
  channel: string;
  subscription_id: string;
  recipient: string;
  dedupe_key: string;
  /** JSON object with an `items` array (appendToOpen pushes onto it) */
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Every item key queued, and the message it went into. */
export interface OutboxItemsTable {
  dedupe_key: string;
  message_id: string;
}

export interface NotifyCursorsTable {
  name: string;
  value: number;
}

export interface NotifyLeasesTable {
  name: string;
  holder: string;
  until: string;
}

export interface Database {
  organizations: OrganizationsTable;
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  collections: CollectionsTable;
  objects: ObjectsTable;
  statuses: StatusesTable;
  hub_clock: HubClockTable;
  facility_approvals: FacilityApprovalsTable;
  clearance_grants: ClearanceGrantsTable;
  terms: TermsTable;
  terms_acceptances: TermsAcceptancesTable;
  audit_log: AuditLogTable;
  shared_objects: SharedObjectsTable;
  shared_object_audience: SharedObjectAudienceTable;
  shared_object_terms: SharedObjectTermsTable;
  shared_object_endpoints: SharedObjectEndpointsTable;
  shared_object_search: SharedObjectSearchTable;
  sessions: SessionsTable;
  password_links: PasswordLinksTable;
  attachments: AttachmentsTable;
  subscriptions: SubscriptionsTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  outbox_items: OutboxItemsTable;
  notify_cursors: NotifyCursorsTable;
  notify_leases: NotifyLeasesTable;
}

export type Dialect = 'sqlite' | 'postgres';

/** Where open/migrations report progress; console and pino loggers both fit. */
export interface StoreLogger {
  info(msg: string): void;
  warn(msg: string): void;
}
