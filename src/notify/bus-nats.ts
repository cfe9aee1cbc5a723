/**
 * The event bus across replicas (docs/notify.md): NATS JetStream. One stream (default
 * `KYOJO_OBJECTS`, subjects `kyojo.objects.<type>`, file storage, kept a day) that every
 * replica publishes to after a commit, with `Nats-Msg-Id = <date_added>` so a retried publish
 * is stored once (the stream's de-duplication window); every process reads it with its own
 * ordered consumer delivering new messages only. The client reconnects by itself and the
 * ordered consumer resumes after its last message.
 *
 * Events carry no content ({ dateAdded, id, versionKey, type }): receivers read the store through
 * their own predicate. The bus only wakes feeds, so a lost publish delays delivery to the next
 * feed poll and never loses anything; `publish` therefore logs instead of throwing.
 */
import { randomBytes } from 'node:crypto';
import {
  connect, DeliverPolicy, DiscardPolicy, JSONCodec, nanos, RetentionPolicy, StorageType,
  type ConsumerMessages, type JetStreamClient, type NatsConnection, type StreamConfig,
} from 'nats';
import type { Logger } from 'pino';
import type { EventBus, ObjectEvent } from './types.js';

export const DEFAULT_NATS_STREAM = 'KYOJO_OBJECTS';

export interface NatsBusOptions {
  /** e.g. nats://127.0.0.1:4222 (several, comma-separated) */
  url: string;
  log: Logger;
  /** the JetStream stream; default KYOJO_OBJECTS */
  stream?: string;
  /** how long the stream keeps events; default one day */
  maxAgeMs?: number;
  /** the de-duplication window of Nats-Msg-Id; default two minutes */
  duplicateWindowMs?: number;
  /** give up on a publish acknowledgement after this long; default 5 s */
  publishTimeoutMs?: number;
  /** the connection's name on the server's monitoring pages */
  name?: string;
}

/** Subjects of a stream: `kyojo.objects` for the default stream, `kyojo.<name>.objects` for another. */
export function subjectPrefixOf(stream: string): string {
  return stream === DEFAULT_NATS_STREAM ? 'kyojo.objects' : `kyojo.${stream.toLowerCase()}.objects`;
}

/** A NATS subject token from a STIX type (they are [a-z0-9-] already; anything else is replaced). */
const token = (type: string): string => type.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

/** What travels: the event, and which process sent it (so a process does not wake itself twice). */
interface Wire extends ObjectEvent {
  origin: string;
}

const isEvent = (v: unknown): v is Wire => {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.dateAdded === 'number' && typeof o.id === 'string' && typeof o.versionKey === 'string' && typeof o.type === 'string';
};

/** Creates the stream when missing, or brings an existing one to this configuration; safe when replicas race. */
async function ensureStream(nc: NatsConnection, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.add(cfg);
  } catch (err) {
    // 10058: the name is in use with another configuration (older settings, or a racing replica)
    const code = (err as { api_error?: { err_code?: number } }).api_error?.err_code;
    if (code !== 10058) throw err;
    await jsm.streams.update(cfg.name, cfg);
  }
}

export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  private readonly handlers = new Set<(e: ObjectEvent) => void>();
  private readonly origin = randomBytes(8).toString('hex');
  private readonly codec = JSONCodec<Wire>();
  private readonly pending = new Set<Promise<void>>();
  private messages: ConsumerMessages | undefined;
  private consuming: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly prefix: string,
    private readonly opts: NatsBusOptions,
  ) {}

  /** Connects (failing when the server cannot be reached), sets up the stream and starts consuming new events. */
  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    const stream = opts.stream ?? DEFAULT_NATS_STREAM;
    const prefix = subjectPrefixOf(stream);
    const nc = await connect({
      servers: opts.url.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      name: opts.name ?? 'kyojo',
      timeout: 5000,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
    try {
      await ensureStream(nc, {
        name: stream,
        subjects: [`${prefix}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_age: nanos(opts.maxAgeMs ?? 24 * 60 * 60 * 1000),
        duplicate_window: nanos(opts.duplicateWindowMs ?? 2 * 60 * 1000),
      });
      const js = nc.jetstream();
      const bus = new NatsBus(nc, js, prefix, opts);
      await bus.startConsuming(stream);
      return bus;
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  private async startConsuming(stream: string): Promise<void> {
    // an ordered consumer: ephemeral, this process's own, recreated by the client after a reset.
    // One filter as a string (filter_subject): servers before 2.10 do not know filter_subjects.
    const consumer = await this.js.consumers.get(stream, { filterSubjects: `${this.prefix}.>`, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    this.messages = messages;
    this.consuming = (async () => {
      for await (const m of messages) {
        let e: unknown;
        try {
          e = this.codec.decode(m.data);
        } catch {
          continue;
        }
        if (!isEvent(e) || e.origin === this.origin) continue;
        this.deliver({ dateAdded: e.dateAdded, id: e.id, versionKey: e.versionKey, type: e.type });
      }
    })().catch((err: unknown) => {
      if (!this.closed) this.opts.log.error({ err }, 'bus: NATS consumer stopped; feeds fall back to their timer');
    });
    void this.watchStatus();
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect') this.opts.log.warn({ nats: s.type, data: s.data }, `bus: NATS ${s.type}`);
    }
  }

  private deliver(e: ObjectEvent): void {
    for (const h of this.handlers) {
      try {
        h(e);
      } catch (err) {
        this.opts.log.warn({ err }, 'bus: subscriber failed');
      }
    }
  }

  async publish(events: ObjectEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return;
    // this process's subscribers at once, whatever NATS does
    for (const e of events) this.deliver(e);
    const timeout = this.opts.publishTimeoutMs ?? 5000;
    const all = Promise.all(events.map(async (e) => {
      const data = this.codec.encode({ dateAdded: e.dateAdded, id: e.id, versionKey: e.versionKey, type: e.type, origin: this.origin });
      await this.js.publish(`${this.prefix}.${token(e.type)}`, data, { msgID: String(e.dateAdded), timeout });
    })).then(
      () => undefined,
      (err: unknown) => this.opts.log.warn({ err, events: events.length }, 'bus: NATS publish failed; other replicas find the items at their next feed poll'),
    );
    this.pending.add(all);
    try {
      await all;
    } finally {
      this.pending.delete(all);
    }
  }

  subscribe(handler: (e: ObjectEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.pending]);
    this.handlers.clear();
    this.messages?.stop();
    await this.consuming;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
