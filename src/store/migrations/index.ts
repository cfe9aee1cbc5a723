/**
 * Schema migrations, provided in code (not read from a folder at runtime) so they
 * ship inside the compiled package and are the same for both backends.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database, Dialect, StoreLogger } from '../schema.js';
import { initialMigration } from './0001_initial.js';
import { trustAdminMigration } from './0002_trust_admin.js';
import { sharedObjectsMigration } from './0003_shared_objects.js';
import { portalMigration } from './0004_portal.js';
import { notifyMigration } from './0005_notify.js';
import { federationMigration } from './0007_federation.js';
import { attachmentsMigration } from './0008_attachments.js';
import { deskMigration } from './0009_desk.js';
import { postureMigration } from './0010_posture.js';
import { supplyMigration } from './0011_supply.js';

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    // Names sort in application order; never rename or edit an applied migration.
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001_initial': initialMigration(dialect),
        '0002_trust_admin': trustAdminMigration(dialect),
        '0003_shared_objects': sharedObjectsMigration(dialect),
        '0004_portal': portalMigration(dialect),
        '0005_notify': notifyMigration(dialect),
        '0007_federation': federationMigration(dialect),
        '0008_attachments': attachmentsMigration(dialect),
        '0009_desk': deskMigration(dialect),
        '0010_posture': postureMigration(),
        '0011_supply': supplyMigration(),
      };
    },
  };
}

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, logger?: StoreLogger): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger?.info(`store: applied migration ${r.migrationName}`);
    else if (r.status === 'Error') logger?.warn(`store: migration ${r.migrationName} failed`);
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration ${failed ?? ''} failed: ${reason}`, { cause: error });
  }
}
