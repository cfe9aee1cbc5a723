/**
 * The in-process event bus (docs/notify.md "The bus only wakes"): the embedded default, when no
 * KYOJO_NATS_URL is configured. Events reach the subscribers of this process only; another
 * process writing to the same store (`kyojo import`) is found by the feed's timer.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { EventBus, ObjectEvent } from './types.js';

const EVENT = 'object';

export class MemoryBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter();
  private closed = false;

  constructor(private readonly log?: Logger) {
    // one feed, the stream hub and tests subscribe; no leak warning for a handful more
    this.emitter.setMaxListeners(0);
  }

  async publish(events: ObjectEvent[]): Promise<void> {
    if (this.closed) return;
    for (const e of events) this.emitter.emit(EVENT, e);
  }

  subscribe(handler: (e: ObjectEvent) => void): () => void {
    const safe = (e: ObjectEvent) => {
      try {
        handler(e);
      } catch (err) {
        // a subscriber's error must not reach the publisher (a route that already committed)
        this.log?.warn({ err }, 'bus: subscriber failed');
      }
    };
    this.emitter.on(EVENT, safe);
    return () => this.emitter.off(EVENT, safe);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
  }
}
