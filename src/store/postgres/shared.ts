/**
 * PostgreSQL shared objects on the raw pool: a fixed handful of round trips per batch whatever
 * its size (array parameters + unnest), in one transaction that first locks the hub_clock row,
 * as every writer of versions must: that serialises every writer of versions
 * hub-wide, so lookups cannot race and date_added is handed out in commit order.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { nowMicros, planFlagRepair, type FlagChange } from '../version-flags.js';
import { classificationColumns, normalizeSharedInput, planSharedAdd, sectorsColumn, type SharedWrite } from '../shared-plan.js';
import {
  envelopeOfSql, envelopesOfSql, scanSharedPages, sharedDeleteWhere, sharedQuerySql, toExistingShared, toSharedRow, toStoredEnvelope,
  type RawSharedExisting, type RawSharedRow, type RawStoredEnvelope,
} from '../shared-sql.js';
import { SqlParams } from '../shared-visibility.js';
import { countByInfoTypeSql, referencingSql, sharedSearchSql, toInfoTypeCounts } from '../shared-search-sql.js';
import type { StatsKeeper } from './stats.js';
import type { AddResult, Page, SharedDeleteQuery, SharedObjectRepository, SharedQuery, SharedRow, SharedVersionInput, StoredVersionEnvelope } from '../types.js';

const LOCK_CLOCK = { name: 'kyojo_shared_lock_clock', text: 'SELECT last_us FROM hub_clock WHERE id = 1 FOR UPDATE' };
const CLOCK = {
  name: 'kyojo_shared_clock',
  text: 'UPDATE hub_clock SET last_us = GREATEST(last_us + 1, $1) + $2 - 1 WHERE id = 1 RETURNING last_us',
};
// One index lookup per id (LATERAL … OFFSET 0), whatever the statistics say.
const LOOKUP = {
  name: 'kyojo_shared_lookup',
  text: `SELECT o.stix_id, o.version_key, o.json, o.json_anonymous, o.date_added, o.is_latest, o.is_first, o.tlp_rank,
           o.min_clearance, o.embargo_until_us, o.attribution, o.provider_org_id, o.provider_user_id, o.sectors, o.classification,
           (SELECT array_agg(a.aud_key) FROM shared_object_audience a WHERE a.date_added = o.date_added) AS aud_keys,
           (SELECT array_agg(t.terms_slug) FROM shared_object_terms t WHERE t.date_added = o.date_added) AS terms
         FROM unnest($1::text[]) AS wanted(id) CROSS JOIN LATERAL (
           SELECT * FROM shared_objects x WHERE x.stix_id = wanted.id
             AND (x.is_latest = 1 OR x.is_first = 1 OR x.version_key = ANY($2::text[])) OFFSET 0) o`,
};
const INSERT = {
  name: 'kyojo_shared_insert',
  text: `INSERT INTO shared_objects (date_added, stix_id, type, spec_version, version_key, is_latest, is_first, tlp_rank,
           min_clearance, has_terms, has_endpoints, embargo_until_us, provider_org_id, provider_user_id, attribution, sectors,
           created, modified, classification, json_anonymous, json, info_type, timing, purposes, tiers, search_text)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[],
           $9::int[], $10::int[], $11::int[], $12::bigint[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
           $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[])`,
};
const INSERT_AUDIENCE = {
  name: 'kyojo_shared_insert_audience',
  text: 'INSERT INTO shared_object_audience (aud_key, date_added, type) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])',
};
const INSERT_TERMS = {
  name: 'kyojo_shared_insert_terms',
  text: 'INSERT INTO shared_object_terms (date_added, terms_slug) SELECT * FROM unnest($1::bigint[], $2::text[])',
};
const INSERT_ENDPOINTS = {
  name: 'kyojo_shared_insert_endpoints',
  text: 'INSERT INTO shared_object_endpoints (date_added, ref_id) SELECT * FROM unnest($1::bigint[], $2::text[])',
};
const REMOVE = ['shared_object_audience', 'shared_object_terms', 'shared_object_endpoints', 'shared_objects'].map((t) => ({
  name: `kyojo_shared_remove_${t}`,
  text: `DELETE FROM ${t} WHERE date_added = ANY($1::bigint[])`,
}));
const SET_FLAGS = {
  name: 'kyojo_shared_set_flags',
  text: `UPDATE shared_objects o SET is_latest = u.is_latest, is_first = u.is_first
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[]) AS u(stix_id, version_key, is_latest, is_first)
         WHERE o.stix_id = u.stix_id AND o.version_key = u.version_key`,
};
const ENVELOPE_OF_KEY = { name: 'kyojo_shared_envelope_of_key', text: envelopeOfSql('postgres', true) };
const ENVELOPE_OF_LATEST = { name: 'kyojo_shared_envelope_of_latest', text: envelopeOfSql('postgres', false) };
const ENVELOPES_OF = { name: 'kyojo_shared_envelopes_of', text: envelopesOfSql('postgres') };
const VERSIONS_OF = {
  name: 'kyojo_shared_versions_of',
  text: 'SELECT version_key, is_latest, is_first FROM shared_objects WHERE stix_id = $1',
};

async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e; // the connection is unusable: let the pool discard it
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

async function remove(c: pg.PoolClient, dateAdded: number[]): Promise<void> {
  if (dateAdded.length === 0) return;
  for (const r of REMOVE) await c.query({ ...r, values: [dateAdded] });
}

async function applyFlags(c: pg.PoolClient, changes: FlagChange[]): Promise<void> {
  if (changes.length === 0) return;
  const col = <T>(f: (x: FlagChange) => T) => changes.map(f);
  await c.query({ ...SET_FLAGS, values: [col((f) => f.stixId), col((f) => f.versionKey), col((f) => (f.isLatest ? 1 : 0)), col((f) => (f.isFirst ? 1 : 0))] });
}

async function insert(c: pg.PoolClient, writes: SharedWrite[], base: number): Promise<void> {
  if (writes.length === 0) return;
  const col = <T>(f: (w: SharedWrite) => T) => writes.map(f);
  const at = (w: SharedWrite) => base + w.seq;
  const classes = new Map(writes.map((w) => [w, classificationColumns(w.input.envelope.classificationJson)]));
  const cls = (w: SharedWrite) => classes.get(w) as ReturnType<typeof classificationColumns>;
  await c.query({
    ...INSERT,
    values: [
      col(at), col((w) => w.input.id), col((w) => w.input.type), col((w) => w.input.specVersion), col((w) => w.input.versionKey),
      col((w) => (w.isLatest ? 1 : 0)), col((w) => (w.isFirst ? 1 : 0)), col((w) => w.input.envelope.tlpRank),
      col((w) => w.input.envelope.minClearance), col((w) => (w.input.envelope.terms.length > 0 ? 1 : 0)),
      col((w) => (w.input.endpoints.length > 0 ? 1 : 0)), col((w) => w.input.envelope.embargoUntilUs),
      col((w) => w.input.envelope.providerOrgId), col((w) => w.input.envelope.providerUserId), col((w) => w.input.envelope.attribution),
      col((w) => sectorsColumn(w.input.envelope.sectors)), col((w) => w.input.created), col((w) => w.input.modified),
      col((w) => w.input.envelope.classificationJson), col((w) => w.input.jsonAnonymous), col((w) => w.input.json),
      col((w) => cls(w).infoType), col((w) => cls(w).timing), col((w) => cls(w).purposes), col((w) => cls(w).tiers),
      // normalizeSharedInput always sets it
      col((w) => w.input.searchText ?? ''),
    ],
  });
  const side = (list: (w: SharedWrite) => string[]) => writes.flatMap((w) => list(w).map((x) => ({ at: at(w), x, type: w.input.type })));
  const audience = side((w) => w.input.envelope.audienceKeys);
  if (audience.length > 0) await c.query({ ...INSERT_AUDIENCE, values: [audience.map((r) => r.x), audience.map((r) => r.at), audience.map((r) => r.type)] });
  const terms = side((w) => w.input.envelope.terms);
  if (terms.length > 0) await c.query({ ...INSERT_TERMS, values: [terms.map((r) => r.at), terms.map((r) => r.x)] });
  const endpoints = side((w) => w.input.endpoints);
  if (endpoints.length > 0) await c.query({ ...INSERT_ENDPOINTS, values: [endpoints.map((r) => r.at), endpoints.map((r) => r.x)] });
}

async function addIn(c: pg.PoolClient, versions: SharedVersionInput[]): Promise<AddResult[]> {
  const ids = [...new Set(versions.map((v) => v.id))];
  const keys = [...new Set(versions.map((v) => v.versionKey))];
  await c.query(LOCK_CLOCK);
  const found = await c.query<RawSharedExisting>({ ...LOOKUP, values: [ids, keys] });
  const plan = planSharedAdd(versions, found.rows.map(toExistingShared));
  let base = 0;
  if (plan.allocations > 0) {
    const r = await c.query<{ last_us: number }>({ ...CLOCK, values: [nowMicros(), plan.allocations] });
    base = (r.rows[0] as { last_us: number }).last_us - plan.allocations + 1;
  }
  // removals first: a rewritten version is inserted again under the same (id, version)
  await remove(c, plan.writes.flatMap((w) => (w.replaces === null ? [] : [w.replaces])));
  await insert(c, plan.writes, base);
  await applyFlags(c, plan.flagChanges);
  return plan.results(base);
}

async function deleteIn(c: pg.PoolClient, q: SharedDeleteQuery): Promise<number> {
  await c.query(LOCK_CLOCK);
  const b = new SqlParams('postgres');
  const text = `SELECT o.date_added FROM shared_objects o WHERE ${sharedDeleteWhere(b, q, 'o')}`;
  const doomed = (await c.query<{ date_added: number }>(text, b.values)).rows.map((r) => r.date_added);
  if (doomed.length === 0) return 0;
  await remove(c, doomed);
  const rest = await c.query<{ version_key: string; is_latest: number; is_first: number }>({ ...VERSIONS_OF, values: [q.id] });
  const remaining = rest.rows.map((r) => ({ versionKey: r.version_key, isLatest: r.is_latest === 1, isFirst: r.is_first === 1 }));
  await applyFlags(c, planFlagRepair(q.id, remaining));
  return doomed.length;
}

/**
 * Queries run as named prepared statements: a member's visibility condition makes the text
 * long, and parsing and planning it each time cost more than executing it (measured: 1.1 ms
 * planning against 0.4 ms execution). Names are a hash of the text, so equal texts share one
 * statement per connection; texts vary only with the query's shape (filters present, the
 * number of keys per TLP rank, ...), never with values, so there are few of them.
 */
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `kyojo_shared_q_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (names.size >= 1000) names.delete(names.keys().next().value as string);
    names.set(text, name);
  }
  return name;
}

export function createPostgresSharedRepository(pool: pg.Pool, stats: StatsKeeper): SharedObjectRepository {
  // Writes queue here before taking a pooled connection (they would only wait for the clock
  // lock anyway), so a burst cannot hold every connection while readers wait.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const query = async (q: SharedQuery): Promise<Page<SharedRow>> => {
    const { text, params } = sharedQuerySql('postgres', q);
    const rows = (await pool.query<RawSharedRow>({ name: statementName(text), text, values: params as unknown[] })).rows.map(toSharedRow);
    const more = rows.length > q.limit;
    if (more) rows.length = q.limit;
    return { rows, more };
  };

  return {
    async add(versions) {
      if (versions.length === 0) return [];
      const normalized = versions.map(normalizeSharedInput);
      const results = await serial(() => transaction(pool, (c) => addIn(c, normalized)));
      stats.noteWritten(results.filter((r) => r.outcome === 'added' || r.outcome === 'replaced').length);
      return results;
    },
    query,
    async delete(q) {
      return serial(() => transaction(pool, (c) => deleteIn(c, q)));
    },
    async count() {
      const r = await pool.query<{ n: number }>('SELECT count(*) AS n FROM shared_objects');
      return Number(r.rows[0]?.n ?? 0);
    },
    async envelopeOf(id, versionKey) {
      const r = versionKey === undefined
        ? await pool.query<RawStoredEnvelope & { version_key: string }>({ ...ENVELOPE_OF_LATEST, values: [id] })
        : await pool.query<RawStoredEnvelope & { version_key: string }>({ ...ENVELOPE_OF_KEY, values: [id, versionKey] });
      const row = r.rows[0];
      return row === undefined ? undefined : { versionKey: row.version_key, envelope: toStoredEnvelope(row) };
    },
    async envelopesOf(ids) {
      const out = new Map<string, StoredVersionEnvelope>();
      if (ids.length === 0) return out;
      const r = await pool.query<RawStoredEnvelope & { version_key: string; stix_id: string }>({ ...ENVELOPES_OF, values: [ids] });
      for (const row of r.rows) out.set(row.stix_id, { versionKey: row.version_key, envelope: toStoredEnvelope(row) });
      return out;
    },
    scan: (opts) => scanSharedPages(query, opts),
    async search(q) {
      const { text, params, planPerValues } = sharedSearchSql('postgres', q);
      const statement = planPerValues ? { text, values: params as unknown[] } : { name: statementName(text), text, values: params as unknown[] };
      const rows = (await pool.query<RawSharedRow>(statement)).rows.map(toSharedRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },
    async countByInfoType(q) {
      const { text, params } = countByInfoTypeSql('postgres', q);
      const r = await pool.query<{ info_type: string | null; n: number }>({ name: statementName(text), text, values: params as unknown[] });
      return toInfoTypeCounts(r.rows);
    },
    async referencing(q) {
      const { text, params } = referencingSql('postgres', q);
      return (await pool.query<RawSharedRow>({ name: statementName(text), text, values: params as unknown[] })).rows.map(toSharedRow);
    },
  };
}
