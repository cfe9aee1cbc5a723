/**
 * Test helper: a fresh, empty PostgreSQL database per test file, or a reason to skip.
 *
 * The server comes from KYOJO_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test). When it cannot be reached the caller
 * skips, unless KYOJO_REQUIRE_POSTGRES=1, where unreachability is an error: CI sets
 * it so that a missing service fails loudly instead of silently testing less.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl: string = process.env.KYOJO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export const requirePostgres: boolean = process.env.KYOJO_REQUIRE_POSTGRES === '1';

export type FreshPostgres = { url: string; name: string; drop(): Promise<void> } | { skip: string };

/** `url` without its password, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Create `kyojo_test_<random>` and return its URL and a `drop()` (idempotent; it
 * disconnects any clients left open). Returns `{ skip }` if PostgreSQL is unreachable
 * and not required; throws if it is required.
 */
export async function freshPostgresUrl(): Promise<FreshPostgres> {
  const name = `kyojo_test_${randomBytes(6).toString('hex')}`;
  try {
    await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  } catch (err) {
    const reason = `cannot use PostgreSQL at ${shown(testDatabaseUrl)}: ${err instanceof Error ? err.message : String(err)}`;
    if (requirePostgres) throw new Error(`${reason} (KYOJO_REQUIRE_POSTGRES=1)`, { cause: err });
    return { skip: reason };
  }
  const u = new URL(testDatabaseUrl);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
