/**
 * SQL text for reading and deleting objects, shared by both backends. The filters
 * mean the same on both; only placeholders differ (`?` vs `$n`). The hot paths run
 * this text on the raw drivers rather than through Kysely, to skip query compilation.
 */
import type { Dialect } from './schema.js';
import type { DeleteQuery, ObjectQuery, ObjectRow, VersionFilter } from './types.js';

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
  oneOf(column: string, values: readonly string[]): string {
    if (values.length === 0) return '1 = 0';
    if (values.length === 1) return `${column} = ${this.p(values[0])}`;
    if (this.dialect === 'postgres') return `${column} = ANY(${this.p(values)}::text[])`;
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
  const none = !v?.first && !v?.last && !v?.all && keys.length === 0;
  if (none) return fallback === 'last' ? 'is_latest = 1' : undefined;
  if (v?.all) return undefined;
  const terms: string[] = [];
  if (v?.last) terms.push('is_latest = 1');
  if (v?.first) terms.push('is_first = 1');
  if (keys.length > 0) terms.push(sql.oneOf('version_key', keys));
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

/** `limit + 1` rows of a TAXII objects page; the extra row only tells `more`. */
export function objectQuerySql(dialect: Dialect, q: ObjectQuery): { text: string; params: unknown[] } {
  if (!Number.isInteger(q.limit) || q.limit < 0) throw new RangeError(`objects.query: bad limit ${q.limit}`);
  const sql = new SqlText(dialect);
  const where = [`collection_id = ${sql.p(q.collectionId)}`];
  if (q.addedAfter !== undefined) where.push(`date_added > ${sql.p(q.addedAfter)}`);
  if (q.types) where.push(sql.oneOf('type', q.types));
  if (q.ids) where.push(sql.oneOf('stix_id', q.ids));
  if (q.specVersions) where.push(sql.oneOf('spec_version', q.specVersions));
  const version = versionPredicate(sql, q.versions, 'last');
  if (version) where.push(version);
  const text = `SELECT ${OBJECT_COLUMNS} FROM objects WHERE ${where.join(' AND ')} ORDER BY date_added LIMIT ${sql.p(q.limit + 1)}`;
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

/** One batch of latest versions after `after`, for exports (keyset paging on date_added). */
export function scanSql(dialect: Dialect, opts: ScanOptions, after: number, size: number): { text: string; params: unknown[] } {
  const sql = new SqlText(dialect);
  const where = ['is_latest = 1', `date_added > ${sql.p(after)}`];
  if (opts.collectionIds) where.push(sql.oneOf('collection_id', opts.collectionIds));
  if (opts.types) where.push(sql.oneOf('type', opts.types));
  const text = `SELECT ${OBJECT_COLUMNS} FROM objects WHERE ${where.join(' AND ')} ORDER BY date_added LIMIT ${sql.p(size)}`;
  return { text, params: sql.params };
}

/** Drive `fetch` batch by batch; each batch is its own short query, holding no cursor. */
export async function* scanBatches(
  opts: ScanOptions,
  fetch: (after: number, size: number) => Promise<ObjectRow[]>,
): AsyncGenerator<ObjectRow[]> {
  const size = opts.batchSize ?? 1000;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`objects.scan: bad batchSize ${size}`);
  let after = -1;
  while (true) {
    const rows = await fetch(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = (rows[rows.length - 1] as ObjectRow).dateAdded;
  }
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
