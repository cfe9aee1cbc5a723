/**
 * Storage of federation (issue 5, migration 0007, docs/federation.md): peers, their cursors and
 * status, provenance of versions received from them, what each was sent, and versions deferred
 * until their embargo ends. One Kysely implementation for both backends (repos/peers.ts), held
 * to the contract in contract-peers.ts.
 */
import type { Micros } from './types.js';

export type PeerDirection = 'pull' | 'push' | 'both';
export type PeerProfile = 'kyojo' | 'standard';
export type PeerMaxTlp = 'clear' | 'green' | 'amber';

/** A peer's configuration, as the operator gave it (credentials sealed with the hub key). */
export interface Peer {
  id: string;
  /** the operator's name for it: a slug */
  name: string;
  /** the TAXII server's origin (and path prefix), e.g. https://isac.example.org */
  url: string;
  /** the API root's path on that server, e.g. /taxii2/fin-isac/ */
  apiRoot: string;
  /** TAXII collection ids: pulled from each; push goes to the first */
  collections: string[];
  direction: PeerDirection;
  /**
   * The peer makes the requests: it pulls from this hub (direction push) or pushes to it (pull);
   * this hub sends it nothing itself. Its accounts are served and accepted as the direction says.
   */
  passive: boolean;
  /** the local community it feeds (pulled versions' audience) and is fed from (its viewer) */
  communityId: string;
  /** the organization that stands for the peer here: provider of what it delivers; its users are the peer's accounts */
  orgId: string;
  /** the system user of that organization that ingests pulled versions (disabled: it never signs in) */
  userId: string;
  profile: PeerProfile;
  /** the widest TLP exchanged with it */
  maxTlp: PeerMaxTlp;
  /** send the TLP 1.0 marking alongside the TLP 2.0 one */
  tlp1: boolean;
  /** organizations of this hub the peer stands for: AMBER addressed to them may go to the peer */
  asOrgIds: string[];
  /** a PEM file of the private CA the peer's certificate chains to; null = the system's CAs */
  caFile: string | null;
  /** `v1:` + base64 AES-256-GCM of the credentials (src/federation/secret.ts); null = none */
  credentials: string | null;
  createdAt: string;
}

/** Cursors and status: written by the sync loops, read by `kyojo peer list` and the admin API. */
export interface PeerState {
  peerId: string;
  /** collection id → the last X-TAXII-Date-Added-Last whose page was stored here */
  pullCursors: Record<string, string>;
  /** the last local date_added the peer acknowledged (its status complete) */
  pushCursor: Micros;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** the last time a sync found nothing left to do in either direction */
  caughtUpAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  pulled: number;
  pushed: number;
  refused: number;
  revocations: number;
}

export interface PeerCounts {
  pulled?: number;
  pushed?: number;
  refused?: number;
  revocations?: number;
}

export interface Provenance {
  stixId: string;
  versionKey: string;
  peerId: string;
  receivedAt: string;
}

export interface SentVersion {
  stixId: string;
  versionKey: string;
  /** the TLP rank it was sent at (its revocation carries the same) */
  tlpRank: number;
  revoked: boolean;
}

export interface DeferredVersion {
  stixId: string;
  versionKey: string;
  dueUs: Micros;
}

export interface PeerRepository {
  /** ConflictError on a duplicate name or organization */
  create(p: Peer): Promise<void>;
  get(idOrName: { id: string } | { name: string }): Promise<Peer | undefined>;
  /** by name */
  list(): Promise<Peer[]>;
  /** the peer an organization stands for, if any */
  byOrg(orgId: string): Promise<Peer | undefined>;
  /** ids of every peer's organization */
  orgIds(): Promise<Set<string>>;
  /** deletes the peer, its cursors and side rows; false when there was none */
  remove(id: string): Promise<boolean>;

  state(id: string): Promise<PeerState | undefined>;
  setPullCursor(id: string, collectionId: string, cursor: string): Promise<void>;
  /** compare-and-set: true when the cursor was `from` and is now `to` */
  advancePushCursor(id: string, from: Micros, to: Micros): Promise<boolean>;
  /** a successful step: counts added, last success (and caught-up when `caughtUp`) set, failures reset */
  recordSuccess(id: string, at: string, counts: PeerCounts, caughtUp: boolean): Promise<void>;
  /** a failed attempt: last error set, consecutive failures + 1 */
  recordFailure(id: string, at: string, error: string): Promise<void>;
  recordAttempt(id: string, at: string): Promise<void>;

  /** takes the peer's lease when free, expired or already `holder`'s; true when held now */
  claim(id: string, holder: string, now: string, until: string): Promise<boolean>;
  release(id: string, holder: string): Promise<void>;

  /** insert, ignoring rows already there */
  addProvenance(rows: Provenance[]): Promise<void>;
  provenanceOf(stixId: string, versionKey: string): Promise<Provenance[]>;

  /** upsert per (peer, id): the last version acknowledged and its TLP rank, revoked false */
  markSent(peerId: string, rows: { stixId: string; versionKey: string; tlpRank: number }[]): Promise<void>;
  markRevoked(peerId: string, stixId: string, versionKey: string, tlpRank: number): Promise<void>;
  sentOf(peerId: string, stixIds: string[]): Promise<Map<string, SentVersion>>;

  defer(peerId: string, rows: DeferredVersion[]): Promise<void>;
  /** due at `nowUs` or earlier, soonest first */
  dueDeferred(peerId: string, nowUs: Micros, limit: number): Promise<DeferredVersion[]>;
  clearDeferred(peerId: string, rows: { stixId: string; versionKey: string }[]): Promise<void>;
}
