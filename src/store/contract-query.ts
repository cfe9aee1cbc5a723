/** Contract: objects.query — order, paging, `more`, filters, version selection. */
import { expect, it } from 'vitest';
import { UNVERSIONED_KEY, type ObjectQuery, type ObjectRow, type Store } from './types.js';
import type { ContractContext } from './contract.js';
import { indicator, ipv4, key, malware, refs, seedCollections, ver } from './contract-fixtures.js';

/** Three versions of indicator 1 (keys 1,2,3), one of indicator 2 (spec 2.0), malware 1 (keys 1,2). */
async function versioned(store: Store): Promise<string> {
  const [col] = (await seedCollections(store)) as [string];
  await store.objects.add(col, [ver(indicator(1), key(2)), ver(malware(1), key(1))]);
  await store.objects.add(col, [ver(indicator(2), key(1), { specVersion: '2.0' }), ver(indicator(1), key(1))]);
  await store.objects.add(col, [ver(indicator(1), key(3)), ver(malware(1), key(2))]);
  return col;
}

export function queryContract(ctx: ContractContext): void {
  const q = async (query: ObjectQuery): Promise<string[]> => refs((await ctx.store.objects.query(query)).rows);

  it('returns rows in dateAdded order, pages with addedAfter, and reports more exactly', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    // interleave types and ids so dateAdded order differs from id order
    for (let i = 0; i < 25; i++) await ctx.store.objects.add(col, [ver(i % 2 ? malware(25 - i) : indicator(25 - i), key(1))]);
    const pages: ObjectRow[][] = [];
    const mores: boolean[] = [];
    let after: number | undefined;
    for (let more = true; more; ) {
      const page = await ctx.store.objects.query({ collectionId: col, addedAfter: after, limit: 10 });
      pages.push(page.rows);
      mores.push(page.more);
      more = page.more;
      after = page.rows[page.rows.length - 1]?.dateAdded;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(mores).toEqual([true, true, false]);
    const all = pages.flat();
    expect(all.map((r) => r.dateAdded)).toEqual([...all.map((r) => r.dateAdded)].sort((a, b) => a - b));
    expect(all[0]?.id).toBe(indicator(25));
    // a limit that ends exactly at the last row: nothing more
    const exact = await ctx.store.objects.query({ collectionId: col, addedAfter: pages[0]?.[9]?.dateAdded, limit: 15 });
    expect([exact.rows.length, exact.more]).toEqual([15, false]);
  });

  it('treats addedAfter as strict and limit 0 as a probe for more', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const [a, b] = await ctx.store.objects.add(col, [ver(indicator(1), key(1)), ver(indicator(2), key(1))]);
    expect(await q({ collectionId: col, addedAfter: a?.dateAdded, limit: 10 })).toEqual([`${indicator(2)}@${key(1)}`]);
    expect(await q({ collectionId: col, addedAfter: b?.dateAdded, limit: 10 })).toEqual([]);
    expect(await ctx.store.objects.query({ collectionId: col, limit: 0 })).toEqual({ rows: [], more: true });
    expect(await ctx.store.objects.query({ collectionId: col, addedAfter: b?.dateAdded, limit: 0 })).toEqual({ rows: [], more: false });
    await expect(ctx.store.objects.query({ collectionId: col, limit: -1 })).rejects.toThrow(RangeError);
  });

  it('keeps collections apart', async () => {
    const [c1, c2] = (await seedCollections(ctx.store, 2)) as [string, string];
    await ctx.store.objects.add(c1, [ver(indicator(1), key(1))]);
    await ctx.store.objects.add(c2, [ver(indicator(1), key(2)), ver(indicator(2), key(1))]);
    expect(await q({ collectionId: c1, versions: { all: true }, limit: 10 })).toEqual([`${indicator(1)}@${key(1)}`]);
    expect(await q({ collectionId: c2, limit: 10 })).toEqual([`${indicator(1)}@${key(2)}`, `${indicator(2)}@${key(1)}`]);
  });

  it('filters by types, ids and spec versions; an empty list matches nothing', async () => {
    const col = await versioned(ctx.store);
    expect(await q({ collectionId: col, types: ['malware'], limit: 10 })).toEqual([`${malware(1)}@${key(2)}`]);
    expect(await q({ collectionId: col, types: ['malware', 'indicator'], limit: 10 })).toEqual([
      `${indicator(2)}@${key(1)}`,
      `${indicator(1)}@${key(3)}`,
      `${malware(1)}@${key(2)}`,
    ]);
    expect(await q({ collectionId: col, ids: [indicator(1)], versions: { all: true }, limit: 10 })).toEqual([
      `${indicator(1)}@${key(2)}`,
      `${indicator(1)}@${key(1)}`,
      `${indicator(1)}@${key(3)}`,
    ]);
    expect(await q({ collectionId: col, ids: [indicator(2), malware(1)], limit: 10 })).toEqual([`${indicator(2)}@${key(1)}`, `${malware(1)}@${key(2)}`]);
    expect(await q({ collectionId: col, specVersions: ['2.0'], limit: 10 })).toEqual([`${indicator(2)}@${key(1)}`]);
    expect(await q({ collectionId: col, specVersions: ['2.0', '2.1'], types: ['indicator'], limit: 10 })).toHaveLength(2);
    expect(await q({ collectionId: col, types: [], limit: 10 })).toEqual([]);
    expect(await q({ collectionId: col, ids: [], limit: 10 })).toEqual([]);
    expect(await q({ collectionId: col, specVersions: [], limit: 10 })).toEqual([]);
    expect(await q({ collectionId: col, types: ['tool'], limit: 10 })).toEqual([]);
  });

  it('pages through several types as through one filtered list', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const ids = [indicator, malware, (n: number) => `tool--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`];
    for (let i = 0; i < 30; i++) await ctx.store.objects.add(col, [ver((ids[i % 3] as (n: number) => string)(i), key(1))]);
    await ctx.store.objects.add(col, [ver(indicator(0), key(2))]); // moves indicator 0 to the end
    const everything = (await ctx.store.objects.query({ collectionId: col, limit: 100 })).rows;
    const expected = refs(everything.filter((r) => r.type !== 'tool'));
    const got: string[] = [];
    const mores: boolean[] = [];
    let after: number | undefined;
    for (let more = true; more; ) {
      const page = await ctx.store.objects.query({ collectionId: col, types: ['malware', 'indicator', 'malware'], addedAfter: after, limit: 7 });
      got.push(...refs(page.rows));
      mores.push(page.more);
      more = page.more;
      after = page.rows[page.rows.length - 1]?.dateAdded;
    }
    expect(got).toEqual(expected);
    expect(mores).toEqual([true, true, false]);
    expect(got[got.length - 1]).toBe(`${indicator(0)}@${key(2)}`);
  });

  it('selects last by default and for an empty filter, and first, all or exact keys on request', async () => {
    const col = await versioned(ctx.store);
    const last = [`${indicator(2)}@${key(1)}`, `${indicator(1)}@${key(3)}`, `${malware(1)}@${key(2)}`];
    expect(await q({ collectionId: col, limit: 10 })).toEqual(last);
    expect(await q({ collectionId: col, versions: {}, limit: 10 })).toEqual(last);
    expect(await q({ collectionId: col, versions: { last: true }, limit: 10 })).toEqual(last);
    expect(await q({ collectionId: col, versions: { first: true }, limit: 10 })).toEqual([
      `${malware(1)}@${key(1)}`,
      `${indicator(2)}@${key(1)}`,
      `${indicator(1)}@${key(1)}`,
    ]);
    expect(await q({ collectionId: col, versions: { all: true }, limit: 10 })).toHaveLength(6);
    expect(await q({ collectionId: col, versions: { keys: [key(2)] }, limit: 10 })).toEqual([`${indicator(1)}@${key(2)}`, `${malware(1)}@${key(2)}`]);
    expect(await q({ collectionId: col, versions: { keys: [key(7)] }, limit: 10 })).toEqual([]);
  });

  it('combines version terms as a union', async () => {
    const col = await versioned(ctx.store);
    const i1 = { collectionId: col, ids: [indicator(1)], limit: 10 };
    expect(await q({ ...i1, versions: { first: true, last: true } })).toEqual([`${indicator(1)}@${key(1)}`, `${indicator(1)}@${key(3)}`]);
    expect(await q({ ...i1, versions: { last: true, keys: [key(2)] } })).toEqual([`${indicator(1)}@${key(2)}`, `${indicator(1)}@${key(3)}`]);
    expect(await q({ ...i1, versions: { first: true, keys: [key(1), key(2)] } })).toEqual([`${indicator(1)}@${key(2)}`, `${indicator(1)}@${key(1)}`]);
    expect(await q({ ...i1, versions: { all: true, first: true } })).toHaveLength(3);
    // a single-version object is both first and last: returned once
    expect(await q({ collectionId: col, ids: [indicator(2)], versions: { first: true, last: true }, limit: 10 })).toEqual([`${indicator(2)}@${key(1)}`]);
  });

  it('matches an unversioned object by its date_added, the version TAXII reports for it', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    const [u, i] = await ctx.store.objects.add(col, [ver(ipv4(1), UNVERSIONED_KEY), ver(indicator(1), key(1))]);
    const at = [u!.dateAdded];
    expect(await q({ collectionId: col, versions: { dateAdded: at }, limit: 10 })).toEqual([`${ipv4(1)}@`]);
    // a versioned row added at that instant is not selected by it
    expect(await q({ collectionId: col, versions: { dateAdded: [i!.dateAdded] }, limit: 10 })).toEqual([]);
    expect(await q({ collectionId: col, versions: { keys: [key(1)], dateAdded: at }, limit: 10 })).toEqual([`${ipv4(1)}@`, `${indicator(1)}@${key(1)}`]);
    expect(await ctx.store.objects.delete({ collectionId: col, id: ipv4(1), versions: { dateAdded: [u!.dateAdded + 1] } })).toBe(0);
    expect(await ctx.store.objects.delete({ collectionId: col, id: ipv4(1), versions: { dateAdded: at } })).toBe(1);
  });

  it('applies the spec_version filter together with the version filter', async () => {
    const [col] = (await seedCollections(ctx.store)) as [string];
    await ctx.store.objects.add(col, [ver(indicator(1), key(1), { specVersion: '2.0' }), ver(indicator(1), key(2), { specVersion: '2.1' })]);
    expect(await q({ collectionId: col, specVersions: ['2.0'], limit: 10 })).toEqual([]); // the latest is 2.1
    expect(await q({ collectionId: col, specVersions: ['2.0'], versions: { all: true }, limit: 10 })).toEqual([`${indicator(1)}@${key(1)}`]);
    expect(await q({ collectionId: col, specVersions: ['2.1'], limit: 10 })).toEqual([`${indicator(1)}@${key(2)}`]);
  });
}
