/**
 * The server's trend watch: computes trends every KYOJO_TRENDS_INTERVAL seconds (default 3600;
 * 0 = off) and publishes their flash notes, announced on the bus so that delivery carries them
 * at once. Runs are never concurrent within a process; replicas agree on note ids and versions.
 */
import type { HubContext } from '../server/context.js';
import { announceStored } from '../notify/bus.js';
import { computeTrends, publishTrends } from './trends.js';

/** The interval in milliseconds from the environment; 0 = off. Throws on a bad value. */
export function trendsIntervalFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.KYOJO_TRENDS_INTERVAL;
  if (raw === undefined || raw.trim() === '') return 3600_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 7 * 86_400 || (n > 0 && n < 10)) {
    throw new Error(`KYOJO_TRENDS_INTERVAL must be 0 (off) or whole seconds from 10 to 604800, got '${raw}'`);
  }
  return n * 1000;
}

/** One run: compute, publish, announce. */
export async function runTrendWatch(ctx: Pick<HubContext, 'store' | 'bus' | 'log'>): Promise<number> {
  const trends = await computeTrends(ctx.store);
  const { published, items } = await publishTrends(ctx.store, trends);
  announceStored(ctx, items);
  if (published.length > 0) ctx.log.info({ trends: trends.length, published: published.length }, 'trends: flash notes published');
  return published.length;
}

/** Starts the periodic watch; the returned function stops it (waiting for a run in progress). */
export function startTrendWatch(ctx: Pick<HubContext, 'store' | 'bus' | 'log'>, intervalMs: number): () => Promise<void> {
  if (intervalMs <= 0) return async () => {};
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = runTrendWatch(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'trends: run failed'))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
