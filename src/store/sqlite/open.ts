/** Open (creating if needed) the embedded SQLite store: one file, WAL, durable commits. */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Store } from '../types.js';
import type { Database, StoreLogger } from '../schema.js';
import { migrateToLatest } from '../migrations/index.js';
import { createIdentityRepository } from '../repos/identity.js';
import { createCollectionRepository, createStatusRepository } from '../repos/collections.js';
import { createSqliteObjectRepository } from './objects.js';

export async function openSqliteStore(file: string, logger?: StoreLogger): Promise<Store> {
  const raw = new BetterSqlite3(file, { timeout: 5000 });
  try {
    raw.pragma('journal_mode = WAL'); // readers never block the writer, and vice versa
    raw.pragma('synchronous = FULL'); // fsync the WAL at each commit: an acknowledged write survives power loss
    raw.pragma('busy_timeout = 5000'); // the CLI may write to the same file while the server runs
    raw.pragma('foreign_keys = ON');
    raw.pragma('cache_size = -65536'); // 64 MiB page cache: the object indexes of a large hub stay hot

    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    // Kysely does not run SQLite migrations in a transaction (it assumes one process).
    // BEGIN IMMEDIATE makes them atomic and lets a second process opening the same
    // file wait for the first to finish rather than both creating the tables.
    raw.exec('BEGIN IMMEDIATE');
    try {
      await migrateToLatest(db, 'sqlite', logger);
      raw.exec('COMMIT');
    } catch (err) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw err;
    }

    // Note: the Kysely repositories below never open transactions. The raw object
    // paths use better-sqlite3 transactions on the same connection, and a Kysely
    // transaction left open across an await would silently nest them.
    return {
      backend: 'sqlite',
      objects: createSqliteObjectRepository(raw),
      collections: createCollectionRepository(db),
      identity: createIdentityRepository(db),
      statuses: createStatusRepository(db),
      async close() {
        await db.destroy(); // closes the better-sqlite3 handle too
      },
    };
  } catch (err) {
    if (raw.open) raw.close();
    throw err;
  }
}
