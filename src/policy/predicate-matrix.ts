/**
 * The generated matrix (test-only): random hubs, object versions with random valid envelopes
 * (relationships and sightings among them, pointing at stored, invisible or absent objects),
 * envelope changes, re-posts and deletes; then random viewers page through every kind of scope
 * with random filters and small limits. Every page must equal the reference model: all stored
 * versions filtered by `mayView` + `relationshipVisible` (endpoint states from `mayView`) + the
 * filters, in date_added order. The store sees only predicateFor / storedEnvelopeOf output.
 * The portal's reads are held to the same model: each viewer also pages through shared.search
 * (random text, filters and date range; newest first), and asks countByInfoType and referencing.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { endpointRefs, mayView, relationshipVisible, type EndpointState } from './decide.js';
import type { Envelope } from './envelope.js';
import { communityKey, orgKey, predicateFor, PUBLIC_KEY, storedEnvelopeOf, userKey } from './predicate.js';
import { arbEnvelopeIn, arbViewerIn, arbWorld, NOW, type World } from './test-arbitraries.js';
import type { Viewer } from './viewer.js';
import { searchTextOf } from '../stix/search-text.js';
import {
  UNVERSIONED_KEY, type AddOutcome, type InfoTypeCount, type SharedScope, type SharedSearchQuery, type SharedVersionInput, type Store, type VersionFilter,
} from '../store/types.js';

const TYPES = ['indicator', 'malware', 'ipv4-addr', 'identity', 'relationship', 'sighting'] as const;
const key = (n: number): string => `2026-01-01T00:00:0${n}.000000Z`;
const idOf = (type: string, n: number): string => `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** ids no version is ever stored under: endpoints the hub does not hold */
const ABSENT = [idOf('malware', 900), idOf('attack-pattern', 901)];
/** words of the objects' names, and search texts made of them, their parts and LIKE/FTS5 syntax */
const WORDS = ['Alpha', 'beta', 'ランサムウェア', 'x%_y', 'NEAR(q'];
const TEXTS = ['alpha', 'ALPHA beta', 'lph', 'a', 'ランサム', 'サム', 'ム', '%_', '%', '_y', 'near(', '"', 'beta zeta', 'et'];
const INFO_TYPES = ['threat', 'incident', 'analysis'] as const;
const PURPOSES = ['detection', 'response', 'awareness'] as const;

interface Version {
  id: string;
  type: string;
  versionKey: string;
  specVersion: string;
  json: string;
  envelope: Envelope;
  endpoints: string[];
  dateAdded: number;
}

/** The signature the store compares envelopes by: the stored form with its lists as sets. */
function sameStored(a: Envelope, b: Envelope): boolean {
  const norm = (e: Envelope) => {
    const s = storedEnvelopeOf(e);
    return JSON.stringify({ ...s, audienceKeys: [...new Set(s.audienceKeys)].sort(), sectors: [...new Set(s.sectors)].sort(), terms: [...new Set(s.terms)].sort() });
  };
  return norm(a) === norm(b);
}

function input(v: Omit<Version, 'dateAdded'>): SharedVersionInput {
  const versioned = v.versionKey !== UNVERSIONED_KEY;
  return {
    id: v.id, type: v.type, specVersion: v.specVersion, created: versioned ? key(0) : null, modified: versioned ? v.versionKey : null,
    versionKey: v.versionKey, json: v.json, jsonAnonymous: v.envelope.attribution === 'public' ? null : `{"anonymous":"${v.id}"}`,
    envelope: storedEnvelopeOf(v.envelope), endpoints: v.endpoints,
  };
}

/** The reference model of the store's contents. */
class Model {
  readonly versions = new Map<string, Version>();
  private readonly slot = (id: string, vk: string) => `${id}@${vk}`;

  /** The outcome of adding `v` now, and the model after it (dateAdded filled in by `settle`). */
  apply(v: Omit<Version, 'dateAdded'>): AddOutcome {
    const cur = this.versions.get(this.slot(v.id, v.versionKey));
    if (cur === undefined) {
      this.versions.set(this.slot(v.id, v.versionKey), { ...v, dateAdded: -1 });
      return 'added';
    }
    if (cur.json === v.json && sameStored(cur.envelope, v.envelope)) return 'identical';
    if (cur.json !== v.json && v.versionKey !== UNVERSIONED_KEY) return 'conflict';
    this.versions.set(this.slot(v.id, v.versionKey), { ...v, dateAdded: -1 });
    return 'replaced';
  }

