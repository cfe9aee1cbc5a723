/**
 * SQL text of `shared.query` and `shared.delete`, shared by both backends. Filters, versions
 * and paging mean exactly what TAXII gives them (match[...], added_after, limit); visibility is
 * part of every statement (shared-visibility.ts), so a page is never cut short by filtering
 * afterwards.
 *
 * Query shapes, chosen explicitly so that plans do not depend on planner statistics:
 * - match[id]: one lookup per id in the (stix_id, version_key) index.
 * - an audience scope (a community's collection): the scan is driven by that key's range of
 *   shared_object_audience, (aud_key, type, date_added) when filtered by type, and each row is
 *   joined by primary key. A member and an operator read the same index range; for a member
 *   holding the key the audience test is only a TLP rank compare.
 * - the hub-wide scope, for a viewer who sees everything: shared_objects in date_added order
 *   (by type when filtered).
 * - the hub-wide scope for anyone else: one audience-driven branch per key the viewer holds,
 *   plus its own organization's versions, each cut at the limit, merged and de-duplicated.
 * Several types are one branch per type, each cut at the limit.
 */
import { sectorsFromColumn, envelopeSignature, type ExistingShared } from './shared-plan.js';
import { checkPredicate, endpointsSql, SqlParams, visibleSql } from './shared-visibility.js';
import type { Dialect } from './schema.js';
import {
  UNVERSIONED_KEY, type Page, type SharedDeleteQuery, type SharedQuery, type SharedRow, type SharedScanOptions, type StoredAttribution,
  type StoredEnvelope, type VersionFilter,
} from './types.js';

const MAX_TYPE_BRANCHES = 16;
/** Above this many branches in the hub-wide scope, types are one `IN` per key instead. */
const MAX_BRANCHES = 48;

export const SHARED_COLUMNS = (o: string): string =>
  ['stix_id', 'type', 'spec_version', 'created', 'modified', 'version_key', 'date_added', 'json', 'json_anonymous',
    'attribution', 'provider_org_id', 'tlp_rank', 'classification'].map((c) => `${o}.${c}`).join(', ');

/** The version predicate on alias `o` (TAXII match[version]); undefined = every version. */
export function versionSql(b: SqlParams, v: VersionFilter | undefined, fallback: 'last' | 'all', o: string): string | undefined {
  const keys = v?.keys ?? [];
  const instants = v?.dateAdded ?? [];
  const none = !v?.first && !v?.last && !v?.all && keys.length === 0 && instants.length === 0;
  if (none) return fallback === 'last' ? `${o}.is_latest = 1` : undefined;
  if (v?.all) return undefined;
  const terms: string[] = [];
  if (v?.last) terms.push(`${o}.is_latest = 1`);
  if (v?.first) terms.push(`${o}.is_first = 1`);
  if (keys.length > 0) terms.push(b.oneOf(`${o}.version_key`, keys));
  if (instants.length > 0) terms.push(`(${o}.version_key = ${b.p(UNVERSIONED_KEY)} AND ${b.oneOf(`${o}.date_added`, instants, 'bigint')})`);
  return terms.length === 1 ? terms[0] : `(${terms.join(' OR ')})`;
}

type TypeCond = { one: string } | { any: string[] } | null;

