/** Collections and upload statuses: one Kysely implementation for both backends. */
import type { Kysely, Selectable } from 'kysely';
import type { Collection, CollectionRepository, StatusDetail, StatusRecord, StatusRepository } from '../types.js';
import type { CollectionsTable, Database } from '../schema.js';
import { insertOrConflict } from '../errors.js';

const toCollection = (r: Selectable<CollectionsTable>): Collection => ({
  id: r.id,
  communityId: r.community_id,
  title: r.title,
  description: r.description,
  alias: r.alias,
  createdAt: r.created_at,
});

export function createCollectionRepository(db: Kysely<Database>): CollectionRepository {
  return {
    async create(c) {
      const row = {
        id: c.id,
        community_id: c.communityId,
        title: c.title,
        description: c.description,
        alias: c.alias,
        created_at: c.createdAt,
      };
      await insertOrConflict('collection', row, () => db.insertInto('collections').values(row).execute());
    },
    async get(id) {
      const r = await db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toCollection(r);
    },
    async listByCommunity(communityId) {
      const rows = await db
        .selectFrom('collections')
        .selectAll()
        .where('community_id', '=', communityId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toCollection);
    },
    async list() {
      return (await db.selectFrom('collections').selectAll().orderBy('created_at').orderBy('id').execute()).map(toCollection);
    },
  };
}

export function createStatusRepository(db: Kysely<Database>): StatusRepository {
  return {
    // A status is saved when an upload starts (pending) and again as it completes.
    async save(s) {
      const row = {
        id: s.id,
        collection_id: s.collectionId,
        status: s.status,
        request_timestamp: s.requestTimestamp,
        total_count: s.totalCount,
        successes: JSON.stringify(s.successes),
        failures: JSON.stringify(s.failures),
        pendings: JSON.stringify(s.pendings),
        user_id: s.userId,
      };
      const { id: _id, ...update } = row;
      await db
        .insertInto('statuses')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: r.id,
        collectionId: r.collection_id,
        status: r.status as StatusRecord['status'],
        requestTimestamp: r.request_timestamp,
        totalCount: Number(r.total_count),
        successes: JSON.parse(r.successes) as StatusDetail[],
        failures: JSON.parse(r.failures) as StatusDetail[],
        pendings: JSON.parse(r.pendings) as StatusDetail[],
        userId: r.user_id,
      };
    },
  };
}
