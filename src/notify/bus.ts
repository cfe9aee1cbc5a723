/**
 * The bus of a process (docs/notify.md): in-process by default, NATS JetStream with
 * KYOJO_NATS_URL; and what the write paths announce on it after their commit.
 */
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { IngestItem } from '../sharing/ingest.js';
import { MemoryBus } from './bus-memory.js';
import { NatsBus } from './bus-nats.js';
import type { EventBus, ObjectEvent } from './types.js';

/** The configured bus; with NATS, fails when the server cannot be reached (a misconfigured replica should not start). */
export async function createBus(config: Pick<HubConfig, 'natsUrl' | 'natsStream'>, log: Logger): Promise<EventBus> {
  if (!config.natsUrl) return new MemoryBus(log);
  try {
    const bus = await NatsBus.connect({ url: config.natsUrl, stream: config.natsStream, log });
    log.info({ stream: config.natsStream }, 'bus: NATS JetStream connected');
    return bus;
  } catch (err) {
    throw new Error(`cannot use NATS JetStream at ${config.natsUrl} (KYOJO_NATS_URL): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** One event per version an ingest stored (added, or replaced by an envelope change or a re-post); nothing for the rest. */
export function eventsOf(items: readonly IngestItem[]): ObjectEvent[] {
  const out: ObjectEvent[] = [];
  for (const it of items) {
    if (!it.ok || (it.outcome !== 'added' && it.outcome !== 'replaced')) continue;
    const sep = it.id.indexOf('--');
    out.push({ dateAdded: it.dateAdded, id: it.id, versionKey: it.versionKey, type: sep > 0 ? it.id.slice(0, sep) : it.id });
  }
  return out;
}

/**
 * After a write path committed: tell every process of the hub. Not awaited by the route (the
 * answer does not wait for NATS); the bus never throws, and a lost event only delays delivery to
 * the next feed poll.
 */
export function announceStored(ctx: { bus: EventBus }, items: readonly IngestItem[]): void {
  const events = eventsOf(items);
  if (events.length > 0) void ctx.bus.publish(events);
}