/** `limit + 1` rows of a page; the extra row only tells `more`. */
export function sharedQuerySql(dialect: Dialect, q: SharedQuery): { text: string; params: unknown[] | Record<string, unknown> } {
  if (!Number.isInteger(q.limit) || q.limit < 0) throw new RangeError(`shared.query: bad limit ${q.limit}`);
  checkPredicate(q.predicate);
  const pg = dialect === 'postgres';
  const b = new SqlParams(dialect);
  const pred = q.predicate;
  const n = () => b.once('n', q.limit + 1);
  const scopeKey = q.scope.kind === 'audience' ? q.scope.key : undefined;
  const ids = q.ids && q.ids.length > 0 ? [...new Set(q.ids)] : undefined;
  const types = q.types ? [...new Set(q.types)] : undefined;
  const nothing = (q.ids !== undefined && ids === undefined) || (types !== undefined && types.length === 0);

  /** Conditions on the row `o` besides the driver's own: filters, visibility, endpoints. */
  const rowWhere = (o: string, opts: { via?: string; own?: boolean; scopeExists?: boolean }): string[] => {
    const w: string[] = [];
    if (q.specVersions) w.push(b.oneOf(`${o}.spec_version`, q.specVersions, 'text', 'spec'));
    const version = versionSql(b, q.versions, 'last', o);
    if (version) w.push(version);
    if (opts.scopeExists && scopeKey !== undefined) {
      w.push(`EXISTS (SELECT 1 FROM shared_object_audience sc WHERE sc.aud_key = ${b.once('scope', scopeKey)} AND sc.date_added = ${o}.date_added)`);
    }
    if (!opts.own) w.push(visibleSql(b, pred, o, opts.via));
    w.push(endpointsSql(b, pred, o));
    return w;
  };
  const after = (col: string): string[] => (q.addedAfter === undefined ? [] : [`${col} > ${b.once('after', q.addedAfter)}`]);
  const typeWhere = (col: string, t: TypeCond): string[] =>
    t === null ? [] : 'one' in t ? [`${col} = ${b.p(t.one)}`] : [b.oneOf(col, t.any, 'text', 'types')];

  /** Rows of audience key `key`, in its index order; `cols` of the joined row. */
  const audienceBranch = (key: string, t: TypeCond, cols: string): string => {
    const drive = [`s.aud_key = ${b.once(`key:${key}`, key)}`, ...typeWhere('s.type', t), ...after('s.date_added')];
    const row = rowWhere('o', { via: key });
    if (pg) {
      // LATERAL + OFFSET 0 keeps the audience range as the outer, ordered side of the loop
      return `SELECT o.* FROM shared_object_audience s CROSS JOIN LATERAL (SELECT ${cols} FROM shared_objects o
        WHERE o.date_added = s.date_added AND ${row.join(' AND ')} OFFSET 0) o
        WHERE ${drive.join(' AND ')} ORDER BY s.date_added LIMIT ${n()}`;
    }
    // CROSS JOIN makes SQLite keep the audience range as the outer loop
    return `SELECT ${cols} FROM shared_object_audience s CROSS JOIN shared_objects o ON o.date_added = s.date_added
      WHERE ${[...drive, ...row].join(' AND ')} ORDER BY s.date_added LIMIT ${n()}`;
  };

  /** Rows of shared_objects in date_added order (everything, or one organization's). */
  const objectsBranch = (t: TypeCond, cols: string, own: boolean): string => {
    const w = [...(own ? [`o.provider_org_id = ${b.once('own', pred.ownOrgId)}`] : []), ...typeWhere('o.type', t), ...after('o.date_added')];
    w.push(...rowWhere('o', { own, scopeExists: true }));
    return `SELECT ${cols} FROM shared_objects o WHERE ${w.join(' AND ')} ORDER BY o.date_added LIMIT ${n()}`;
  };

  /** One statement per type when there are a few, merged; each branch is cut at the limit. */
  const perType = (branch: (t: TypeCond) => string, maxBranches = MAX_TYPE_BRANCHES): string[] => {
    if (types === undefined) return [branch(null)];
    if (types.length === 1) return [branch({ one: types[0] as string })];
    if (types.length <= maxBranches) return types.map((t) => branch({ one: t }));
    return [branch({ any: types })];
  };
  const merged = (branches: string[]): string =>
    branches.length === 1
      ? (branches[0] as string)
      : `SELECT * FROM (${branches.map((s, i) => `SELECT * FROM (${s}) b${i}`).join(' UNION ALL ')}) m ORDER BY date_added LIMIT ${n()}`;

  const cols = SHARED_COLUMNS('o');
  let text: string;
  if (nothing) text = `SELECT ${cols} FROM shared_objects o WHERE 1 = 0`;
  else if (ids) {
    const w = [...after('o.date_added'), ...(types ? [b.oneOf('o.type', types, 'text', 'types')] : [])];
    w.push(...rowWhere('o', { via: scopeKey, scopeExists: true }));
    text = pg
      ? `SELECT o.* FROM unnest(${b.p(ids)}::text[]) AS wanted(id) CROSS JOIN LATERAL (
           SELECT ${cols} FROM shared_objects o WHERE o.stix_id = wanted.id AND ${w.join(' AND ')} OFFSET 0) o
         ORDER BY o.date_added LIMIT ${n()}`
      : `SELECT ${cols} FROM shared_objects o INDEXED BY shared_objects_version_unique
         WHERE ${[b.oneOf('o.stix_id', ids), ...w].join(' AND ')} ORDER BY o.date_added LIMIT ${n()}`;
  } else if (scopeKey !== undefined) {
    text = merged(perType((t) => audienceBranch(scopeKey, t, cols)));
  } else if (pred.seesAll) {
    text = merged(perType((t) => objectsBranch(t, cols, false)));
  } else {
    // the union of what each key reaches and the viewer's own; date_added only, then the rows
    const keys = [...new Set(pred.keys.filter((k) => k.maxTlpRank >= 0).map((k) => k.key))].sort();
    const per = Math.max(1, Math.floor(MAX_BRANCHES / (keys.length + 1)));
    const branches = keys.flatMap((k) => perType((t) => audienceBranch(k, t, 'o.date_added'), per));
    if (pred.ownOrgId !== null) branches.push(...perType((t) => objectsBranch(t, 'o.date_added', true), per));
    if (branches.length === 0) text = `SELECT ${cols} FROM shared_objects o WHERE 1 = 0`;
    else {
      const union = branches.map((s, i) => `SELECT date_added FROM (${s}) u${i}`).join(' UNION ');
      const page = `(SELECT date_added FROM (${union}) d ORDER BY date_added LIMIT ${n()}) p`;
      // the page's rows by primary key, one lookup each (a planner may otherwise scan the table)
      text = pg
        ? `SELECT o.* FROM ${page} CROSS JOIN LATERAL (SELECT ${cols} FROM shared_objects o WHERE o.date_added = p.date_added OFFSET 0) o ORDER BY o.date_added`
        : `SELECT ${cols} FROM ${page} CROSS JOIN shared_objects o ON o.date_added = p.date_added ORDER BY o.date_added`;
    }
  }
  return { text, params: b.bound() };
}

