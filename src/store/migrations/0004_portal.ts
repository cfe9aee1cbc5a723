/**
 * What the portal needs from the store: full-text search over shared object versions, the 5W1H
 * columns its filters read, the endpoint index of "what points here", and sign-in sessions and
 * one-time password links. Written against `Kysely<any>` like 0001.
 *
 * - 5W1H columns: `info_type`, `timing` (the classification's values) and `purposes`, `tiers`
 *   ('|a|b|', tested with a substring search for '|value|' on both dialects), written by the
 *   shared repository from each version's classification (shared-plan.ts classificationColumns).
 * - Search text: what src/stix/search-text.ts takes from the object, lower-cased. SQLite keeps
 *   it in an FTS5 table with the trigram tokenizer, `shared_object_search`, whose rowid is the
 *   version's date_added; PostgreSQL in a `search_text` column with a pg_trgm GIN index
 *   (`CREATE EXTENSION IF NOT EXISTS pg_trgm`: a trusted extension, which needs the CREATE
 *   privilege on the database). Every version has its row, written and removed with it.
 * - SQLite reads a record front to back (0003), so its shared_objects is rebuilt with the 5W1H
 *   columns in front of the JSON texts, copying the rows in date_added batches and computing
 *   the new columns and search texts on the way. PostgreSQL adds them (a column behind a
 *   TOASTed text costs a pointer, not a chain) and fills them in batches.
 * - Backfilled values come from the same functions the write path uses, so an upgraded
 *   database holds what a fresh one would.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { classificationColumns } from '../shared-plan.js';
import { searchTextOfJson } from '../../stix/search-text.js';

const BATCH = 500;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
type AnyDb = Kysely<any>;

interface OldRow {
  date_added: number | string;
  classification: string;
  json: string;
  [column: string]: unknown;
}

/** The rows of `table` in date_added batches (every column when `all`). */
async function* batches(db: AnyDb, table: string, all: boolean): AsyncGenerator<OldRow[]> {
  const cols = all ? sql`*` : sql`date_added, classification, json`;
  let after: number | undefined;
  while (true) {
    const where = after === undefined ? sql`` : sql`WHERE date_added > ${after}`;
    const { rows } = await sql<OldRow>`SELECT ${cols} FROM ${sql.table(table)} ${where} ORDER BY date_added LIMIT ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]?.date_added);
  }
}

const derived = (r: OldRow) => {
  const c = classificationColumns(r.classification);
  return { info_type: c.infoType, timing: c.timing, purposes: c.purposes, tiers: c.tiers, search_text: searchTextOfJson(r.json) };
};

async function sqliteSharedObjects(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('shared_objects_0004')
    .addColumn('date_added', 'integer', (c) => c.primaryKey())
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('version_key', 'text', (c) => c.notNull())
    .addColumn('is_latest', 'integer', (c) => c.notNull())
    .addColumn('is_first', 'integer', (c) => c.notNull())
    .addColumn('tlp_rank', 'integer', (c) => c.notNull().check(sql`tlp_rank between 0 and 4`))
    .addColumn('min_clearance', 'integer', (c) => c.notNull().check(sql`min_clearance between 0 and 3`))
    .addColumn('has_terms', 'integer', (c) => c.notNull())
    .addColumn('has_endpoints', 'integer', (c) => c.notNull())
    .addColumn('embargo_until_us', 'bigint')
    .addColumn('provider_org_id', 'text', (c) => c.notNull())
    .addColumn('provider_user_id', 'text', (c) => c.notNull())
    .addColumn('attribution', 'text', (c) => c.notNull())
    .addColumn('sectors', 'text')
    .addColumn('info_type', 'text')
    .addColumn('timing', 'text')
    .addColumn('purposes', 'text')
    .addColumn('tiers', 'text')
    .addColumn('created', 'text')
    .addColumn('modified', 'text')
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('json_anonymous', 'text')
    .addColumn('json', 'text', (c) => c.notNull())
    .execute();
  // case-insensitive (the default of the trigram tokenizer); the text is lower-cased anyway
  await sql`CREATE VIRTUAL TABLE shared_object_search USING fts5(search_text, tokenize = 'trigram case_sensitive 0')`.execute(db);

  for await (const rows of batches(db, 'shared_objects', true)) {
    const out = rows.map((r) => ({ row: r, d: derived(r) }));
    await db
      .insertInto('shared_objects_0004')
      .values(out.map(({ row, d }) => ({ ...row, info_type: d.info_type, timing: d.timing, purposes: d.purposes, tiers: d.tiers })))
      .execute();
    await db
      .insertInto('shared_object_search')
      .values(out.map(({ row, d }) => ({ rowid: row.date_added, search_text: d.search_text })))
      .execute();
  }
  await db.schema.dropTable('shared_objects').execute(); // and its indexes
  await db.schema.alterTable('shared_objects_0004').renameTo('shared_objects').execute();
  // 0003's indexes, as they were
  await db.schema.createIndex('shared_objects_version_unique').on('shared_objects').columns(['stix_id', 'version_key']).unique().execute();
  await db.schema.createIndex('shared_objects_type_added').on('shared_objects').columns(['type', 'date_added']).execute();
  await db.schema.createIndex('shared_objects_provider_added').on('shared_objects').columns(['provider_org_id', 'date_added']).execute();
}

async function postgresSharedObjects(db: AnyDb): Promise<void> {
  await sql`ALTER TABLE shared_objects ADD COLUMN info_type text COLLATE "C", ADD COLUMN timing text COLLATE "C",
    ADD COLUMN purposes text, ADD COLUMN tiers text, ADD COLUMN search_text text NOT NULL DEFAULT ''`.execute(db);
  for await (const rows of batches(db, 'shared_objects', false)) {
    const d = rows.map(derived);
    const col = <K extends keyof ReturnType<typeof derived>>(k: K) => d.map((x) => x[k]);
    await sql`UPDATE shared_objects o SET info_type = u.info_type, timing = u.timing, purposes = u.purposes, tiers = u.tiers,
        search_text = u.search_text
      FROM unnest(${rows.map((r) => Number(r.date_added))}::bigint[], ${col('info_type')}::text[], ${col('timing')}::text[],
        ${col('purposes')}::text[], ${col('tiers')}::text[], ${col('search_text')}::text[])
        AS u(date_added, info_type, timing, purposes, tiers, search_text)
      WHERE o.date_added = u.date_added`.execute(db);
  }
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX shared_objects_search_trgm ON shared_objects USING gin (search_text gin_trgm_ops)`.execute(db);
}

export function portalMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  return {
    async up(db: AnyDb): Promise<void> {
      if (pg) await postgresSharedObjects(db);
      else await sqliteSharedObjects(db);

      // shared.referencing: the relationships and sightings pointing at an id, newest first
      await db.schema.createIndex('shared_object_endpoints_ref').on('shared_object_endpoints').columns(['ref_id', 'date_added']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
      await db.schema.createIndex('sessions_expires').on('sessions').columns(['expires_at']).execute();

      await db.schema
        .createTable('password_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invite', 'reset')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('password_links_user').on('password_links').columns(['user_id']).execute();
    },
  };
}
