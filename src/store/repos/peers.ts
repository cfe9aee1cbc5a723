/**
 * Federation peers (migration 0007): one Kysely implementation for both backends. Like the other
 * Kysely repositories it never opens a transaction (see sqlite/open.ts): each method is one
 * statement, or statements whose order makes a crash between them harmless (markSent before the
 * cursor moves; the cursor is a compare-and-set; the lease a single conditional UPDATE).
 *
 * The tables' row shapes are added to `Database` here (declaration merging), so that the schema
 * of federation lives with its repository.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { insertOrConflict } from '../errors.js';
import type { Peer, PeerRepository, PeerState, Provenance } from '../peers-types.js';

export interface PeersTable {
  id: string;
  name: string;
  url: string;
  api_root: string;
  /** JSON list */
  collections: string;
  direction: string;
  passive: number;
  community_id: string;
  org_id: string;
  user_id: string;
  profile: string;
  max_tlp: string;
  tlp1: number;
  /** JSON list */
  as_org_ids: string;
  ca_file: string | null;
  credentials: string | null;
  created_at: string;
  /** JSON object */
  pull_cursors: string;
  push_cursor: number;
  last_attempt_at: string | null;
  last_success_at: string | null;
  caught_up_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  pulled: number;
  pushed: number;
  refused: number;
  revocations: number;
  lease_holder: string | null;
  lease_until: string | null;
}

export interface PeerProvenanceTable { stix_id: string; version_key: string; peer_id: string; received_at: string }
export interface PeerSentTable { peer_id: string; stix_id: string; version_key: string; revoked: number; tlp_rank: number }
export interface PeerDeferredTable { peer_id: string; stix_id: string; version_key: string; due_us: number }

declare module '../schema.js' {
  interface Database {
    peers: PeersTable;
    peer_provenance: PeerProvenanceTable;
    peer_sent: PeerSentTable;
    peer_deferred: PeerDeferredTable;
  }
}

const toPeer = (r: Selectable<PeersTable>): Peer => ({
  id: r.id,
  name: r.name,
  url: r.url,
  apiRoot: r.api_root,
  collections: JSON.parse(r.collections) as string[],
  direction: r.direction as Peer['direction'],
  passive: r.passive === 1,
  communityId: r.community_id,
  orgId: r.org_id,
  userId: r.user_id,
  profile: r.profile as Peer['profile'],
  maxTlp: r.max_tlp as Peer['maxTlp'],
  tlp1: r.tlp1 === 1,
  asOrgIds: JSON.parse(r.as_org_ids) as string[],
  caFile: r.ca_file,
  credentials: r.credentials,
  createdAt: r.created_at,
});

const toState = (r: Selectable<PeersTable>): PeerState => ({
  peerId: r.id,
  pullCursors: JSON.parse(r.pull_cursors) as Record<string, string>,
  pushCursor: Number(r.push_cursor),
  lastAttemptAt: r.last_attempt_at,
  lastSuccessAt: r.last_success_at,
  caughtUpAt: r.caught_up_at,
  lastErrorAt: r.last_error_at,
  lastError: r.last_error,
  consecutiveFailures: Number(r.consecutive_failures),
  pulled: Number(r.pulled),
  pushed: Number(r.pushed),
  refused: Number(r.refused),
  revocations: Number(r.revocations),
});

/**
 * Rows per multi-row statement: at most 5 parameters a row, so within SQLite's 32,766 and
 * PostgreSQL's 65,535; each statement outside a transaction is one durable commit, so few.
 */
const BATCH = 5000;

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

