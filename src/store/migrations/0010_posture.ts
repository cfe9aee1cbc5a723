/**
 * Organization posture and surveys (issue 9, docs/posture.md). Written against `Kysely<any>`
 * like the other migrations: it must keep meaning what it meant.
 *
 * - `posture_profiles`: one row per organization, its roles and bodies as JSON.
 * - `posture_declarations`: every signed declaration (history; the newest is current).
 * - `posture_assessments`: self-assessments; at most one draft per organization and
 *   questionnaire (partial unique index); answers and the frozen result are JSON.
 * - `board_report_sends`: one row per organization and month, claimed before the monthly
 *   email is sent, so several replicas never send it twice.
 * - `surveys`, `survey_targets` (the organizations it was sent to, fixed when sent) and
 *   `survey_responses` (one per survey and organization).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function postureMigration(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see header comment
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('posture_profiles')
        .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('posture_declarations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('articles_version', 'integer', (c) => c.notNull())
        .addColumn('signer_name', 'text', (c) => c.notNull())
        .addColumn('signer_title', 'text', (c) => c.notNull())
        .addColumn('signer_email', 'text', (c) => c.notNull())
        .addColumn('signer_user_id', 'text', (c) => c.notNull())
        .addColumn('signed_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('posture_declarations_org').on('posture_declarations').columns(['org_id', 'created_at']).execute();

      await db.schema
        .createTable('posture_assessments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('questionnaire_id', 'text', (c) => c.notNull())
        .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('score', 'double precision')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .execute();
      await db.schema.createIndex('posture_assessments_org').on('posture_assessments').columns(['org_id', 'questionnaire_id']).execute();
      await db.schema.createIndex('posture_assessments_questionnaire').on('posture_assessments').columns(['questionnaire_id', 'questionnaire_version', 'status']).execute();
      await db.schema
        .createIndex('posture_assessments_one_draft')
        .on('posture_assessments')
        .columns(['org_id', 'questionnaire_id'])
        .unique()
        .where(sql.ref('status'), '=', 'draft')
        .execute();

      await db.schema
        .createTable('board_report_sends')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('board_report_sends_pk', ['org_id', 'month'])
        .execute();

      await db.schema
        .createTable('surveys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('questionnaire_id', 'text', (c) => c.notNull())
        .addColumn('questionnaire_version', 'integer', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'open', 'closed')`))
        .addColumn('closes_on', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('closed_at', 'text')
        .execute();

      await db.schema
        .createTable('survey_targets')
        .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addPrimaryKeyConstraint('survey_targets_pk', ['survey_id', 'org_id'])
        .execute();
      await db.schema.createIndex('survey_targets_org').on('survey_targets').columns(['org_id']).execute();

      await db.schema
        .createTable('survey_responses')
        .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
        .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted')`))
        .addColumn('answers', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('submitted_by', 'text')
        .addPrimaryKeyConstraint('survey_responses_pk', ['survey_id', 'org_id'])
        .execute();
    },
  };
}
