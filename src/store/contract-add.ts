/** Contract: objects.add — outcomes, date_added allocation, version flags. */
import { expect, it } from 'vitest';
import { UNVERSIONED_KEY } from './types.js';
import type { ContractContext } from './contract.js';
import { expectIncreasing, indicator, ipv4, key, malware, refs, seedCollections, ver } from './contract-fixtures.js';

export function addContract(ctx: ContractContext): void {
  it('adds new versions, answering in input order with strictly increasing dateAdded', async () => {
    const [col] = await seedCollections(ctx.store);
    const input = [ver(malware(1), key(1)), ver(indicator(1), key(1)), ver(indicator(2), key(5)), ver(ipv4(1), UNVERSIONED_KEY)];
    const results = await ctx.store.objects.add(col as string, input);
    expect(results.map((r) => [r.id, r.versionKey, r.outcome])).toEqual(input.map((v) => [v.id, v.versionKey, 'added']));
    expect(expectIncreasing(results.map((r) => r.dateAdded))).toBe(true);
    const page = await ctx.store.objects.query({ collectionId: col as string, versions: { all: true }, limit: 10 });
    // stored exactly as given, with the dateAdded the add reported
    expect(page.rows).toEqual(
      input.map((v, i) => ({
        id: v.id,
        type: v.type,
        specVersion: v.specVersion,
        created: v.created,
        modified: v.modified,
        versionKey: v.versionKey,
        dateAdded: results[i]?.dateAdded,
        json: v.json,
      })),
    );
  });

  it('answers identical for a re-posted version without writing', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const [first] = await ctx.store.objects.add(col, [ver(indicator(1), key(1))]);
    const again = await ctx.store.objects.add(col, [ver(indicator(1), key(1))]);
    expect(again).toEqual([{ id: indicator(1), versionKey: key(1), outcome: 'identical', dateAdded: first?.dateAdded }]);
    expect(await ctx.store.objects.count(col)).toBe(1);
  });

  it('answers conflict for the same version with other content, keeping the stored one', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const original = ver(indicator(1), key(1), { note: 'original' });
    const [first] = await ctx.store.objects.add(col, [original]);
    const [res] = await ctx.store.objects.add(col, [ver(indicator(1), key(1), { note: 'tampered' })]);
    expect(res).toEqual({ id: indicator(1), versionKey: key(1), outcome: 'conflict', dateAdded: first?.dateAdded });
    const page = await ctx.store.objects.query({ collectionId: col, limit: 10 });
    expect(page.rows.map((r) => r.json)).toEqual([original.json]);
  });

  it('replaces an unversioned object re-posted with other content, with a new dateAdded', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const [a] = await ctx.store.objects.add(col, [ver(ipv4(1), UNVERSIONED_KEY, { note: 'v1' })]);
    await ctx.store.objects.add(col, [ver(indicator(1), key(1))]);
    const [b] = await ctx.store.objects.add(col, [ver(ipv4(1), UNVERSIONED_KEY, { note: 'v2' })]);
    expect(b?.outcome).toBe('replaced');
    expect(b?.dateAdded).toBeGreaterThan(a?.dateAdded as number);
    const [c] = await ctx.store.objects.add(col, [ver(ipv4(1), UNVERSIONED_KEY, { note: 'v2' })]);
    expect(c).toEqual({ id: ipv4(1), versionKey: UNVERSIONED_KEY, outcome: 'identical', dateAdded: b?.dateAdded });
    const page = await ctx.store.objects.query({ collectionId: col, versions: { all: true }, limit: 10 });
    // one row, now after the indicator in dateAdded order
    expect(refs(page.rows)).toEqual([`${indicator(1)}@${key(1)}`, `${ipv4(1)}@`]);
    expect(page.rows[1]?.json).toBe(ver(ipv4(1), UNVERSIONED_KEY, { note: 'v2' }).json);
    expect(page.rows[1]?.dateAdded).toBe(b?.dateAdded);
  });

  it('treats duplicates inside one batch as if sent one after another', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const results = await ctx.store.objects.add(col, [
      ver(indicator(1), key(1)),
      ver(indicator(1), key(1)),
      ver(indicator(2), key(1), { note: 'a' }),
      ver(indicator(2), key(1), { note: 'b' }),
      ver(ipv4(1), UNVERSIONED_KEY, { note: 'a' }),
      ver(ipv4(1), UNVERSIONED_KEY, { note: 'b' }),
      ver(ipv4(1), UNVERSIONED_KEY, { note: 'b' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['added', 'identical', 'added', 'conflict', 'added', 'replaced', 'identical']);
    const d = results.map((r) => r.dateAdded);
    expect(d[1]).toBe(d[0]);
    expect(d[3]).toBe(d[2]);
    expect(d[5]).toBeGreaterThan(d[4] as number);
    expect(d[6]).toBe(d[5]);
    const page = await ctx.store.objects.query({ collectionId: col, versions: { all: true }, limit: 10 });
    expect(page.rows.map((r) => [r.id, r.json, r.dateAdded])).toEqual([
      [indicator(1), ver(indicator(1), key(1)).json, d[0]],
      [indicator(2), ver(indicator(2), key(1), { note: 'a' }).json, d[2]],
      [ipv4(1), ver(ipv4(1), UNVERSIONED_KEY, { note: 'b' }).json, d[5]],
    ]);
  });

  it('hands out dateAdded strictly increasing across collections and calls', async () => {
    const cols = await seedCollections(ctx.store, 3);
    const seen: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [c, col] of cols.entries()) {
        const batch = [0, 1, 2].map((i) => ver(indicator(round * 100 + c * 10 + i), key(1)));
        for (const r of await ctx.store.objects.add(col, batch)) seen.push(r.dateAdded);
      }
    }
    expect(seen).toHaveLength(8 * 3 * 3);
    expect(expectIncreasing(seen)).toBe(true);
    // concurrent calls too: each value unique hub-wide
    const concurrent = await Promise.all(cols.map((col, c) => ctx.store.objects.add(col, [ver(malware(c), key(1)), ver(malware(c + 10), key(1))])));
    const all = [...seen, ...concurrent.flat().map((r) => r.dateAdded)];
    expect(new Set(all).size).toBe(all.length);
    expect(Math.min(...concurrent.flat().map((r) => r.dateAdded))).toBeGreaterThan(Math.max(...seen));
  });

  it('keeps latest and first on the greatest and least version whatever the arrival order', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const last = async () => refs((await ctx.store.objects.query({ collectionId: col, limit: 10 })).rows);
    const first = async () => refs((await ctx.store.objects.query({ collectionId: col, versions: { first: true }, limit: 10 })).rows);
    const id = indicator(1);
    await ctx.store.objects.add(col, [ver(id, key(20))]);
    expect([await last(), await first()]).toEqual([[`${id}@${key(20)}`], [`${id}@${key(20)}`]]);
    await ctx.store.objects.add(col, [ver(id, key(10))]); // older version arrives later
    expect([await last(), await first()]).toEqual([[`${id}@${key(20)}`], [`${id}@${key(10)}`]]);
    await ctx.store.objects.add(col, [ver(id, key(30))]);
    expect([await last(), await first()]).toEqual([[`${id}@${key(30)}`], [`${id}@${key(10)}`]]);
    await ctx.store.objects.add(col, [ver(id, key(15)), ver(id, key(40)), ver(id, key(5)), ver(id, key(35))]);
    expect([await last(), await first()]).toEqual([[`${id}@${key(40)}`], [`${id}@${key(5)}`]]);
    expect(await ctx.store.objects.count(col)).toBe(7);
  });

  it('stores a large batch in one call', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const batch = Array.from({ length: 2500 }, (_, i) => ver(indicator(i), key(i % 50)));
    const results = await ctx.store.objects.add(col, batch);
    expect(results.filter((r) => r.outcome === 'added')).toHaveLength(2500);
    expect(new Set(results.map((r) => r.dateAdded)).size).toBe(2500);
    const again = await ctx.store.objects.add(col, batch);
    expect(again.every((r, i) => r.outcome === 'identical' && r.dateAdded === results[i]?.dateAdded)).toBe(true);
    expect(await ctx.store.objects.count(col)).toBe(2500);
  });

  it('returns nothing for an empty batch, and fails whole for an unknown collection', async () => {
    await seedCollections(ctx.store);
    expect(await ctx.store.objects.add('no-such-collection', [])).toEqual([]);
    await expect(ctx.store.objects.add('no-such-collection', [ver(indicator(1), key(1))])).rejects.toThrow();
    expect(await ctx.store.objects.count()).toBe(0);
  });
}