/** `DELETE … WHERE` of shared.delete: one id hub-wide, all versions unless filtered; `o` is the table alias. */
export function sharedDeleteWhere(b: SqlParams, q: SharedDeleteQuery, o: string): string {
  const where = [`${o}.stix_id = ${b.p(q.id)}`];
  if (q.specVersions) where.push(b.oneOf(`${o}.spec_version`, q.specVersions));
  const version = versionSql(b, q.versions, 'all', o);
  if (version) where.push(version);
  return where.join(' AND ');
}

export interface RawSharedRow {
  stix_id: string;
  type: string;
  spec_version: string;
  created: string | null;
  modified: string | null;
  version_key: string;
  date_added: number | string;
  json: string;
  json_anonymous: string | null;
  attribution: string;
  provider_org_id: string;
  tlp_rank: number;
  classification: string;
}

export const toSharedRow = (r: RawSharedRow): SharedRow => ({
  id: r.stix_id,
  type: r.type,
  specVersion: r.spec_version,
  created: r.created,
  modified: r.modified,
  versionKey: r.version_key,
  dateAdded: Number(r.date_added),
  json: r.json,
  jsonAnonymous: r.json_anonymous,
  attribution: r.attribution as StoredAttribution,
  providerOrgId: r.provider_org_id,
  tlpRank: Number(r.tlp_rank),
  classificationJson: r.classification,
});

/** Columns of the add() lookup: the flags and everything the envelope signature needs. */
export interface RawSharedExisting {
  stix_id: string;
  version_key: string;
  json: string;
  json_anonymous: string | null;
  date_added: number | string;
  is_latest: number;
  is_first: number;
  tlp_rank: number;
  min_clearance: number;
  embargo_until_us: number | string | null;
  attribution: string;
  provider_org_id: string;
  provider_user_id: string;
  sectors: string | null;
  classification: string;
  /** JSON text (SQLite) or an array (PostgreSQL) */
  aud_keys: string | string[] | null;
  terms: string | string[] | null;
}

const list = (v: string | string[] | null): string[] => (v === null ? [] : Array.isArray(v) ? v : (JSON.parse(v) as string[]));

