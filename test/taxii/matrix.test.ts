/**
 * The generated trust matrix over HTTP, on SQLite and PostgreSQL: per scenario a started hub
 * with random extra organizations (sectors), communities and memberships, users (roles, tiers),
 * clearance grants and facility approvals (some expired, some revoked), terms and acceptances;
 * random objects (indicators, malware, the providers' own identities, relationships between
 * them or to absent ids, some second versions) POSTed by random providers to their communities with random envelopes (TLP marking or
 * none, the sharing extension, embargo past or future) — the ones wider than their TLP, or a
 * version by another organization, must be refused in the status. Then every user, through its
 * token, reads every read path (objects paged with a small limit and `next`, object by id,
 * versions, manifest) of every community collection and of the hub-wide collection, and each
 * answer must equal the reference model: `mayView` (viewer built from the same facts) and
 * `relationshipVisible` over endpoint states, the latest version overall, restricted to the
 * collection's scope (a community collection: audience names the community). Attribution: a
 * provider hidden from the viewer (`attributionHidden`) appears nowhere in the response text.
 *
 * CI: a few scenarios with a fixed seed; `npm run test:deep` (KYOJO_DEEP=1) runs many more.
 * Reproduce one: KYOJO_MATRIX_SEED=<seed> KYOJO_MATRIX_SCENARIOS=1 npx vitest run test/taxii/matrix.test.ts
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TrustService } from '../../src/identity/trust.js';
import { endpointRefs, mayView, relationshipVisible, type EndpointState } from '../../src/policy/decide.js';
import { attributionHidden } from '../../src/policy/egress.js';
import type { Attribution, Envelope } from '../../src/policy/envelope.js';
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import type { UserViewer } from '../../src/policy/viewer.js';
import { TLP2_MARKING_IDS, tlpRank, type Tlp } from '../../src/stix/markings.js';
import { BACKENDS, startTestHub, type TestHub } from '../support/hub.js';
import { call, type Res } from './helpers.js';

const DEEP = process.env.KYOJO_DEEP === '1';
const SCENARIOS = Number(process.env.KYOJO_MATRIX_SCENARIOS ?? (DEEP ? 40 : 2));
const SEED = Number(process.env.KYOJO_MATRIX_SEED ?? 20261126);
const HUB_COLL = '/taxii2/hub/collections/all/';
const TLPS: Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
const PAST = '2025-06-30T00:00:00.000Z';
const FUTURE = '2099-12-31T23:59:59.999Z';

/** mulberry32: a small seeded PRNG, so a scenario is reproducible from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    chance: (p: number) => next() < p,
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T,
    subset: <T>(xs: readonly T[], p = 0.4): T[] => xs.filter(() => next() < p),
    tag: () => Array.from({ length: 5 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[int(36)]).join(''),
  };
}
type Rng = ReturnType<typeof prng>;

interface Org { id: string; slug: string; sector: string; identityId: string; generated: boolean; approval: string | null }
interface Community { id: string; slug: string; coll: string; members: Set<string> /* org ids */ }
interface Grant { level: 1 | 2 | 3; until: string }
interface MUser { id: string; email: string; org: Org; role: string; token: string; grants: Grant[]; terms: Set<string> }
interface Version { id: string; type: string; modified: string; envelope: Envelope; endpoints: string[] }

interface World {
  hub: TestHub;
  orgs: Org[];
  communities: Community[];
  users: MUser[];
  terms: string[];
  versions: Version[];
  /** every id an object was generated under (stored, refused, or never posted) */
  ids: string[];
}

const ROOT = (c: Community) => `/taxii2/${c.slug}/collections/`;

