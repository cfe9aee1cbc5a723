/**
 * Contract: delivery storage (Store.notify) — subscriptions, webhooks and leases here; the
 * outbox, its cursor and concurrent claims in contract-notify-outbox.ts.
 */
import { expect, it } from 'vitest';
import { ConflictError, type Store } from './types.js';
import type { Subscription, Webhook } from './notify-types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

/** 2026-01-01 at `m` minutes past midnight */
export const atMinute = (m: number): string => new Date(Date.parse(T0) + m * 60_000).toISOString();

/** Organizations acme and bank; users alice and carol (acme), bob (bank). */
export async function seedNotify(store: Store): Promise<void> {
  for (const slug of ['acme', 'bank']) {
    await store.identity.createOrganization({ id: `org-${slug}`, slug, name: slug, kind: 'company', sector: 'finance', country: 'JP', createdAt: T0 });
  }
  for (const [name, org] of [['alice', 'acme'], ['carol', 'acme'], ['bob', 'bank']] as const) {
    await store.identity.createUser({
      id: `user-${name}`, email: `${name}@${org}.example`, orgId: `org-${org}`, role: 'analyst', tier: 'practitioner',
      passwordHash: null, disabled: false, createdAt: T0,
    });
  }
}

const NO_FILTERS = { infoTypes: [], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [] };

export const subscription = (id: string, extra: Partial<Subscription> = {}): Subscription => ({
  id, owner: 'user', userId: 'user-alice', orgId: 'org-acme', name: `subscription ${id}`, filters: { ...NO_FILTERS },
  delivery: 'immediate', channels: ['email'], webhookId: null, email: null, language: 'ja', createdAt: T0, disabledAt: null, ...extra,
});

const webhook = (id: string, extra: Partial<Webhook> = {}): Webhook => ({
  id, orgId: 'org-acme', url: `https://hooks.acme.example/${id}`, secretEncrypted: `v1.sealed-${id}`, createdAt: T0,
  consecutiveFailures: 0, disabledAt: null, disabledReason: null, ...extra,
});

