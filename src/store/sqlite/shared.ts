/**
 * SQLite shared objects: reads on the main connection's prepared statements (the hot path),
 * writes on the store's one writer thread (writer-client.ts, writer-thread.ts, shared-writes.ts),
 * alongside the object writes. Inputs are checked here, so a bad input fails with its
 * RangeError before any message is posted.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { normalizeSharedInput } from '../shared-plan.js';
import {
  envelopeOfSql, envelopesOfSql, scanSharedPages, sharedQuerySql, toSharedRow, toStoredEnvelope, type RawSharedRow, type RawStoredEnvelope,
} from '../shared-sql.js';
import { countByInfoTypeSql, referencingSql, sharedSearchSql, toInfoTypeCounts } from '../shared-search-sql.js';
import type { SqliteWriterClient } from './writer-client.js';
import type { AddResult, Page, SharedObjectRepository, SharedQuery, SharedRow, StoredVersionEnvelope } from '../types.js';

export function createSqliteSharedRepository(db: BetterSqlite3.Database, writer: SqliteWriterClient): SharedObjectRepository {
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM shared_objects');
  type RawEnvelopeOf = RawStoredEnvelope & { version_key: string };
  const envelopeOfKey = db.prepare<[string, string], RawEnvelopeOf>(envelopeOfSql('sqlite', true));
  const envelopeOfLatest = db.prepare<[string], RawEnvelopeOf>(envelopeOfSql('sqlite', false));
  const envelopesOfLatest = db.prepare<[string], RawEnvelopeOf & { stix_id: string }>(envelopesOfSql('sqlite'));
  // Query text varies with the filters and the viewer's keys; keep the statements of recent shapes.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string): BetterSqlite3.Statement => {
    let s = cache.get(text);
    if (s) cache.delete(text);
    else {
      s = db.prepare(text);
      if (cache.size >= 200) cache.delete(cache.keys().next().value as string);
    }
    cache.set(text, s);
    return s;
  };

  const query = async (q: SharedQuery): Promise<Page<SharedRow>> => {
    const { text, params } = sharedQuerySql('sqlite', q);
    const rows = (prepared(text).all(params) as RawSharedRow[]).map(toSharedRow);
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    return { rows, more };
  };

  return {
    async add(versions) {
      if (versions.length === 0) return [];
      return writer.call<AddResult[]>('sharedAdd', [versions.map(normalizeSharedInput)]);
    },
    query,
    async delete(q) {
      return writer.call<number>('sharedDelete', [q]);
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
    async envelopeOf(id, versionKey) {
      const r = versionKey === undefined ? envelopeOfLatest.get(id) : envelopeOfKey.get(id, versionKey);
      return r === undefined ? undefined : { versionKey: r.version_key, envelope: toStoredEnvelope(r) };
    },
    async envelopesOf(ids) {
      const out = new Map<string, StoredVersionEnvelope>();
      if (ids.length === 0) return out;
      for (const r of envelopesOfLatest.all(JSON.stringify(ids))) out.set(r.stix_id, { versionKey: r.version_key, envelope: toStoredEnvelope(r) });
      return out;
    },
    scan: (opts) => scanSharedPages(query, opts),
    async search(q) {
      const { text, params } = sharedSearchSql('sqlite', q);
      const rows = (prepared(text).all(params) as RawSharedRow[]).map(toSharedRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },
    async countByInfoType(q) {
      const { text, params } = countByInfoTypeSql('sqlite', q);
      return toInfoTypeCounts(prepared(text).all(params) as { info_type: string | null; n: number }[]);
    },
    async referencing(q) {
      const { text, params } = referencingSql('sqlite', q);
      return (prepared(text).all(params) as RawSharedRow[]).map(toSharedRow);
    },
  };
}
