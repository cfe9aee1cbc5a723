/**
 * The loop both senders share (docs/notify.md "Sending"): claim due outbox messages of one
 * channel (`claimDue`: exclusive, leased, so a crashed sender's claim lapses and another
 * process takes it), hand each to the channel's `deliver` with bounded concurrency, and sleep
 * until woken (the dispatcher of this process queued something) or the poll timer fires
 * (another process queued it, or a retry fell due).
 *
 * `deliver` settles every message it is given (markSent or markFailed); one that throws is put
 * back with a retry, so a bug in rendering cannot lose a message or spin on it.
 */
import type { Logger } from 'pino';
import type { OutboxMessage } from '../store/notify-types.js';
import type { Store as HubStore } from '../store/types.js';
import { parsePayload } from './payload.js';
import { SendRound } from './send-round.js';
import { nextRetryAt, type RetryPolicy } from './schedule.js';

export interface SenderOptions {
  store: HubStore;
  log: Logger;
  channel: 'email' | 'webhook';
  retry: RetryPolicy;
  /** the hub's public address (links in what is sent) */
  baseUrl: string;
  /** messages claimed at once; default 100 */
  claimLimit?: number;
  /** messages in flight at once; default 8 */
  concurrency?: number;
  /** how long a claim holds, ms; default 5 min */
  claimMs?: number;
  /** the poll timer, ms; default 1 s */
  pollMs?: number;
  now?: () => Date;
}

/**
 * What one attempt came to. `skipped`: nothing was left to send (every item withdrawn from the
 * recipient, the subscription gone or disabled); the message is done all the same.
 */
export type Outcome = { ok: true; skipped?: string } | { ok: false; error: string; permanent: boolean };

export abstract class OutboxSender {
  protected readonly store: HubStore;
  protected readonly log: Logger;
  protected readonly now: () => Date;
  private readonly claimLimit: number;
  private readonly concurrency: number;
  private readonly claimMs: number;
  private readonly pollMs: number;
  private stopped = true;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** messages settled since start (sent, retried or failed) */
  readonly counts = { sent: 0, skipped: 0, retried: 0, failed: 0 };

  constructor(protected readonly opts: SenderOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.now = opts.now ?? (() => new Date());
    this.claimLimit = opts.claimLimit ?? 100;
    this.concurrency = opts.concurrency ?? 8;
    this.claimMs = opts.claimMs ?? 5 * 60_000;
    this.pollMs = opts.pollMs ?? 1_000;
  }

  /** Whether the channel can send at all (email without SMTP is paused: messages wait). */
  abstract get paused(): string | null;

  /** One attempt at one claimed message, with what the round read; never throws for a delivery failure. */
  protected abstract attempt(msg: OutboxMessage, round: SendRound): Promise<Outcome>;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      void this.wake();
      this.timer = setTimeout(tick, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.close();
  }

  protected async close(): Promise<void> {}

  /** Claim and send what is due now; resolves when this round (and any asked for meanwhile) is done. */
  wake(): Promise<void> {
    if (this.stopped || this.paused !== null) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.round()) > 0);
        } while (this.again && !this.stopped);
      } catch (e) {
        this.log.error({ err: e, channel: this.opts.channel }, 'outbox: sending round failed (retried on the next wake)');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** One claim; returns how many messages it claimed. */
  private async round(): Promise<number> {
    const now = this.now();
    const claimed = await this.store.notify.claimDue(now.toISOString(), new Date(now.getTime() + this.claimMs).toISOString(), this.claimLimit, this.opts.channel);
    if (claimed.length === 0) return 0;
    const payloads = claimed.map((m) => ({ subscriptionId: m.subscriptionId, items: parsePayload(m.payload)?.items ?? [] }));
    const round = await SendRound.load(this.store, payloads, now, this.opts.baseUrl);
    let next = 0;
    // Sent messages are marked together at the end of the round: one commit per round instead
    // of one per message (the mail rate was bounded by those commits). A crash before the mark
    // resends them with the same Message-ID, as a crash between SMTP and a single mark did.
    const sent: string[] = [];
    const worker = async () => {
      while (next < claimed.length && !this.stopped) await this.settle(claimed[next++]!, round, sent);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, worker));
    } finally {
      if (sent.length > 0) await this.store.notify.markSentMany(sent, this.now().toISOString());
    }
    return claimed.length;
  }

  private async settle(msg: OutboxMessage, round: SendRound, sent: string[]): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.attempt(msg, round);
    } catch (e) {
      outcome = { ok: false, error: `internal error: ${(e as Error).message}`, permanent: false };
      this.log.error({ err: e, message: msg.id }, 'outbox: attempt threw');
    }
    const now = this.now();
    if (outcome.ok) {
      sent.push(msg.id);
      if (outcome.skipped) {
        this.counts.skipped++;
        this.log.info({ message: msg.id, channel: msg.channel, reason: outcome.skipped }, 'outbox: nothing left to send');
      } else this.counts.sent++;
      return;
    }
    const firstDue = parsePayload(msg.payload)?.due ?? msg.createdAt;
    const retryAt = outcome.permanent ? null : nextRetryAt(this.opts.retry, msg.attempts, firstDue, now);
    await this.store.notify.markFailed(msg.id, outcome.error.slice(0, 1000), retryAt?.toISOString() ?? null);
    if (retryAt) this.counts.retried++;
    else this.counts.failed++;
    this.log[retryAt ? 'info' : 'warn']({ message: msg.id, channel: msg.channel, attempts: msg.attempts, error: outcome.error, retryAt }, retryAt ? 'outbox: will retry' : 'outbox: failed for good');
  }
}
