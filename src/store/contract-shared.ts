/**
 * Contract: shared objects (hub-wide versions with envelopes) — add outcomes including envelope
 * changes, flags, delete with flag repair, persistence. Queries and visibility are in
 * contract-shared-query.ts. Predicates are written by hand here (the store never imports the
 * policy); src/policy/predicate-matrix.test.ts holds the SQL to `mayView` itself.
 */
import { expect, it } from 'vitest';
import { UNVERSIONED_KEY, type SharedQuery, type SharedVersionInput, type StoredEnvelope, type VisibilityPredicate } from './types.js';
import type { ContractContext } from './contract.js';
import { expectIncreasing, indicator, ipv4, key, malware, refs, ver } from './contract-fixtures.js';

export const NOW_US = Date.parse('2026-11-26T12:00:00.000Z') * 1000;

/** GREEN to community fin, provided by acme, no conditions. */
export function storedEnvelope(over: Partial<StoredEnvelope> = {}): StoredEnvelope {
  return {
    tlpRank: 1, audienceKeys: ['c:fin'], minClearance: 0, embargoUntilUs: null, attribution: 'public',
    providerOrgId: 'o-acme', providerUserId: 'u-acme', sectors: [], terms: [], classificationJson: '{"purpose":[]}', ...over,
  };
}

export interface SverOptions { env?: Partial<StoredEnvelope>; note?: string; specVersion?: string; jsonAnonymous?: string | null; endpoints?: string[] }

export function sver(id: string, versionKey: string, o: SverOptions = {}): SharedVersionInput {
  return { ...ver(id, versionKey, o), jsonAnonymous: o.jsonAnonymous ?? null, envelope: storedEnvelope(o.env), endpoints: o.endpoints ?? [] };
}

/** An operator of the hub's own organization: everything not under embargo. */
export const OPERATOR: VisibilityPredicate = {
  seesAll: true, ownOrgId: 'o-hub', keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: NOW_US,
};

/** An analyst of the bank (finance), member of community fin. */
export function member(over: Partial<VisibilityPredicate> = {}): VisibilityPredicate {
  return {
    seesAll: false, ownOrgId: 'o-bank', clearance: 0, sector: 'finance', acceptedTerms: [], nowUs: NOW_US,
    keys: [{ key: 'public', maxTlpRank: 0 }, { key: 'c:fin', maxTlpRank: 2 }, { key: 'o:o-bank', maxTlpRank: 3 }, { key: 'u:u-bank', maxTlpRank: 4 }],
    ...over,
  };
}

