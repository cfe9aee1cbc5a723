/**
 * Contract: the portal's reads of shared objects — shared.search (text, filters, paging,
 * latest versions only), shared.countByInfoType and shared.referencing — and above all that
 * each applies the viewer's predicate exactly as shared.query does: an invisible version is
 * never returned or counted. The generated matrix (src/policy/predicate-matrix.test.ts) holds
 * all three to `mayView` + `relationshipVisible` as well.
 */
import { expect, it } from 'vitest';
import { UNVERSIONED_KEY, type SharedRow, type SharedSearchQuery, type SharedVersionInput, type VisibilityPredicate } from './types.js';
import type { ContractContext } from './contract.js';
import { indicator, ipv4, key, malware, refs } from './contract-fixtures.js';
import { member, NOW_US, OPERATOR, sver, type SverOptions } from './contract-shared.js';

const relationship = (n: number): string => `relationship--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sighting = (n: number): string => `sighting--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const identity = (n: number): string => `identity--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** sver with extra STIX properties in its JSON (what the search text is derived from). */
function obj(id: string, versionKey: string, props: Record<string, unknown>, o: SverOptions = {}): SharedVersionInput {
  const v = sver(id, versionKey, o);
  return { ...v, json: JSON.stringify({ ...(JSON.parse(v.json) as Record<string, unknown>), ...props }) };
}

/** A classification JSON as the policy writes it. */
const cls = (c: { infoType?: string | null; purpose?: string[]; tier?: string[]; timing?: string | null } = {}): string =>
  JSON.stringify({ purpose: c.purpose ?? [], infoType: c.infoType ?? null, tier: c.tier ?? [], timing: c.timing ?? null, embargoUntil: null, channels: ['portal'] });

export function sharedSearchContract(ctx: ContractContext): void {
  const search = (over: Partial<SharedSearchQuery>) => ctx.store.shared.search({ predicate: OPERATOR, limit: 100, ...over });
  const ids = async (over: Partial<SharedSearchQuery>): Promise<string[]> => (await search(over)).rows.map((r) => r.id);
  const text = (t: string, predicate: VisibilityPredicate = OPERATOR) => ids({ text: t, predicate });

  /** Every page of `limit` following addedBefore; asserts `more` is exact and pages are full. */
  async function pages(over: Partial<SharedSearchQuery>, limit: number): Promise<SharedRow[]> {
    const out: SharedRow[] = [];
    let before: number | undefined = over.addedBefore;
    for (let more = true; more; ) {
      const page = await search({ ...over, addedBefore: before, limit });
      if (page.more) expect(page.rows).toHaveLength(limit);
      out.push(...page.rows);
      more = page.more;
      before = page.rows[page.rows.length - 1]?.dateAdded ?? before;
    }
    return out;
  }

  it('finds latest versions whose search text holds every term, case-insensitively and in any order, newest first', async () => {
    await ctx.store.shared.add([obj(malware(1), key(1), { name: 'Emotet', description: 'Banking TROJAN turned loader' })]);
    await ctx.store.shared.add([obj(malware(2), key(1), { name: 'TrickBot', aliases: ['Emotet companion'] })]);
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'C2 of emotet', pattern: "[domain-name:value = 'Evil.Example']" })]);
    await ctx.store.shared.add([obj(ipv4(1), UNVERSIONED_KEY, { value: '198.51.100.7' })]);
    await ctx.store.shared.add([obj(malware(3), key(1), { name: 'unrelated', external_references: [{ source_name: 'mitre-attack', external_id: 'S0367' }] })]);
    expect(await text('emotet')).toEqual([indicator(1), malware(2), malware(1)]);
    expect(await text('EMOTET')).toEqual([indicator(1), malware(2), malware(1)]);
    expect(await text('trojan emotet')).toEqual([malware(1)]);
    expect(await text('  Emotet\t\n loader  ')).toEqual([malware(1)]);
    expect(await text('emotet emotet bot')).toEqual([malware(2)]);
    expect(await text('evil.example')).toEqual([indicator(1)]);
    expect(await text('100.7')).toEqual([ipv4(1)]);
    expect(await text('s0367')).toEqual([malware(3)]);
    expect(await text('mitre-att')).toEqual([malware(3)]);
    expect(await text('emotetx')).toEqual([]);
    expect(await text('emotet nothing')).toEqual([]);
    // no terms: no text condition
    expect(await text('   ')).toHaveLength(5);
    expect(await ids({})).toEqual([malware(3), ipv4(1), indicator(1), malware(2), malware(1)]);
  });

  it('finds Japanese text by any substring of three or more characters, and shorter ones too', async () => {
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'ランサムウェア攻撃の報告', description: '金融機関を標的とするフィッシング' })]);
    await ctx.store.shared.add([obj(indicator(2), key(1), { name: '攻撃者グループ', description: 'ＡＰＴ（全角）' })]);
    expect(await text('ランサムウェア')).toEqual([indicator(1)]);
    expect(await text('ウェア攻撃')).toEqual([indicator(1)]);
    expect(await text('標的 フィッシング')).toEqual([indicator(1)]);
    expect(await text('攻撃')).toEqual([indicator(2), indicator(1)]);
    expect(await text('攻')).toEqual([indicator(2), indicator(1)]);
    expect(await text('グループ 攻撃')).toEqual([indicator(2)]);
    expect(await text('ａｐｔ')).toEqual([indicator(2)]); // full-width letters fold like any other
    expect(await text('ランサムウェア グループ')).toEqual([]);
  });

  it('matches terms of one and two characters as substrings, alone and beside longer terms', async () => {
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'APT x9 campaign' })]);
    await ctx.store.shared.add([obj(indicator(2), key(1), { name: 'ab' })]);
    await ctx.store.shared.add([obj(indicator(3), key(1), { name: 'xyz', description: 'b' })]);
    expect(await text('x9')).toEqual([indicator(1)]);
    expect(await text('X9 CAMPAIGN')).toEqual([indicator(1)]);
    expect(await text('ab')).toEqual([indicator(2)]);
    expect(await text('b')).toEqual([indicator(3), indicator(2)]);
    expect(await text('b xyz')).toEqual([indicator(3)]);
    expect(await text('a b')).toEqual([indicator(2)]);
    expect(await text('q')).toEqual([]);
    expect(await text('x9 nope')).toEqual([]);
  });

  it('takes LIKE wildcards, FTS5 query syntax and backslashes in the text literally', async () => {
    const names = ['100% pure', 'file_name.exe', 'say "hi" now', 'NEAR(alpha beta)', 'star* power', 'c:\\temp\\x', 'plain words', 'a AND b', 'x OR y'];
    await ctx.store.shared.add(names.map((name, i) => obj(indicator(i), key(1), { name })));
    const found = async (t: string): Promise<string[]> => {
      const rows = (await search({ text: t })).rows;
      return rows.map((r) => (JSON.parse(r.json) as { name: string }).name).sort();
    };
    expect(await found('%')).toEqual(['100% pure']);
    expect(await found('0%')).toEqual(['100% pure']);
    expect(await found('00%')).toEqual(['100% pure']);
    expect(await found('%%%')).toEqual([]);
    expect(await found('_')).toEqual(['file_name.exe']);
    expect(await found('e_n')).toEqual(['file_name.exe']);
    expect(await found('___')).toEqual([]);
    expect(await found('"')).toEqual(['say "hi" now']);
    expect(await found('"hi"')).toEqual(['say "hi" now']);
    expect(await found('"hi')).toEqual(['say "hi" now']);
    expect(await found('near(alpha')).toEqual(['NEAR(alpha beta)']);
    expect(await found('NEAR(')).toEqual(['NEAR(alpha beta)']);
    expect(await found('near')).toEqual(['NEAR(alpha beta)']);
    expect(await found('*')).toEqual(['star* power']);
    expect(await found('ar*')).toEqual(['star* power']);
    expect(await found('st*')).toEqual([]);
    expect(await found('\\')).toEqual(['c:\\temp\\x']);
    expect(await found('c:\\temp')).toEqual(['c:\\temp\\x']);
    expect(await found('p\\x')).toEqual(['c:\\temp\\x']);
    expect(await found('and')).toEqual(['a AND b']);
    expect(await found('OR')).toEqual(['plain words', 'x OR y']);
    expect(await found('words -plain')).toEqual([]);
    expect(await found('^plain')).toEqual([]);
    expect(await found('name:')).toEqual([]);
    expect(await found('search_text:plain')).toEqual([]);
  });

  it('stores and finds texts with control characters; NUL separates like a space', async () => {
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'nul\u0000byte', description: 'tab\there\u0001ctl' })]);
    expect(await text('byte')).toEqual([indicator(1)]);
    expect(await text('nul\u0000byte')).toEqual([indicator(1)]);
    expect(await text('\u0000')).toHaveLength(1); // no terms: no text condition
    expect(await text('here\u0001ctl')).toEqual([indicator(1)]);
    expect(await text('nulbyte')).toEqual([]);
  });

  it('uses the search text given with a version (lower-cased), else derives it from the JSON', async () => {
    await ctx.store.shared.add([{ ...obj(indicator(1), key(1), { name: 'Visible Name' }), searchText: 'Given TEXT only' }]);
    await ctx.store.shared.add([obj(indicator(2), key(1), { name: 'Visible Name' })]);
    expect(await text('given text')).toEqual([indicator(1)]);
    expect(await text('visible')).toEqual([indicator(2)]);
  });

  it('filters by type, TLP, info type, purpose, tier, timing, audience and date added; a list matches any of its values, an empty one nothing', async () => {
    const added = await ctx.store.shared.add([
      obj(indicator(1), key(1), { name: 'one' }, { env: { tlpRank: 1, classificationJson: cls({ infoType: 'threat', purpose: ['detection', 'response'], tier: ['practitioner'], timing: 'flash' }) } }),
      obj(indicator(2), key(1), { name: 'two' }, { env: { tlpRank: 2, audienceKeys: ['c:fin', 'c:energy'], classificationJson: cls({ infoType: 'vulnerability', purpose: ['prevention'], tier: ['manager', 'executive'], timing: 'routine' }) } }),
      obj(malware(1), key(1), { name: 'three' }, { env: { tlpRank: 0, audienceKeys: ['public'], classificationJson: cls({ infoType: 'threat', purpose: ['awareness'], tier: [], timing: 'periodic' }) } }),
      obj(malware(2), key(1), { name: 'four' }, { env: { classificationJson: '{"purpose":[]}' } }),
      obj(ipv4(1), UNVERSIONED_KEY, { value: '198.51.100.1' }, { env: { tlpRank: 2, audienceKeys: ['c:energy'], classificationJson: 'not json' } }),
    ]);
    const at = added.map((r) => r.dateAdded);
    const f = async (over: Partial<SharedSearchQuery>) => (await ids(over)).sort();
    expect(await f({ types: ['malware'] })).toEqual([malware(1), malware(2)].sort());
    expect(await f({ types: ['malware', 'ipv4-addr', 'malware'] })).toEqual([ipv4(1), malware(1), malware(2)].sort());
    expect(await f({ tlpRanks: [2] })).toEqual([indicator(2), ipv4(1)].sort());
    expect(await f({ tlpRanks: [0, 1] })).toEqual([indicator(1), malware(1), malware(2)].sort());
    expect(await f({ infoTypes: ['threat'] })).toEqual([indicator(1), malware(1)].sort());
    expect(await f({ infoTypes: ['threat', 'vulnerability'] })).toEqual([indicator(1), indicator(2), malware(1)].sort());
    expect(await f({ purposes: ['response'] })).toEqual([indicator(1)]);
    expect(await f({ purposes: ['prevention', 'awareness'] })).toEqual([indicator(2), malware(1)].sort());
    expect(await f({ purposes: ['detect'] })).toEqual([]); // a whole value, not a part of one
    expect(await f({ purposes: ['detection|response'] })).toEqual([]);
    expect(await f({ tiers: ['manager'] })).toEqual([indicator(2)]);
    expect(await f({ tiers: ['executive', 'practitioner'] })).toEqual([indicator(1), indicator(2)].sort());
    expect(await f({ timings: ['flash', 'periodic'] })).toEqual([indicator(1), malware(1)].sort());
    expect(await f({ audienceAnyOf: ['c:energy'] })).toEqual([indicator(2), ipv4(1)].sort());
    expect(await f({ audienceAnyOf: ['public', 'c:energy'] })).toEqual([indicator(2), ipv4(1), malware(1)].sort());
    expect(await f({ audienceAnyOf: ['c:nowhere'] })).toEqual([]);
    expect(await f({ addedFrom: at[2] })).toEqual([ipv4(1), malware(1), malware(2)].sort());
    expect(await f({ addedBefore: at[2] })).toEqual([indicator(1), indicator(2)].sort());
    expect(await f({ addedFrom: at[1], addedBefore: at[3] })).toEqual([indicator(2), malware(1)].sort());
    // filters together, and with text
    expect(await f({ infoTypes: ['threat'], tlpRanks: [1, 2], types: ['indicator'] })).toEqual([indicator(1)]);
    expect(await f({ infoTypes: ['threat'], text: 'thr' })).toEqual([malware(1)]);
    expect(await f({ tiers: ['manager'], timings: ['flash'] })).toEqual([]);
    for (const empty of ['types', 'tlpRanks', 'infoTypes', 'purposes', 'tiers', 'timings', 'audienceAnyOf'] as const) {
      expect(await f({ [empty]: [] })).toEqual([]);
      expect(await f({ [empty]: [], predicate: member() })).toEqual([]);
    }
    // the same through a member's audience-driven plan
    expect(await f({ predicate: member(), infoTypes: ['threat'] })).toEqual([indicator(1), malware(1)].sort());
    expect(await f({ predicate: member(), audienceAnyOf: ['c:energy'] })).toEqual([indicator(2)]);
    expect(await f({ predicate: member(), types: ['malware', 'indicator'], addedBefore: at[2] })).toEqual([indicator(1), indicator(2)].sort());
  });

  it('pages newest first with addedBefore: no skips, no repeats, exact more; limit 0 probes', async () => {
    for (let i = 0; i < 23; i++) {
      const env = i % 3 === 0 ? { audienceKeys: ['c:energy'] } : i % 5 === 0 ? { audienceKeys: ['public'], tlpRank: 0 } : {};
      await ctx.store.shared.add([obj(i % 2 ? malware(i) : indicator(i), key(1), { name: `item ${i % 4 === 0 ? 'even' : 'odd'} number ${i}` }, { env })]);
    }
    for (const predicate of [OPERATOR, member(), member({ ownOrgId: null })]) {
      for (const over of [{}, { text: 'number' }, { text: 'even' }, { text: 'er 1' }, { types: ['malware'] }]) {
        const all = (await search({ predicate, ...over, limit: 1000 })).rows;
        expect(all.length).toBeGreaterThan(0);
        const dates = all.map((r) => r.dateAdded);
        expect(dates).toEqual([...dates].sort((a, b) => b - a));
        for (const limit of [1, 4, 7]) expect(refs(await pages({ predicate, ...over }, limit))).toEqual(refs(all));
      }
    }
    const first = (await search({})).rows[0]?.dateAdded as number;
    expect(await search({ limit: 0 })).toEqual({ rows: [], more: true });
    expect(await search({ limit: 0, addedBefore: (await search({})).rows[22]?.dateAdded })).toEqual({ rows: [], more: false });
    expect((await search({ addedBefore: first + 1, limit: 1 })).rows[0]?.dateAdded).toBe(first);
    await expect(search({ limit: -1 })).rejects.toThrow(RangeError);
    await expect(search({ limit: 1.5 })).rejects.toThrow(RangeError);
  });

  it('finds only latest versions, and follows new versions, envelope changes, replacements and deletes', async () => {
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'alpha first' })]);
    await ctx.store.shared.add([obj(indicator(1), key(2), { name: 'beta second' })]);
    await ctx.store.shared.add([obj(indicator(1), key(0), { name: 'gamma older' })]); // an older version arriving late
    expect(await text('alpha')).toEqual([]);
    expect(await text('gamma')).toEqual([]);
    expect(refs((await search({ text: 'beta' })).rows)).toEqual([`${indicator(1)}@${key(2)}`]);
    // an envelope change re-stamps the version; search finds it once, under its new date
    const [changed] = await ctx.store.shared.add([obj(indicator(1), key(2), { name: 'beta second' }, { env: { audienceKeys: ['c:energy'] } })]);
    expect(changed?.outcome).toBe('replaced');
    expect((await search({ text: 'beta' })).rows.map((r) => r.dateAdded)).toEqual([changed?.dateAdded]);
    expect(await text('beta', member())).toEqual([]); // the bank is no longer in its audience
    // an unversioned object replaced: the old text is gone, the new one found
    await ctx.store.shared.add([obj(ipv4(1), UNVERSIONED_KEY, { value: '198.51.100.7' })]);
    await ctx.store.shared.add([obj(ipv4(1), UNVERSIONED_KEY, { value: '203.0.113.9' })]);
    expect(await text('198.51')).toEqual([]);
    expect(await text('203.0')).toEqual([ipv4(1)]);
    // deleting the latest makes the previous one latest, and findable
    expect(await ctx.store.shared.delete({ id: indicator(1), versions: { last: true } })).toBe(1);
    expect(refs((await search({ text: 'alpha' })).rows)).toEqual([`${indicator(1)}@${key(1)}`]);
    expect(await text('beta')).toEqual([]);
    await ctx.store.shared.delete({ id: indicator(1) });
    await ctx.store.shared.delete({ id: ipv4(1) });
    expect(await ids({})).toEqual([]);
    expect(await text('alpha')).toEqual([]);
    // added again after the delete: found once
    await ctx.store.shared.add([obj(indicator(1), key(1), { name: 'alpha again' })]);
    expect(await text('alpha')).toEqual([indicator(1)]);
  });

  /** Versions each viewer below may or may not see, every one with "secret" in its name. */
  async function seedVisibility(): Promise<void> {
    const s = (id: string, o: SverOptions = {}, vk = key(1)) => obj(id, vk, { name: `secret ${id.split('--')[0]}` }, o);
    const classified = (infoType: string | null) => cls({ infoType });
    await ctx.store.shared.add([
      s(indicator(1), { env: { classificationJson: classified('threat') } }), // fin GREEN: members see it
      s(indicator(2), { env: { audienceKeys: ['c:energy'], classificationJson: classified('threat') } }), // another community
      s(indicator(3), { env: { tlpRank: 3, classificationJson: classified('incident') } }), // above what c:fin admits
      s(indicator(4), { env: { embargoUntilUs: NOW_US + 1, classificationJson: classified('incident') } }), // embargoed
      s(indicator(5), { env: { minClearance: 2, classificationJson: classified('analysis') } }),
      s(indicator(6), { env: { sectors: ['energy'] } }),
      s(indicator(7), { env: { terms: ['nda'], classificationJson: classified('analysis') } }),
      s(indicator(8), { env: { audienceKeys: [], providerOrgId: 'o-bank', classificationJson: classified('vulnerability') } }), // the bank's own
      s(indicator(9), { env: { audienceKeys: ['u:u-bank'], tlpRank: 4 } }), // named user, RED
      s(identity(1), { env: { attribution: 'operators' }, jsonAnonymous: '{"anonymous":true}' }), // provider's identity, hidden
      s(identity(2), { env: { attribution: 'none' }, jsonAnonymous: '{"anonymous":true}' }),
      s(malware(1), { env: { audienceKeys: ['c:energy'] } }), // invisible to the bank
      s(malware(2)), // visible
      s(relationship(1), { endpoints: [indicator(1), malware(1)] }), // points at an invisible version
      s(relationship(2), { endpoints: [indicator(1), malware(2)] }),
      s(relationship(3), { endpoints: [indicator(1), malware(99)] }), // an endpoint the hub does not hold
      s(relationship(4), { env: { audienceKeys: ['c:energy'] }, endpoints: [indicator(1), malware(2)] }), // itself invisible
      s(sighting(1), { endpoints: [indicator(1), identity(3)] }),
      s(sighting(2), { endpoints: [malware(2), indicator(2)] }), // sighted at an invisible one
    ]);
    await ctx.store.shared.add([s(indicator(1), {}, key(0))]); // an older version: never latest
  }

  const VIEWERS: [string, VisibilityPredicate][] = [
    ['operator', OPERATOR],
    ['member', member()],
    ['member without its organization', member({ ownOrgId: null })],
    ['member without keys', member({ keys: [] })],
    ['cleared member who accepted the terms', member({ clearance: 2, acceptedTerms: ['nda'] })],
    ['energy member after the embargo', member({ sector: 'energy', nowUs: NOW_US + 1, keys: [{ key: 'c:energy', maxTlpRank: 2 }] })],
    ['the public', { seesAll: false, ownOrgId: null, keys: [{ key: 'public', maxTlpRank: 0 }], clearance: 0, sector: null, acceptedTerms: [], nowUs: NOW_US }],
    ['another operator organization', { ...OPERATOR, ownOrgId: 'o-acme' }],
  ];

  it('never returns a version the viewer may not see: search gives exactly what shared.query gives, newest first', async () => {
    await seedVisibility();
    const expectations: Record<string, string[]> = {
      member: [indicator(1), indicator(8), indicator(9), malware(2), relationship(2), relationship(3), sighting(1)],
      operator: [...[1, 2, 3, 5, 6, 7, 8, 9].map(indicator), identity(1), malware(1), malware(2), ...[1, 2, 3, 4].map(relationship), sighting(1), sighting(2)],
    };
    for (const [name, predicate] of VIEWERS) {
      const visible = (await ctx.store.shared.query({ scope: { kind: 'all' }, predicate, limit: 1000 })).rows;
      const want = refs(visible).reverse();
      if (expectations[name]) expect(visible.map((r) => r.id).sort(), name).toEqual(expectations[name]?.sort());
      expect(refs((await search({ predicate })).rows), name).toEqual(want);
      expect(refs((await search({ predicate, text: 'secret' })).rows), name).toEqual(want);
      expect(refs((await search({ predicate, text: 'SECRET ind' })).rows), name).toEqual(want.filter((r) => r.startsWith('indicator')));
      expect(refs((await search({ predicate, text: 'ret' })).rows), name).toEqual(want);
      expect(refs((await search({ predicate, text: 'et' })).rows), name).toEqual(want);
      expect(refs(await pages({ predicate, text: 'secret' }, 2)), name).toEqual(want);
      expect(refs(await pages({ predicate }, 3)), name).toEqual(want);
      expect(refs((await search({ predicate, audienceAnyOf: ['c:energy', 'c:fin'] })).rows), name).toEqual(
        want.filter((r) => !r.startsWith(indicator(8)) && !r.startsWith(indicator(9))),
      );
    }
  });

  it('counts latest visible versions by info type since a time, unclassified as null, hidden ones never', async () => {
    await seedVisibility();
    const latest = (await search({ limit: 1000 })).rows;
    const from = latest[latest.length - 1]?.dateAdded as number;
    for (const [name, predicate] of VIEWERS) {
      const visible = (await ctx.store.shared.query({ scope: { kind: 'all' }, predicate, limit: 1000 })).rows;
      const byType = new Map<string | null, number>();
      for (const r of visible) {
        const infoType = (JSON.parse(r.classificationJson) as { infoType?: string | null }).infoType ?? null;
        byType.set(infoType, (byType.get(infoType) ?? 0) + 1);
      }
      const want = [...byType].map(([infoType, count]) => ({ infoType, count }))
        .sort((a, b) => (a.infoType === null ? 1 : b.infoType === null ? -1 : a.infoType < b.infoType ? -1 : 1));
      expect(await ctx.store.shared.countByInfoType({ predicate, addedFrom: from }), name).toEqual(want);
    }
    expect(await ctx.store.shared.countByInfoType({ predicate: member(), addedFrom: 0 })).toEqual([
      { infoType: 'threat', count: 1 }, { infoType: 'vulnerability', count: 1 }, { infoType: null, count: 5 },
    ]);
    // only what was added since: the last version added is indicator 1's older version, not latest
    const sinceLast = (await ctx.store.shared.query({ scope: { kind: 'all' }, predicate: OPERATOR, versions: { all: true }, limit: 1000 })).rows;
    expect(await ctx.store.shared.countByInfoType({ predicate: OPERATOR, addedFrom: (sinceLast[sinceLast.length - 1]?.dateAdded as number) })).toEqual([]);
    expect(await ctx.store.shared.countByInfoType({ predicate: OPERATOR, addedFrom: (sinceLast[sinceLast.length - 2]?.dateAdded as number) })).toEqual([
      { infoType: null, count: 1 },
    ]);
    await expect(ctx.store.shared.countByInfoType({ predicate: OPERATOR, addedFrom: 0.5 })).rejects.toThrow(RangeError);
  });

  it('gives the latest visible relationships and sightings pointing at an id, newest first, each passing the relationship rule', async () => {
    await seedVisibility();
    // a relationship's new version that no longer points at indicator 1
    await ctx.store.shared.add([obj(relationship(5), key(1), { name: 'r5' }, { endpoints: [indicator(1), malware(2)] })]);
    await ctx.store.shared.add([obj(relationship(5), key(2), { name: 'r5' }, { endpoints: [malware(2)] })]);
    // not a relationship or sighting, whatever it points at
    await ctx.store.shared.add([obj(indicator(20), key(1), { name: 'x' }, { endpoints: [indicator(1)] })]);
    const refsTo = async (refId: string, predicate: VisibilityPredicate, limit = 100) =>
      (await ctx.store.shared.referencing({ predicate, refId, limit })).map((r) => r.id);
    expect(await refsTo(indicator(1), member())).toEqual([sighting(1), relationship(3), relationship(2)]);
    expect(await refsTo(indicator(1), OPERATOR)).toEqual([sighting(1), relationship(4), relationship(3), relationship(2), relationship(1)]);
    expect(await refsTo(indicator(1), member(), 2)).toEqual([sighting(1), relationship(3)]);
    expect(await refsTo(indicator(1), member(), 0)).toEqual([]);
    expect(await refsTo(malware(2), member())).toEqual([relationship(5), relationship(2)]);
    expect(await refsTo(malware(2), OPERATOR)).toEqual([relationship(5), sighting(2), relationship(4), relationship(2)]);
    expect(await refsTo(malware(1), member())).toEqual([]);
    expect(await refsTo(malware(1), OPERATOR)).toEqual([relationship(1)]);
    expect(await refsTo(malware(99), member())).toEqual([relationship(3)]);
    expect(await refsTo(indicator(2), member())).toEqual([]);
    expect(await refsTo(indicator(2), member({ keys: [{ key: 'c:energy', maxTlpRank: 2 }, { key: 'c:fin', maxTlpRank: 2 }] }))).toEqual([sighting(2)]);
    expect(await refsTo('malware--nothing', OPERATOR)).toEqual([]);
    // every answer is a subset of what shared.query shows the viewer
    for (const [name, predicate] of VIEWERS) {
      const visible = new Set(refs((await ctx.store.shared.query({ scope: { kind: 'all' }, predicate, limit: 1000 })).rows));
      for (const target of [indicator(1), malware(2), malware(1), indicator(2), identity(3)]) {
        const got = await ctx.store.shared.referencing({ predicate, refId: target, limit: 100 });
        for (const r of refs(got)) expect(visible.has(r), `${name}: ${r}`).toBe(true);
      }
    }
    await expect(ctx.store.shared.referencing({ predicate: OPERATOR, refId: indicator(1), limit: -1 })).rejects.toThrow(RangeError);
  });
}
