/** Open (creating if needed) the embedded SQLite store: one file, WAL, durable commits. */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Store } from '../types.js';
import type { Database, StoreLogger } from '../schema.js';
import { migrateToLatest } from '../migrations/index.js';
import { createIdentityRepository } from '../repos/identity.js';
import { createTrustRepository } from '../repos/trust.js';
import { createSessionRepository } from '../repos/sessions.js';
import { createPeerRepository } from '../repos/peers.js';
import { createAttachmentRepository } from '../repos/attachments.js';
import { createDeskRepository } from '../repos/desk.js';
import { createSupplyRepository } from '../repos/supply.js';
import { createPostureRepository } from '../repos/posture.js';
import { createSurveyRepository } from '../repos/survey.js';
import { createNotifyRepository } from '../repos/notify.js';
import { createCollectionRepository, createStatusRepository } from '../repos/collections.js';
import { applyConnectionPragmas } from './status-writes.js';
import { SqliteWriterClient } from './writer-client.js';
import { createSqliteSharedRepository } from './shared.js';
import { createSqliteNotifyTransactions } from './notify-tx.js';

/** Per-file queue of in-process openers (see migrateExclusively). */
const migrating = new Map<string, Promise<unknown>>();

/**
 * Kysely does not run SQLite migrations in a transaction (it assumes one process).
 * BEGIN IMMEDIATE makes them atomic and makes a second process opening the same file
 * wait for the first rather than both creating the tables. Within one process that
 * wait would block the event loop the first opener needs to finish, so openers of
 * the same file in this process queue up here first.
 */
async function migrateExclusively(file: string, raw: BetterSqlite3.Database, db: Kysely<Database>, logger?: StoreLogger): Promise<void> {
  const previous = migrating.get(file) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(async () => {
    raw.exec('BEGIN IMMEDIATE');
    try {
      await migrateToLatest(db, 'sqlite', logger);
      raw.exec('COMMIT');
    } catch (err) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw err;
    }
  });
  migrating.set(file, mine);
  try {
    await mine;
  } finally {
    if (migrating.get(file) === mine) migrating.delete(file);
  }
}

export async function openSqliteStore(file: string, logger?: StoreLogger): Promise<Store> {
  const raw = new BetterSqlite3(file, { timeout: 5000 });
  try {
    applyConnectionPragmas(raw);

    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateExclusively(file, raw, db, logger);

    // Note: the Kysely repositories below never open transactions. The raw shared-object
    // paths use better-sqlite3 on the same connection, and a Kysely transaction left open
    // across an await would silently nest them.
    // The outbox's transactions (notify-tx.ts) are synchronous better-sqlite3 ones for that reason.
    // Status and shared-object writes go through one writer thread (see writer-client.ts).
    const writer = new SqliteWriterClient(file);
    const statuses = createStatusRepository(db);
    let closed = false;
    return {
      backend: 'sqlite',
      collections: createCollectionRepository(db),
      identity: createIdentityRepository(db),
      statuses: { ...statuses, save: (s) => writer.call<void>('saveStatus', [s]) },
      trust: createTrustRepository(db),
      shared: createSqliteSharedRepository(raw, writer),
      sessions: createSessionRepository(db),
      peers: createPeerRepository(db),
      attachments: createAttachmentRepository(db),
      desk: createDeskRepository(db),
      supply: createSupplyRepository(db),
      posture: createPostureRepository(db),
      surveys: createSurveyRepository(db),
      notify: createNotifyRepository(db, createSqliteNotifyTransactions(raw)),
      async close() {
        if (closed) return;
        closed = true;
        await writer.close();
        await db.destroy(); // closes the better-sqlite3 handle too
      },
    };
  } catch (err) {
    if (raw.open) raw.close();
    throw err;
  }
}
