/**
 * The storage interface. Every backend (SQLite, PostgreSQL) implements `Store`
 * and passes the one contract suite in `src/store/contract.ts`.
 *
 * Conventions:
 * - `dateAdded` is microseconds since the Unix epoch, assigned by the store from a
 *   hub-wide clock that is strictly increasing across all collections, so it is a
 *   unique, gap-tolerant cursor for TAXII pagination.
 * - `versionKey` is the object's version (modified, else created) normalised to a
 *   fixed-width sortable string (see `src/stix/timestamps.ts`). Objects with neither
 *   (most SCOs) use UNVERSIONED_KEY and hold a single row that a re-post replaces.
 * - STIX JSON is kept whole as canonical JSON text; columns are extracted for filters.
 */

import type { NotifyRepository } from './notify-types.js';
import type { PeerRepository } from './peers-types.js';
import type { AttachmentRepository } from './attachments-types.js';
import type { DeskRepository } from './desk-types.js';
import type { SupplyRepository } from './supply-types.js';
import type { PostureRepository, SurveyRepository } from './posture-types.js';

export type Micros = number;

export const UNVERSIONED_KEY = '';

export type OrgKind = 'company' | 'sme' | 'government' | 'isac' | 'vendor' | 'research';
export type CommunityKind = 'isac' | 'isao' | 'supply-chain' | 'government' | 'international';
export type Role = 'operator' | 'org-admin' | 'analyst' | 'reader';
export type Tier = 'executive' | 'manager' | 'practitioner';

export interface Organization {
  id: string;
  slug: string;
  name: string;
  kind: OrgKind;
  sector: string;
  country: string | null;
  createdAt: string;
}

export interface Community {
  id: string;
  slug: string;
  name: string;
  kind: CommunityKind;
  sector: string | null;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  orgId: string;
  role: Role;
  tier: Tier;
  /** argon2id encoded hash, or null when the user has no password (token-only). */
  passwordHash: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** hex SHA-256 of the secret; the secret itself is never stored. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Collection {
  /** a UUID, as TAXII clients expect */
  id: string;
  communityId: string;
  title: string;
  description: string | null;
  alias: string | null;
  createdAt: string;
}

/** One object version, ready to store. */
export interface ObjectVersionInput {
  id: string;
  type: string;
  specVersion: string;
  created: string | null;
  modified: string | null;
  versionKey: string;
  /** canonical JSON of the whole object */
  json: string;
}

export type AddOutcome =
  | 'added' // a new version was stored
  | 'identical' // the same version with the same content was already stored
  | 'replaced' // an unversioned object (no created/modified) was replaced
  | 'conflict'; // the same id+version exists with different content; nothing stored

export interface AddResult {
  id: string;
  versionKey: string;
  outcome: AddOutcome;
  /** date_added of the stored row (the existing row's for identical/conflict) */
  dateAdded: Micros;
}

export interface ObjectRow {
  id: string;
  type: string;
  specVersion: string;
  created: string | null;
  modified: string | null;
  versionKey: string;
  dateAdded: Micros;
  json: string;
}

/** TAXII match[version]; an empty/undefined filter means `last`. */
export interface VersionFilter {
  first?: boolean;
  last?: boolean;
  all?: boolean;
  /** exact versions, as versionKeys */
  keys?: string[];
  /**
   * exact versions of unversioned rows (no created/modified): TAXII reports their
   * date_added as their version, so a request for that instant must find them
   */
  dateAdded?: Micros[];
}

export interface Page<T> {
  rows: T[];
  more: boolean;
}

export interface StatusRecord {
  id: string;
  collectionId: string;
  /** 'complete' or 'pending' */
  status: 'complete' | 'pending';
  requestTimestamp: string;
  totalCount: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
  /** who may read this status (the submitting user) */
  userId: string;
}

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

export interface CollectionRepository {
  create(c: Collection): Promise<void>;
  get(id: string): Promise<Collection | undefined>;
  listByCommunity(communityId: string): Promise<Collection[]>;
  list(): Promise<Collection[]>;
}

export interface IdentityRepository {
  createOrganization(o: Organization): Promise<void>;
  getOrganization(idOrSlug: { id: string } | { slug: string }): Promise<Organization | undefined>;
  listOrganizations(): Promise<Organization[]>;