export function sharedAddContract(ctx: ContractContext): void {
  const all = (over: Partial<SharedQuery> = {}) => ctx.store.shared.query({ scope: { kind: 'all' }, predicate: OPERATOR, versions: { all: true }, limit: 100, ...over });

  it('adds new versions in input order with increasing dateAdded, and returns them with their envelope columns', async () => {
    const input = [
      sver(malware(1), key(1), { env: { attribution: 'none', tlpRank: 2 }, jsonAnonymous: '{"anon":1}' }),
      sver(indicator(1), key(1)),
      sver(ipv4(1), UNVERSIONED_KEY, { env: { providerOrgId: 'o-bank', classificationJson: '{"timing":"flash"}' } }),
    ];
    const results = await ctx.store.shared.add(input);
    expect(results.map((r) => [r.id, r.versionKey, r.outcome])).toEqual(input.map((v) => [v.id, v.versionKey, 'added']));
    expect(expectIncreasing(results.map((r) => r.dateAdded))).toBe(true);
    expect((await all()).rows).toEqual(input.map((v, i) => ({
      id: v.id, type: v.type, specVersion: v.specVersion, created: v.created, modified: v.modified, versionKey: v.versionKey,
      dateAdded: results[i]?.dateAdded, json: v.json, jsonAnonymous: v.jsonAnonymous, attribution: v.envelope.attribution,
      providerOrgId: v.envelope.providerOrgId, tlpRank: v.envelope.tlpRank, classificationJson: v.envelope.classificationJson,
    })));
    expect(await ctx.store.shared.count()).toBe(3);
    expect(await ctx.store.shared.add([])).toEqual([]);
  });

  it('answers identical for the same version, content and envelope (lists in any order), without writing', async () => {
    const env = { audienceKeys: ['c:fin', 'o:o-bank'], terms: ['t1', 't2'], sectors: ['finance', 'energy'] };
    const [first] = await ctx.store.shared.add([sver(indicator(1), key(1), { env })]);
    const reordered = { audienceKeys: ['o:o-bank', 'c:fin', 'c:fin'], terms: ['t2', 't1'], sectors: ['energy', 'finance'] };
    expect(await ctx.store.shared.add([sver(indicator(1), key(1), { env: reordered })])).toEqual([
      { id: indicator(1), versionKey: key(1), outcome: 'identical', dateAdded: first?.dateAdded },
    ]);
    expect(await ctx.store.shared.count()).toBe(1);
  });

  it('answers conflict for other content under the same version, keeping the stored one and its envelope', async () => {
    const [first] = await ctx.store.shared.add([sver(indicator(1), key(1), { note: 'original' })]);
    const [res] = await ctx.store.shared.add([sver(indicator(1), key(1), { note: 'tampered', env: { audienceKeys: ['public'], tlpRank: 0 } })]);
    expect(res).toEqual({ id: indicator(1), versionKey: key(1), outcome: 'conflict', dateAdded: first?.dateAdded });
    expect((await all()).rows.map((r) => [r.json, r.tlpRank])).toEqual([[sver(indicator(1), key(1), { note: 'original' }).json, 1]]);
  });

  it('replaces an unversioned object re-posted with other content, with a new dateAdded and envelope', async () => {
    const [a] = await ctx.store.shared.add([sver(ipv4(1), UNVERSIONED_KEY, { note: 'v1' })]);
    await ctx.store.shared.add([sver(indicator(1), key(1))]);
    const [b] = await ctx.store.shared.add([sver(ipv4(1), UNVERSIONED_KEY, { note: 'v2', env: { audienceKeys: ['c:energy'] } })]);
    expect(b?.outcome).toBe('replaced');
    expect(b?.dateAdded).toBeGreaterThan(a?.dateAdded as number);
    expect(refs((await all()).rows)).toEqual([`${indicator(1)}@${key(1)}`, `${ipv4(1)}@`]);
    const energy = await all({ scope: { kind: 'audience', key: 'c:energy' } });
    expect(energy.rows.map((r) => [r.id, r.dateAdded])).toEqual([[ipv4(1), b?.dateAdded]]);
    expect((await all({ scope: { kind: 'audience', key: 'c:fin' } })).rows.map((r) => r.id)).toEqual([indicator(1)]);
  });

  it('treats a re-post with another envelope as an envelope change: replaced, re-stamped after everything, audiences moved', async () => {
    const [a] = await ctx.store.shared.add([sver(indicator(1), key(1), { env: { audienceKeys: ['c:fin'], terms: ['t1'] }, endpoints: [malware(9)] })]);
    const [m] = await ctx.store.shared.add([sver(malware(1), key(1))]);
    const cursor = m?.dateAdded;
    const [b] = await ctx.store.shared.add([sver(indicator(1), key(1), { env: { audienceKeys: ['c:fin', 'c:energy'], terms: [] }, endpoints: [malware(9)] })]);
    expect(b?.outcome).toBe('replaced');
    expect(b?.dateAdded).toBeGreaterThan(cursor as number);
    // a poller of energy whose cursor is past the first add receives it now
    const energy = await all({ scope: { kind: 'audience', key: 'c:energy' }, addedAfter: cursor });
    expect(energy.rows.map((r) => [r.id, r.dateAdded])).toEqual([[indicator(1), b?.dateAdded]]);
    expect(refs((await all()).rows)).toEqual([`${malware(1)}@${key(1)}`, `${indicator(1)}@${key(1)}`]);
    expect(await ctx.store.shared.count()).toBe(2);
    // the terms condition went with the old envelope: a member without accepted terms sees it now
    expect((await all({ predicate: member(), ids: [indicator(1)] })).rows).toHaveLength(1);
    // only the anonymous form changing is a change too; the same again is identical
    const anon = sver(indicator(1), key(1), { env: { audienceKeys: ['c:energy', 'c:fin'] }, jsonAnonymous: '{"x":1}', endpoints: [malware(9)] });
    const [c] = await ctx.store.shared.add([anon]);
    expect([c?.outcome, (c?.dateAdded as number) > (b?.dateAdded as number)]).toEqual(['replaced', true]);
    expect(await ctx.store.shared.add([anon])).toEqual([{ id: indicator(1), versionKey: key(1), outcome: 'identical', dateAdded: c?.dateAdded }]);
    expect(a?.outcome).toBe('added');
  });

  it('plans a batch as if sent one by one: added then changed in one batch is one row, not re-stamped twice', async () => {
    const results = await ctx.store.shared.add([
      sver(indicator(1), key(1)),
      sver(indicator(1), key(1), { env: { audienceKeys: ['c:energy'] } }),
      sver(indicator(1), key(1), { env: { audienceKeys: ['c:energy'] } }),
      sver(indicator(1), key(1), { note: 'other' }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['added', 'replaced', 'identical', 'conflict']);
    expect(new Set(results.map((r) => r.dateAdded)).size).toBe(1);
    expect((await all({ scope: { kind: 'audience', key: 'c:energy' } })).rows.map((r) => r.dateAdded)).toEqual([results[0]?.dateAdded]);
    expect((await all({ scope: { kind: 'audience', key: 'c:fin' } })).rows).toEqual([]);
  });

  it('keeps latest and first per id hub-wide, whatever the order versions arrive in or envelopes change', async () => {
    await ctx.store.shared.add([sver(indicator(1), key(2)), sver(indicator(1), key(1))]);
    await ctx.store.shared.add([sver(indicator(1), key(3), { env: { providerOrgId: 'o-bank' } })]);
    await ctx.store.shared.add([sver(indicator(1), key(1), { env: { audienceKeys: ['c:energy'] } })]); // envelope change of the first
    const pick = async (v: 'first' | 'last') => refs((await all({ versions: { [v]: true } })).rows);
    expect(await pick('last')).toEqual([`${indicator(1)}@${key(3)}`]);
    expect(await pick('first')).toEqual([`${indicator(1)}@${key(1)}`]);
    expect(refs((await all()).rows)).toEqual([`${indicator(1)}@${key(2)}`, `${indicator(1)}@${key(3)}`, `${indicator(1)}@${key(1)}`]);
  });

  it('deletes versions hub-wide with their envelope rows and repairs the flags', async () => {
    await ctx.store.shared.add([sver(indicator(1), key(1)), sver(indicator(1), key(2)), sver(indicator(1), key(3), { specVersion: '2.0' })]);
    await ctx.store.shared.add([sver(indicator(2), key(1), { env: { terms: ['t1'] }, endpoints: [indicator(1)] })]);
    expect(await ctx.store.shared.delete({ id: indicator(1), versions: { last: true } })).toBe(1);
    expect(refs((await all({ versions: { last: true }, ids: [indicator(1)] })).rows)).toEqual([`${indicator(1)}@${key(2)}`]);
    expect(await ctx.store.shared.delete({ id: indicator(1), versions: { first: true } })).toBe(1);
    expect(refs((await all({ versions: { first: true }, ids: [indicator(1)] })).rows)).toEqual([`${indicator(1)}@${key(2)}`]);
    expect(await ctx.store.shared.delete({ id: indicator(1), specVersions: ['2.0'] })).toBe(0);
    expect(await ctx.store.shared.delete({ id: malware(1) })).toBe(0);
    expect(await ctx.store.shared.delete({ id: indicator(2) })).toBe(1);
    expect(await ctx.store.shared.count()).toBe(1);
    // nothing of the deleted version lingers: adding it again is a plain add with a new envelope
    const [again] = await ctx.store.shared.add([sver(indicator(2), key(1), { env: { audienceKeys: ['c:energy'] } })]);
    expect(again?.outcome).toBe('added');
    expect((await all({ scope: { kind: 'audience', key: 'c:fin' }, ids: [indicator(2)] })).rows).toEqual([]);
    expect((await all({ predicate: member({ keys: [{ key: 'c:energy', maxTlpRank: 2 }] }), ids: [indicator(2)] })).rows).toHaveLength(1);
  });

  it('gives the envelope of a version, or of the latest version, whoever provided it and whatever it hides', async () => {
    const embargoed = { audienceKeys: ['u:u-x', 'c:fin', 'c:fin'], terms: ['t2', 't1'], sectors: ['energy', 'finance'], minClearance: 3 as const,
      embargoUntilUs: NOW_US * 2, attribution: 'none' as const, tlpRank: 4, providerOrgId: 'o-x', providerUserId: 'u-x', classificationJson: '{"who":1}' };
    await ctx.store.shared.add([sver(indicator(1), key(2), { env: embargoed, jsonAnonymous: '{"anon":1}' }), sver(indicator(1), key(1))]);
    await ctx.store.shared.add([sver(ipv4(1), UNVERSIONED_KEY, { env: { audienceKeys: [], terms: [] } })]);
    const stored = { ...storedEnvelope(embargoed), audienceKeys: ['c:fin', 'u:u-x'], terms: ['t1', 't2'], sectors: ['energy', 'finance'] };
    expect(await ctx.store.shared.envelopeOf(indicator(1))).toEqual({ versionKey: key(2), envelope: stored });
    expect(await ctx.store.shared.envelopeOf(indicator(1), key(2))).toEqual({ versionKey: key(2), envelope: stored });
    expect(await ctx.store.shared.envelopeOf(indicator(1), key(1))).toEqual({ versionKey: key(1), envelope: storedEnvelope() });
    expect(await ctx.store.shared.envelopeOf(ipv4(1))).toEqual({ versionKey: UNVERSIONED_KEY, envelope: storedEnvelope({ audienceKeys: [] }) });
    expect(await ctx.store.shared.envelopeOf(indicator(1), key(3))).toBeUndefined();
    expect(await ctx.store.shared.envelopeOf(malware(1))).toBeUndefined();
    // an envelope change is seen at once; after deleting the latest, the new latest's
    await ctx.store.shared.add([sver(indicator(1), key(1), { env: { audienceKeys: ['c:energy'], tlpRank: 2 } })]);
    expect((await ctx.store.shared.envelopeOf(indicator(1), key(1)))?.envelope).toEqual(storedEnvelope({ audienceKeys: ['c:energy'], tlpRank: 2 }));
    await ctx.store.shared.delete({ id: indicator(1), versions: { last: true } });
    expect(await ctx.store.shared.envelopeOf(indicator(1))).toEqual({ versionKey: key(1), envelope: storedEnvelope({ audienceKeys: ['c:energy'], tlpRank: 2 }) });
  });

  it('gives the latest envelope of many ids in one call: what envelopeOf gives for each, missing ids absent', async () => {
    const embargoed = { audienceKeys: ['u:u-x', 'c:fin'], terms: ['t2', 't1'], attribution: 'none' as const, tlpRank: 4, providerOrgId: 'o-x', providerUserId: 'u-x' };
    await ctx.store.shared.add([sver(indicator(1), key(2), { env: embargoed, jsonAnonymous: '{"anon":1}' }), sver(indicator(1), key(1))]);
    await ctx.store.shared.add([sver(ipv4(1), UNVERSIONED_KEY, { env: { audienceKeys: [], terms: [] } })]);
    const ids = [indicator(1), ipv4(1), malware(1), indicator(1)];
    const map = await ctx.store.shared.envelopesOf(ids);
    expect([...map.keys()].sort()).toEqual([indicator(1), ipv4(1)].sort());
    for (const id of ids) expect(map.get(id)).toEqual(await ctx.store.shared.envelopeOf(id));
    expect(await ctx.store.shared.envelopesOf([])).toEqual(new Map());
    // 5,000 ids in one call, half of them stored
    const many = Array.from({ length: 5_000 }, (_, i) => indicator(100 + i));
    await ctx.store.shared.add(many.filter((_, i) => i % 2 === 0).map((id) => sver(id, key(1), { env: { tlpRank: 2 } })));
    const big = await ctx.store.shared.envelopesOf(many);
    expect(big.size).toBe(2_500);
    for (const [i, id] of many.entries()) {
      if (i % 2 === 0) expect(big.get(id)).toEqual({ versionKey: key(1), envelope: storedEnvelope({ tlpRank: 2 }) });
      else expect(big.has(id)).toBe(false);
    }
  });

  it('refuses inputs the columns cannot hold faithfully', async () => {
    await expect(ctx.store.shared.add([sver(indicator(1), key(1), { env: { tlpRank: 5 } })])).rejects.toThrow(RangeError);
    await expect(ctx.store.shared.add([sver(indicator(1), key(1), { env: { sectors: ['a|b'] } })])).rejects.toThrow(RangeError);
    await expect(ctx.store.shared.add([sver(indicator(1), key(1), { env: { embargoUntilUs: 1.5 } })])).rejects.toThrow(RangeError);
    expect(await ctx.store.shared.count()).toBe(0);
  });

  it('keeps everything across reopen, the hub clock still increasing', async () => {
    const [a] = await ctx.store.shared.add([sver(indicator(1), key(1))]);
    const [c] = await ctx.store.shared.add([sver(indicator(2), key(1), { env: { sectors: ['energy'] } })]);
    expect(expectIncreasing([a, c].map((r) => r?.dateAdded as number))).toBe(true);
    await ctx.store.close();
    const store = await ctx.harness.reopen();
    const [d] = await store.shared.add([sver(indicator(3), key(1))]);
    expect(d?.dateAdded).toBeGreaterThan(c?.dateAdded as number);
    expect(await store.shared.add([sver(indicator(2), key(1), { env: { sectors: ['energy'] } })])).toEqual([
      { id: indicator(2), versionKey: key(1), outcome: 'identical', dateAdded: c?.dateAdded },
    ]);
    expect(await store.shared.count()).toBe(3);
  });
}
