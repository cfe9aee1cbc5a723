/**
 * Delivery wired together (docs/notify.md): the dispatcher and the two senders of one process,
 * started with the server and stopped on close. The hub's feed (ctx.feed) wakes the dispatcher
 * after every write; it also polls, for what no event announced. The dispatcher wakes this process's senders
 * when it queued something; the senders also poll, for what other processes queued and retries.
 */
import { baseUrlOf } from '../config.js';
import type { HubContext } from '../server/context.js';
import type { OutboxStatus } from '../store/notify-types.js';
import { Dispatcher } from './dispatcher.js';
import { Mailer, type SmtpSettings } from './mailer.js';
import { DEFAULT_RETRY, type RetryPolicy } from './schedule.js';
import { hubKeyFor } from './secret-box.js';
import type { Feed } from './types.js';
import { WebhookSender } from './webhooks-sender.js';

export interface DeliveryOptions {
  /** what wakes the dispatcher at once; default the hub's feed (ctx.feed); the dispatcher also polls every 2 s */
  feed?: Feed;
  /** retry backoff (tests shorten it); default 1 min doubling to 6 h, given up after 24 h */
  retry?: RetryPolicy;
  /** the senders' poll timer, ms; default 1 s */
  pollMs?: number;
  /** the dispatcher's poll timer, ms; default 2 s */
  dispatchPollMs?: number;
  /** the dispatch lease, ms; default 30 s */
  leaseMs?: number;
  /** TLS options of the SMTP connection (e.g. a private CA in tests) */
  smtpTls?: SmtpSettings['tls'];
  /** webhook request timeout, ms; default 10 s */
  webhookTimeoutMs?: number;
  /** the hub's address in links; default baseUrlOf(config) (KYOJO_PUBLIC_URL, else the listening address) */
  baseUrl?: string;
}

export interface DeliveryStatus {
  email: { state: 'active' | 'paused'; detail: string | null };
  webhook: { state: 'active' };
  outbox: Record<OutboxStatus, number>;
}

export interface Delivery {
  dispatcher: Dispatcher;
  mailer: Mailer;
  webhooks: WebhookSender;
  /** the channels' states and the outbox's counts, for operators */
  status(): Promise<DeliveryStatus>;
  stop(): Promise<void>;
}

/** The From of delivery email: KYOJO_SMTP_FROM, else `Kyojo <kyojo@HOST>` (HOST of the public URL). */
export function defaultFrom(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return `Kyojo <kyojo@${/[a-z]/i.test(host) && !host.includes(':') ? host : 'localhost'}>`;
}

export function startDelivery(ctx: HubContext, opts: DeliveryOptions = {}): Delivery {
  const { config, store, log } = ctx;
  const baseUrl = opts.baseUrl ?? baseUrlOf(config);
  const key = hubKeyFor(config);
  const retry = opts.retry ?? DEFAULT_RETRY;
  const smtp: SmtpSettings | null = config.smtpUrl
    ? { url: config.smtpUrl, from: config.smtpFrom ?? defaultFrom(baseUrl), requireTls: config.smtpRequireTls, ...(opts.smtpTls ? { tls: opts.smtpTls } : {}) }
    : null;
  const mailer = new Mailer({
    store, log, retry, smtp, baseUrl,
    unsubscribeUrl: (id) => `${baseUrl}/api/v1/unsubscribe/${key.unsubscribeToken(id)}`,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
  });
  const webhooks = new WebhookSender({
    store, log, retry, baseUrl,
    unseal: (sealed) => key.open(sealed),
    disableAfter: config.webhookDisableAfter,
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(opts.webhookTimeoutMs ? { timeoutMs: opts.webhookTimeoutMs } : {}),
  });
  const dispatcher = new Dispatcher({
    store, log,
    coalesceSeconds: config.mailCoalesceSeconds,
    feed: opts.feed ?? ctx.feed,
    ...(opts.dispatchPollMs ? { pollMs: opts.dispatchPollMs } : {}),
    ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}),
    onQueued: (channels) => {
      if (channels.has('email')) void mailer.wake();
      if (channels.has('webhook')) void webhooks.wake();
    },
  });
  if (mailer.paused) log.warn(`email delivery ${mailer.paused}`);
  mailer.start();
  webhooks.start();
  dispatcher.start();
  const delivery: Delivery = {
    dispatcher, mailer, webhooks,
    async status() {
      return {
        email: { state: mailer.paused ? 'paused' : 'active', detail: mailer.paused },
        webhook: { state: 'active' },
        outbox: await store.notify.countByStatus(),
      };
    },
    async stop() {
      await dispatcher.stop();
      await Promise.all([mailer.stop(), webhooks.stop()]);
    },
  };
  return delivery;
}
