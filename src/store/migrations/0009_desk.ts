/**
 * The report desk (issue 7): reports, their threads and activity, desk staff grants,
 * recipients, hub settings (the sanitizer's rules) and organizations' sanitizer profiles.
 * Sequences are `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite and identity columns on
 * PostgreSQL, as in 0002. Written against `Kysely<any>`: it must keep meaning what it meant.
 */
import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function deskMigration(dialect: Dialect): Migration {
  const pg = dialect === 'postgres';
  const seq = (c: ColumnDefinitionBuilder) => (pg ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement());
  const seqType = pg ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('desk_staff')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_recipients')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('community_ids', 'text', (c) => c.notNull())
        .addColumn('org_ids', 'text', (c) => c.notNull())
        .addColumn('tlp', 'text', (c) => c.notNull())
        .addColumn('technique_only', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_profiles')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('desk_reports')
        .addColumn('number', seqType, seq)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('consent', 'text', (c) => c.notNull())
        .addColumn('approval', 'text')
        .addColumn('assignee_id', 'text')
        .addColumn('routed', 'text', (c) => c.notNull())
        .addColumn('case_study', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('desk_reports_org').on('desk_reports').columns(['org_id', 'number']).execute();
      await db.schema.createIndex('desk_reports_status').on('desk_reports').columns(['status', 'number']).execute();
      await db.schema
        .createTable('desk_messages')
        .addColumn('seq', seqType, seq)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('desk_messages_report').on('desk_messages').columns(['report_id', 'seq']).execute();
      await db.schema
        .createTable('desk_activity')
        .addColumn('seq', seqType, seq)
        .addColumn('report_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_email', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('desk_activity_report').on('desk_activity').columns(['report_id', 'seq']).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async down(db: Kysely<any>): Promise<void> {
      for (const t of ['desk_activity', 'desk_messages', 'desk_reports', 'desk_profiles', 'desk_settings', 'desk_recipients', 'desk_staff']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