export function notifyContract(ctx: ContractContext): void {
  it('creates, reads, lists, updates and deletes subscriptions, filters and channels round-tripping', async () => {
    const { notify } = ctx.store;
    await seedNotify(ctx.store);
    const filters = {
      infoTypes: ['threat', 'vulnerability'], purposes: ['detection'], tiers: ['practitioner'], timings: ['flash'],
      communities: ['community-1', 'community-2'], sectors: ['finance'], types: ['indicator', 'malware'], tlps: ['green', 'amber+strict'],
      keywords: ['emotet', '日本語 の 語', 'a"quote\'s'],
    };
    const mine = subscription('s-1', { filters, channels: ['email', 'stream'], language: 'en', createdAt: atMinute(1) });
    await notify.createWebhook(webhook('w-1'));
    const team = subscription('s-2', {
      owner: 'organization', userId: null, email: 'soc@acme.example', channels: ['email', 'webhook'], webhookId: 'w-1',
      delivery: 'daily', createdAt: atMinute(2),
    });
    const carols = subscription('s-3', { userId: 'user-carol', delivery: 'weekly', createdAt: atMinute(3) });
    const bobs = subscription('s-4', { userId: 'user-bob', orgId: 'org-bank', createdAt: atMinute(4) });
    for (const s of [mine, team, carols, bobs]) await notify.createSubscription(s);

    expect(await notify.getSubscription('s-1')).toEqual(mine);
    expect(await notify.getSubscription('s-2')).toEqual(team);
    expect(await notify.getSubscription('s-9')).toBeUndefined();
    await expect(notify.createSubscription(subscription('s-1'))).rejects.toThrow(ConflictError);

    const ids = (xs: Subscription[]) => xs.map((s) => s.id);
    expect(ids(await notify.listSubscriptions({ userId: 'user-alice' }))).toEqual(['s-1']);
    expect(ids(await notify.listSubscriptions({ orgId: 'org-acme' }))).toEqual(['s-1', 's-2', 's-3']);
    expect(ids(await notify.listSubscriptions({ orgId: 'org-bank' }))).toEqual(['s-4']);

    // a patch changes what it names only
    const newFilters = { ...filters, keywords: [], tlps: ['red'] };
    expect(await notify.updateSubscription('s-1', { filters: newFilters, delivery: 'weekly', channels: ['stream'], name: 'renamed' })).toBe(true);
    expect(await notify.getSubscription('s-1')).toEqual({ ...mine, filters: newFilters, delivery: 'weekly', channels: ['stream'], name: 'renamed' });
    expect(await notify.updateSubscription('s-1', {})).toBe(true);
    expect(await notify.updateSubscription('s-9', { name: 'x' })).toBe(false);
    expect(await notify.updateSubscription('s-9', {})).toBe(false);

    // disabled: out of the active lists, still listed
    expect(await notify.updateSubscription('s-3', { disabledAt: atMinute(10) })).toBe(true);
    expect((await notify.getSubscription('s-3'))?.disabledAt).toBe(atMinute(10));
    expect(ids(await notify.listSubscriptions({ orgId: 'org-acme', activeOnly: true }))).toEqual(['s-1', 's-2']);
    expect(ids(await notify.activeSubscriptions())).toEqual(['s-1', 's-2', 's-4']);
    expect(await notify.updateSubscription('s-3', { disabledAt: null })).toBe(true);
    expect(ids(await notify.activeSubscriptions())).toEqual(['s-1', 's-2', 's-3', 's-4']);

    expect(await notify.deleteSubscription('s-4')).toBe(true);
    expect(await notify.deleteSubscription('s-4')).toBe(false);
    expect(ids(await notify.activeSubscriptions())).toEqual(['s-1', 's-2', 's-3']);
  });

  it('keeps webhooks: failures counted, disabled after the limit with the reason, success resets the count', async () => {
    const { notify } = ctx.store;
    await seedNotify(ctx.store);
    const w = webhook('w-1');
    await notify.createWebhook(w);
    await notify.createWebhook(webhook('w-2', { createdAt: atMinute(1) }));
    await notify.createWebhook(webhook('w-3', { orgId: 'org-bank' }));
    await expect(notify.createWebhook(webhook('w-1'))).rejects.toThrow(ConflictError);
    expect(await notify.getWebhook('w-1')).toEqual(w);
    expect(await notify.getWebhook('w-9')).toBeUndefined();
    expect((await notify.listWebhooks('org-acme')).map((x) => x.id)).toEqual(['w-1', 'w-2']);
    expect((await notify.listWebhooks('org-bank')).map((x) => x.id)).toEqual(['w-3']);

    expect(await notify.recordWebhookResult('w-1', false, 3, 'HTTP 500', atMinute(1))).toEqual({ ...w, consecutiveFailures: 1 });
    expect(await notify.recordWebhookResult('w-1', false, 3, 'HTTP 502', atMinute(2))).toEqual({ ...w, consecutiveFailures: 2 });
    expect(await notify.recordWebhookResult('w-1', true, 3, null, atMinute(3))).toEqual({ ...w, consecutiveFailures: 0 });
    for (let i = 1; i <= 2; i++) await notify.recordWebhookResult('w-1', false, 3, `HTTP 50${i}`, atMinute(3 + i));
    const disabled = { ...w, consecutiveFailures: 3, disabledAt: atMinute(6), disabledReason: 'connection refused' };
    expect(await notify.recordWebhookResult('w-1', false, 3, 'connection refused', atMinute(6))).toEqual(disabled);
    // further failures count on, and keep the first reason and time
    expect(await notify.recordWebhookResult('w-1', false, 3, 'timeout', atMinute(7))).toEqual({ ...disabled, consecutiveFailures: 4 });
    // a late success resets the count but does not re-enable it
    expect(await notify.recordWebhookResult('w-1', true, 3, null, atMinute(8))).toEqual({ ...disabled, consecutiveFailures: 0 });
    expect(await notify.getWebhook('w-2')).toEqual(webhook('w-2', { createdAt: atMinute(1) }));
    expect(await notify.recordWebhookResult('w-9', false, 3, 'x', atMinute(1))).toBeUndefined();

    // deleting a webhook leaves the subscriptions that named it without one
    await notify.createSubscription(subscription('s-1', { owner: 'organization', userId: null, channels: ['webhook'], webhookId: 'w-2' }));
    expect(await notify.deleteWebhook('w-2')).toBe(true);
    expect(await notify.deleteWebhook('w-2')).toBe(false);
    expect((await notify.getSubscription('s-1'))?.webhookId).toBeNull();
  });

  it('holds a lease for one holder at a time: taken, renewed, refused, lapsed, released', async () => {
    const { notify } = ctx.store;
    expect(await notify.acquireLease('dispatch', 'a', atMinute(5), atMinute(0))).toBe(true);
    expect(await notify.acquireLease('dispatch', 'b', atMinute(6), atMinute(1))).toBe(false);
    // renewed by its holder
    expect(await notify.acquireLease('dispatch', 'a', atMinute(10), atMinute(4))).toBe(true);
    expect(await notify.acquireLease('dispatch', 'b', atMinute(11), atMinute(6))).toBe(false);
    // another name is another lease
    expect(await notify.acquireLease('digest', 'b', atMinute(11), atMinute(6))).toBe(true);
    // lapsed (until <= now): anyone takes it
    expect(await notify.acquireLease('dispatch', 'b', atMinute(15), atMinute(10))).toBe(true);
    expect(await notify.acquireLease('dispatch', 'a', atMinute(16), atMinute(11))).toBe(false);
    // released by someone else: nothing happens; by its holder: free
    await notify.releaseLease('dispatch', 'a');
    expect(await notify.acquireLease('dispatch', 'a', atMinute(16), atMinute(11))).toBe(false);
    await notify.releaseLease('dispatch', 'b');
    expect(await notify.acquireLease('dispatch', 'a', atMinute(16), atMinute(11))).toBe(true);
  });

  it('gives a free or lapsed lease to exactly one of many concurrent takers, across stores too', async () => {
    const other = await ctx.harness.reopen();
    for (const [round, now] of [[1, 0], [2, 20], [3, 40]] as const) {
      // round 1: free; rounds 2 and 3: the previous round's lease (until now + 10) has lapsed
      const takers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? ctx.store : other)
        .notify.acquireLease('dispatch', `holder-${round}-${i}`, atMinute(now + 10), atMinute(now)));
      const results = await Promise.all(takers);
      expect(results.filter((r) => r)).toHaveLength(1);
      const winner = `holder-${round}-${results.indexOf(true)}`;
      expect(await other.notify.acquireLease('dispatch', winner, atMinute(now + 10), atMinute(now + 1))).toBe(true);
      expect(await ctx.store.notify.acquireLease('dispatch', 'late', atMinute(now + 10), atMinute(now + 1))).toBe(false);
    }
  });

}
