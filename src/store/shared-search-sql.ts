/**
 * SQL text of the portal's reads of shared objects, for both dialects: `shared.search`,
 * `shared.countByInfoType` and `shared.referencing`. Like shared.query (shared-sql.ts), every
 * statement carries the viewer's visibility (visibleSql) and the relationship-endpoint rule
 * (endpointsSql) of shared-visibility.ts, so nothing invisible is returned, counted, or makes a
 * page short; and only latest versions (is_latest) are read.
 *
 * Text: each whitespace-separated term, lower-cased, must be a substring of the version's
 * search text (lower-cased when written, src/stix/search-text.ts). Terms of three or more
 * characters go through the full-text index: on SQLite one FTS5 MATCH of quoted phrases (the
 * trigram tokenizer makes a phrase a substring; quoting makes `"`, `*`, `NEAR(` … literal)
 * followed by an exact instr() of every term, on PostgreSQL `LIKE '%term%'` with `\`, `%` and
 * `_` escaped (pg_trgm's GIN index). Shorter terms have no trigram: an exact instr()/strpos()
 * on the rows the other conditions leave.
 *
 * Shapes:
 * - text with a term of 3+ characters: SQLite drives the scan from the FTS5 table in rowid
 *   (= date_added) order, newest first, so a page stops at its limit; PostgreSQL leaves the
 *   choice between the trigram index and the date_added order to its planner, planning each
 *   such statement for its own patterns (`planPerValues`: a generic plan would assume every
 *   LIKE rare and read all matches of a common word through the index before sorting).
 * - otherwise, a viewer who sees everything: shared_objects newest first.
 * - otherwise anyone else: one audience-driven branch per key the viewer holds plus its own
 *   organization's versions, each newest first and cut at the limit, merged (as the hub-wide
 *   scope of shared.query, in the other direction).
 * On PostgreSQL the visibility and endpoint conditions of a row are wrapped in a scalar
 * subquery, `(SELECT …)`, evaluated per row: planned for one execution, their EXISTS stay index
 * probes. Left in the statement itself, the planner may hash them over the whole table (it
 * counts executions by the scan's row estimate, which ignores the LIMIT), and builds that hash
 * as soon as one row with endpoints is met: a full scan of shared_objects in every page, and in
 * every count however short its date range. (shared.query reaches the same with a LATERAL
 * subquery per row; a scalar one needs no second lookup of the row.)
 */
import { SHARED_COLUMNS } from './shared-sql.js';
import { checkPredicate, endpointsSql, SqlParams, visibleSql } from './shared-visibility.js';
import type { Dialect } from './schema.js';
import type { InfoTypeCount, SharedSearchQuery, VisibilityPredicate } from './types.js';

export interface SqlText {
  text: string;
  params: unknown[] | Record<string, unknown>;
  /** PostgreSQL: plan with the values (an unnamed statement), since the best plan depends on them */
  planPerValues?: boolean;
}

/** A term of fewer characters than this has no trigram and is matched without the index. */
export const MIN_INDEXED_TERM = 3;

/**
 * The distinct lower-cased terms of a search text (separated by white space, and by NUL, which a
 * search text never holds), split by whether the trigram index can serve them.
 */
export function searchTerms(text: string | undefined): { indexed: string[]; short: string[] } {
  const terms = [...new Set((text ?? '').toLowerCase().split(/[\s\0]+/u).filter((t) => t !== ''))];
  // characters as the index counts them: code points, not UTF-16 units
  const indexed = terms.filter((t) => [...t].length >= MIN_INDEXED_TERM);
  return { indexed, short: terms.filter((t) => !indexed.includes(t)) };
}

/** An FTS5 query: every term as a quoted phrase (literal text; `"` doubled), all required. */
export const ftsMatchExpression = (terms: readonly string[]): string => terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');