  settle(id: string, vk: string, dateAdded: number): void {
    const cur = this.versions.get(this.slot(id, vk)) as Version;
    if (cur.dateAdded === -1 || dateAdded > cur.dateAdded) cur.dateAdded = dateAdded;
  }

  remove(id: string): void {
    for (const [k, v] of this.versions) if (v.id === id) this.versions.delete(k);
  }

  /** What `viewer` must get for the scope and filters, in order; `hidden`: how many it must not. */
  expected(viewer: Viewer, scope: SharedScope, f: Filters): { rows: string[]; hidden: number } {
    const byId = new Map<string, Version[]>();
    for (const v of this.versions.values()) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
    const sees = (v: Version) => mayView(viewer, v, NOW);
    const state = (id: string): EndpointState => {
      const vs = byId.get(id);
      return vs === undefined ? 'absent' : vs.some(sees) ? 'visible' : 'invisible';
    };
    const keysOf = (id: string) => (byId.get(id) as Version[]).map((v) => v.versionKey);
    const pick = (v: Version): boolean => {
      const ks = keysOf(v.id);
      const latest = ks.reduce((a, b) => (b > a ? b : a));
      const first = ks.reduce((a, b) => (b < a ? b : a));
      const vf = f.versions;
      if (vf === undefined || (!vf.all && !vf.first && !vf.last && !vf.keys)) return v.versionKey === latest;
      return !!vf.all || (!!vf.last && v.versionKey === latest) || (!!vf.first && v.versionKey === first) || (vf.keys ?? []).includes(v.versionKey);
    };
    const selected = [...this.versions.values()]
      .filter((v) => scope.kind === 'all' || storedEnvelopeOf(v.envelope).audienceKeys.includes(scope.key))
      .filter((v) => (f.types === undefined || f.types.includes(v.type)) && (f.ids === undefined || f.ids.includes(v.id)))
      .filter((v) => (f.specVersions === undefined || f.specVersions.includes(v.specVersion)) && pick(v));
    const shown = selected.filter((v) => sees(v) && relationshipVisible(v.endpoints.map(state)));
    return { rows: shown.sort((a, b) => a.dateAdded - b.dateAdded).map((v) => `${v.id}@${v.versionKey}`), hidden: selected.length - shown.length };
  }

  /** The latest versions `viewer` may see (mayView + relationshipVisible), newest first. */
  private latestVisible(viewer: Viewer): { shown: Version[]; latest: Version[] } {
    const byId = new Map<string, Version[]>();
    for (const v of this.versions.values()) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
    const sees = (v: Version) => mayView(viewer, v, NOW);
    const state = (id: string): EndpointState => {
      const vs = byId.get(id);
      return vs === undefined ? 'absent' : vs.some(sees) ? 'visible' : 'invisible';
    };
    const latest = [...byId.values()].map((vs) => vs.reduce((a, b) => (b.versionKey > a.versionKey ? b : a)));
    const shown = latest.filter((v) => sees(v) && relationshipVisible(v.endpoints.map(state))).sort((a, b) => b.dateAdded - a.dateAdded);
    return { shown, latest };
  }

  /** What shared.search must give `viewer`, newest first; `hidden`: latest versions matching the filters it must not get. */
  searched(viewer: Viewer, f: SearchFilters): { rows: string[]; hidden: number } {
    const terms = (f.text ?? '').toLowerCase().split(/\s+/u).filter((t) => t !== '');
    const matches = (v: Version): boolean => {
      const e = storedEnvelopeOf(v.envelope);
      const text = searchTextOf(JSON.parse(v.json) as Record<string, unknown>);
      return terms.every((t) => text.includes(t))
        && (f.types === undefined || f.types.includes(v.type))
        && (f.tlpRanks === undefined || f.tlpRanks.includes(e.tlpRank))
        && (f.infoTypes === undefined || (v.envelope.classification.infoType !== null && f.infoTypes.includes(v.envelope.classification.infoType)))
        && (f.purposes === undefined || v.envelope.classification.purpose.some((p) => (f.purposes as string[]).includes(p)))
        && (f.audienceAnyOf === undefined || e.audienceKeys.some((k) => (f.audienceAnyOf as string[]).includes(k)))
        && (f.addedFrom === undefined || v.dateAdded >= f.addedFrom)
        && (f.addedBefore === undefined || v.dateAdded < f.addedBefore);
    };
    const { shown, latest } = this.latestVisible(viewer);
    const rows = shown.filter(matches).map((v) => `${v.id}@${v.versionKey}`);
    return { rows, hidden: latest.filter(matches).length - rows.length };
  }

