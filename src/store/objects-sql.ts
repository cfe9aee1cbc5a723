/**
 * SQL text for reading and deleting objects, shared by both backends. The filters
 * mean the same on both; only placeholders differ (`?` vs `$n`). The hot paths run
 * this text on the raw drivers rather than through Kysely, to skip query compilation.
 */
import type { Dialect } from './schema.js';
import { UNVERSIONED_KEY, type DeleteQuery, type ObjectQuery, type ObjectRow, type VersionFilter } from './types.js';

export class SqlText {
  readonly params: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}

  /** a placeholder bound to `value` */
  p(value: unknown): string {
    this.params.push(value);
    return this.dialect === 'postgres' ? `$${this.params.length}` : '?';
  }

  /**
   * `column` equals one of `values`. One value is written as `=` so that planners
   * can keep reading an index in date_added order (PostgreSQL cannot for `= ANY`);
   * an empty list matches nothing, as an empty set should.
   */
  oneOf(column: string, values: readonly (string | number)[], pgType: 'text' | 'bigint' = 'text'): string {
    if (values.length === 0) return '1 = 0';
    if (values.length === 1) return `${column} = ${this.p(values[0])}`;
    if (this.dialect === 'postgres') return `${column} = ANY(${this.p(values)}::${pgType}[])`;
    return `${column} IN (${values.map((v) => this.p(v)).join(', ')})`;
  }
}

export const OBJECT_COLUMNS = 'stix_id, type, spec_version, created, modified, version_key, date_added, json';

/**
 * The version predicate, or undefined when every version matches. No terms means
 * `fallback`; several terms are a union. `is_latest = 1` is kept literal when it
 * stands alone, so the partial indexes apply.
 */
