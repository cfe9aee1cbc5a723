/** Contract: objects.delete (with flag repair), scan, count, and persistence across reopen. */
import { expect, it } from 'vitest';
import type { ObjectRow, Store } from './types.js';
import type { ContractContext } from './contract.js';
import { expectIncreasing, indicator, key, malware, refs, seedCollections, T0, ver } from './contract-fixtures.js';

async function collect(it: AsyncIterable<ObjectRow[]>): Promise<ObjectRow[][]> {
  const batches: ObjectRow[][] = [];
  for await (const b of it) batches.push(b);
  return batches;
}

/** indicator 1 with versions 1..4 (4 in spec 2.0), indicator 2 with version 1. */
async function seeded(store: Store): Promise<string> {
  const [col] = (await seedCollections(store)) as [string];
  await store.objects.add(col, [ver(indicator(1), key(2)), ver(indicator(1), key(1)), ver(indicator(1), key(3))]);
  await store.objects.add(col, [ver(indicator(1), key(4), { specVersion: '2.0' }), ver(indicator(2), key(1))]);
  return col;
}

export function maintenanceContract(ctx: ContractContext): void {
  const versionsOf = async (col: string, id: string, which: 'first' | 'last' | 'all'): Promise<string[]> =>
    (await ctx.store.objects.query({ collectionId: col, ids: [id], versions: { [which]: true }, limit: 100 })).rows.map((r) => r.versionKey).sort();

  it('deletes every version of an id by default, and only that id', async () => {
    const col = await seeded(ctx.store);
    expect(await ctx.store.objects.delete({ collectionId: col, id: indicator(1) })).toBe(4);
    expect(await ctx.store.objects.delete({ collectionId: col, id: indicator(1), versions: {} })).toBe(0);
    expect(await ctx.store.objects.delete({ collectionId: col, id: malware(9) })).toBe(0);
    expect(refs((await ctx.store.objects.query({ collectionId: col, versions: { all: true }, limit: 10 })).rows)).toEqual([`${indicator(2)}@${key(1)}`]);
  });

  it('moves latest and first to the remaining versions after a delete', async () => {
    const col = await seeded(ctx.store);
    const id = indicator(1);
    expect(await ctx.store.objects.delete({ collectionId: col, id, versions: { last: true } })).toBe(1);
    expect(await versionsOf(col, id, 'last')).toEqual([key(3)]);
    expect(await ctx.store.objects.delete({ collectionId: col, id, versions: { first: true } })).toBe(1);
    expect(await versionsOf(col, id, 'first')).toEqual([key(2)]);
    expect(await versionsOf(col, id, 'all')).toEqual([key(2), key(3)]);
    expect(await ctx.store.objects.delete({ collectionId: col, id, versions: { keys: [key(3)] } })).toBe(1);
    // one version left: it is both first and last
    expect([await versionsOf(col, id, 'first'), await versionsOf(col, id, 'last')]).toEqual([[key(2)], [key(2)]]);
    // deleting a version and posting it again adds it afresh
    const [res] = await ctx.store.objects.add(col, [ver(id, key(3))]);
    expect(res?.outcome).toBe('added');
    expect(await versionsOf(col, id, 'last')).toEqual([key(3)]);
  });

  it('deletes by a union of version terms and by spec version', async () => {
    const col = await seeded(ctx.store);
    const id = indicator(1);
    expect(await ctx.store.objects.delete({ collectionId: col, id, specVersions: ['2.1'], versions: { last: true } })).toBe(0); // latest is 2.0
    expect(await ctx.store.objects.delete({ collectionId: col, id, specVersions: ['2.0'] })).toBe(1);
    expect(await ctx.store.objects.delete({ collectionId: col, id, versions: { first: true, keys: [key(2)] } })).toBe(2);
    expect(await versionsOf(col, id, 'all')).toEqual([key(3)]);
    expect([await versionsOf(col, id, 'first'), await versionsOf(col, id, 'last')]).toEqual([[key(3)], [key(3)]]);
    expect(await versionsOf(col, indicator(2), 'last')).toEqual([key(1)]);
  });

  it('scans latest versions in dateAdded order, in batches of batchSize', async () => {
    const [c1, c2] = (await seedCollections(ctx.store, 2)) as [string, string];
    for (let i = 0; i < 12; i++) await ctx.store.objects.add(i % 3 ? c1 : c2, [ver(i % 2 ? malware(i) : indicator(i), key(1))]);
    await ctx.store.objects.add(c1, [ver(malware(1), key(2)), ver(indicator(2), key(0))]); // a newer and an older version
    const batches = await collect(ctx.store.objects.scan({ batchSize: 5 }));
    expect(batches.map((b) => b.length)).toEqual([5, 5, 2]);
    const rows = batches.flat();
    expect(expectIncreasing(rows.map((r) => r.dateAdded))).toBe(true);
    expect(rows.filter((r) => r.id === malware(1)).map((r) => r.versionKey)).toEqual([key(2)]);
    expect(rows.filter((r) => r.id === indicator(2)).map((r) => r.versionKey)).toEqual([key(1)]);
    expect(rows[rows.length - 1]?.id).toBe(malware(1)); // the new version moved it to the end

    const onlyC2 = (await collect(ctx.store.objects.scan({ collectionIds: [c2] }))).flat();
    expect(onlyC2.map((r) => r.id)).toEqual([indicator(0), malware(3), indicator(6), malware(9)]);
    const malwareBoth = (await collect(ctx.store.objects.scan({ collectionIds: [c1, c2], types: ['malware'], batchSize: 2 }))).flat();
    expect(malwareBoth.map((r) => r.id)).toEqual([malware(3), malware(5), malware(7), malware(9), malware(11), malware(1)]);
    expect(await collect(ctx.store.objects.scan({ collectionIds: [] }))).toEqual([]);
    expect(await collect(ctx.store.objects.scan({ types: ['tool'] }))).toEqual([]);
  });

  it('counts stored versions per collection and in total', async () => {
    const [c1, c2] = (await seedCollections(ctx.store, 2)) as [string, string];
    expect(await ctx.store.objects.count()).toBe(0);
    await ctx.store.objects.add(c1, [ver(indicator(1), key(1)), ver(indicator(1), key(2)), ver(malware(1), key(1))]);
    await ctx.store.objects.add(c2, [ver(indicator(1), key(1))]);
    expect([await ctx.store.objects.count(c1), await ctx.store.objects.count(c2), await ctx.store.objects.count()]).toEqual([3, 1, 4]);
    expect(await ctx.store.objects.count('no-such-collection')).toBe(0);
  });

  it('keeps everything across close and reopen, and dateAdded keeps increasing', async () => {
    const h = ctx.harness;
    const [col] = (await seedCollections(h.store)) as [string];
    await h.store.identity.createOrganization({ id: 'o1', slug: 'acme', name: 'Acme', kind: 'sme', sector: 'ict', country: null, createdAt: T0 });
    await h.store.identity.createUser({ id: 'u1', email: 'a@acme.example', orgId: 'o1', role: 'org-admin', tier: 'manager', passwordHash: null, disabled: false, createdAt: T0 });
    await h.store.identity.createToken({ id: 't1', userId: 'u1', name: 'ci', tokenHash: 'f'.repeat(64), createdAt: T0, lastUsedAt: null, revokedAt: null });
    await h.store.identity.addMember('community-fin-isac', 'o1');
    const added = await h.store.objects.add(col, [ver(indicator(1), key(1)), ver(indicator(1), key(2)), ver(malware(1), key(1))]);
    await h.store.close();

    const again = await h.reopen();
    try {
      expect(again.backend).toBe(h.store.backend);
      expect((await again.identity.getUser({ email: 'a@acme.example' }))?.orgId).toBe('o1');
      expect((await again.identity.findToken('f'.repeat(64)))?.id).toBe('t1');
      expect(await again.identity.communitiesOf('o1')).toEqual(['community-fin-isac']);
      expect((await again.collections.get(col))?.title).toBe('Collection 0');
      const page = await again.objects.query({ collectionId: col, versions: { all: true }, limit: 10 });
      expect(page.rows.map((r) => r.dateAdded)).toEqual(added.map((r) => r.dateAdded));
      expect(refs((await again.objects.query({ collectionId: col, limit: 10 })).rows)).toEqual([`${indicator(1)}@${key(2)}`, `${malware(1)}@${key(1)}`]);
      const [next] = await again.objects.add(col, [ver(indicator(9), key(1))]);
      expect(next?.dateAdded).toBeGreaterThan(Math.max(...added.map((r) => r.dateAdded)));
    } finally {
      await again.close();
    }
  });
}
