/**
 * Attachments (report-desk logs and samples, supplier evidence): bytes stored whole in the
 * database next to their SHA-256, so a backup of the store is a backup of the evidence and an
 * acknowledged upload survives a crash like any other write. Written against `Kysely<any>`
 * like 0001: it must keep meaning what it meant.
 */
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function attachmentsMigration(dialect: Dialect): Migration {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('declared_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', bytes, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_scope').on('attachments').columns(['scope', 'created_at']).execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('attachments').execute();
    },
  };
}
