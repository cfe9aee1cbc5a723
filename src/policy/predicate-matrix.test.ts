/**
 * The store's visibility SQL, on both backends, equals the reference rule (mayView +
 * relationshipVisible) over generated hubs (predicate-matrix.ts), for shared.query and the
 * portal's shared.search, countByInfoType and referencing. Fixed seed; 50 scenarios
 * here, 500 with KYOJO_DEEP=1 (npm run test:deep).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.js';
import { freshPostgresUrl } from '../store/postgres/test-db.js';
import type { Store } from '../store/types.js';
import { runScenario } from './predicate-matrix.js';

const SEED = 20_261_126;
const RUNS = process.env.KYOJO_DEEP === '1' ? 500 : 50;
const TIMEOUT = RUNS * 6_000;

async function matrix(store: Store): Promise<void> {
  let shown = 0;
  let hidden = 0;
  let searchShown = 0;
  let searchHidden = 0;
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const r = await runScenario(store, g);
      shown += r.shown;
      hidden += r.hidden;
      searchShown += r.searchShown;
      searchHidden += r.searchHidden;
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  // not vacuous: many rows had to be shown, and many in scope had to be hidden
  expect(Math.min(shown, hidden)).toBeGreaterThan(RUNS * 10);
  // the same for search: many matching latest versions shown, many withheld
  expect(Math.min(searchShown, searchHidden)).toBeGreaterThan(RUNS * 2);
}

describe('visibility matrix: SQLite equals mayView', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kyojo-matrix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${RUNS} generated hubs, every scope, paged`, async () => {
    const store = await openStore({ dataDir: dir });
    try {
      await matrix(store);
    } finally {
      await store.close();
    }
  }, TIMEOUT);
});

const pg = await freshPostgresUrl();
describe.skipIf('skip' in pg)('visibility matrix: PostgreSQL equals mayView', () => {
  afterAll(async () => {
    if (!('skip' in pg)) await pg.drop();
  });

  it(`${RUNS} generated hubs, every scope, paged`, async () => {
    if ('skip' in pg) return;
    const store = await openStore({ databaseUrl: pg.url });
    try {
      await matrix(store);
    } finally {
      await store.close();
    }
  }, TIMEOUT);
});