/** The envelope columns of a version as toStoredEnvelope reads them (audience and terms aggregated). */
export type RawStoredEnvelope = Pick<RawSharedExisting, 'json_anonymous' | 'tlp_rank' | 'min_clearance' | 'embargo_until_us' | 'attribution'
  | 'provider_org_id' | 'provider_user_id' | 'sectors' | 'classification' | 'aud_keys' | 'terms'>;

/** The envelope as stored; lists sorted, as normalizeSharedInput leaves them. */
export function toStoredEnvelope(r: RawStoredEnvelope): StoredEnvelope {
  return {
    tlpRank: Number(r.tlp_rank),
    audienceKeys: list(r.aud_keys).sort(),
    minClearance: Number(r.min_clearance) as 0 | 1 | 2 | 3,
    embargoUntilUs: r.embargo_until_us === null ? null : Number(r.embargo_until_us),
    attribution: r.attribution as StoredAttribution,
    providerOrgId: r.provider_org_id,
    providerUserId: r.provider_user_id,
    sectors: sectorsFromColumn(r.sectors),
    terms: list(r.terms).sort(),
    classificationJson: r.classification,
  };
}

export function toExistingShared(r: RawSharedExisting): ExistingShared {
  return {
    stixId: r.stix_id,
    versionKey: r.version_key,
    json: r.json,
    dateAdded: Number(r.date_added),
    isLatest: Number(r.is_latest) === 1,
    isFirst: Number(r.is_first) === 1,
    signature: envelopeSignature(toStoredEnvelope(r), r.json_anonymous),
  };
}

/**
 * `shared.envelopeOf`: one version's envelope by (id, version key), or the latest version's by
 * id; both one lookup in the (stix_id, version_key) index. Parameters: the id, then the key.
 */
export function envelopeOfSql(dialect: Dialect, byKey: boolean, many = false): string {
  const pg = dialect === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  const agg = (col: string, table: string, alias: string) =>
    pg
      ? `(SELECT array_agg(${alias}.${col}) FROM ${table} ${alias} WHERE ${alias}.date_added = o.date_added)`
      : `(SELECT json_group_array(${alias}.${col}) FROM ${table} ${alias} WHERE ${alias}.date_added = o.date_added)`;
  return `SELECT ${many ? 'o.stix_id, ' : ''}o.version_key, o.json_anonymous, o.tlp_rank, o.min_clearance, o.embargo_until_us, o.attribution, o.provider_org_id,
      o.provider_user_id, o.sectors, o.classification, ${agg('aud_key', 'shared_object_audience', 'a')} AS aud_keys,
      ${agg('terms_slug', 'shared_object_terms', 't')} AS terms
    FROM shared_objects o WHERE ${many ? (pg ? 'o.stix_id = ANY($1::text[])' : 'o.stix_id IN (SELECT value FROM json_each(?))') : `o.stix_id = ${p(1)}`}
      AND ${byKey ? `o.version_key = ${p(2)}` : 'o.is_latest = 1'}`;
}

/**
 * `shared.envelopesOf`: the latest version's envelope of many ids in one query, with each row's
 * stix_id. One parameter: the ids (SQLite: a JSON array for json_each; PostgreSQL: a text[]).
 */
export function envelopesOfSql(dialect: Dialect): string {
  return envelopeOfSql(dialect, false, true);
}

/**
 * `shared.scan` on top of `shared.query`: latest versions the predicate shows in the scope, in
 * date_added order, pages of `batchSize` following a strict addedAfter cursor, so no cursor or
 * snapshot is held between batches. A version re-stamped during the scan (envelope change, new
 * latest version) may come again later in the scan, as it would for a TAXII poller.
 */
export async function* scanSharedPages(
  query: (q: SharedQuery) => Promise<Page<SharedRow>>,
  opts: SharedScanOptions,
): AsyncGenerator<SharedRow[]> {
  const size = opts.batchSize ?? 1000;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`shared.scan: bad batchSize ${size}`);
  let after: number | undefined;
  while (true) {
    const page = await query({ scope: opts.scope, predicate: opts.predicate, types: opts.types, addedAfter: after, limit: size });
    const last = page.rows[page.rows.length - 1];
    if (last) yield page.rows;
    if (!page.more || !last) return;
    after = last.dateAdded;
  }
}
