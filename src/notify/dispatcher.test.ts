/**
 * The dispatcher on a real store (SQLite in a temp directory): exactly once per subscription with
 * two dispatchers racing, catching up after downtime from the durable cursor, nothing mailed
 * from before the very first start, and digests collecting into one open message.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../policy/envelope.js';
import { storedEnvelopeOf } from '../policy/predicate.js';
import { openStore } from '../store/open.js';
import type { OutboxMessage, Subscription } from '../store/notify-types.js';
import type { Store } from '../store/types.js';
import { versionKey } from '../stix/timestamps.js';
import { DISPATCH, Dispatcher } from './dispatcher.js';
import { parsePayload } from './payload.js';

const log = pino({ level: 'silent' });
const iso = () => new Date().toISOString();

describe('dispatcher', () => {
  let dir: string;
  let store: Store;
  let ids: { community: string; provider: string; providerUser: string; member: string; memberUser: string };
  const running: Dispatcher[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kyojo-dispatch-'));
    store = await openStore({ dataDir: dir });
    ids = { community: randomUUID(), provider: randomUUID(), providerUser: randomUUID(), member: randomUUID(), memberUser: randomUUID() };
    await store.identity.createCommunity({ id: ids.community, slug: 'c', name: 'C', kind: 'isac', sector: 'finance', createdAt: iso() });
    for (const [org, user, slug] of [[ids.provider, ids.providerUser, 'p'], [ids.member, ids.memberUser, 'm']] as const) {
      await store.identity.createOrganization({ id: org, slug, name: slug, kind: 'company', sector: 'finance', country: 'JP', createdAt: iso() });
      await store.identity.addMember(ids.community, org);
      await store.identity.createUser({ id: user, email: `${slug}@example.org`, orgId: org, role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: iso() });
    }
  });
  afterEach(async () => {
    for (const d of running.splice(0)) await d.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const dispatcher = (now?: () => Date) => {
    const d = new Dispatcher({ store, log, coalesceSeconds: 60, pollMs: 3_600_000, leaseMs: 60_000, ...(now ? { now } : {}) });
    running.push(d);
    return d;
  };

  async function subscribe(over: Partial<Subscription> = {}): Promise<Subscription> {
    const s: Subscription = {
      id: randomUUID(), owner: 'user', userId: ids.memberUser, orgId: ids.member, name: 's',
      filters: { infoTypes: [], purposes: [], tiers: [], timings: [], communities: [], sectors: [], types: [], tlps: [], keywords: [] },
      delivery: 'immediate', channels: ['email'], webhookId: null, email: null, language: 'en', createdAt: iso(), disabledAt: null, ...over,
    };
    await store.notify.createSubscription(s);
    return s;
  }

  async function add(n: number, timing = 'flash'): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const created = iso();
      const id = `malware--${randomUUID()}`;
      const envelope: Envelope = {
        tlp: 'green', audience: { public: false, communities: [ids.community], organizations: [], users: [] }, minClearance: 0,
        conditions: { terms: [], sectors: [] }, attribution: 'public',
        classification: { purpose: [], infoType: 'threat', tier: [], timing: timing as 'flash', embargoUntil: null, channels: ['email'] },
        providerOrgId: ids.provider, providerUserId: ids.providerUser,
      };
      await store.shared.add([{
        id, type: 'malware', specVersion: '2.1', created, modified: created, versionKey: versionKey(created),
        json: JSON.stringify({ type: 'malware', spec_version: '2.1', id, created, modified: created, name: `m${i}`, is_family: false }),
        jsonAnonymous: null, envelope: storedEnvelopeOf(envelope), endpoints: [],
      }]);
      out.push(id);
    }
    return out;
  }

  /** Every queued message (claimed for inspection). */
  const queued = async (): Promise<OutboxMessage[]> => store.notify.claimDue('9999-12-31T00:00:00.000Z', '9999-12-31T00:00:00.000Z', 100_000, 'email');
  const itemIds = (ms: OutboxMessage[]) => ms.flatMap((m) => parsePayload(m.payload)!.items.map((i) => i.id)).sort();

  it('starts at the newest version on its first start, then queues each new item once, also with two dispatchers racing', async () => {
    await subscribe();
    await add(2); // before the first start: not mailed
    const a = dispatcher();
    const b = dispatcher();
    a.start();
    b.start();
    await Promise.all([a.wake(), b.wake()]);
    const added = await add(5);
    await Promise.all([a.wake(), b.wake(), a.wake(), b.wake()]);
    expect(itemIds(await queued())).toEqual([...added].sort());
  });

  it('catches up from the durable cursor after downtime', async () => {
    await subscribe();
    const a = dispatcher();
    a.start();
    await a.wake();
    const first = await add(2);
    await a.wake();
    await a.stop(); // releases the lease
    const whileDown = await add(3);
    const cursor = await store.notify.getCursor(DISPATCH);
    const b = dispatcher();
    b.start();
    await b.wake();
    expect(await store.notify.getCursor(DISPATCH)).toBeGreaterThan(cursor);
    expect(itemIds(await queued())).toEqual([...first, ...whileDown].sort());
  });

  it('collects a digest subscription\'s items into one message due at the digest time; flash items go at once', async () => {
    await subscribe({ delivery: 'daily', language: 'ja' });
    const at = new Date('2026-11-26T10:00:00.000Z');
    const d = dispatcher(() => at);
    d.start();
    await d.wake();
    const routine1 = await add(1, 'routine');
    await d.wake();
    const routine2 = await add(2, 'routine');
    await d.wake();
    const flash = await add(1, 'flash');
    await d.wake();
    const ms = await queued();
    const digest = ms.filter((m) => parsePayload(m.payload)!.kind === 'digest');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.nextAttemptAt).toBe('2026-11-26T23:00:00.000Z'); // 08:00 in Tokyo
    expect(itemIds(digest)).toEqual([...routine1, ...routine2].sort());
    const now = ms.filter((m) => parsePayload(m.payload)!.kind === 'items');
    expect(itemIds(now)).toEqual(flash);
    expect(now[0]!.nextAttemptAt).toBe(at.toISOString());
  });
});
