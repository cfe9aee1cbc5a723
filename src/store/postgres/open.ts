/** Open the PostgreSQL store: a pg Pool shared by Kysely and the raw object paths. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
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
import { createStatsKeeper } from './stats.js';
import { createPostgresSharedRepository } from './shared.js';
import { createPostgresNotifyTransactions } from './notify-tx.js';

const INT8 = pg.types.builtins.INT8;

/**
 * INT8 (date_added, count(*)) as a JS number rather than pg's default string: all
 * values here are below 2^53. Set per pool, not on pg's global parser table, so other
 * pg users in the process are unaffected.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 && format !== 'binary') {
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n)) throw new RangeError(`INT8 value ${value} exceeds 2^53`);
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export async function openPostgresStore(url: string, logger?: StoreLogger): Promise<Store> {
  // jit=off: JIT compilation costs milliseconds and only pays off for long analytic
  // queries; here it would fire on short queries whenever estimates run high.
  const pool = new pg.Pool({ connectionString: url, types, options: '-c jit=off' });
  // An idle connection dropped by the server emits 'error' on the pool; without a
  // listener that would crash the process. The next query simply gets a new one.
  pool.on('error', (err) => logger?.warn(`store: idle PostgreSQL connection error: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Kysely runs PostgreSQL migrations in a transaction under an advisory lock, so
    // replicas starting together apply each migration once.
    await migrateToLatest(db, 'postgres', logger);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  let closed = false;
  // Without statistics PostgreSQL has probed shared_object_endpoints by sequential scan per row.
  const sharedStats = createStatsKeeper(pool, logger, ['shared_objects', 'shared_object_audience', 'shared_object_terms', 'shared_object_endpoints']);
  return {
    backend: 'postgres',
    collections: createCollectionRepository(db),
    identity: createIdentityRepository(db),
    statuses: createStatusRepository(db),
    trust: createTrustRepository(db),
    shared: createPostgresSharedRepository(pool, sharedStats),
    sessions: createSessionRepository(db),
    peers: createPeerRepository(db),
    attachments: createAttachmentRepository(db),
    desk: createDeskRepository(db),
    supply: createSupplyRepository(db),
    posture: createPostureRepository(db),
    surveys: createSurveyRepository(db),
    notify: createNotifyRepository(db, createPostgresNotifyTransactions(db)),
    async close() {
      if (closed) return; // pg's Pool.end() throws when called twice
      closed = true;
      await sharedStats.settle();
      await db.destroy(); // ends the pool
    },
  };
}