/** `%term%` for LIKE, with its wildcards and the escape character (the default `\`) escaped. */
export const likeContains = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The visibility and endpoint conditions of one row; on PostgreSQL in a per-row scalar subquery (see the header comment). */
function perRow(dialect: Dialect, checks: string[]): string {
  return dialect === 'postgres' ? `(SELECT ${checks.join(' AND ')})` : checks.join(' AND ');
}

function checkLimit(what: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`shared.${what}: bad limit ${limit}`);
}

function checkMicros(what: string, v: number | undefined): void {
  if (v !== undefined && !Number.isSafeInteger(v)) throw new RangeError(`shared.${what}: bad time ${v}`);
}

/** `limit + 1` rows of a search page, newest first; the extra row only tells `more`. */
export function sharedSearchSql(dialect: Dialect, q: SharedSearchQuery): SqlText {
  checkLimit('search', q.limit);
  checkMicros('search', q.addedFrom);
  checkMicros('search', q.addedBefore);
  checkPredicate(q.predicate);
  for (const r of q.tlpRanks ?? []) if (!Number.isInteger(r)) throw new RangeError(`shared.search: bad tlpRank ${r}`);
  const pg = dialect === 'postgres';
  const b = new SqlParams(dialect);
  const pred = q.predicate;
  const n = () => b.once('n', q.limit + 1);
  const find = pg ? 'strpos' : 'instr';
  const cols = SHARED_COLUMNS('o');
  const { indexed, short } = searchTerms(q.text);
  const lists = [q.types, q.tlpRanks, q.infoTypes, q.purposes, q.tiers, q.timings, q.audienceAnyOf];
  if (lists.some((l) => l !== undefined && l.length === 0)) return { text: `SELECT ${cols} FROM shared_objects o WHERE 1 = 0`, params: b.bound() };

  /** `o.col` holds '|v|' for one of `values` (values with '|' cannot be held). */
  const holdsAny = (col: string, values: string[], name: string): string => {
    const held = [...new Set(values)].filter((v) => !v.includes('|'));
    if (held.length === 0) return '1 = 0';
    return `(${held.map((v, i) => `${find}(${col}, ${b.once(`${name}#${i}`, `|${v}|`)}) > 0`).join(' OR ')})`;
  };

  /** The filters on row `o`, latest versions only; not the text terms, not the date range. */
  const filters = (o: string): string[] => {
    const w = [`${o}.is_latest = 1`];
    if (q.types) w.push(b.oneOf(`${o}.type`, [...new Set(q.types)], 'text', 'types'));
    if (q.tlpRanks) w.push(b.oneOf(`${o}.tlp_rank`, [...new Set(q.tlpRanks)], 'bigint', 'tlp'));
    if (q.infoTypes) w.push(b.oneOf(`${o}.info_type`, [...new Set(q.infoTypes)], 'text', 'info'));
    if (q.timings) w.push(b.oneOf(`${o}.timing`, [...new Set(q.timings)], 'text', 'timing'));
    if (q.purposes) w.push(holdsAny(`${o}.purposes`, q.purposes, 'purpose'));
    if (q.tiers) w.push(holdsAny(`${o}.tiers`, q.tiers, 'tier'));
    if (q.audienceAnyOf) {
      w.push(`EXISTS (SELECT 1 FROM shared_object_audience ${o}f WHERE ${o}f.date_added = ${o}.date_added
        AND ${b.oneOf(`${o}f.aud_key`, [...new Set(q.audienceAnyOf)], 'text', 'anyof')})`);
    }
    return w;
  };
  const range = (col: string): string[] => [
    ...(q.addedFrom === undefined ? [] : [`${col} >= ${b.once('from', q.addedFrom)}`]),
    ...(q.addedBefore === undefined ? [] : [`${col} < ${b.once('before', q.addedBefore)}`]),
  ];
  /** Every term an exact substring of the search text `col`. */
  const contains = (col: string, terms: string[]): string[] => terms.map((t) => `${find}(${col}, ${b.once(`term:${t}`, t)}) > 0`);
  /** The text terms on row `o` when the scan is not driven by the text index. */
  const textOf = (o: string): string[] => {
    if (pg) return [...indexed.map((t) => `${o}.search_text LIKE ${b.once(`like:${t}`, likeContains(t))}`), ...contains(`${o}.search_text`, short)];
    if (indexed.length + short.length === 0) return [];
    // the FTS5 row of the version, by rowid
    return [`EXISTS (SELECT 1 FROM shared_object_search ${o}s WHERE ${o}s.rowid = ${o}.date_added
      AND ${contains(`${o}s.search_text`, [...indexed, ...short]).join(' AND ')})`];
  };
  const rowWhere = (o: string, opts: { via?: string; own?: boolean } = {}): string[] => [
    ...filters(o),
    perRow(dialect, [...(opts.own ? [] : [visibleSql(b, pred, o, opts.via)]), endpointsSql(b, pred, o)]),
  ];


  let text: string;
  if (!pg && indexed.length > 0) {
    const w = [`f.search_text MATCH ${b.p(ftsMatchExpression(indexed))}`, ...contains('f.search_text', [...indexed, ...short]), ...range('f.rowid'), ...rowWhere('o')];
    // CROSS JOIN keeps the FTS5 table outside, in its rowid order: the page stops at the limit
    text = `SELECT ${cols} FROM shared_object_search f CROSS JOIN shared_objects o ON o.date_added = f.rowid
      WHERE ${w.join(' AND ')} ORDER BY f.rowid DESC LIMIT ${n()}`;
  } else if (pred.seesAll || indexed.length > 0) {
    const w = [...range('o.date_added'), ...textOf('o'), ...rowWhere('o')];
    text = `SELECT ${cols} FROM shared_objects o WHERE ${w.join(' AND ')} ORDER BY o.date_added DESC LIMIT ${n()}`;
  } else {
    text = memberSearch(b, pred, n, {
      drive: (s) => range(`${s}.date_added`),
      types: q.types ? [...new Set(q.types)] : undefined,
      row: (o, via) => [...textOf(o), ...rowWhere(o, { via })],
      own: (o) => [...range(`${o}.date_added`), ...textOf(o), ...rowWhere(o, { own: true })],
      cols,
    });
  }
  return { text, params: b.bound(), planPerValues: pg && indexed.length > 0 };
}

