/** Contract: federation peers, cursors, status, lease, provenance, sent and deferred versions (Store.peers). */
import { expect, it } from 'vitest';
import { ConflictError, type Store } from './types.js';
import type { Peer } from './peers-types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

async function seed(store: Store): Promise<void> {
  await store.identity.createCommunity({ id: 'com-fin', slug: 'fin', name: 'Fin', kind: 'isac', sector: 'finance', createdAt: T0 });
  for (const slug of ['peer-a', 'peer-b']) {
    await store.identity.createOrganization({ id: `org-${slug}`, slug, name: slug, kind: 'isac', sector: 'other', country: null, createdAt: T0 });
    await store.identity.createUser({
      id: `user-${slug}`, email: `${slug}@peers.kyojo.invalid`, orgId: `org-${slug}`, role: 'analyst', tier: 'practitioner',
      passwordHash: null, disabled: true, createdAt: T0,
    });
  }
}

const peer = (name: 'a' | 'b', extra: Partial<Peer> = {}): Peer => ({
  id: `peer-id-${name}`, name, url: `https://${name}.example`, apiRoot: '/taxii2/fin/', collections: ['c1', 'c2'],
  direction: 'both', passive: false, communityId: 'com-fin', orgId: `org-peer-${name}`, userId: `user-peer-${name}`, profile: 'kyojo',
  maxTlp: 'green', tlp1: false, asOrgIds: [], caFile: null, credentials: null, createdAt: T0, ...extra,
});