  createCommunity(c: Community): Promise<void>;
  getCommunity(idOrSlug: { id: string } | { slug: string }): Promise<Community | undefined>;
  listCommunities(): Promise<Community[]>;
  /** idempotent */
  addMember(communityId: string, orgId: string): Promise<void>;
  removeMember(communityId: string, orgId: string): Promise<void>;
  /** community ids the organization belongs to */
  communitiesOf(orgId: string): Promise<string[]>;
  /** organization ids in the community */
  membersOf(communityId: string): Promise<string[]>;

  createUser(u: User): Promise<void>;
  getUser(idOrEmail: { id: string } | { email: string }): Promise<User | undefined>;
  listUsers(orgId?: string): Promise<User[]>;
  setPassword(userId: string, passwordHash: string): Promise<void>;
  /** Change a user's role, tier or disabled flag; false when there is no such user. */
  updateUser(userId: string, patch: { role?: Role; tier?: Tier; disabled?: boolean }): Promise<boolean>;

  createToken(t: ApiToken): Promise<void>;
  /** a live (not revoked) token by its hash */
  findToken(tokenHash: string): Promise<ApiToken | undefined>;
  listTokens(userId: string): Promise<ApiToken[]>;
  revokeToken(tokenId: string, at: string): Promise<boolean>;
  touchToken(tokenId: string, at: string): Promise<void>;
}

export interface StatusRepository {
  save(s: StatusRecord): Promise<void>;
  get(id: string): Promise<StatusRecord | undefined>;
}

export type ClearanceLevel = 1 | 2 | 3;

/** An organization's facility approval (the organization half of clearance). */
export interface FacilityApproval {
  orgId: string;
  /** end of the approval, an ISO timestamp (exclusive: valid while now < approvedUntil) */
  approvedUntil: string;
  approvedAt: string;
  /** the approving user; null when approved from the command line */
  approvedByUserId: string | null;
  revokedAt: string | null;
}

/** A person's clearance grant (the personal half of clearance). */
export interface ClearanceGrant {
  id: string;
  userId: string;
  level: ClearanceLevel;
  /** end of the grant, an ISO timestamp (exclusive) */
  validUntil: string;
  /** the organization that issued it; null = the hub */
  issuerOrgId: string | null;
  grantedAt: string;
  /** the granting user; null when granted from the command line */
  grantedByUserId: string | null;
  revokedAt: string | null;
}

export interface Terms {
  slug: string;
  title: string;
  body: string;
  /** hex SHA-256 of the UTF-8 body: what exactly was accepted */
  sha256: string;
  createdAt: string;
}

export interface TermsAcceptance {
  slug: string;
  acceptedAt: string;
}

export interface AuditEntry {
  /** position in the log, allocated by the store; increasing, gaps possible */
  seq: number;
  at: string;
  /** 'cli' for the command line, else the acting user's email */
  actor: string;
  actorUserId: string | null;
  /** e.g. `clearance.grant`, `facility.revoke`, `provider.lookup` */
  action: string;
  /** what was acted on: an email, an organization slug, an object id */
  subject: string;
  details: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq'>;

export interface AuditQuery {
  /** at most this many entries */
  limit: number;
  /** only entries with seq strictly greater */
  afterSeq?: number;
  /** the last `limit` entries rather than the first (still returned in seq order) */
  latest?: boolean;
}

/** Clearance, terms and the audit log. Dates are ISO-8601 text, compared by the caller. */
export interface TrustRepository {
  /** Create or renew the organization's approval; a renewal clears an earlier revocation. */
  approveOrg(a: Omit<FacilityApproval, 'revokedAt'>): Promise<void>;
  /** Revoke a live approval; false when there was none (a second revocation keeps the first time). */
  revokeOrg(orgId: string, at: string): Promise<boolean>;
  /** The approval, revoked or not; undefined when the organization was never approved. */
  getApproval(orgId: string): Promise<FacilityApproval | undefined>;
  listApprovals(): Promise<FacilityApproval[]>;

