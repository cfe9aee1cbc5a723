/**
 * Test helper: a reachable NATS server with JetStream, and a stream name of the test's own, or
 * a reason to skip (as src/store/postgres/test-db.ts does for PostgreSQL).
 *
 * The server comes from KYOJO_TEST_NATS_URL (default nats://127.0.0.1:4222). When it cannot be
 * reached the caller skips, unless KYOJO_REQUIRE_NATS=1, where unreachability is an error: CI
 * sets it so that a missing service fails loudly instead of silently testing less.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';

export const testNatsUrl: string = process.env.KYOJO_TEST_NATS_URL || 'nats://127.0.0.1:4222';

export const requireNats: boolean = process.env.KYOJO_REQUIRE_NATS === '1';

export type FreshNats = { url: string; stream: string; drop(): Promise<void> } | { skip: string };

/**
 * A stream name no other test uses (`KYOJO_TEST_<random>`, its subjects apart from every other
 * stream's), with `drop()` deleting the stream. `{ skip }` when NATS (with JetStream) is not
 * reachable and not required; throws when it is required.
 */
export async function freshNatsStream(): Promise<FreshNats> {
  const stream = `KYOJO_TEST_${randomBytes(6).toString('hex').toUpperCase()}`;
  try {
    const nc = await connect({ servers: testNatsUrl, timeout: 3000, reconnect: false });
    try {
      await (await nc.jetstreamManager()).getAccountInfo();
    } finally {
      await nc.close();
    }
  } catch (err) {
    const reason = `cannot use NATS JetStream at ${testNatsUrl}: ${err instanceof Error ? err.message : String(err)}`;
    if (requireNats) throw new Error(`${reason} (KYOJO_REQUIRE_NATS=1)`, { cause: err });
    return { skip: reason };
  }
  let dropped = false;
  return {
    url: testNatsUrl,
    stream,
    async drop() {
      if (dropped) return;
      dropped = true;
      const nc = await connect({ servers: testNatsUrl, timeout: 3000, reconnect: false });
      try {
        await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
      } finally {
        await nc.close();
      }
    },
  };
}
