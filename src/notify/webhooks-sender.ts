/**
 * Webhook delivery (docs/notify.md "Sending"): claims due webhook messages, re-reads their items
 * through the subscription's predicate now, and POSTs them as JSON `{ "items": [...] }` to the
 * organization's webhook, signed:
 *
 *   Kyojo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * where `body` is the exact request body and `secret` the webhook's secret (sealed at rest
 * with the hub key). `Kyojo-Delivery` carries the outbox id (the same on a retry, so a
 * receiver can drop a repeat). A 2xx answer is success; redirects are not followed (a 3xx is
 * a failure); each attempt times out. Failures retry with backoff, and a webhook that failed
 * `disableAfter` times in a row is disabled with the reason (`recordWebhookResult`); its
 * messages then fail for good.
 */
import { createHmac } from 'node:crypto';
import { versionKeyToTimestamp } from '../stix/timestamps.js';
import type { OutboxMessage } from '../store/notify-types.js';
import type { ItemView } from './items.js';
import { parsePayload } from './payload.js';
import type { SendRound } from './send-round.js';
import { OutboxSender, type Outcome, type SenderOptions } from './sender.js';

export interface WebhookSenderOptions extends Omit<SenderOptions, 'channel'> {
  /** the webhook secret from its sealed form (HubKey.open) */
  unseal(sealed: string): string;
  /** consecutive failures that disable a webhook (KYOJO_WEBHOOK_DISABLE_AFTER) */
  disableAfter: number;
  /** per request, ms; default 10 s */
  timeoutMs?: number;
}

/** The signature header value of `body` sent at `t` (unix seconds). */
export function signatureHeader(secret: string, t: number, body: string): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** One item as a webhook receives it. */
export function webhookItem(i: ItemView): Record<string, unknown> {
  return {
    id: i.id,
    type: i.type,
    version: i.version === '' ? null : versionKeyToTimestamp(i.version),
    date_added: i.date_added,
    tlp: i.tlp,
    classification: i.classification,
    provider: i.provider,
    url: i.url,
    object: i.object,
  };
}

export class WebhookSender extends OutboxSender {
  constructor(private readonly hooks: WebhookSenderOptions) {
    super({ ...hooks, channel: 'webhook' });
  }

  get paused(): string | null {
    return null;
  }

  protected async attempt(msg: OutboxMessage, round: SendRound): Promise<Outcome> {
    const payload = parsePayload(msg.payload);
    if (!payload) return { ok: false, error: 'the message payload is unreadable', permanent: true };
    const hook = await this.store.notify.getWebhook(msg.recipient);
    if (!hook) return { ok: false, error: 'the webhook was deleted', permanent: true };
    if (hook.disabledAt !== null) return { ok: false, error: `the webhook is disabled: ${hook.disabledReason ?? 'no reason recorded'}`, permanent: true };
    const sub = round.subscription(msg.subscriptionId);
    if (!sub) return { ok: true, skipped: 'the subscription is disabled or gone' };
    const who = await round.viewer(sub, round.needsTrust(payload.items));
    if (!who) return { ok: true, skipped: 'the subscriber is disabled or gone' };
    const items = round.items(who.viewer, payload.items, 'webhook');
    if (items.length === 0) return { ok: true, skipped: 'no item is still visible to the subscriber' };

    let secret: string;
    try {
      secret = this.hooks.unseal(hook.secretEncrypted);
    } catch (e) {
      return { ok: false, error: `the webhook secret does not open: ${(e as Error).message}`, permanent: true };
    }
    const body = JSON.stringify({ items: items.map(webhookItem) });
    const t = Math.floor(this.now().getTime() / 1000);
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.hooks.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kyojo-Webhook/1',
          'kyojo-signature': signatureHeader(secret, t, body),
          'kyojo-delivery': msg.id,
        },
        body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : ''}`;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      error = err.name === 'TimeoutError' ? 'timed out' : (err.cause?.code ?? err.cause?.message ?? err.message);
    }
    const reason = error === null ? null : `${this.hooks.disableAfter} deliveries in a row failed; the last: ${error}`;
    const after = await this.store.notify.recordWebhookResult(hook.id, error === null, this.hooks.disableAfter, reason, this.now().toISOString());
    if (error === null) return { ok: true };
    if (after?.disabledAt) {
      this.log.warn({ webhook: hook.id, reason: after.disabledReason }, 'webhook disabled after persistent failure');
      return { ok: false, error: `${error}; the webhook is now disabled`, permanent: true };
    }
    return { ok: false, error, permanent: false };
  }
}