async function buildWorld(hub: TestHub, r: Rng): Promise<World> {
  const store = hub.ctx.store;
  const identity = hub.ctx.identity;
  const trust = new TrustService(store);
  const orgs: Org[] = [];
  for (const slug of ['hub-op', 'acme', 'bank', 'power']) {
    const o = (await store.identity.getOrganization({ slug }))!;
    orgs.push({ id: o.id, slug, sector: o.sector, identityId: `identity--${randomUUID()}`, generated: false, approval: null });
  }
  for (let i = r.int(3) + 1; i > 0; i--) {
    const slug = `mo${r.tag()}`;
    const sector = r.pick(['finance', 'energy', 'ict']);
    const o = await identity.addOrganization({ slug, name: `Org ${slug}`, kind: 'company', sector, country: 'JP' });
    orgs.push({ id: o.id, slug, sector, identityId: `identity--${randomUUID()}`, generated: true, approval: null });
  }
  const bySlug = (s: string) => orgs.find((o) => o.slug === s)!;
  const members = orgs.filter((o) => o.slug !== 'hub-op');
  const communities: Community[] = [
    { id: '', slug: 'fin-isac', coll: '', members: new Set([bySlug('acme').id, bySlug('bank').id]) },
    { id: '', slug: 'energy-isac', coll: '', members: new Set([bySlug('power').id]) },
  ];
  communities[0]!.id = (await store.identity.getCommunity({ slug: 'fin-isac' }))!.id;
  communities[0]!.coll = `${ROOT(communities[0]!)}${hub.collections.finIsac}/`;
  communities[1]!.id = (await store.identity.getCommunity({ slug: 'energy-isac' }))!.id;
  communities[1]!.coll = `${ROOT(communities[1]!)}${hub.collections.energyIsac}/`;
  for (let i = r.int(2) + 1; i > 0; i--) {
    const slug = `mc${r.tag()}`;
    const { community, collection } = await identity.addCommunity({ slug, name: `Community ${slug}`, kind: 'isac', sector: 'finance' });
    const c: Community = { id: community.id, slug, coll: '', members: new Set() };
    c.coll = `${ROOT(c)}${collection.id}/`;
    communities.push(c);
  }
  // new organizations join some communities; the new communities get random members
  for (const c of communities) {
    for (const o of members) {
      if (c.members.has(o.id)) continue;
      if ((o.generated || c.slug.startsWith('mc')) && r.chance(0.45)) {
        await identity.joinCommunity(c.slug, o.slug);
        c.members.add(o.id);
      }
    }
  }

  const users: MUser[] = [];
  for (const [key, u] of Object.entries(hub.users)) {
    users.push({ id: u.id, email: u.email, org: orgs.find((o) => o.id === u.orgId)!, role: u.role, token: hub.tokens[key as keyof typeof hub.tokens], grants: [], terms: new Set() });
  }
  for (const o of orgs.filter((x) => x.generated)) {
    for (let i = r.int(2) + 1; i > 0; i--) {
      const email = `u${r.tag()}@${o.slug}.example`;
      const role = r.pick(['analyst', 'analyst', 'reader', 'org-admin']);
      const u = await identity.addUser({ email, org: o.slug, role, tier: r.pick(['executive', 'manager', 'practitioner']) });
      users.push({ id: u.id, email, org: o, role, token: (await identity.addToken(email, 'matrix')).secret, grants: [], terms: new Set() });
    }
  }
  if (r.chance(0.3)) {
    const email = `op${r.tag()}@hub-op.example`;
    const u = await identity.addUser({ email, org: 'hub-op', role: 'operator' });
    users.push({ id: u.id, email, org: bySlug('hub-op'), role: 'operator', token: (await identity.addToken(email, 'matrix')).secret, grants: [], terms: new Set() });
  }

  // facility approvals (past, future, revoked) and clearance grants (past, future, revoked)
  for (const o of orgs) {
    if (r.chance(0.6)) {
      const until = r.chance(0.7) ? FUTURE : PAST;
      await store.trust.approveOrg({ orgId: o.id, approvedUntil: until, approvedAt: new Date().toISOString(), approvedByUserId: null });
      o.approval = until;
      if (r.chance(0.15)) {
        await store.trust.revokeOrg(o.id, new Date().toISOString());
        o.approval = null;
      }
    }
  }
  for (const u of users) {
    for (let i = r.int(3); i > 0; i--) {
      const g: Grant = { level: r.pick([1, 2, 3] as const), until: r.chance(0.65) ? FUTURE : PAST };
      await store.trust.grant({ id: randomUUID(), userId: u.id, level: g.level, validUntil: g.until, issuerOrgId: null, grantedAt: new Date().toISOString(), grantedByUserId: null });
      u.grants.push(g);
    }
    if (u.grants.length > 0 && r.chance(0.15)) {
      await store.trust.revokeGrants(u.id, new Date().toISOString());
      u.grants = [];
    }
  }
  const terms = [`mt${r.tag()}`, `mt${r.tag()}`];
  for (const t of terms) await trust.addTerms(t, `Terms ${t}`, `Use ${t} only for defence.`);
  for (const u of users) for (const t of r.subset(terms, 0.5)) {
    await trust.acceptTerms(u.email, t);
    u.terms.add(t);
  }
  return { hub, orgs, communities, users, terms, versions: [], ids: [] };
}

