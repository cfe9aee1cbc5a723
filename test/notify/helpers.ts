/** Shared by the delivery tests: publishing, subscribing, and waiting until delivery has settled. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { DISPATCH } from '../../src/notify/dispatcher.js';
import { SYSTEM_PREDICATE } from '../../src/notify/feed.js';
import type { Subscription, SubscriptionFilters } from '../../src/store/notify-types.js';
import type { TestHub, UserKey } from '../support/hub.js';
import { eventually } from '../support/smtp-sink.js';

export const NO_FILTERS: SubscriptionFilters = { infoTypes: [], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [] };

/** A malware object whose name carries `tag` (subscriptions filter on it as a keyword). */
export function malwareNamed(tag: string, label = 'loader') {
  return {
    type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    name: `${tag} ${label}`, description: `About ${tag}: <script>alert(1)</script>`, is_family: false,
  };
}

export interface Published {
  id: string;
  version: string;
}

/** POST /api/v1/shares as `as`; every object must be stored. */
export async function share(hub: TestHub, as: UserKey, objects: Record<string, unknown>[], envelope: Record<string, unknown>): Promise<Published[]> {
  const res = await fetch(`${hub.url}/api/v1/shares`, {
    method: 'POST',
    headers: { authorization: hub.auth(as), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ objects, envelope }),
  });
  const body = (await res.json()) as { stored: { id: string; version: string; outcome: string }[]; refused: unknown[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.refused, JSON.stringify(body)).toEqual([]);
  return body.stored.map((s) => ({ id: s.id, version: s.version }));
}

export const flash = (info = 'threat', channels?: string[]) => ({ info_type: info, timing: 'flash', purpose: ['detection'], ...(channels ? { channels } : {}) });
export const routine = (info = 'threat') => ({ info_type: info, timing: 'routine', purpose: ['detection'] });

/** A subscription stored directly (as the subscriptions API would store it). */
export async function subscribe(hub: TestHub, who: { user: UserKey } | { org: string; email?: string | null }, over: Partial<Subscription> = {}): Promise<Subscription> {
  const store = hub.ctx.store;
  const user = 'user' in who ? hub.users[who.user] : null;
  const org = user ? user.orgId : (await store.identity.getOrganization({ slug: (who as { org: string }).org }))!.id;
  const sub: Subscription = {
    id: randomUUID(), owner: user ? 'user' : 'organization', userId: user?.id ?? null, orgId: org, name: 'Test subscription',
    filters: NO_FILTERS, delivery: 'immediate', channels: ['email'], webhookId: null,
    email: user ? null : ((who as { email?: string | null }).email ?? null), language: 'en', createdAt: new Date().toISOString(), disabledAt: null,
    ...over,
  };
  await store.notify.createSubscription(sub);
  return sub;
}

/** The latest date_added of a stored object. */
export async function dateAddedOf(hub: TestHub, id: string): Promise<number> {
  const page = await hub.ctx.store.shared.query({ scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, ids: [id], versions: { all: true }, limit: 100 });
  return Math.max(...page.rows.map((r) => r.dateAdded));
}

/** Waits until the dispatcher walked past `ids` and nothing is pending or being sent. */
export async function settled(hub: TestHub, ids: string[], timeoutMs = 60_000): Promise<void> {
  const last = Math.max(...(await Promise.all(ids.map((id) => dateAddedOf(hub, id)))));
  await eventually('the dispatcher to pass the items', async () => (await hub.ctx.store.notify.getCursor(DISPATCH)) >= last, timeoutMs);
  await eventually('the outbox to drain', async () => {
    const c = await hub.ctx.store.notify.countByStatus();
    return c.pending === 0 && c.sending === 0;
  }, timeoutMs);
}