  grant(g: Omit<ClearanceGrant, 'revokedAt'>): Promise<void>;
  /** Revoke every live grant of the user; returns how many. */
  revokeGrants(userId: string, at: string): Promise<number>;
  /** The user's grants not revoked, expired ones included (the caller compares with now); highest level first. */
  activeGrants(userId: string): Promise<ClearanceGrant[]>;

  /** ConflictError on a duplicate slug: accepted terms never change underneath a user. */
  addTerms(t: Terms): Promise<void>;
  getTerms(slug: string): Promise<Terms | undefined>;
  /** by slug */
  listTerms(): Promise<Terms[]>;
  /** Idempotent; true when newly accepted (a repeat keeps the first acceptance time). */
  acceptTerms(userId: string, slug: string, at: string): Promise<boolean>;
  /** by slug */
  acceptedTerms(userId: string): Promise<TermsAcceptance[]>;

  /** Append-only: there is no update or delete. Returns the entry with its seq. */
  appendAudit(e: NewAuditEntry): Promise<AuditEntry>;
  /** In seq order. */
  listAudit(q: AuditQuery): Promise<AuditEntry[]>;
}

/*
 * Shared objects (docs/trust-model.md "Storage"): object versions held hub-wide, each with the
 * storage form of its sharing envelope. The policy (src/policy/predicate.ts) produces both the
 * StoredEnvelope of a version and the VisibilityPredicate of a viewer; the store only stores
 * the one and compiles the other to SQL, so these plain types live here (policy imports store
 * types, never the reverse).
 */

/** Who may learn the provider of a version: everyone who receives it, operators only, nobody. */
export type StoredAttribution = 'public' | 'operators' | 'none';

/**
 * The envelope as the store keeps it. Audience keys are opaque to the store; the policy writes
 * `public`, `c:<communityId>`, `o:<orgId>`, `u:<userId>`.
 */
export interface StoredEnvelope {
  /** 0 clear, 1 green, 2 amber, 3 amber+strict, 4 red */
  tlpRank: number;
  audienceKeys: string[];
  minClearance: 0 | 1 | 2 | 3;
  /** microseconds; null = no embargo. Until then only the provider's organization sees the version. */
  embargoUntilUs: number | null;
  attribution: StoredAttribution;
  providerOrgId: string;
  providerUserId: string;
  /** allowed sectors of the receiving organization; empty = any. Never contain '|'. */
  sectors: string[];
  /** slugs of terms every receiving user must have accepted */
  terms: string[];
  /** the 5W1H classification, JSON */
  classificationJson: string;
}

/** One object version with its envelope, ready to store in `shared_objects`. */
export interface SharedVersionInput extends ObjectVersionInput {
  /** the object as served when attribution is hidden; null when attribution is public */
  jsonAnonymous: string | null;
  envelope: StoredEnvelope;
  /** the ids a relationship or sighting points to (policy endpointRefs); [] for other objects */
  endpoints: string[];
  /**
   * What full-text search matches (src/stix/search-text.ts searchTextOf: name, description,
   * aliases, pattern, value, external ids), lower-cased. When absent the store derives it from
   * `json` with the same function.
   */
  searchText?: string;
}

/** An audience key a viewer matches, and the highest TLP rank a version may have to reach it that way. */
export interface AudienceGrant {
  key: string;
  maxTlpRank: number;
}

/**
 * What a viewer may see at one instant, as plain data (built by src/policy/predicate.ts,
 * compiled to SQL by the store). A version is visible when it is provided by `ownOrgId`; or it
 * is not under embargo at `nowUs` and either `seesAll`, or: its audience holds one of `keys`
 * with its TLP rank at most that key's `maxTlpRank`, its min_clearance is at most `clearance`,
 * its sectors (if any) include `sector`, and `acceptedTerms` include all its terms.
 * Viewers for whom conditions never pass (organizations, peers, the public) have clearance 0,
 * no accepted terms and (peers, public) a null sector.
 */
export interface VisibilityPredicate {
  /**
   * An operator: sees every version not under embargo, except `identity` versions under
   * `attribution: none` (of other organizations). A viewer without seesAll never sees an
   * `identity` version under `operators` or `none` of another organization.
   */
  seesAll: boolean;
  ownOrgId: string | null;
  keys: AudienceGrant[];
  clearance: 0 | 1 | 2 | 3;
  sector: string | null;
  acceptedTerms: string[];
  nowUs: number;
}

/**
 * Which versions a query walks: every version (the hub-wide collection), or those whose
 * audience holds `key` (a community's collection is `{ kind: 'audience', key: 'c:<id>' }`).
 * Either way only what the predicate shows is returned.
 */
export type SharedScope = { kind: 'all' } | { kind: 'audience'; key: string };

/** Filters and paging (TAXII's), over a scope and for one viewer's predicate. */
export interface SharedQuery {
  scope: SharedScope;
  predicate: VisibilityPredicate;
  addedAfter?: Micros;
  ids?: string[];
  types?: string[];
  versions?: VersionFilter;
  specVersions?: string[];
  limit: number;
}

export interface SharedRow extends ObjectRow {
  jsonAnonymous: string | null;
  attribution: StoredAttribution;
  providerOrgId: string;
  tlpRank: number;
  classificationJson: string;
}

/** The versions of one id, hub-wide; all versions unless filtered. */
export interface SharedDeleteQuery {
  id: string;
  versions?: VersionFilter;
  specVersions?: string[];
}

/** The envelope of one stored version (shared.envelopeOf). */
export interface StoredVersionEnvelope {
  versionKey: string;
  envelope: StoredEnvelope;
}

/** Options of shared.scan: what one viewer may see in a scope, optionally of some types only. */
export interface SharedScanOptions {
  predicate: VisibilityPredicate;
  scope: SharedScope;
  types?: string[];
  /** rows per batch, default 1000 */
  batchSize?: number;
}

/**
 * The portal's search: latest versions the predicate shows, newest first (date_added
 * descending), filtered. Every filter narrows (AND); a list filter matches any of its values.
 */
export interface SharedSearchQuery {
  predicate: VisibilityPredicate;
  /**
   * Free text: every whitespace-separated term must occur, case-insensitively, as a substring
   * of the version's search text. Terms of any length work; terms of 3+ characters use the
   * full-text index (SQLite FTS5 trigram, PostgreSQL pg_trgm).
   */
  text?: string;
  types?: string[];
  tlpRanks?: number[];
  /** 5W1H values from the classification: info_type, purpose (any of), tier (any of), timing */
  infoTypes?: string[];
  purposes?: string[];
  tiers?: string[];
  timings?: string[];
  /** versions whose audience holds any of these keys (the caller maps community/sector filters) */
  audienceAnyOf?: string[];
  /** date_added range: from inclusive */
  addedFrom?: Micros;
  /** date_added range: before exclusive; also the paging cursor (the last row's dateAdded) */
  addedBefore?: Micros;
  limit: number;
}

/** How many latest visible versions of each info type (null: unclassified) were added since a time. */
export interface InfoTypeCount {
  infoType: string | null;
  count: number;
}

export interface SharedObjectRepository {
  /**
   * Store versions in one durable transaction; results in input order. Unique on id + version
   * hub-wide, and an identical re-post whose envelope (or anonymous
   * form) differs is an envelope change: the version gets the new envelope and a new
   * date_added from the hub clock, so pollers of a newly included audience receive it; its
   * outcome is 'replaced'.
   */
  add(versions: SharedVersionInput[]): Promise<AddResult[]>;
  /** What the predicate shows in the scope, filtered and paged (TAXII filters, added_after, limit). */
  query(q: SharedQuery): Promise<Page<SharedRow>>;
  /** Delete matching versions (and their envelope rows); returns how many versions were removed. */
  delete(q: SharedDeleteQuery): Promise<number>;
  count(): Promise<number>;
  /**
   * The stored envelope of version `versionKey` of `id`, or of the latest version of `id` when
   * no key is given; undefined when there is no such version. An internal lookup (what the
   * policy's mayWrite needs as `existing`): no visibility predicate applies. Lists sorted.
   */
  envelopeOf(id: string, versionKey?: string): Promise<StoredVersionEnvelope | undefined>;
  /**
   * The latest version's envelope of each id that is stored, in one query (what envelopeOf(id)
   * gives for each); ids with no stored version are absent from the map. Same internal lookup:
   * no visibility predicate applies.
   */
  envelopesOf(ids: string[]): Promise<Map<string, StoredVersionEnvelope>>;
  /**
   * Every latest version the predicate shows in the scope, in date_added order, in batches of
   * `batchSize` (the last may be shorter; none is empty), for exports. Pages through query, so
   * nothing is held open between batches; a version re-stamped meanwhile may come again later.
   */
  scan(opts: SharedScanOptions): AsyncIterable<SharedRow[]>;
  /** Full-text and facet search over latest versions, newest first (see SharedSearchQuery). */
  search(q: SharedSearchQuery): Promise<Page<SharedRow>>;
  /** Counts of latest visible versions by info type, added at or after `addedFrom`. */
  countByInfoType(q: { predicate: VisibilityPredicate; addedFrom: Micros }): Promise<InfoTypeCount[]>;
  /**
   * Latest visible versions of relationships and sightings that point to `refId` (through the
   * endpoint table), newest first, at most `limit`; each also passes the relationship rule (every
   * endpoint the hub holds is visible to the predicate's viewer).
   */
  referencing(q: { predicate: VisibilityPredicate; refId: string; limit: number }): Promise<SharedRow[]>;
}

/** A portal sign-in. The cookie holds a random secret; the store keeps its SHA-256 only. */
export interface Session {
  /** hex SHA-256 of the cookie secret */
  idHash: string;
  userId: string;
  /** the synchroniser token state-changing requests must echo (X-CSRF-Token) */
  csrfToken: string;
  createdAt: string;
  /** ISO timestamp; idle expiry, pushed forward by touch */
  expiresAt: string;
  lastSeenAt: string;
  userAgent: string | null;
}

/** A one-time link to set a password: an invitation to a new user, or a reset. */
export interface PasswordLink {
  /** hex SHA-256 of the link secret */
  tokenHash: string;
  userId: string;
  purpose: 'invite' | 'reset';
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface SessionRepository {
  create(s: Session): Promise<void>;
  get(idHash: string): Promise<Session | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** sign-out everywhere; returns how many sessions ended */
  deleteForUser(userId: string): Promise<number>;
  /** sessions with expiresAt <= now; returns how many */
  deleteExpired(now: string): Promise<number>;

  createLink(l: PasswordLink): Promise<void>;
  getLink(tokenHash: string): Promise<PasswordLink | undefined>;
  /** Atomically marks an unused link used; false when it was already used (or does not exist). */
  useLink(tokenHash: string, at: string): Promise<boolean>;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  collections: CollectionRepository;
  identity: IdentityRepository;
  statuses: StatusRepository;
  trust: TrustRepository;
  /** envelope-aware, hub-wide object versions: what TAXII and the CLI store and serve */
  shared: SharedObjectRepository;
  /** portal sign-ins and one-time password links */
  sessions: SessionRepository;
  /** subscriptions, webhooks, the outbox and dispatch cursors (src/store/notify-types.ts) */
  notify: NotifyRepository;
  /** federation peers, their cursors and status, provenance (src/store/peers-types.ts) */
  peers: PeerRepository;
  /** uploaded files: desk report logs and samples, supplier evidence (src/store/attachments-types.ts) */
  attachments: AttachmentRepository;
  /** the report desk: reports, threads, activity, staff, recipients (src/store/desk-types.ts) */
  desk: DeskRepository;
  /** supplier assessments: requests, assessments, consent, evidence labels, emails sent (src/store/supply-types.ts) */
  supply: SupplyRepository;
  /** organization posture: profiles, declarations, self-assessments, board-report claims (src/store/posture-types.ts) */
  posture: PostureRepository;
  /** the operators' surveys, their targets and responses (src/store/posture-types.ts) */
  surveys: SurveyRepository;
  close(): Promise<void>;
}

/** Thrown for uniqueness violations (duplicate slug, email, ...). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
