/**
 * An organization's webhooks as its admins manage them: registered by URL, each with a signing
 * secret the hub generates and shows once. The store keeps the secret sealed with the hub key
 * (secret-box.ts); the sender opens it to sign. The secret is the text shown (`whsec_` and 43
 * base64url characters), used as the HMAC-SHA256 key as its UTF-8 bytes.
 *
 * URLs: https, or http to a loopback address (a receiver on the hub's own machine, and tests);
 * no user name or password in them (the list shows URLs to the organization's admins), no fragment.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Webhook } from '../store/notify-types.js';
import type { Store } from '../store/types.js';
import type { HubKey } from './secret-box.js';
import { SubscriptionInputError } from './subscription-input.js';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** localhost, 127.0.0.0/8, ::1 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && (h === '::1' || h === '0:0:0:0:0:0:0:1');
}

/** The URL, normalised; SubscriptionInputError (property `url`) saying what is wrong otherwise. */
export function checkWebhookUrl(raw: unknown): string {
  const refuse = (message: string) => new SubscriptionInputError('The webhook is invalid.', [{ property: 'url', message }]);
  if (typeof raw !== 'string' || raw.trim() === '') throw refuse('is required: the https URL the hub posts to');
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw refuse(`must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw refuse('is not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw refuse('must be an https URL');
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) throw refuse('must be https (plain http only to a loopback address)');
  if (u.username || u.password) throw refuse('must not carry a user name or password; the signature authenticates the hub');
  if (u.hash) throw refuse('must not have a fragment (#…)');
  return u.toString();
}

export class WebhookAdmin {
  constructor(private readonly store: Store, private readonly key: () => HubKey, private readonly now: () => Date = () => new Date()) {}

  list(orgId: string): Promise<Webhook[]> {
    return this.store.notify.listWebhooks(orgId);
  }

  /** Registers the URL; the secret is returned here once and never again. */
  async create(orgId: string, url: unknown): Promise<{ webhook: Webhook; secret: string }> {
    const checked = checkWebhookUrl(url);
    const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
    const webhook: Webhook = {
      id: randomUUID(), orgId, url: checked, secretEncrypted: this.key().seal(secret), createdAt: this.now().toISOString(),
      consecutiveFailures: 0, disabledAt: null, disabledReason: null,
    };
    await this.store.notify.createWebhook(webhook);
    return { webhook, secret };
  }

  /** Removes the organization's webhook; false when it has none by that id. */
  async remove(orgId: string, id: string): Promise<boolean> {
    const w = await this.store.notify.getWebhook(id);
    return w !== undefined && w.orgId === orgId && this.store.notify.deleteWebhook(w.id);
  }
}