  /** What countByInfoType must give `viewer`. */
  counted(viewer: Viewer, addedFrom: number): InfoTypeCount[] {
    const counts = new Map<string | null, number>();
    for (const v of this.latestVisible(viewer).shown) {
      if (v.dateAdded < addedFrom) continue;
      const t = v.envelope.classification.infoType;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return [...counts].map(([infoType, count]) => ({ infoType, count }))
      .sort((a, b) => (a.infoType === null ? 1 : b.infoType === null ? -1 : a.infoType < b.infoType ? -1 : 1));
  }

  /** What referencing must give `viewer` for `refId`, newest first, at most `limit`. */
  referencing(viewer: Viewer, refId: string, limit: number): string[] {
    return this.latestVisible(viewer).shown
      .filter((v) => (v.type === 'relationship' || v.type === 'sighting') && v.endpoints.includes(refId))
      .slice(0, limit)
      .map((v) => `${v.id}@${v.versionKey}`);
  }
}

type SearchFilters = Omit<SharedSearchQuery, 'predicate' | 'limit'>;

interface Filters { types?: string[]; ids?: string[]; versions?: VersionFilter; specVersions?: string[] }

type Gen = fc.GeneratorValue;

/** Envelopes of `w`, half of them without embargo or conditions, so that viewers see enough to compare. */
const arbEnvelope = (w: World): fc.Arbitrary<Envelope> =>
  fc.tuple(
    fc.oneof(
      arbEnvelopeIn(w, true),
      arbEnvelopeIn(w, true).map((e) => ({ ...e, minClearance: 0 as const, conditions: { terms: [], sectors: [] }, classification: { ...e.classification, embargoUntil: null } })),
    ),
    // a 5W1H classification for the portal's filters and counts
    fc.constantFrom(null, ...INFO_TYPES),
    fc.subarray([...PURPOSES]),
  ).map(([e, infoType, purpose]) => ({ ...e, classification: { ...e.classification, infoType, purpose } }));

/** Objects and their versions, in a random arrival order. */
function generateVersions(g: Gen, w: World): Omit<Version, 'dateAdded'>[] {
  const out: Omit<Version, 'dateAdded'>[] = [];
  const plain = g(fc.integer, { min: 3, max: 12 });
  const ids: string[] = [];
  for (let i = 0; i < plain; i++) {
    const type = g(() => fc.constantFrom('indicator', 'malware', 'ipv4-addr', 'identity'));
    ids.push(idOf(type, i));
  }
  const rels = g(fc.integer, { min: 0, max: 6 });
  for (let i = 0; i < rels; i++) ids.push(idOf(i % 2 === 0 ? 'relationship' : 'sighting', 100 + i));
  const pointable = [...ids.filter((id) => !id.startsWith('relationship') && !id.startsWith('sighting')), ...ABSENT];
  for (const id of ids) {
    const type = id.split('--')[0] as string;
    const n = g(fc.integer, { min: 1, max: 3 });
    const refs = g(() => fc.subarray(pointable, { minLength: 1, maxLength: Math.min(3, pointable.length) }));
    for (let k = 1; k <= n; k++) {
      const versionKey = type === 'ipv4-addr' ? UNVERSIONED_KEY : key(g(fc.integer, { min: 1, max: 4 }));
      const obj: Record<string, unknown> = { id, type, note: k, name: g(() => fc.subarray(WORDS, { minLength: 1, maxLength: 2 })).join(' ') };
      if (type === 'relationship') Object.assign(obj, { source_ref: refs[0], target_ref: refs[refs.length - 1] });
      if (type === 'sighting') Object.assign(obj, { sighting_of_ref: refs[0], where_sighted_refs: refs.slice(1) });
      out.push({
        id, type, versionKey, specVersion: g(() => fc.constantFrom('2.1', '2.1', '2.0')), json: JSON.stringify(obj),
        envelope: g(() => arbEnvelope(w)), endpoints: endpointRefs(obj),
      });
    }
  }
  return g(() => fc.shuffledSubarray(out, { minLength: out.length, maxLength: out.length }));
}

async function add(store: Store, model: Model, batch: Omit<Version, 'dateAdded'>[]): Promise<void> {
  const outcomes = batch.map((v) => model.apply(v));
  const results = await store.shared.add(batch.map(input));
  expect(results.map((r) => r.outcome)).toEqual(outcomes);
  results.forEach((r, i) => {
    if (outcomes[i] === 'added' || outcomes[i] === 'replaced') model.settle(r.id, r.versionKey, r.dateAdded);
  });
}

/** Page through one query with `limit` and return `${id}@${versionKey}` in order. */
async function pageThrough(store: Store, viewer: Viewer, scope: SharedScope, f: Filters, limit: number): Promise<string[]> {
  const predicate = predicateFor(viewer, NOW);
  const got: string[] = [];
  let after: number | undefined;
  for (let pages = 0; ; pages++) {
    const page = await store.shared.query({ scope, predicate, ...f, addedAfter: after, limit });
    if (page.more) expect(page.rows).toHaveLength(limit); // never short because of filtering
    got.push(...page.rows.map((r) => `${r.id}@${r.versionKey}`));
    if (!page.more) return got;
    after = page.rows[page.rows.length - 1]?.dateAdded;
    if (pages > 200) throw new Error('paging does not end');
  }
}

/** Page through shared.search with `limit` (addedBefore cursor) and return `${id}@${versionKey}` in order. */
async function pageSearch(store: Store, viewer: Viewer, f: SearchFilters, limit: number): Promise<string[]> {
  const predicate = predicateFor(viewer, NOW);
  const got: string[] = [];
  let before = f.addedBefore;
  for (let pages = 0; ; pages++) {
    const page = await store.shared.search({ ...f, predicate, addedBefore: before, limit });
    if (page.more) expect(page.rows).toHaveLength(limit); // never short because of filtering
    got.push(...page.rows.map((r) => `${r.id}@${r.versionKey}`));
    if (!page.more) return got;
    before = page.rows[page.rows.length - 1]?.dateAdded;
    if (pages > 200) throw new Error('paging does not end');
  }
}

/** One scenario against `store` (left empty afterwards). Counts the rows it expected shown and hidden. */
export async function runScenario(store: Store, g: Gen): Promise<{ shown: number; hidden: number; searchShown: number; searchHidden: number }> {
  const w = g(() => arbWorld);
  const model = new Model();
  const versions = generateVersions(g, w);
  for (let i = 0; i < versions.length; ) {
    const size = g(fc.integer, { min: 1, max: 6 });
    await add(store, model, versions.slice(i, i + size));
    i += size;
  }
  // envelope changes, identical re-posts and deletes
  const ops = g(fc.integer, { min: 0, max: 5 });
  for (let i = 0; i < ops; i++) {
    const stored = [...model.versions.values()];
    if (stored.length === 0) break;
    const v = stored[g(fc.integer, { min: 0, max: stored.length - 1 })] as Version;
    const op = g(() => fc.constantFrom('change', 'change', 'repost', 'delete'));
    if (op === 'delete') {
      expect(await store.shared.delete({ id: v.id })).toBe(stored.filter((s) => s.id === v.id).length);
      model.remove(v.id);
    } else await add(store, model, [{ ...v, envelope: op === 'repost' ? v.envelope : g(() => arbEnvelope(w)) }]);
  }
  expect(await store.shared.count()).toBe(model.versions.size);

  // communities' collections most, the others (organizations, users, nobody's) now and then
  const venues = [PUBLIC_KEY, ...w.communities.map(communityKey)];
  const named = [...w.orgs.map((o) => orgKey(o.id)), ...w.users.map((u) => userKey(u.id)), 'c:nowhere'];
  const ids = [...new Set(versions.map((v) => v.id))];
  let shown = 0;
  let hidden = 0;
  let searchShown = 0;
  let searchHidden = 0;
  const viewers = g(fc.integer, { min: 3, max: 8 });
  for (let i = 0; i < viewers; i++) {
    const viewer = g(() => arbViewerIn(w));
    const keys = [...g(() => fc.subarray(venues, { minLength: 1, maxLength: 2 })), g(() => fc.constantFrom(...named))];
    const scopes: SharedScope[] = [{ kind: 'all' }, ...keys.map((k) => ({ kind: 'audience' as const, key: k }))];
    for (const scope of scopes) {
      const f: Filters = {};
      if (g(fc.boolean)) f.types = g(() => fc.subarray([...TYPES], { minLength: 1 }));
      const idChoices = [...ids, ABSENT[0] as string];
      if (g(fc.integer, { min: 0, max: 5 }) === 0) f.ids = g(() => fc.subarray(idChoices, { minLength: 1, maxLength: Math.min(3, idChoices.length) }));
      if (g(fc.integer, { min: 0, max: 5 }) === 0) f.specVersions = [g(() => fc.constantFrom('2.0', '2.1'))];
      f.versions = g(() => fc.constantFrom<VersionFilter | undefined>(undefined, { all: true }, { all: true }, { first: true }, { last: true }, { first: true, last: true }, { keys: [key(2)] }));
      const want = model.expected(viewer, scope, f);
      const got = await pageThrough(store, viewer, scope, f, g(fc.integer, { min: 1, max: 4 }));
      expect(got, `${JSON.stringify({ viewer: { ...viewer, communityIds: [...('communityIds' in viewer ? viewer.communityIds : [])] }, scope, f })}`).toEqual(want.rows);
      shown += want.rows.length;
      hidden += want.hidden;
    }

    // the portal's reads: search (paged), counts by info type, relationships pointing at an id
    const dates = [...model.versions.values()].map((v) => v.dateAdded).sort((a, b) => a - b);
    const someDate = () => (dates.length === 0 ? 0 : (dates[g(fc.integer, { min: 0, max: dates.length - 1 })] as number));
    const searches = g(fc.integer, { min: 1, max: 2 });
    for (let k = 0; k < searches; k++) {
      const f: SearchFilters = {};
      if (g(fc.boolean)) f.text = g(() => fc.constantFrom(...TEXTS));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.types = g(() => fc.subarray([...TYPES], { minLength: 1 }));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.tlpRanks = g(() => fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.infoTypes = g(() => fc.subarray([...INFO_TYPES], { minLength: 1 }));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.purposes = g(() => fc.subarray([...PURPOSES], { minLength: 1 }));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.audienceAnyOf = g(() => fc.subarray([...venues, ...named], { minLength: 1, maxLength: 3 }));
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.addedFrom = someDate();
      if (g(fc.integer, { min: 0, max: 3 }) === 0) f.addedBefore = someDate();
      const want = model.searched(viewer, f);
      const got = await pageSearch(store, viewer, f, g(fc.integer, { min: 1, max: 4 }));
      expect(got, `search ${JSON.stringify({ viewer: { ...viewer, communityIds: [...('communityIds' in viewer ? viewer.communityIds : [])] }, f })}`).toEqual(want.rows);
      searchShown += want.rows.length;
      searchHidden += want.hidden;
    }
    const predicate = predicateFor(viewer, NOW);
    const from = g(fc.boolean) ? 0 : someDate();
    expect(await store.shared.countByInfoType({ predicate, addedFrom: from }), 'countByInfoType').toEqual(model.counted(viewer, from));
    const target = g(() => fc.constantFrom(...ids, ...ABSENT));
    const limit = g(fc.integer, { min: 1, max: 5 });
    const referencing = (await store.shared.referencing({ predicate, refId: target, limit })).map((r) => `${r.id}@${r.versionKey}`);
    expect(referencing, `referencing ${target}`).toEqual(model.referencing(viewer, target, limit));
  }
  for (const id of ids) await store.shared.delete({ id });
  expect(await store.shared.count()).toBe(0);
  return { shown, hidden, searchShown, searchHidden };
}
