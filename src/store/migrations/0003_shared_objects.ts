/**
 * Hub-wide object versions with their sharing envelope (docs/trust-model.md "Storage"), beside
 * the per-collection `objects` table that today's TAXII routes still use. Written against
 * `Kysely<any>` like 0001: it must keep meaning what it meant.
 *
 * - `shared_objects.date_added` is the primary key, allocated from the same `hub_clock` as
 *   `objects` (one clock for the hub). SQLite: INTEGER PRIMARY KEY, the rowid, so rows are
 *   stored in date_added order. An envelope change re-stamps it (the row moves).
 * - Audience, terms and relationship endpoints are side tables keyed by date_added. No foreign
 *   keys: only the shared repository writes them, always in the same transaction as the row,
 *   and checking them would cost every insert a parent lookup.
 * - Columns the visibility predicate reads come first and the JSON texts last: SQLite reads a
 *   record front to back, and a column behind a JSON text that spilled to overflow pages costs
 *   reading that chain, for every row a page filters. `has_endpoints` lets rows that are not
 *   relationships or sightings skip the endpoint probe.
 * - The audience table carries `type` (immutable for a version) so that a community's
 *   collection filtered by type is one range of (aud_key, type, date_added). It does not carry
 *   is_latest: that flag moves whenever a newer version arrives, and the join to the row that
 *   every page needs anyway (for the JSON and the envelope) checks it.
 * - Side tables are WITHOUT ROWID on SQLite: the primary key is the table, no second B-tree.
 * - PostgreSQL compares the identifier-like columns with the "C" collation, as in 0001.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function sharedObjectsMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const key = pg ? sql`text collate "C"` : sql`text`;
  const micros = pg ? 'bigint' : 'integer';
  const withoutRowid = pg ? sql`` : sql`without rowid`;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('shared_objects')
        .addColumn('date_added', micros, (c) => c.primaryKey())
        .addColumn('stix_id', key, (c) => c.notNull())
        .addColumn('type', key, (c) => c.notNull())
        .addColumn('spec_version', key, (c) => c.notNull())
        .addColumn('version_key', key, (c) => c.notNull())
        .addColumn('is_latest', 'integer', (c) => c.notNull())
        .addColumn('is_first', 'integer', (c) => c.notNull())
        .addColumn('tlp_rank', 'integer', (c) => c.notNull().check(sql`tlp_rank between 0 and 4`))
        .addColumn('min_clearance', 'integer', (c) => c.notNull().check(sql`min_clearance between 0 and 3`))
        .addColumn('has_terms', 'integer', (c) => c.notNull())
        .addColumn('has_endpoints', 'integer', (c) => c.notNull())
        .addColumn('embargo_until_us', 'bigint')
        .addColumn('provider_org_id', key, (c) => c.notNull())
        .addColumn('provider_user_id', key, (c) => c.notNull())
        .addColumn('attribution', 'text', (c) => c.notNull())
        .addColumn('sectors', 'text')
        .addColumn('created', 'text')
        .addColumn('modified', 'text')
        .addColumn('classification', 'text', (c) => c.notNull())
        .addColumn('json_anonymous', 'text')
        .addColumn('json', 'text', (c) => c.notNull())
        .execute();
      // Identity of a version; also match[id], the add() lookup and the endpoint probes.
      await db.schema.createIndex('shared_objects_version_unique').on('shared_objects').columns(['stix_id', 'version_key']).unique().execute();
      // The hub-wide collection of a viewer who sees everything, filtered by type.
      await db.schema.createIndex('shared_objects_type_added').on('shared_objects').columns(['type', 'date_added']).execute();
      // The hub-wide collection of anyone else: its own organization's versions are one range.
      await db.schema.createIndex('shared_objects_provider_added').on('shared_objects').columns(['provider_org_id', 'date_added']).execute();

      await db.schema
        .createTable('shared_object_audience')
        .addColumn('aud_key', key, (c) => c.notNull())
        .addColumn('date_added', micros, (c) => c.notNull())
        .addColumn('type', key, (c) => c.notNull())
        .addPrimaryKeyConstraint('shared_object_audience_pk', ['aud_key', 'date_added'])
        .modifyEnd(withoutRowid)
        .execute();
      await db.schema.createIndex('shared_object_audience_type').on('shared_object_audience').columns(['aud_key', 'type', 'date_added']).execute();
      // Deleting or re-stamping a version finds its audience rows by date_added.
      await db.schema.createIndex('shared_object_audience_added').on('shared_object_audience').columns(['date_added']).execute();

      await db.schema
        .createTable('shared_object_terms')
        .addColumn('date_added', micros, (c) => c.notNull())
        .addColumn('terms_slug', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('shared_object_terms_pk', ['date_added', 'terms_slug'])
        .modifyEnd(withoutRowid)
        .execute();

      await db.schema
        .createTable('shared_object_endpoints')
        .addColumn('date_added', micros, (c) => c.notNull())
        .addColumn('ref_id', key, (c) => c.notNull())
        .addPrimaryKeyConstraint('shared_object_endpoints_pk', ['date_added', 'ref_id'])
        .modifyEnd(withoutRowid)
        .execute();
    },
  };
}