/**
 * The union of what each audience key of the viewer reaches and its own organization's
 * versions, newest first: date_added of each branch cut at the limit, then the page's rows by
 * primary key. `drive(s)`: conditions on the audience row `s`; `row(o, via)`: on the joined row.
 */
function memberSearch(
  b: SqlParams,
  pred: VisibilityPredicate,
  n: () => string,
  parts: {
    drive: (s: string) => string[];
    types?: string[];
    row: (o: string, via: string) => string[];
    own: (o: string) => string[];
    cols: string;
  },
): string {
  const pg = b.dialect === 'postgres';
  const keys = [...new Set(pred.keys.filter((k) => k.maxTlpRank >= 0).map((k) => k.key))].sort();
  const branches = keys.map((key) => {
    const drive = [`s.aud_key = ${b.once(`key:${key}`, key)}`, ...(parts.types ? [b.oneOf('s.type', parts.types, 'text', 'types')] : []), ...parts.drive('s')];
    const row = parts.row('o', key);
    if (pg) {
      return `SELECT o.date_added FROM shared_object_audience s CROSS JOIN LATERAL (SELECT o.date_added FROM shared_objects o
        WHERE o.date_added = s.date_added AND ${row.join(' AND ')} OFFSET 0) o
        WHERE ${drive.join(' AND ')} ORDER BY s.date_added DESC LIMIT ${n()}`;
    }
    return `SELECT o.date_added FROM shared_object_audience s CROSS JOIN shared_objects o ON o.date_added = s.date_added
      WHERE ${[...drive, ...row].join(' AND ')} ORDER BY s.date_added DESC LIMIT ${n()}`;
  });
  if (pred.ownOrgId !== null) {
    const w = [`o.provider_org_id = ${b.once('own', pred.ownOrgId)}`, ...parts.own('o')];
    branches.push(`SELECT o.date_added FROM shared_objects o WHERE ${w.join(' AND ')} ORDER BY o.date_added DESC LIMIT ${n()}`);
  }
  if (branches.length === 0) return `SELECT ${parts.cols} FROM shared_objects o WHERE 1 = 0`;
  const union = branches.map((s, i) => `SELECT date_added FROM (${s}) u${i}`).join(' UNION ');
  const page = `(SELECT date_added FROM (${union}) d ORDER BY date_added DESC LIMIT ${n()}) p`;
  return pg
    ? `SELECT o.* FROM ${page} CROSS JOIN LATERAL (SELECT ${parts.cols} FROM shared_objects o WHERE o.date_added = p.date_added OFFSET 0) o
       ORDER BY o.date_added DESC`
    : `SELECT ${parts.cols} FROM ${page} CROSS JOIN shared_objects o ON o.date_added = p.date_added ORDER BY o.date_added DESC`;
}