export function createPeerRepository(db: Kysely<Database>): PeerRepository {
  const one = (where: { id: string } | { name: string }) =>
    'id' in where
      ? db.selectFrom('peers').selectAll().where('id', '=', where.id)
      : db.selectFrom('peers').selectAll().where('name', '=', where.name);
  return {
    async create(p) {
      const row: PeersTable = {
        id: p.id, name: p.name, url: p.url, api_root: p.apiRoot, collections: JSON.stringify(p.collections),
        direction: p.direction, passive: p.passive ? 1 : 0, community_id: p.communityId, org_id: p.orgId, user_id: p.userId, profile: p.profile,
        max_tlp: p.maxTlp, tlp1: p.tlp1 ? 1 : 0, as_org_ids: JSON.stringify(p.asOrgIds), ca_file: p.caFile,
        credentials: p.credentials, created_at: p.createdAt, pull_cursors: '{}', push_cursor: 0,
        last_attempt_at: null, last_success_at: null, caught_up_at: null, last_error_at: null, last_error: null,
        consecutive_failures: 0, pulled: 0, pushed: 0, refused: 0, revocations: 0, lease_holder: null, lease_until: null,
      };
      await insertOrConflict('peer', { ...row }, () => db.insertInto('peers').values(row).execute());
    },
    async get(where) {
      const r = await one(where).executeTakeFirst();
      return r && toPeer(r);
    },
    async list() {
      return (await db.selectFrom('peers').selectAll().orderBy('name').execute()).map(toPeer);
    },
    async byOrg(orgId) {
      const r = await db.selectFrom('peers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
      return r && toPeer(r);
    },
    async orgIds() {
      return new Set((await db.selectFrom('peers').select('org_id').execute()).map((r) => r.org_id));
    },
    async remove(id) {
      // side rows first: SQLite's foreign keys cascade, but nothing here relies on it
      await db.deleteFrom('peer_provenance').where('peer_id', '=', id).execute();
      await db.deleteFrom('peer_sent').where('peer_id', '=', id).execute();
      await db.deleteFrom('peer_deferred').where('peer_id', '=', id).execute();
      const r = await db.deleteFrom('peers').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async state(id) {
      const r = await one({ id }).executeTakeFirst();
      return r && toState(r);
    },
    async setPullCursor(id, collectionId, cursor) {
      // read-modify-write of the JSON map: only the holder of the peer's lease writes it
      const r = await db.selectFrom('peers').select('pull_cursors').where('id', '=', id).executeTakeFirst();
      if (!r) return;
      const cursors = { ...(JSON.parse(r.pull_cursors) as Record<string, string>), [collectionId]: cursor };
      await db.updateTable('peers').set({ pull_cursors: JSON.stringify(cursors) }).where('id', '=', id).execute();
    },
    async advancePushCursor(id, from, to) {
      const r = await db.updateTable('peers').set({ push_cursor: to }).where('id', '=', id).where('push_cursor', '=', from).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async recordSuccess(id, at, c, caughtUp) {
      await db.updateTable('peers').set({
        last_success_at: at,
        last_attempt_at: at,
        ...(caughtUp ? { caught_up_at: at } : {}),
        consecutive_failures: 0,
        pulled: sql<number>`pulled + ${c.pulled ?? 0}`,
        pushed: sql<number>`pushed + ${c.pushed ?? 0}`,
        refused: sql<number>`refused + ${c.refused ?? 0}`,
        revocations: sql<number>`revocations + ${c.revocations ?? 0}`,
      }).where('id', '=', id).execute();
    },
    async recordFailure(id, at, error) {
      await db.updateTable('peers').set({
        last_attempt_at: at, last_error_at: at, last_error: error.slice(0, 2000),
        consecutive_failures: sql<number>`consecutive_failures + 1`,
      }).where('id', '=', id).execute();
    },
    async recordAttempt(id, at) {
      await db.updateTable('peers').set({ last_attempt_at: at }).where('id', '=', id).execute();
    },

    async claim(id, holder, now, until) {
      const r = await db.updateTable('peers').set({ lease_holder: holder, lease_until: until })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lease_holder', 'is', null), eb('lease_until', '<=', now), eb('lease_holder', '=', holder)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async release(id, holder) {
      await db.updateTable('peers').set({ lease_holder: null, lease_until: null }).where('id', '=', id).where('lease_holder', '=', holder).execute();
    },

    async addProvenance(rows: Provenance[]) {
      for (const part of chunks(rows)) {
        await db.insertInto('peer_provenance')
          .values(part.map((p) => ({ stix_id: p.stixId, version_key: p.versionKey, peer_id: p.peerId, received_at: p.receivedAt })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    },
    async provenanceOf(stixId, versionKey) {
      const rows = await db.selectFrom('peer_provenance').selectAll()
        .where('stix_id', '=', stixId).where('version_key', '=', versionKey).orderBy('received_at').orderBy('peer_id').execute();
      return rows.map((r) => ({ stixId: r.stix_id, versionKey: r.version_key, peerId: r.peer_id, receivedAt: r.received_at }));
    },

    async markSent(peerId, rows) {
      // the last occurrence of an id wins (rows come in date_added order)
      const last = new Map(rows.map((r) => [r.stixId, r]));
      for (const part of chunks([...last.values()])) {
        await db.insertInto('peer_sent')
          .values(part.map((r) => ({ peer_id: peerId, stix_id: r.stixId, version_key: r.versionKey, revoked: 0, tlp_rank: r.tlpRank })))
          .onConflict((oc) => oc.columns(['peer_id', 'stix_id']).doUpdateSet({
            version_key: (eb) => eb.ref('excluded.version_key'),
            tlp_rank: (eb) => eb.ref('excluded.tlp_rank'),
            revoked: 0,
          }))
          .execute();
      }
    },
    async markRevoked(peerId, stixId, versionKey, tlpRank) {
      await db.insertInto('peer_sent').values({ peer_id: peerId, stix_id: stixId, version_key: versionKey, revoked: 1, tlp_rank: tlpRank })
        .onConflict((oc) => oc.columns(['peer_id', 'stix_id']).doUpdateSet({ version_key: versionKey, revoked: 1, tlp_rank: tlpRank }))
        .execute();
    },
    async sentOf(peerId, stixIds) {
      const out = new Map<string, { stixId: string; versionKey: string; tlpRank: number; revoked: boolean }>();
      for (const part of chunks([...new Set(stixIds)])) {
        if (part.length === 0) continue;
        const rows = await db.selectFrom('peer_sent').selectAll().where('peer_id', '=', peerId).where('stix_id', 'in', part).execute();
        for (const r of rows) out.set(r.stix_id, { stixId: r.stix_id, versionKey: r.version_key, tlpRank: Number(r.tlp_rank), revoked: r.revoked === 1 });
      }
      return out;
    },

    async defer(peerId, rows) {
      for (const part of chunks(rows)) {
        await db.insertInto('peer_deferred')
          .values(part.map((d) => ({ peer_id: peerId, stix_id: d.stixId, version_key: d.versionKey, due_us: d.dueUs })))
          .onConflict((oc) => oc.columns(['peer_id', 'stix_id', 'version_key']).doUpdateSet({ due_us: (eb) => eb.ref('excluded.due_us') }))
          .execute();
      }
    },
    async dueDeferred(peerId, nowUs, limit) {
      const rows = await db.selectFrom('peer_deferred').selectAll()
        .where('peer_id', '=', peerId).where('due_us', '<=', nowUs).orderBy('due_us').orderBy('stix_id').limit(limit).execute();
      return rows.map((r) => ({ stixId: r.stix_id, versionKey: r.version_key, dueUs: Number(r.due_us) }));
    },
    async clearDeferred(peerId, rows) {
      for (const r of rows) {
        await db.deleteFrom('peer_deferred')
          .where('peer_id', '=', peerId).where('stix_id', '=', r.stixId).where('version_key', '=', r.versionKey).execute();
      }
    },
  };
}
