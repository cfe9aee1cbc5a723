/**
 * SQLite object reads on raw better-sqlite3 prepared statements (the hot query path),
 * with writes handed to the writer thread (object-writes.ts, writer-thread.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AddResult, ObjectQuery, ObjectRepository, Page, ObjectRow } from '../types.js';
import { objectQuerySql, scanBatches, scanSql, toObjectRow, type RawObjectRow } from '../objects-sql.js';
import type { SqliteWriterClient } from './writer-client.js';

export function createSqliteObjectRepository(db: BetterSqlite3.Database, writer: SqliteWriterClient): ObjectRepository {
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM objects');
  const countIn = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM objects WHERE collection_id = ?');
  const allCollections = db.prepare<[], { id: string }>('SELECT id FROM collections ORDER BY id');

  // Query text varies with the filters; keep the prepared statements of recent shapes.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string): BetterSqlite3.Statement => {
    let s = cache.get(text);
    if (s) {
      cache.delete(text);
    } else {
      s = db.prepare(text);
      if (cache.size >= 200) cache.delete(cache.keys().next().value as string);
    }
    cache.set(text, s);
    return s;
  };

  return {
    async add(collectionId, versions) {
      if (versions.length === 0) return [];
      return writer.call<AddResult[]>('add', [collectionId, versions]);
    },
    async query(q: ObjectQuery): Promise<Page<ObjectRow>> {
      const { text, params } = objectQuerySql('sqlite', q);
      const rows = (prepared(text).all(...params) as RawObjectRow[]).map(toObjectRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },
    async delete(q) {
      return writer.call<number>('delete', [q]);
    },
    scan(opts) {
      return scanBatches(
        opts,
        async () => allCollections.all().map((r) => r.id),
        async (collectionId, after, size) => {
          const { text, params } = scanSql('sqlite', collectionId, opts.types, after, size);
          return (prepared(text).all(...params) as RawObjectRow[]).map(toObjectRow);
        },
      );
    },
    async count(collectionId) {
      const row = collectionId === undefined ? countAll.get() : countIn.get(collectionId);
      return row?.n ?? 0;
    },
  };
}