/** shared.countByInfoType: `info_type, n` of latest visible versions added at or after `addedFrom`. */
export function countByInfoTypeSql(dialect: Dialect, q: { predicate: VisibilityPredicate; addedFrom: number }): SqlText {
  checkMicros('countByInfoType', q.addedFrom);
  checkPredicate(q.predicate);
  const b = new SqlParams(dialect);
  const w = [`o.date_added >= ${b.p(q.addedFrom)}`, 'o.is_latest = 1', perRow(dialect, [visibleSql(b, q.predicate, 'o'), endpointsSql(b, q.predicate, 'o')])];
  const text = `SELECT o.info_type, count(*) AS n FROM shared_objects o WHERE ${w.join(' AND ')} GROUP BY o.info_type`;
  return { text, params: b.bound() };
}

/** shared.referencing: latest visible relationships and sightings with `refId` among their endpoints, newest first. */
export function referencingSql(dialect: Dialect, q: { predicate: VisibilityPredicate; refId: string; limit: number }): SqlText {
  checkLimit('referencing', q.limit);
  checkPredicate(q.predicate);
  const b = new SqlParams(dialect);
  const cols = SHARED_COLUMNS('o');
  const drive = `e.ref_id = ${b.p(q.refId)}`;
  const row = [`o.type IN ('relationship', 'sighting')`, 'o.is_latest = 1', visibleSql(b, q.predicate, 'o'), endpointsSql(b, q.predicate, 'o')];
  const limit = b.p(q.limit);
  const text = dialect === 'postgres'
    ? `SELECT o.* FROM shared_object_endpoints e CROSS JOIN LATERAL (SELECT ${cols} FROM shared_objects o
        WHERE o.date_added = e.date_added AND ${row.join(' AND ')} OFFSET 0) o
       WHERE ${drive} ORDER BY e.date_added DESC LIMIT ${limit}`
    : `SELECT ${cols} FROM shared_object_endpoints e CROSS JOIN shared_objects o ON o.date_added = e.date_added
       WHERE ${[drive, ...row].join(' AND ')} ORDER BY e.date_added DESC LIMIT ${limit}`;
  return { text, params: b.bound() };
}

/** Rows of countByInfoTypeSql as InfoTypeCount, by info type, unclassified last. */
export function toInfoTypeCounts(rows: readonly { info_type: string | null; n: number | string }[]): InfoTypeCount[] {
  return rows
    .map((r) => ({ infoType: r.info_type, count: Number(r.n) }))
    .sort((a, b) => (a.infoType === b.infoType ? 0 : a.infoType === null ? 1 : b.infoType === null ? -1 : a.infoType < b.infoType ? -1 : 1));
}
