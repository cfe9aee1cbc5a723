/**
 * PostgreSQL object hot paths on the raw pool: a handful of round trips per batch
 * whatever its size (array parameters + unnest), all in one transaction.
 *
 * Every object write first locks the hub_clock row. That serialises object writers
 * hub-wide, which buys three things: the lookup of existing versions cannot race
 * another writer (no unique violations, correct identical/conflict answers and
 * flags); date_added values are handed out in commit order, so a reader paging by
 * date_added never sees a smaller value appear behind its cursor; and deletes cannot
 * interleave with flag maintenance.
 */
import type pg from 'pg';
import type { AddResult, DeleteQuery, ObjectQuery, ObjectRepository, ObjectRow, ObjectVersionInput, Page } from '../types.js';
import { nowMicros, planAdd, planFlagRepair, type ExistingVersion, type RawExistingVersion, toExistingVersion, type FlagChange } from '../objects-plan.js';
import type { StatsKeeper } from './stats.js';
import { deleteWhereSql, objectQuerySql, scanBatches, scanSql, SqlText, toObjectRow, type RawObjectRow } from '../objects-sql.js';

const LOCK_CLOCK = { name: 'kyojo_lock_clock', text: 'SELECT last_us FROM hub_clock WHERE id = 1 FOR UPDATE' };
const CLOCK = {
  name: 'kyojo_clock',
  text: 'UPDATE hub_clock SET last_us = GREATEST(last_us + 1, $1) + $2 - 1 WHERE id = 1 RETURNING last_us',
};
// The batch's flagged (latest/first) rows plus its identical/conflict candidates.
const LOOKUP = {
  name: 'kyojo_lookup',
  // One index lookup per id, forced by LATERAL ... OFFSET 0: given `stix_id = ANY($2)`
  // or a plain join, the planner may scan the whole collection instead when its
  // statistics are stale (after a bulk load, or with autovacuum off).
  text: `SELECT o.* FROM unnest($2::text[]) AS wanted(id) CROSS JOIN LATERAL (
           SELECT stix_id, version_key, json, date_added, is_latest, is_first FROM objects
           WHERE collection_id = $1 AND stix_id = wanted.id
             AND (is_latest = 1 OR is_first = 1 OR version_key = ANY($3::text[]))
           OFFSET 0) o`,
};
const INSERT = {
  name: 'kyojo_insert',
  text: `INSERT INTO objects (collection_id, date_added, stix_id, type, spec_version, created, modified,
           version_key, is_latest, is_first, json)
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::int[], $10::int[], $11::text[])`,
};
const REPLACE = {
  name: 'kyojo_replace',
  text: `UPDATE objects o SET date_added = u.date_added, type = u.type, spec_version = u.spec_version,
           created = u.created, modified = u.modified, is_latest = u.is_latest, is_first = u.is_first, json = u.json
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::int[], $10::int[], $11::text[])
           AS u(date_added, stix_id, type, spec_version, created, modified, version_key, is_latest, is_first, json)
         WHERE o.collection_id = $1 AND o.stix_id = u.stix_id AND o.version_key = u.version_key`,
};
const SET_FLAGS = {
  name: 'kyojo_set_flags',
  text: `UPDATE objects o SET is_latest = u.is_latest, is_first = u.is_first
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int[]) AS u(stix_id, version_key, is_latest, is_first)
         WHERE o.collection_id = $1 AND o.stix_id = u.stix_id AND o.version_key = u.version_key`,
};
const VERSIONS_OF = {
  name: 'kyojo_versions_of',
  text: 'SELECT version_key, is_latest, is_first FROM objects WHERE collection_id = $1 AND stix_id = $2',
};


/** Run `fn` in a transaction on one pooled connection. */
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

async function applyFlags(c: pg.PoolClient, collectionId: string, changes: FlagChange[]): Promise<void> {
  if (changes.length === 0) return;
  await c.query({
    ...SET_FLAGS,
    values: [
      collectionId,
      changes.map((f) => f.stixId),
      changes.map((f) => f.versionKey),
      changes.map((f) => (f.isLatest ? 1 : 0)),
      changes.map((f) => (f.isFirst ? 1 : 0)),
    ],
  });
}

