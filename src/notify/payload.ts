/**
 * What an outbox message holds (OutboxMessage.payload, JSON): references to item versions, never
 * their content. The sender re-reads each item through the recipient's predicate when it sends,
 * so a version whose envelope was narrowed after queueing is not sent (docs/notify.md).
 *
 * `items` is the array the store's appendToOpen pushes onto (src/store/schema.ts OutboxTable).
 */
import { isObj } from '../stix/checks-core.js';
import type { NotifyChannel } from '../store/notify-types.js';

/** One item of a message: a version, by STIX id and versionKey (kept small: a flash item to 10,000 subscribers is 10,000 payloads). */
export interface OutboxItem {
  /** STIX id */
  id: string;
  /** the version's versionKey */
  version: string;
}

export interface OutboxPayload {
  /** `items`: sent as soon as due; `digest`: the daily or weekly digest due at `digest.to` */
  kind: 'items' | 'digest';
  items: OutboxItem[];
  /** when the message was first due (ISO): retries give up 24 h after it */
  due?: string;
  digest?: { mode: 'daily' | 'weekly'; from: string; to: string };
}

/**
 * The key of one item for one subscription and channel: `<subscription>|<stix id>|<version>`, and
 * `|webhook` after it for the webhook channel (one subscription may deliver an item both ways;
 * keys are unique hub-wide).
 */
export function itemKey(subscriptionId: string, id: string, versionKey: string, channel: Extract<NotifyChannel, 'email' | 'webhook'>): string {
  const key = `${subscriptionId}|${id}|${versionKey}`;
  return channel === 'webhook' ? `${key}|webhook` : key;
}

/** A stored payload back, leaving out any malformed item; null when it is not a payload at all. */
export function parsePayload(text: string): OutboxPayload | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(v) || !Array.isArray(v.items)) return null;
  const items: OutboxItem[] = [];
  for (const i of v.items) {
    if (!isObj(i) || typeof i.id !== 'string' || typeof i.version !== 'string') continue;
    items.push({ id: i.id, version: i.version });
  }
  const d = v.digest;
  const digest: OutboxPayload['digest'] = isObj(d) && (d.mode === 'daily' || d.mode === 'weekly') && typeof d.from === 'string' && typeof d.to === 'string'
    ? { mode: d.mode, from: d.from, to: d.to }
    : undefined;
  const due = typeof v.due === 'string' ? { due: v.due } : {};
  return { kind: v.kind === 'digest' ? 'digest' : 'items', items, ...due, ...(digest ? { digest } : {}) };
}