export function peersContract(ctx: ContractContext): void {
  it('creates, gets, lists, finds by organization and removes peers; duplicates are ConflictErrors', async () => {
    const { peers } = ctx.store;
    await seed(ctx.store);
    const a = peer('a', { passive: true, profile: 'standard', tlp1: true, asOrgIds: ['x', 'y'], caFile: '/etc/ca.pem', credentials: 'v1:abc', maxTlp: 'amber' });
    await peers.create(a);
    await peers.create(peer('b'));
    expect(await peers.get({ id: a.id })).toEqual(a);
    expect(await peers.get({ name: 'a' })).toEqual(a);
    expect(await peers.get({ name: 'zz' })).toBeUndefined();
    expect((await peers.list()).map((p) => p.name)).toEqual(['a', 'b']);
    expect((await peers.byOrg('org-peer-b'))?.name).toBe('b');
    expect(await peers.byOrg('org-nobody')).toBeUndefined();
    expect(await peers.orgIds()).toEqual(new Set(['org-peer-a', 'org-peer-b']));
    await expect(peers.create({ ...peer('a'), id: 'other' })).rejects.toThrow(ConflictError);
    await expect(peers.create({ ...peer('b'), id: 'other', name: 'c' })).rejects.toThrow(ConflictError);
    await peers.addProvenance([{ stixId: 'indicator--1', versionKey: 'k', peerId: a.id, receivedAt: T0 }]);
    await peers.markSent(a.id, [{ stixId: 'indicator--1', versionKey: 'k', tlpRank: 1 }]);
    await peers.defer(a.id, [{ stixId: 'indicator--1', versionKey: 'k', dueUs: 5 }]);
    expect(await peers.remove(a.id)).toBe(true);
    expect(await peers.remove(a.id)).toBe(false);
    expect(await peers.get({ id: a.id })).toBeUndefined();
    expect(await peers.provenanceOf('indicator--1', 'k')).toEqual([]);
    expect((await peers.list()).map((p) => p.name)).toEqual(['b']);
  });

  it('keeps cursors and status: pull cursors per collection, push cursor compare-and-set, counts and errors', async () => {
    const { peers } = ctx.store;
    await seed(ctx.store);
    await peers.create(peer('a'));
    const id = 'peer-id-a';
    const s0 = await peers.state(id);
    expect(s0).toMatchObject({ pullCursors: {}, pushCursor: 0, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, pulled: 0, pushed: 0 });
    await peers.setPullCursor(id, 'c1', '2026-01-01T00:00:00.000001Z');
    await peers.setPullCursor(id, 'c2', '2026-01-02T00:00:00Z');
    await peers.setPullCursor(id, 'c1', '2026-01-03T00:00:00Z');
    expect((await peers.state(id))?.pullCursors).toEqual({ c1: '2026-01-03T00:00:00Z', c2: '2026-01-02T00:00:00Z' });
    const big = 1_790_000_000_000_000;
    expect(await peers.advancePushCursor(id, 0, big)).toBe(true);
    expect(await peers.advancePushCursor(id, 0, big + 5)).toBe(false);
    expect((await peers.state(id))?.pushCursor).toBe(big);
    await peers.recordFailure(id, '2026-01-01T00:00:01Z', 'connection refused');
    await peers.recordFailure(id, '2026-01-01T00:00:02Z', 'HTTP 500');
    expect(await peers.state(id)).toMatchObject({ lastError: 'HTTP 500', lastErrorAt: '2026-01-01T00:00:02Z', consecutiveFailures: 2 });
    await peers.recordSuccess(id, '2026-01-01T00:00:03Z', { pulled: 3, refused: 1 }, false);
    await peers.recordSuccess(id, '2026-01-01T00:00:04Z', { pushed: 7, revocations: 2 }, true);
    expect(await peers.state(id)).toMatchObject({
      lastSuccessAt: '2026-01-01T00:00:04Z', caughtUpAt: '2026-01-01T00:00:04Z', lastError: 'HTTP 500', consecutiveFailures: 0,
      pulled: 3, pushed: 7, refused: 1, revocations: 2,
    });
  });

  it('leases a peer to one holder at a time until it expires or is released', async () => {
    const { peers } = ctx.store;
    await seed(ctx.store);
    await peers.create(peer('a'));
    const id = 'peer-id-a';
    expect(await peers.claim(id, 'p1', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')).toBe(true);
    expect(await peers.claim(id, 'p2', '2026-01-01T00:00:30Z', '2026-01-01T00:01:30Z')).toBe(false);
    expect(await peers.claim(id, 'p1', '2026-01-01T00:00:30Z', '2026-01-01T00:01:30Z')).toBe(true);
    expect(await peers.claim(id, 'p2', '2026-01-01T00:01:30Z', '2026-01-01T00:02:30Z')).toBe(true);
    await peers.release(id, 'p1'); // not the holder: nothing happens
    expect(await peers.claim(id, 'p1', '2026-01-01T00:01:40Z', '2026-01-01T00:02:40Z')).toBe(false);
    await peers.release(id, 'p2');
    expect(await peers.claim(id, 'p1', '2026-01-01T00:01:40Z', '2026-01-01T00:02:40Z')).toBe(true);
  });

  it('records provenance once per peer, what each peer was sent (revocations too), and deferred versions', async () => {
    const { peers } = ctx.store;
    await seed(ctx.store);
    await peers.create(peer('a'));
    await peers.create(peer('b'));
    const [a, b] = ['peer-id-a', 'peer-id-b'];
    await peers.addProvenance([
      { stixId: 'indicator--1', versionKey: 'k1', peerId: b, receivedAt: '2026-01-01T00:00:02Z' },
      { stixId: 'indicator--1', versionKey: 'k1', peerId: a, receivedAt: '2026-01-01T00:00:01Z' },
    ]);
    await peers.addProvenance([{ stixId: 'indicator--1', versionKey: 'k1', peerId: a, receivedAt: '2026-01-01T00:00:09Z' }]);
    expect(await peers.provenanceOf('indicator--1', 'k1')).toEqual([
      { stixId: 'indicator--1', versionKey: 'k1', peerId: a, receivedAt: '2026-01-01T00:00:01Z' },
      { stixId: 'indicator--1', versionKey: 'k1', peerId: b, receivedAt: '2026-01-01T00:00:02Z' },
    ]);

    const many = Array.from({ length: 2500 }, (_, i) => ({ stixId: `indicator--${i}`, versionKey: 'k1', tlpRank: 1 }));
    await peers.markSent(a, [...many, { stixId: 'indicator--1', versionKey: 'k2', tlpRank: 0 }]);
    const sent = await peers.sentOf(a, ['indicator--1', 'indicator--2499', 'indicator--9999', 'indicator--1']);
    expect(sent.size).toBe(2);
    expect(sent.get('indicator--1')).toEqual({ stixId: 'indicator--1', versionKey: 'k2', tlpRank: 0, revoked: false });
    expect(sent.get('indicator--2499')).toEqual({ stixId: 'indicator--2499', versionKey: 'k1', tlpRank: 1, revoked: false });
    expect((await peers.sentOf(b, ['indicator--1'])).size).toBe(0);
    await peers.markRevoked(a, 'indicator--1', 'k3', 2);
    expect((await peers.sentOf(a, ['indicator--1'])).get('indicator--1')).toEqual({ stixId: 'indicator--1', versionKey: 'k3', tlpRank: 2, revoked: true });
    await peers.markSent(a, [{ stixId: 'indicator--1', versionKey: 'k4', tlpRank: 1 }]);
    expect((await peers.sentOf(a, ['indicator--1'])).get('indicator--1')?.revoked).toBe(false);

    await peers.defer(a, [
      { stixId: 'indicator--7', versionKey: 'k1', dueUs: 300 },
      { stixId: 'indicator--8', versionKey: 'k1', dueUs: 100 },
      { stixId: 'indicator--9', versionKey: 'k1', dueUs: 200 },
    ]);
    await peers.defer(a, [{ stixId: 'indicator--9', versionKey: 'k1', dueUs: 50 }]);
    expect((await peers.dueDeferred(a, 250, 10)).map((d) => d.stixId)).toEqual(['indicator--9', 'indicator--8']);
    expect(await peers.dueDeferred(b, 1000, 10)).toEqual([]);
    await peers.clearDeferred(a, [{ stixId: 'indicator--9', versionKey: 'k1' }]);
    expect(await peers.dueDeferred(a, 1000, 1)).toEqual([{ stixId: 'indicator--8', versionKey: 'k1', dueUs: 100 }]);
  });

  it('keeps peers and cursors across a reopen', async () => {
    await seed(ctx.store);
    await ctx.store.peers.create(peer('a'));
    await ctx.store.peers.advancePushCursor('peer-id-a', 0, 42);
    await ctx.store.close();
    const again = await ctx.harness.reopen();
    expect((await again.peers.get({ name: 'a' }))?.collections).toEqual(['c1', 'c2']);
    expect((await again.peers.state('peer-id-a'))?.pushCursor).toBe(42);
  });
}
