/**
 * Keeps PostgreSQL's planner statistics on the given tables (the shared objects and their side
 * tables) roughly current.
 *
 * Autovacuum normally does this, but it can be off (as on some managed or test
 * servers) or lag behind a bulk import. With no or stale statistics PostgreSQL has
 * chosen plans 100-1000x slower for ordinary TAXII queries (e.g. match[version]=
 * first,last sorting a whole collection). So after this process has added about as
 * many rows as autovacuum's default rule would wait for (10% of the table), it runs
 * one ANALYZE in the background. With autovacuum on this is merely redundant.
 */
import type pg from 'pg';
import type { StoreLogger } from '../schema.js';

const MIN_ROWS = 1000;
const SCALE = 0.1;

export interface StatsKeeper {
  /** rows were just written to the tables */
  noteWritten(rows: number): void;
  /** wait for a running ANALYZE (before closing the pool) */
  settle(): Promise<void>;
}

/** `tables`: analyzed together; the first one's size sets the next threshold. */
export function createStatsKeeper(pool: pg.Pool, logger: StoreLogger | undefined, tables: readonly [string, ...string[]]): StatsKeeper {
  const main = tables[0];
  let pending = 0;
  let threshold = MIN_ROWS;
  let running: Promise<void> | undefined;
  let disabled = false;

  const analyze = async (): Promise<void> => {
    await pool.query(`ANALYZE ${tables.join(', ')}`);
    const r = await pool.query<{ n: number }>('SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass', [main]);
    threshold = MIN_ROWS + Math.floor(Math.max(0, r.rows[0]?.n ?? 0) * SCALE);
  };

  return {
    noteWritten(rows) {
      pending += rows;
      if (disabled || running || pending < threshold) return;
      pending = 0;
      running = analyze()
        .catch((err: unknown) => {
          // e.g. the role does not own the table: leave statistics to the DBA
          disabled = true;
          logger?.warn(`store: ANALYZE ${tables.join(', ')} failed, leaving statistics to autovacuum: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          running = undefined;
        });
    },
    async settle() {
      await running;
    },
  };
}
