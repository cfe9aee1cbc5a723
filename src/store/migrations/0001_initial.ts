/**
 * The initial schema. Written against `Kysely<any>` as Kysely recommends: a migration
 * must keep meaning what it meant when it was written, whatever the current types say.
 *
 * The few dialect differences are deliberate:
 * - On SQLite `objects.date_added` is `INTEGER PRIMARY KEY`, an alias of the rowid, so
 *   rows are stored in date_added order and appends are cheap. On PostgreSQL the
 *   primary key is (collection_id, date_added) and there is deliberately no index
 *   on date_added alone: its perfect heap correlation makes the planner prefer it
 *   for `ORDER BY date_added LIMIT n` and filter everything else, which degrades
 *   to scanning the table tail when the filters are selective. Without it, every
 *   objects query must go through a collection-leading index. Hub-wide uniqueness
 *   of date_added is guaranteed by the hub_clock allocation, not by an index.
 * - PostgreSQL compares the identifier-like text columns of `objects` with the "C"
 *   collation: byte order is what every index lookup here needs, and it is cheaper
 *   than a locale collation. SQLite's default collation is already binary.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function initialMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const key = pg ? sql`text collate "C"` : sql`text`;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('organizations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('country', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('organizations_slug_unique', ['slug'])
        .execute();

      await db.schema
        .createTable('communities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('communities_slug_unique', ['slug'])
        .execute();

      await db.schema
        .createTable('community_members')
        .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('community_members_pk', ['community_id', 'org_id'])
        .execute();
      // communitiesOf(org) is asked on every request's visibility check.
      await db.schema.createIndex('community_members_org').on('community_members').columns(['org_id']).execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('tier', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        // emails are stored lower-cased, so a plain unique constraint is case-insensitive
        .addUniqueConstraint('users_email_unique', ['email'])
        .execute();
      await db.schema.createIndex('users_org').on('users').columns(['org_id']).execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .addUniqueConstraint('api_tokens_hash_unique', ['token_hash'])
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

      await db.schema
        .createTable('collections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('alias', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('collections_community').on('collections').columns(['community_id']).execute();

      let objects = db.schema
        .createTable('objects')
        .addColumn('date_added', pg ? 'bigint' : 'integer', (c) => (pg ? c.notNull() : c.primaryKey()))
        .addColumn('collection_id', key, (c) => c.notNull().references('collections.id'))
        .addColumn('stix_id', key, (c) => c.notNull())
        .addColumn('type', key, (c) => c.notNull())
        .addColumn('spec_version', key, (c) => c.notNull())
        .addColumn('created', 'text')
        .addColumn('modified', 'text')
        .addColumn('version_key', key, (c) => c.notNull())
        .addColumn('is_latest', 'integer', (c) => c.notNull())
        .addColumn('is_first', 'integer', (c) => c.notNull())
        .addColumn('json', 'text', (c) => c.notNull());
      // Paging with match[version]=all (and first, which is rarely selective).
      if (pg) objects = objects.addPrimaryKeyConstraint('objects_pk', ['collection_id', 'date_added']);
      await objects.execute();
      if (!pg) await db.schema.createIndex('objects_coll_added').on('objects').columns(['collection_id', 'date_added']).execute();
      // Identity of a version; also serves match[id], the versions endpoint and the
      // add() lookup of existing versions.
      await db.schema
        .createIndex('objects_version_unique')
        .on('objects')
        .columns(['collection_id', 'stix_id', 'version_key'])
        .unique()
        .execute();
      // match[type] with match[version]=all.
      await db.schema
        .createIndex('objects_coll_type_added')
        .on('objects')
        .columns(['collection_id', 'type', 'date_added'])
        .execute();
      // The default filter is match[version]=last: partial indexes over the latest rows
      // make "collection (+ type) after cursor, first N" a single range scan. Queries
      // must spell the predicate as the literal `is_latest = 1` for planners to use them.
      await db.schema
        .createIndex('objects_latest_coll_added')
        .on('objects')
        .columns(['collection_id', 'date_added'])
        .where(sql<boolean>`is_latest = 1`)
        .execute();
      await db.schema
        .createIndex('objects_latest_coll_type_added')
        .on('objects')
        .columns(['collection_id', 'type', 'date_added'])
        .where(sql<boolean>`is_latest = 1`)
        .execute();

      await db.schema
        .createTable('statuses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('request_timestamp', 'text', (c) => c.notNull())
        .addColumn('total_count', 'integer', (c) => c.notNull())
        .addColumn('successes', 'text', (c) => c.notNull())
        .addColumn('failures', 'text', (c) => c.notNull())
        .addColumn('pendings', 'text', (c) => c.notNull())
        // No foreign key: a status belongs to whoever submitted, and submitters are
        // not necessarily rows of `users` (e.g. a peer hub pushing through federation).
        .addColumn('user_id', 'text', (c) => c.notNull())
        .execute();

      // One row: the last date_added handed out, hub-wide (see objects.add).
      await db.schema
        .createTable('hub_clock')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('last_us', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('hub_clock').values({ id: 1, last_us: 0 }).execute();
    },
  };
}
