/**
 * SQLite object hot paths on raw better-sqlite3 prepared statements. Every write runs
 * in `BEGIN IMMEDIATE` (db.transaction().immediate()): it takes the database write
 * lock up front, which serialises writers across processes (server and CLI) so the
 * lookup, the clock allocation and the inserts see one consistent state, and
 * `busy_timeout` makes a second writer wait instead of failing.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AddResult, DeleteQuery, ObjectQuery, ObjectRepository, ObjectVersionInput, Page, ObjectRow } from '../types.js';
import { nowMicros, planAdd, planFlagRepair, type ExistingVersion, type FlagChange } from '../objects-plan.js';
import { deleteWhereSql, objectQuerySql, scanBatches, scanSql, SqlText, toObjectRow, type RawObjectRow } from '../objects-sql.js';

interface RawExisting {
  stix_id: string;
  version_key: string;
  json: string;
  date_added: number;
  is_latest: number;
  is_first: number;
}

export function createSqliteObjectRepository(db: BetterSqlite3.Database): ObjectRepository {
  // One lookup for the whole batch: every flagged (latest/first) row of the batch's
  // ids, plus rows whose version key occurs in the batch (the identical/conflict
  // candidates). JSON arrays keep it one prepared statement whatever the batch size.
  const lookup = db.prepare<[string, string, string], RawExisting>(
    `SELECT stix_id, version_key, json, date_added, is_latest, is_first FROM objects
     WHERE collection_id = ? AND stix_id IN (SELECT value FROM json_each(?))
       AND (is_latest = 1 OR is_first = 1 OR version_key IN (SELECT value FROM json_each(?)))`,
  );
  const clock = db.prepare<[number, number], { last_us: number }>(
    'UPDATE hub_clock SET last_us = max(last_us + 1, ?) + ? - 1 WHERE id = 1 RETURNING last_us',
  );
  // Row-at-a-time inserts: in-process SQLite has no round trips to save, and a
  // prepared single-row statement measured as fast as multi-row VALUES lists.
  const insert = db.prepare(
    `INSERT INTO objects (date_added, collection_id, stix_id, type, spec_version, created, modified,
       version_key, is_latest, is_first, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const replace = db.prepare(
    `UPDATE objects SET date_added = ?, type = ?, spec_version = ?, created = ?, modified = ?,
       is_latest = ?, is_first = ?, json = ? WHERE collection_id = ? AND stix_id = ? AND version_key = ?`,
  );
  const setFlags = db.prepare('UPDATE objects SET is_latest = ?, is_first = ? WHERE collection_id = ? AND stix_id = ? AND version_key = ?');
  const versionsOf = db.prepare<[string, string], { version_key: string; is_latest: number; is_first: number }>(
    'SELECT version_key, is_latest, is_first FROM objects WHERE collection_id = ? AND stix_id = ?',
  );
  const allCollections = db.prepare<[], { id: string }>('SELECT id FROM collections ORDER BY id');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM objects');
  const countIn = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM objects WHERE collection_id = ?');

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

  const applyFlags = (collectionId: string, changes: FlagChange[]): void => {
    for (const f of changes) setFlags.run(f.isLatest ? 1 : 0, f.isFirst ? 1 : 0, collectionId, f.stixId, f.versionKey);
  };

  const addTx = db.transaction((collectionId: string, versions: ObjectVersionInput[]): AddResult[] => {
    const ids = [...new Set(versions.map((v) => v.id))];
    const keys = [...new Set(versions.map((v) => v.versionKey))];
    const existing: ExistingVersion[] = lookup.all(collectionId, JSON.stringify(ids), JSON.stringify(keys)).map((r) => ({
      stixId: r.stix_id,
      versionKey: r.version_key,
      json: r.json,
      dateAdded: r.date_added,
      isLatest: r.is_latest === 1,
      isFirst: r.is_first === 1,
    }));
    const plan = planAdd(versions, existing);
    let base = 0;
    if (plan.allocations > 0) {
      const last = (clock.get(nowMicros(), plan.allocations) as { last_us: number }).last_us;
      base = last - plan.allocations + 1;
    }
    for (const w of plan.writes) {
      const v = w.input;
      const latest = w.isLatest ? 1 : 0;
      const first = w.isFirst ? 1 : 0;
      if (w.replace) {
        replace.run(base + w.seq, v.type, v.specVersion, v.created, v.modified, latest, first, v.json, collectionId, v.id, v.versionKey);
      } else {
        insert.run(base + w.seq, collectionId, v.id, v.type, v.specVersion, v.created, v.modified, v.versionKey, latest, first, v.json);
      }
    }
    applyFlags(collectionId, plan.flagChanges);
    return plan.results(base);
  });

  const deleteTx = db.transaction((q: DeleteQuery): number => {
    const sql = new SqlText('sqlite');
    const removed = prepared(`DELETE FROM objects WHERE ${deleteWhereSql(sql, q)}`).run(...sql.params).changes;
    if (removed > 0) {
      const remaining = versionsOf.all(q.collectionId, q.id).map((r) => ({
        versionKey: r.version_key,
        isLatest: r.is_latest === 1,
        isFirst: r.is_first === 1,
      }));
      applyFlags(q.collectionId, planFlagRepair(q.id, remaining));
    }
    return removed;
  });

  return {
    async add(collectionId, versions) {
      if (versions.length === 0) return [];
      return addTx.immediate(collectionId, versions);
    },
    async query(q: ObjectQuery): Promise<Page<ObjectRow>> {
      const { text, params } = objectQuerySql('sqlite', q);
      const rows = (prepared(text).all(...params) as RawObjectRow[]).map(toObjectRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },
    async delete(q) {
      return deleteTx.immediate(q);
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