/** The viewer the hub should build for this user, from the facts alone. */
function viewerOf(w: World, u: MUser, now: Date): UserViewer {
  let best: Grant | undefined;
  for (const g of u.grants) {
    if (Date.parse(g.until) <= now.getTime()) continue;
    if (!best || g.level > best.level) best = g;
  }
  return {
    kind: 'user', userId: u.id, orgId: u.org.id, role: u.role as UserViewer['role'],
    communityIds: new Set(w.communities.filter((c) => c.members.has(u.org.id)).map((c) => c.id)),
    orgSector: u.org.sector,
    clearance: best ? { level: best.level, validUntil: best.until } : null,
    orgApprovedUntil: u.org.approval,
    acceptedTerms: u.terms,
  };
}

let clock = 0;
const nextModified = () => new Date(Date.UTC(2026, 0, 1) + 1000 * ++clock).toISOString();

interface Planned { obj: Record<string, unknown>; envelope: Envelope; ok: boolean }

/** A random envelope for an object posted by `poster` to community `c`: the wire form and the expected envelope. */
function randomEnvelope(w: World, r: Rng, poster: MUser, c: Community, obj: Record<string, unknown>): Planned {
  const marked = r.chance(0.9);
  const tlp: Tlp = marked ? r.pick(TLPS) : 'amber';
  const rank = tlpRank(tlp);
  if (marked) obj.object_marking_refs = [TLP2_MARKING_IDS[tlp]];
  const env: Envelope = {
    tlp, audience: { public: false, communities: [c.id], organizations: [], users: [] }, minClearance: 0,
    conditions: { terms: [], sectors: [] }, attribution: 'public',
    classification: { purpose: [], infoType: null, tier: [], timing: null, embargoUntil: null, channels: ['portal', 'email', 'api', 'stream'] },
    providerOrgId: poster.org.id, providerUserId: poster.id,
  };
  const extensions: Record<string, unknown> = {};
  if (r.chance(0.85)) {
    const s: Record<string, unknown> = { extension_type: 'property-extension' };
    if (r.chance(0.75)) {
      // mostly within the TLP's bounds, sometimes beyond (then refused)
      const a: Record<string, unknown> = {};
      const loose = r.chance(0.1);
      if ((rank === 0 || loose) && r.chance(0.4)) a.public = true;
      const cs = rank <= 2 || loose ? r.subset(w.communities, 0.35) : [];
      const os = rank <= 3 || loose ? r.subset(w.orgs, 0.25) : [];
      const us = r.subset(w.users, 0.15);
      if (cs.length) a.communities = cs.map((x) => x.slug);
      if (os.length) a.organizations = os.map((x) => x.slug);
      if (us.length) a.users = us.map((x) => (r.chance(0.2) ? ` ${x.email.toUpperCase()}` : x.email));
      s.audience = a;
      env.audience = { public: a.public === true, communities: cs.map((x) => x.id), organizations: os.map((x) => x.id), users: us.map((x) => x.id) };
    }
    if (r.chance(0.35)) env.minClearance = r.pick([1, 2, 3] as const);
    if (env.minClearance > 0) s.min_clearance = env.minClearance;
    if (r.chance(0.3)) {
      const terms = r.subset(w.terms, 0.5);
      const sectors = r.chance(0.5) ? r.subset(['finance', 'energy', 'ict'], 0.5) : [];
      s.conditions = { ...(terms.length ? { terms } : {}), ...(sectors.length ? { sectors } : {}) };
      env.conditions = { terms, sectors };
    }
    if (r.chance(0.5)) {
      env.attribution = r.pick(['public', 'operators', 'none'] as Attribution[]);
      s.attribution = env.attribution;
    }
    extensions[KYOJO_SHARING_EXTENSION_ID] = s;
  }
  if (r.chance(0.2)) {
    env.classification.embargoUntil = r.chance(0.5) ? '2025-01-01T00:00:00Z' : '2099-01-01T00:00:00Z';
    extensions[KYOJO_CLASSIFICATION_EXTENSION_ID] = { extension_type: 'property-extension', embargo_until: env.classification.embargoUntil };
  }
  if (Object.keys(extensions).length > 0) obj.extensions = extensions;
  const a = env.audience;
  const ok = !(a.public && rank > 0) && !(a.communities.length > 0 && rank > 2) && !(a.organizations.length > 0 && rank > 3);
  return { obj, envelope: env, ok };
}