/** objects.add inside its transaction. */
async function addIn(c: pg.PoolClient, collectionId: string, versions: ObjectVersionInput[]): Promise<AddResult[]> {
  const ids = [...new Set(versions.map((v) => v.id))];
  const keys = [...new Set(versions.map((v) => v.versionKey))];
  await c.query(LOCK_CLOCK);
  const found = await c.query<RawExistingVersion>({ ...LOOKUP, values: [collectionId, ids, keys] });
  const existing: ExistingVersion[] = found.rows.map(toExistingVersion);
  const plan = planAdd(versions, existing);
  let base = 0;
  if (plan.allocations > 0) {
    const r = await c.query<{ last_us: number }>({ ...CLOCK, values: [nowMicros(), plan.allocations] });
    base = (r.rows[0] as { last_us: number }).last_us - plan.allocations + 1;
  }
  for (const replace of [false, true]) {
    const ws = plan.writes.filter((w) => w.replace === replace);
    if (ws.length === 0) continue;
    await c.query({
      ...(replace ? REPLACE : INSERT),
      values: [
        collectionId,
        ws.map((w) => base + w.seq),
        ws.map((w) => w.input.id),
        ws.map((w) => w.input.type),
        ws.map((w) => w.input.specVersion),
        ws.map((w) => w.input.created),
        ws.map((w) => w.input.modified),
        ws.map((w) => w.input.versionKey),
        ws.map((w) => (w.isLatest ? 1 : 0)),
        ws.map((w) => (w.isFirst ? 1 : 0)),
        ws.map((w) => w.input.json),
      ],
    });
  }
  await applyFlags(c, collectionId, plan.flagChanges);
  return plan.results(base);
}

/** objects.delete inside its transaction. */
async function deleteIn(c: pg.PoolClient, q: DeleteQuery): Promise<number> {
  await c.query(LOCK_CLOCK);
  const sql = new SqlText('postgres');
  const removed = (await c.query(`DELETE FROM objects WHERE ${deleteWhereSql(sql, q)}`, sql.params)).rowCount ?? 0;
  if (removed > 0) {
    const rest = await c.query<{ version_key: string; is_latest: number; is_first: number }>({
      ...VERSIONS_OF,
      values: [q.collectionId, q.id],
    });
    const remaining = rest.rows.map((r) => ({ versionKey: r.version_key, isLatest: r.is_latest === 1, isFirst: r.is_first === 1 }));
    await applyFlags(c, q.collectionId, planFlagRepair(q.id, remaining));
  }
  return removed;
}

export function createPostgresObjectRepository(pool: pg.Pool, stats: StatsKeeper): ObjectRepository {
  // Object writes queue here before taking a pooled connection: they would only wait
  // for the hub_clock lock anyway, and a burst of them must not hold every connection
  // of the pool while readers wait.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    async add(collectionId, versions) {
      if (versions.length === 0) return [];
      const results = await serial(() => transaction(pool, (c) => addIn(c, collectionId, versions)));
      stats.noteWritten(results.filter((r) => r.outcome === 'added' || r.outcome === 'replaced').length);
      return results;
    },

    async query(q: ObjectQuery): Promise<Page<ObjectRow>> {
      const { text, params } = objectQuerySql('postgres', q);
      const rows = (await pool.query<RawObjectRow>(text, params)).rows.map(toObjectRow);
      const more = rows.length > q.limit;
      if (more) rows.length = q.limit;
      return { rows, more };
    },

    async delete(q: DeleteQuery) {
      return serial(() => transaction(pool, (c) => deleteIn(c, q)));
    },

    scan(opts) {
      return scanBatches(
        opts,
        async () => (await pool.query<{ id: string }>('SELECT id FROM collections ORDER BY id')).rows.map((r) => r.id),
        async (collectionId, after, size) => {
          const { text, params } = scanSql('postgres', collectionId, opts.types, after, size);
          return (await pool.query<RawObjectRow>(text, params)).rows.map(toObjectRow);
        },
      );
    },

    async count(collectionId) {
      const r =
        collectionId === undefined
          ? await pool.query<{ n: number }>('SELECT count(*) AS n FROM objects')
          : await pool.query<{ n: number }>('SELECT count(*) AS n FROM objects WHERE collection_id = $1', [collectionId]);
      return Number(r.rows[0]?.n ?? 0);
    },
  };
}