export function versionPredicate(sql: SqlText, v: VersionFilter | undefined, fallback: 'last' | 'all'): string | undefined {
  const keys = v?.keys ?? [];
  const instants = v?.dateAdded ?? [];
  const none = !v?.first && !v?.last && !v?.all && keys.length === 0 && instants.length === 0;
  if (none) return fallback === 'last' ? 'is_latest = 1' : undefined;
  if (v?.all) return undefined;
  const terms: string[] = [];
  if (v?.last) terms.push('is_latest = 1');
  if (v?.first) terms.push('is_first = 1');
  if (keys.length > 0) terms.push(sql.oneOf('version_key', keys));
  if (instants.length > 0) terms.push(`(version_key = ${sql.p(UNVERSIONED_KEY)} AND ${sql.oneOf('date_added', instants, 'bigint')})`);
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

/** Above this many types, per-type branches cost more than they save. */
const MAX_TYPE_BRANCHES = 16;

/**
 * `limit + 1` rows of a TAXII objects page; the extra row only tells `more`.
 *
 * Plans must not depend on planner statistics (SQLite keeps none; PostgreSQL's may be
 * stale after a bulk load), so two filters get an explicit shape:
 * - match[id]: the ids are looked up in the version index (SQLite: INDEXED BY;
 *   PostgreSQL: one fenced lookup per id). Otherwise ORDER BY date_added LIMIT n can
 *   lure a planner into filtering a whole collection.
 * - several types: one index range per type, each cut at the limit, merged. A single
 *   `type IN (...)` scan either sorts every matching row or filters the collection
 *   tail, which is slow when the types are rare.
 */
export function objectQuerySql(dialect: Dialect, q: ObjectQuery): { text: string; params: unknown[] } {
  if (!Number.isInteger(q.limit) || q.limit < 0) throw new RangeError(`objects.query: bad limit ${q.limit}`);
  const sql = new SqlText(dialect);
  const ids = q.ids && q.ids.length > 0 ? [...new Set(q.ids)] : undefined;
  const types = q.types && !ids ? [...new Set(q.types)] : undefined;
  const perId = ids !== undefined && dialect === 'postgres';
  const perType = types !== undefined && types.length > 1 && types.length <= MAX_TYPE_BRANCHES;
  const unnested = perId ? `unnest(${sql.p(ids)}::text[]) AS wanted(id)` : '';

  // Called once per branch: SQLite's positional `?` needs its parameters again.
  const select = (type?: string): string => {
    const where = [`collection_id = ${sql.p(q.collectionId)}`];
    if (q.ids && !ids) where.push('1 = 0');
    if (ids) where.push(perId ? 'stix_id = wanted.id' : sql.oneOf('stix_id', ids));
    if (q.addedAfter !== undefined) where.push(`date_added > ${sql.p(q.addedAfter)}`);
    if (type !== undefined) where.push(`type = ${sql.p(type)}`);
    else if (q.types) where.push(sql.oneOf('type', q.types));
    if (q.specVersions) where.push(sql.oneOf('spec_version', q.specVersions));
    const version = versionPredicate(sql, q.versions, 'last');
    if (version) where.push(version);
    const from = ids && !perId ? 'objects INDEXED BY objects_version_unique' : 'objects';
    return `SELECT ${OBJECT_COLUMNS} FROM ${from} WHERE ${where.join(' AND ')}`;
  };

  let text: string;
  if (perId) text = `SELECT o.* FROM ${unnested} CROSS JOIN LATERAL (${select()} OFFSET 0) o`;
  else if (perType) {
    text = types
      .map((t, i) => `SELECT * FROM (${select(t)} ORDER BY date_added LIMIT ${sql.p(q.limit + 1)}) AS t${i}`)
      .join(' UNION ALL ');
  } else text = select();
  text += ` ORDER BY date_added LIMIT ${sql.p(q.limit + 1)}`;
  return { text, params: sql.params };
}

/** The rows a delete removes: one id in one collection, all versions unless filtered. */
export function deleteWhereSql(sql: SqlText, q: DeleteQuery): string {
  const where = [`collection_id = ${sql.p(q.collectionId)}`, `stix_id = ${sql.p(q.id)}`];
  if (q.specVersions) where.push(sql.oneOf('spec_version', q.specVersions));
  const version = versionPredicate(sql, q.versions, 'all');
  if (version) where.push(version);
  return where.join(' AND ');
}

export interface ScanOptions {
  collectionIds?: string[];
  types?: string[];
  batchSize?: number;
}

/** One collection's next latest versions after `after` (keyset paging on date_added). */
export function scanSql(dialect: Dialect, collectionId: string, types: string[] | undefined, after: number, size: number): { text: string; params: unknown[] } {
  const sql = new SqlText(dialect);
  const where = [`collection_id = ${sql.p(collectionId)}`, `date_added > ${sql.p(after)}`, 'is_latest = 1'];
  if (types) where.push(sql.oneOf('type', types));
  const text = `SELECT ${OBJECT_COLUMNS} FROM objects WHERE ${where.join(' AND ')} ORDER BY date_added LIMIT ${sql.p(size)}`;
  return { text, params: sql.params };
}

interface ScanCursor {
  collectionId: string;
  after: number;
  rows: ObjectRow[];
  exhausted: boolean;
}

/**
 * Latest versions of several collections in one dateAdded order, `batchSize` rows at
 * a time: a k-way merge of per-collection keyset pages. Each page is its own short
 * query on a collection-leading index, so no cursor or snapshot is held between
 * batches and nothing needs a hub-wide date_added index (see the migration).
 */
export async function* scanBatches(
  opts: ScanOptions,
  listCollections: () => Promise<string[]>,
  fetch: (collectionId: string, after: number, size: number) => Promise<ObjectRow[]>,
): AsyncGenerator<ObjectRow[]> {
  const size = opts.batchSize ?? 1000;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`objects.scan: bad batchSize ${size}`);
  const ids = opts.collectionIds ? [...new Set(opts.collectionIds)] : await listCollections();
  const cursors: ScanCursor[] = ids.map((collectionId) => ({ collectionId, after: -1, rows: [], exhausted: false }));
  let batch: ObjectRow[] = [];
  while (true) {
    // every cursor that may have more must show its next row before we can pick the least
    for (const c of cursors) {
      if (c.rows.length > 0 || c.exhausted) continue;
      c.rows = await fetch(c.collectionId, c.after, size);
      c.exhausted = c.rows.length < size;
      const last = c.rows[c.rows.length - 1];
      if (last) c.after = last.dateAdded;
    }
    let next: ScanCursor | undefined;
    for (const c of cursors) {
      const head = c.rows[0];
      if (head && (!next || head.dateAdded < (next.rows[0] as ObjectRow).dateAdded)) next = c;
    }
    if (!next) break;
    batch.push(next.rows.shift() as ObjectRow);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface RawObjectRow {
  stix_id: string;
  type: string;
  spec_version: string;
  created: string | null;
  modified: string | null;
  version_key: string;
  date_added: number | string;
  json: string;
}

export const toObjectRow = (r: RawObjectRow): ObjectRow => ({
  id: r.stix_id,
  type: r.type,
  specVersion: r.spec_version,
  created: r.created,
  modified: r.modified,
  versionKey: r.version_key,
  dateAdded: Number(r.date_added),
  json: r.json,
});