async function postObjects(w: World, r: Rng): Promise<void> {
  const posters = w.users.filter((u) => u.role !== 'reader' && (u.role === 'operator' || w.communities.some((c) => c.members.has(u.org.id))));
  const absent = [`malware--${randomUUID()}`, `attack-pattern--${randomUUID()}`];
  const batches = DEEP ? 6 + r.int(6) : 4 + r.int(3);
  for (let b = 0; b < batches; b++) {
    const poster = r.pick(posters);
    const mine = w.communities.filter((c) => poster.role === 'operator' || c.members.has(poster.org.id));
    const c = r.pick(mine);
    const plans: Planned[] = [];
    for (let n = r.int(4) + 1; n > 0; n--) {
      const modified = nextModified();
      const previous = w.versions.filter((v) => v.type !== 'relationship');
      let obj: Record<string, unknown>;
      let foreignVersion = false;
      const roll = r.int(10);
      if (roll < 2 && previous.length > 0) {
        // a later version of a stored object: by its provider's organization, or (refused) by another
        const prev = r.pick(previous);
        foreignVersion = prev.envelope.providerOrgId !== poster.org.id;
        obj = { type: prev.type, spec_version: '2.1', id: prev.id, created: '2026-01-01T00:00:00.000Z', modified,
          ...(prev.type === 'malware' ? { name: 'Test malware v2', is_family: false } : prev.type === 'identity' ? identityBody() : indicatorBody(r)) };
      } else if (roll < 4 && w.ids.some((x) => !x.startsWith('relationship--') && !x.startsWith('identity--'))) {
        // endpoints: objects stored, refused, or never posted here (absent); never a relationship (STIX forbids it);
        // never an identity (its id would name its organization in a relationship another provider shares)
        const targets = w.ids.filter((x) => !x.startsWith('relationship--') && !x.startsWith('identity--'));
        const end = () => (r.chance(0.2) ? r.pick(absent) : r.pick(targets));
        obj = { type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified,
          relationship_type: 'related-to', source_ref: end(), target_ref: end() };
      } else if (roll === 4) {
        // the poster's organization's own identity, with any attribution (hidden: served to nobody else)
        obj = { type: 'identity', spec_version: '2.1', id: poster.org.identityId, created: '2026-01-01T00:00:00.000Z', modified, ...identityBody() };
      } else if (roll < 6) {
        obj = { type: 'malware', spec_version: '2.1', id: `malware--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified, name: 'Test malware', is_family: false };
      } else {
        obj = { type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified, ...indicatorBody(r) };
      }
      obj.created_by_ref = poster.org.identityId;
      const plan = randomEnvelope(w, r, poster, c, obj);
      // an operator writing another provider's object must stay narrower: not generated; another org: refused
      if (foreignVersion && poster.role === 'operator') continue;
      if (foreignVersion) plan.ok = false;
      if (!w.ids.includes(obj.id as string)) w.ids.push(obj.id as string);
      plans.push(plan);
    }
    if (plans.length === 0) continue;
    const res = await call(w.hub, `${c.coll}objects/`, { body: { objects: plans.map((p) => p.obj) }, as: { raw: `Bearer ${poster.token}` } });
    expect(res.status, res.text).toBe(202);
    const status = res.json as { successes?: { id: string; version: string }[]; failures?: { id: string; version: string; message?: string }[] };
    for (const p of plans) {
      const id = p.obj.id as string;
      const okd = (status.successes ?? []).some((s) => s.id === id && Date.parse(s.version) === Date.parse(p.obj.modified as string));
      const failed = (status.failures ?? []).some((s) => s.id === id && Date.parse(s.version) === Date.parse(p.obj.modified as string));
      expect({ id, ok: okd, failed, envelope: p.envelope }, `status of ${id} posted by ${poster.email} to ${c.slug}: ${res.text}`)
        .toEqual({ id, ok: p.ok, failed: !p.ok, envelope: p.envelope });
      if (p.ok) w.versions.push({ id, type: p.obj.type as string, modified: p.obj.modified as string, envelope: p.envelope, endpoints: endpointRefs(p.obj) });
    }
  }
}

function identityBody() {
  return { name: 'Test provider', identity_class: 'organization' };
}

function indicatorBody(r: Rng) {
  return { name: 'Test indicator', pattern: `[ipv4-addr:value = '198.51.100.${r.int(250)}']`, pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z' };
}

/** The reference: what this viewer may read in this scope (null: the hub-wide collection). */
function expected(w: World, viewer: UserViewer, scope: Community | null, now: Date) {
  const byId = new Map<string, Version[]>();
  for (const v of w.versions) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
  const sees = (v: Version) => mayView(viewer, v, now);
  const state = (id: string): EndpointState => {
    const vs = byId.get(id);
    return vs === undefined ? 'absent' : vs.some(sees) ? 'visible' : 'invisible';
  };
  const latest = (id: string) => byId.get(id)!.reduce((a, b) => (Date.parse(b.modified) > Date.parse(a.modified) ? b : a)).modified;
  const shown = w.versions.filter((v) => (scope === null || v.envelope.audience.communities.includes(scope.id)) &&
    sees(v) && relationshipVisible(v.endpoints.map(state)));
  const key = (v: Version) => `${v.id}@${Date.parse(v.modified)}`;
  return {
    last: new Set(shown.filter((v) => v.modified === latest(v.id)).map(key)),
    all: new Set(shown.map(key)),
    versionOf: (k: string) => w.versions.find((v) => key(v) === k)!,
  };
}

const keyOf = (id: string, version: string) => `${id}@${Date.parse(version)}`;

async function readAll(w: World, u: MUser, path: string, item: 'objects' | 'objects-manifest', limit: number): Promise<{ keys: string[]; texts: string[] }> {
  const keys: string[] = [];
  const texts: string[] = [];
  let next: string | undefined;
  for (let page = 0; page < 200; page++) {
    const res = await get(w, u, `${path}?limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    expect(res.status, `${u.email} ${path}: ${res.text}`).toBe(200);
    texts.push(res.text);
    const body = res.json as { more?: boolean; next?: string; objects?: { id: string; modified?: string; version?: string }[] };
    for (const o of body.objects ?? []) keys.push(keyOf(o.id, (item === 'objects' ? o.modified : o.version) ?? ''));
    if (!body.more) return { keys, texts };
    expect(body.next, `${path} more without next`).toBeTypeOf('string');
    next = body.next;
  }
  throw new Error(`${path}: paging did not end`);
}

function get(w: World, u: MUser, path: string): Promise<Res> {
  return call(w.hub, path, { as: { raw: `Bearer ${u.token}` } });
}

let hiddenChecks = 0;

/** A provider hidden from this viewer in every version of the answer must appear nowhere in its text. */
function checkAttribution(w: World, viewer: UserViewer, u: MUser, versions: Version[], texts: string[], where: string) {
  const revealed = new Set(versions.filter((v) => !attributionHidden(v.envelope, viewer)).map((v) => v.envelope.providerOrgId));
  const hiddenFrom = new Set(versions.filter((v) => attributionHidden(v.envelope, viewer)).map((v) => v.envelope.providerOrgId));
  for (const o of w.orgs) {
    if (o.id === u.org.id || revealed.has(o.id) || !hiddenFrom.has(o.id)) continue;
    hiddenChecks++;
    for (const text of texts) {
      expect(text.includes(o.identityId), `${u.email} ${where}: provider identity of ${o.slug} revealed`).toBe(false);
      expect(text.includes(o.id), `${u.email} ${where}: provider org id of ${o.slug} revealed`).toBe(false);
      if (o.generated) expect(text.includes(o.slug), `${u.email} ${where}: provider slug ${o.slug} revealed`).toBe(false);
    }
  }
}

async function checkViewer(w: World, u: MUser, r: Rng, seed: number): Promise<number> {
  let requests = 0;
  const now = new Date();
  const viewer = viewerOf(w, u, now);
  const scopes: (Community | null)[] = [null, ...w.communities];
  const mine = new Set(w.ids);
  for (const scope of scopes) {
    const coll = scope === null ? HUB_COLL : scope.coll;
    const where = (p: string) => `seed ${seed}, viewer ${u.email} (${u.role}, ${u.org.slug}), ${scope?.slug ?? 'hub'} ${p}`;
    if (scope !== null && !(u.role === 'operator' || scope.members.has(u.org.id))) {
      const res = await get(w, u, `${coll}objects/`);
      requests++;
      expect([403, 404], where(res.text)).toContain(res.status);
      continue;
    }
    const exp = expected(w, viewer, scope, now);
    const limit = 1 + r.int(3);
    for (const kind of ['objects', 'manifest'] as const) {
      const { keys, texts } = await readAll(w, u, `${coll}${kind}/`, kind === 'objects' ? 'objects' : 'objects-manifest', limit);
      requests += texts.length;
      const ours = keys.filter((k) => mine.has(k.split('@')[0]!));
      expect(new Set(ours).size, where(`${kind} duplicates across pages`)).toBe(ours.length);
      expect([...ours].sort(), where(`${kind} (limit ${limit})`)).toEqual([...exp.last].sort());
      checkAttribution(w, viewer, u, [...exp.last].map(exp.versionOf), texts, where(kind));
    }
    for (const id of w.ids) {
      const one = await get(w, u, `${coll}objects/${id}/`);
      const vs = await get(w, u, `${coll}objects/${id}/versions/`);
      requests += 2;
      const wantLast = [...exp.last].filter((k) => k.startsWith(`${id}@`));
      const wantAll = [...exp.all].filter((k) => k.startsWith(`${id}@`)).sort();
      if (wantLast.length === 0) expect(one.status, where(`objects/${id}/: ${one.text}`)).toBe(404);
      else {
        expect(one.status, where(`objects/${id}/: ${one.text}`)).toBe(200);
        const got = ((one.json as { objects: { id: string; modified: string }[] }).objects).map((o) => keyOf(o.id, o.modified));
        expect(got, where(`objects/${id}/`)).toEqual(wantLast);
        checkAttribution(w, viewer, u, wantLast.map(exp.versionOf), [one.text], where(`objects/${id}/`));
      }
      if (wantAll.length === 0) expect(vs.status, where(`objects/${id}/versions/: ${vs.text}`)).toBe(404);
      else {
        expect(vs.status, where(`objects/${id}/versions/: ${vs.text}`)).toBe(200);
        const got = ((vs.json as { versions: string[] }).versions).map((v) => keyOf(id, v)).sort();
        expect(got, where(`objects/${id}/versions/`)).toEqual(wantAll);
        checkAttribution(w, viewer, u, wantAll.map(exp.versionOf), [vs.text], where(`objects/${id}/versions/`));
      }
    }
  }
  return requests;
}

describe.each(BACKENDS)('TAXII trust matrix [%s]', (backend) => {
  for (let i = 0; i < SCENARIOS; i++) {
    const seed = SEED + i;
    it(`scenario seed ${seed}`, async (ctx) => {
      const started = await startTestHub({ backend });
      if ('skip' in started) {
        console.warn(`TAXII trust matrix [${backend}] skipped: ${started.skip}`);
        ctx.skip();
        return;
      }
      const hub = started;
      const t0 = Date.now();
      try {
        const r = prng(seed);
        const w = await buildWorld(hub, r);
        await postObjects(w, r);
        let requests = 0;
        for (const u of w.users) requests += await checkViewer(w, u, r, seed);
        if (process.env.KYOJO_MATRIX_VERBOSE === '1') {
          console.log(`[${backend}] seed ${seed}: ${w.orgs.length} orgs, ${w.communities.length} communities, ${w.users.length} users, ` +
            `${w.versions.length} versions stored of ${w.ids.length} ids, ${requests} reads, ${hiddenChecks} hidden-provider checks so far, ${Date.now() - t0} ms`);
        }
      } finally {
        await hub.close();
      }
    }, DEEP ? 600_000 : 120_000);
  }
});
