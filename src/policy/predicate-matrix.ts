/**
 * The generated matrix (test-only): random hubs, object versions with random valid envelopes
 * (relationships and sightings among them, pointing at stored, invisible or absent objects),
 * envelope changes, re-posts and deletes; then random viewers page through every kind of scope
 * with random filters and small limits. Every page must equal the reference model: all stored
 * versions filtered by `mayView` + `relationshipVisible` (endpoint states from `mayView`) + the
 * filters, in date_added order. The store sees only predicateFor / storedEnvelopeOf output.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { endpointRefs, mayView, relationshipVisible, type EndpointState } from './decide.js';
import type { Envelope } from './envelope.js';
import { communityKey, orgKey, predicateFor, PUBLIC_KEY, storedEnvelopeOf, userKey } from './predicate.js';
import { arbEnvelopeIn, arbViewerIn, arbWorld, NOW, type World } from './test-arbitraries.js';
import type { Viewer } from './viewer.js';
import { UNVERSIONED_KEY, type AddOutcome, type SharedScope, type SharedVersionInput, type Store, type VersionFilter } from '../store/types.js';

const TYPES = ['indicator', 'malware', 'ipv4-addr', 'identity', 'relationship', 'sighting'] as const;
const key = (n: number): string => `2026-01-01T00:00:0${n}.000000Z`;
const idOf = (type: string, n: number): string => `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** ids no version is ever stored under: endpoints the hub does not hold */
const ABSENT = [idOf('malware', 900), idOf('attack-pattern', 901)];

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
}

interface Filters { types?: string[]; ids?: string[]; versions?: VersionFilter; specVersions?: string[] }

type Gen = fc.GeneratorValue;

/** Envelopes of `w`, half of them without embargo or conditions, so that viewers see enough to compare. */
const arbEnvelope = (w: World): fc.Arbitrary<Envelope> =>
  fc.oneof(
    arbEnvelopeIn(w, true),
    arbEnvelopeIn(w, true).map((e) => ({ ...e, minClearance: 0 as const, conditions: { terms: [], sectors: [] }, classification: { ...e.classification, embargoUntil: null } })),
  );

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
      const obj: Record<string, unknown> = { id, type, note: k };
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

/** One scenario against `store` (left empty afterwards). Counts the rows it expected shown and hidden. */
export async function runScenario(store: Store, g: Gen): Promise<{ shown: number; hidden: number }> {
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
  }
  for (const id of ids) await store.shared.delete({ id });
  expect(await store.shared.count()).toBe(0);
  return { shown, hidden };
}
