/**
 * The moving parts of delivery (docs/notify.md), as interfaces so that the bus, the feed, the
 * dispatcher, the senders and the stream are built and tested apart.
 */
import type { Micros, SharedRow } from '../store/types.js';

/** "A version was stored": what travels on the bus. No content: receivers read the store. */
export interface ObjectEvent {
  dateAdded: Micros;
  id: string;
  versionKey: string;
  type: string;
}

/** In-process by default; NATS JetStream when configured (src/notify/bus-nats.ts). */
export interface EventBus {
  readonly kind: 'memory' | 'nats';
  /** after the store committed; never throws (a lost event only delays delivery to the next feed poll) */
  publish(events: ObjectEvent[]): Promise<void>;
  /** events published through any process of the hub; returns the unsubscribe function */
  subscribe(handler: (e: ObjectEvent) => void): () => void;
  close(): Promise<void>;
}

/** A batch of new versions in date_added order, as the store holds them (all envelopes; not yet filtered). */
export type FeedListener = (rows: SharedRow[]) => void | Promise<void>;

/**
 * Tails the store's hub-wide date_added order from a start cursor, woken by the bus and by a
 * timer; hands every new batch to its listeners in order. One per process.
 */
export interface Feed {
  /** the last date_added handed out */
  readonly cursor: Micros;
  /** listeners get every batch after they subscribe; returns the unsubscribe function */
  onRows(listener: FeedListener): () => void;
  /** ask for a poll now (the bus calls this) */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}
