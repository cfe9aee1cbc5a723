/**
 * Contract: shared.query — scopes, every TAXII filter and paging, and each part of
 * the visibility predicate compiled to SQL (the generated matrix in
 * src/policy/predicate-matrix.test.ts checks all of them together against mayView).
 */
import { expect, it } from 'vitest';
import { UNVERSIONED_KEY, type SharedQuery, type SharedRow, type VisibilityPredicate } from './types.js';
import type { ContractContext } from './contract.js';
import { indicator, ipv4, key, malware, refs } from './contract-fixtures.js';
import { member, NOW_US, OPERATOR, sver } from './contract-shared.js';

const relationship = (n: number): string => `relationship--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function sharedQueryContract(ctx: ContractContext): void {
  const query = (over: Partial<SharedQuery>) => ctx.store.shared.query({ scope: { kind: 'all' }, predicate: OPERATOR, limit: 100, ...over });
  const q = async (over: Partial<SharedQuery>): Promise<string[]> => refs((await query(over)).rows);
  const ids = async (predicate: VisibilityPredicate, over: Partial<SharedQuery> = {}): Promise<string[]> =>
    (await query({ predicate, ...over })).rows.map((r) => r.id).sort();

  /** Pages of `limit` through the query; asserts `more` is exact. */
  async function pages(over: Partial<SharedQuery>, limit: number): Promise<SharedRow[]> {
    const out: SharedRow[] = [];
    let after: number | undefined;
    for (let more = true; more; ) {
      const page = await query({ ...over, addedAfter: after, limit });
      expect(page.rows.length).toBe(page.more ? limit : page.rows.length);
      out.push(...page.rows);
      more = page.more;
      after = page.rows[page.rows.length - 1]?.dateAdded ?? after;
    }
    return out;
  }

  it('pages in dateAdded order with a strict addedAfter, exact more, and limit 0 as a probe', async () => {
    for (let i = 0; i < 25; i++) await ctx.store.shared.add([sver(i % 2 ? malware(25 - i) : indicator(25 - i), key(1))]);
    const everything = (await query({})).rows;
    for (const scope of [{ kind: 'all' as const }, { kind: 'audience' as const, key: 'c:fin' }]) {
      for (const predicate of [OPERATOR, member()]) {
        const got = await pages({ scope, predicate }, 7);
        expect(refs(got)).toEqual(refs(everything));
      }
    }
    const last = everything[24]?.dateAdded;
    expect(await query({ limit: 0 })).toEqual({ rows: [], more: true });
    expect(await query({ addedAfter: last, limit: 0 })).toEqual({ rows: [], more: false });
    expect(await query({ addedAfter: everything[9]?.dateAdded, limit: 15 })).toMatchObject({ more: false });
    await expect(query({ limit: -1 })).rejects.toThrow(RangeError);
  });

  it('filters by types, ids and spec versions in every scope; an empty list matches nothing', async () => {
    await ctx.store.shared.add([sver(indicator(1), key(1)), sver(malware(1), key(1)), sver(indicator(2), key(1), { specVersion: '2.0' })]);
    await ctx.store.shared.add([sver(indicator(1), key(2)), sver(ipv4(1), UNVERSIONED_KEY)]);
    const last = [`${malware(1)}@${key(1)}`, `${indicator(2)}@${key(1)}`, `${indicator(1)}@${key(2)}`, `${ipv4(1)}@`];
    for (const [scope, predicate] of [[{ kind: 'all' }, OPERATOR], [{ kind: 'all' }, member()], [{ kind: 'audience', key: 'c:fin' }, member()]] as const) {
      const f = (over: Partial<SharedQuery>) => q({ scope, predicate, ...over });
      expect(await f({})).toEqual(last);
      expect(await f({ types: ['malware'] })).toEqual([last[0]]);
      expect(await f({ types: ['indicator', 'malware', 'indicator'] })).toEqual(last.slice(0, 3));
      expect(await f({ ids: [indicator(1)], versions: { all: true } })).toEqual([`${indicator(1)}@${key(1)}`, `${indicator(1)}@${key(2)}`]);
      expect(await f({ ids: [indicator(2), ipv4(1)], types: ['ipv4-addr'] })).toEqual([last[3]]);
      expect(await f({ specVersions: ['2.0'] })).toEqual([last[1]]);
      expect(await f({ types: [] })).toEqual([]);
      expect(await f({ ids: [] })).toEqual([]);
      expect(await f({ specVersions: [] })).toEqual([]);
    }
  });

  it('selects versions as TAXII does: last by default, first, all, keys, and unversioned by dateAdded', async () => {
    const [u] = await ctx.store.shared.add([sver(ipv4(1), UNVERSIONED_KEY), sver(indicator(1), key(2))]);
    await ctx.store.shared.add([sver(indicator(1), key(1)), sver(indicator(1), key(3))]);
    const i1 = (k: number) => `${indicator(1)}@${key(k)}`;
    expect(await q({ versions: {} })).toEqual([`${ipv4(1)}@`, i1(3)]);
    expect(await q({ versions: { first: true } })).toEqual([`${ipv4(1)}@`, i1(1)]);
    expect(await q({ versions: { first: true, last: true }, ids: [indicator(1)] })).toEqual([i1(1), i1(3)]);
    expect(await q({ versions: { keys: [key(2)] } })).toEqual([i1(2)]);
    expect(await q({ versions: { last: true, keys: [key(2)] }, types: ['indicator'] })).toEqual([i1(2), i1(3)]);
    expect(await q({ versions: { all: true } })).toHaveLength(4);
    expect(await q({ versions: { dateAdded: [u?.dateAdded as number] } })).toEqual([`${ipv4(1)}@`]);
    expect(await q({ versions: { keys: [key(7)] } })).toEqual([]);
  });

  it('scopes to one audience key; the hub-wide scope unions the viewer keys and its own', async () => {
    await ctx.store.shared.add([
      sver(indicator(1), key(1), { env: { audienceKeys: ['c:fin'] } }),
      sver(indicator(2), key(1), { env: { audienceKeys: ['c:energy'] } }),
      sver(indicator(3), key(1), { env: { audienceKeys: ['o:o-bank', 'c:fin'], tlpRank: 2 } }),
      sver(indicator(4), key(1), { env: { audienceKeys: ['u:u-bank'], tlpRank: 4 } }),
      sver(indicator(5), key(1), { env: { audienceKeys: [], providerOrgId: 'o-bank' } }),
      sver(indicator(6), key(1), { env: { audienceKeys: ['public'], tlpRank: 0 } }),
    ]);
    const scoped = (k: string, p = member()) => ids(p, { scope: { kind: 'audience', key: k } });
    expect(await scoped('c:fin')).toEqual([indicator(1), indicator(3)]);
    expect(await scoped('c:energy')).toEqual([]); // addressed there, but not to the bank
    expect(await scoped('c:energy', OPERATOR)).toEqual([indicator(2)]);
    expect(await scoped('o:o-bank')).toEqual([indicator(3)]);
    expect(await scoped('nobody')).toEqual([]);
    expect(await ids(member())).toEqual([1, 3, 4, 5, 6].map(indicator));
    expect(await ids(member({ ownOrgId: null }))).toEqual([1, 3, 4, 6].map(indicator));
    expect(await ids(OPERATOR)).toEqual([1, 2, 3, 4, 5, 6].map(indicator));
    expect(await ids(member({ keys: [] }))).toEqual([indicator(5)]);
  });

  it('scans every latest version the predicate shows in the scope, in dateAdded order, in batches of batchSize', async () => {
    const collect = async (it: AsyncIterable<SharedRow[]>): Promise<SharedRow[][]> => {
      const out: SharedRow[][] = [];
      for await (const batch of it) out.push(batch);
      return out;
    };
    for (let i = 1; i <= 12; i++) {
      const env = i % 3 === 0 ? { audienceKeys: ['c:energy'] } : i % 4 === 0 ? { audienceKeys: ['c:fin'], terms: ['t1'] } : {};
      await ctx.store.shared.add([sver(i % 2 ? malware(i) : indicator(i), key(1), { env })]);
    }
    await ctx.store.shared.add([sver(malware(1), key(2)), sver(indicator(2), key(0))]); // a new latest; an older version
    const expected = async (over: Partial<SharedQuery>) => refs((await query({ limit: 1000, ...over })).rows);
    const cases: [Partial<SharedQuery>, Parameters<typeof ctx.store.shared.scan>[0]][] = [
      [{}, { scope: { kind: 'all' }, predicate: OPERATOR, batchSize: 5 }],
      [{ predicate: member() }, { scope: { kind: 'all' }, predicate: member(), batchSize: 2 }],
      [{ predicate: member(), scope: { kind: 'audience', key: 'c:fin' } }, { scope: { kind: 'audience', key: 'c:fin' }, predicate: member(), batchSize: 3 }],
      [{ types: ['malware'] }, { scope: { kind: 'all' }, predicate: OPERATOR, types: ['malware'], batchSize: 4 }],
      [{ scope: { kind: 'audience', key: 'c:energy' } }, { scope: { kind: 'audience', key: 'c:energy' }, predicate: OPERATOR }],
    ];
    for (const [over, opts] of cases) {
      const batches = await collect(ctx.store.shared.scan(opts));
      const want = await expected(over);
      expect(want.length).toBeGreaterThan(0);
      expect(refs(batches.flat())).toEqual(want);
      const size = opts.batchSize ?? 1000;
      expect(batches.map((b) => b.length)).toEqual(Array.from({ length: Math.ceil(want.length / size) }, (_, i) => Math.min(size, want.length - i * size)));
    }
    const everything = (await collect(ctx.store.shared.scan({ scope: { kind: 'all' }, predicate: OPERATOR }))).flat();
    expect(everything).toHaveLength(12);
    expect(refs(everything)).toContain(`${malware(1)}@${key(2)}`);
    expect(refs(everything)).toContain(`${indicator(2)}@${key(1)}`);
    expect((await collect(ctx.store.shared.scan({ scope: { kind: 'all' }, predicate: member(), types: ['tool'] })))).toEqual([]);
    expect((await collect(ctx.store.shared.scan({ scope: { kind: 'audience', key: 'nobody' }, predicate: OPERATOR })))).toEqual([]);
    await expect(collect(ctx.store.shared.scan({ scope: { kind: 'all' }, predicate: OPERATOR, batchSize: 0 }))).rejects.toThrow(RangeError);
  });

  it('admits a key only up to its TLP rank', async () => {
    await ctx.store.shared.add([0, 1, 2, 3, 4].map((r) => sver(indicator(r), key(1), { env: { tlpRank: r, audienceKeys: ['c:fin', 'public'] } })));
    const at = (keys: VisibilityPredicate['keys']) => ids(member({ keys }));
    expect(await at([{ key: 'public', maxTlpRank: 0 }])).toEqual([indicator(0)]);
    expect(await at([{ key: 'c:fin', maxTlpRank: 2 }])).toEqual([0, 1, 2].map(indicator));
    expect(await at([{ key: 'c:fin', maxTlpRank: 1 }, { key: 'c:fin', maxTlpRank: 3 }, { key: 'public', maxTlpRank: 4 }])).toEqual([0, 1, 2, 3, 4].map(indicator));
    expect(await at([{ key: 'c:fin', maxTlpRank: -1 }])).toEqual([]);
    expect(await ids(member(), { scope: { kind: 'audience', key: 'public' } })).toEqual([0, 1, 2].map(indicator));
  });

  it('holds embargoes for everyone but the provider organization, operators included; the end is exclusive', async () => {
    await ctx.store.shared.add([
      sver(indicator(1), key(1), { env: { embargoUntilUs: NOW_US + 1 } }),
      sver(indicator(2), key(1), { env: { embargoUntilUs: NOW_US } }),
      sver(indicator(3), key(1), { env: { embargoUntilUs: NOW_US + 1, providerOrgId: 'o-bank' } }),
    ]);
    expect(await ids(member())).toEqual([indicator(2), indicator(3)]);
    expect(await ids(OPERATOR)).toEqual([indicator(2)]);
    expect(await ids(member({ nowUs: NOW_US + 1 }))).toEqual([1, 2, 3].map(indicator));
    expect(await ids(member({ seesAll: true, ownOrgId: 'o-acme' }))).toEqual([1, 2].map(indicator));
  });

  it('requires the clearance, a listed sector and every term', async () => {
    await ctx.store.shared.add([
      sver(indicator(1), key(1), { env: { minClearance: 2 } }),
      sver(indicator(2), key(1), { env: { sectors: ['energy', 'finance'] } }),
      sver(indicator(3), key(1), { env: { sectors: ['energy'] } }),
      sver(indicator(4), key(1), { env: { terms: ['t1', 't2'] } }),
      sver(indicator(5), key(1), { env: { terms: ['t1'], minClearance: 1, sectors: ['finance'] } }),
    ]);
    expect(await ids(member())).toEqual([indicator(2)]);
    expect(await ids(member({ clearance: 2, acceptedTerms: ['t1'] }))).toEqual([1, 2, 5].map(indicator));
    expect(await ids(member({ clearance: 1, acceptedTerms: ['t2', 't1', 't3'] }))).toEqual([2, 4, 5].map(indicator));
    expect(await ids(member({ sector: 'energy' }))).toEqual([2, 3].map(indicator));
    expect(await ids(member({ sector: null, clearance: 3, acceptedTerms: ['t1', 't2'] }))).toEqual([1, 4].map(indicator));
  });

  it('hides a relationship whose endpoint the hub holds but the viewer may not see, not one to an absent id', async () => {
    await ctx.store.shared.add([
      sver(indicator(1), key(1)),
      sver(malware(1), key(1), { env: { audienceKeys: ['c:energy'] } }),
      sver(malware(2), key(1), { env: { audienceKeys: ['c:energy'] } }),
      sver(malware(2), key(2)), // a later version of malware 2 the bank may see
      sver(relationship(1), key(1), { endpoints: [indicator(1), malware(1)] }),
      sver(relationship(2), key(1), { endpoints: [indicator(1), malware(9)] }),
      sver(relationship(3), key(1), { endpoints: [indicator(1), malware(2)] }),
      sver(relationship(4), key(1), { endpoints: [] }),
    ]);
    const rels = (p: VisibilityPredicate, over: Partial<SharedQuery> = {}) => ids(p, { types: ['relationship'], ...over });
    expect(await rels(member())).toEqual([2, 3, 4].map(relationship));
    expect(await rels(member(), { scope: { kind: 'audience', key: 'c:fin' } })).toEqual([2, 3, 4].map(relationship));
    expect(await rels(member(), { ids: [relationship(1), relationship(2)] })).toEqual([relationship(2)]);
    expect(await rels(OPERATOR)).toEqual([1, 2, 3, 4].map(relationship));
    // the relationship's own provider is held to it too
    expect(await rels(member({ ownOrgId: 'o-acme', keys: [] }))).toEqual([1, 2, 3, 4].map(relationship));
    expect(await rels(member({ ownOrgId: 'o-acme', keys: [] }), { scope: { kind: 'audience', key: 'c:fin' } })).toHaveLength(4);
    await ctx.store.shared.add([sver(malware(1), key(1), { env: { audienceKeys: ['c:energy'], embargoUntilUs: NOW_US + 1 } })]);
    expect(await rels(OPERATOR)).toEqual([2, 3, 4].map(relationship));
  });
}
