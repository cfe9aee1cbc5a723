/**
 * Supplier assessments (issue 9, docs/supply-chain.md). Written against `Kysely<any>` like the
 * other migrations: it must keep meaning what it meant.
 *
 * - `supply_requests`: a buyer's request to a supplier (by email; the supplier organization is
 *   filled in once known). At most one open request per buyer and email (partial unique index).
 * - `supply_assessments`: a supplier's answers at a level; the result is frozen at submission.
 * - `supply_shares`: the supplier's consent, one row per audience (`o:<orgId>` or `customers`);
 *   revoking deletes the row, so every read after it no longer finds it.
 * - `supply_evidence`: the label (question, kind) of each evidence attachment.
 * - `supply_notices`: one row per email sent (invitation, reminders), claimed before sending, so
 *   several replicas never send the same one twice.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function supplyMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('supply_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('buyer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('supplier_email', 'text', (c) => c.notNull())
        .addColumn('supplier_org_id', 'text', (c) => c.references('organizations.id'))
        .addColumn('questionnaire_id', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('tier', 'integer', (c) => c.notNull())
        .addColumn('relationship', 'text')
        .addColumn('message', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'declined', 'withdrawn')`))
        .addColumn('decline_reason', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('supply_requests_buyer').on('supply_requests').columns(['buyer_org_id']).execute();
      await db.schema.createIndex('supply_requests_supplier').on('supply_requests').columns(['supplier_org_id']).execute();
      await db.schema.createIndex('supply_requests_email').on('supply_requests').columns(['supplier_email']).execute();
      await db.schema
        .createIndex('supply_requests_one_open')
        .on('supply_requests')
        .columns(['buyer_org_id', 'supplier_email'])
        .unique()
        .where(sql.ref('status'), '=', 'open')
        .execute();

      await db.schema
        .createTable('supply_assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('supplier_org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('questionnaire_id', 'text', (c) => c.notNull())
        .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.references('supply_requests.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('confirmation', 'text')
        .addColumn('level_reached', 'text')
        .addColumn('result', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema.createIndex('supply_assessments_supplier').on('supply_assessments').columns(['supplier_org_id']).execute();
      await db.schema.createIndex('supply_assessments_request').on('supply_assessments').columns(['request_id']).execute();
      await db.schema.createIndex('supply_assessments_expires').on('supply_assessments').columns(['expires_at']).execute();

      await db.schema
        .createTable('supply_shares')
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('supply_assessments.id').onDelete('cascade'))
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('supply_shares_pk', ['assessment_id', 'audience'])
        .execute();

      await db.schema
        .createTable('supply_evidence')
        .addColumn('attachment_id', 'text', (c) => c.primaryKey())
        .addColumn('assessment_id', 'text', (c) => c.notNull().references('supply_assessments.id').onDelete('cascade'))
        .addColumn('question_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('supply_evidence_assessment').on('supply_evidence').columns(['assessment_id']).execute();

      await db.schema
        .createTable('supply_notices')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
