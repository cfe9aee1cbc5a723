/**
 * The trust model over TAXII, hand-written cases on both backends: the envelope of each object
 * (TLP from its markings, the rest from the Kyojo sharing extension) decides who sees it, in a
 * community's collection and in the hub-wide collection; what is invisible is 404 like what
 * does not exist; attribution `none` hides the provider (its identity object included); only
 * the provider writes.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { CLI_ACTOR, TrustService } from '../../src/identity/trust.js';
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import { communityIdentityId } from '../../src/sharing/identities.js';
import { TLP2_MARKING_IDS, type Tlp } from '../../src/stix/markings.js';
import type { TestHub, UserKey } from '../support/hub.js';
import { call, indicator, malware, perBackend, post, type Res } from './helpers.js';

const HUB = '/taxii2/hub/collections/all/';
const fin = (hub: TestHub) => `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;

type Sharing = { audience?: unknown; min_clearance?: number; conditions?: unknown; attribution?: string };

/** An indicator marked with `tlp` (none: unmarked) carrying the sharing and classification extensions. */
function shared(tlp: Tlp | null, sharing: Sharing = {}, classification: Record<string, unknown> | null = null, extra: Record<string, unknown> = {}) {
  const extensions: Record<string, unknown> = {};
  if (Object.keys(sharing).length > 0) extensions[KYOJO_SHARING_EXTENSION_ID] = { extension_type: 'property-extension', ...sharing };
  if (classification) extensions[KYOJO_CLASSIFICATION_EXTENSION_ID] = { extension_type: 'property-extension', ...classification };
  return indicator({
    value: `198.51.100.${Math.floor(Math.random() * 250)}`,
    extra: {
      ...(tlp ? { object_marking_refs: [TLP2_MARKING_IDS[tlp]] } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
      ...extra,
    },
  });
}

async function get(hub: TestHub, path: string, as: UserKey): Promise<Res> {
  return call(hub, path, { as });
}

/** 200 or 404 for the object in the collection, as `as`. */
async function sees(hub: TestHub, coll: string, id: string, as: UserKey): Promise<boolean> {
  const res = await get(hub, `${coll}objects/${id}/`, as);
  expect([200, 404], res.text).toContain(res.status);
  return res.status === 200;
}

const ALL: UserKey[] = ['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst', 'powerAnalyst'];

async function whoSees(hub: TestHub, coll: string, id: string): Promise<UserKey[]> {
  const out: UserKey[] = [];
  for (const u of ALL) if (await sees(hub, coll, id, u)) out.push(u);
  return out;
}

async function postOne(hub: TestHub, obj: unknown, as: UserKey = 'acmeAnalyst') {
  return post(hub, fin(hub), [obj], as);
}

const future = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

perBackend('TAXII trust model', (s) => {
  s.it('each TLP level reaches exactly its audience, through the community and the hub-wide collection', async (hub) => {
    const clear = shared('clear', { audience: { public: true } });
    const green = shared('green');
    const amber = shared('amber', { audience: { organizations: ['bank'] } });
    const strict = shared('amber+strict', { audience: { organizations: ['bank'] } });
    const red = shared('red', { audience: { users: ['analyst@bank.example'] } });
    const status = await post(hub, fin(hub), [clear, green, amber, strict, red]);
    expect(status.success_count, JSON.stringify(status)).toBe(5);
    expect(status.successes!.every((x) => x.message === undefined)).toBe(true);

    expect(await whoSees(hub, HUB, clear.id)).toEqual(ALL);
    expect(await whoSees(hub, HUB, green.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst']);
    expect(await whoSees(hub, fin(hub), green.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst']);
    for (const o of [amber, strict, red]) {
      expect(await whoSees(hub, HUB, o.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst']);
      // addressed to an organization or a person, not to the community: the community's collection does not hold it
      expect(await whoSees(hub, fin(hub), o.id)).toEqual([]);
    }
    // the hub-wide collection lists it for bank; fin-isac's list does not
    const listed = async (coll: string) =>
      ((await get(hub, `${coll}objects/?match[id]=${red.id}`, 'bankAnalyst')).json as { objects?: unknown[] }).objects?.length ?? 0;
    expect(await listed(HUB)).toBe(1);
    expect(await listed(fin(hub))).toBe(0);
    // the objects carry their TLP marking as received
    const got = (await get(hub, `${HUB}objects/${red.id}/`, 'bankAnalyst')).json as { objects: { object_marking_refs: string[] }[] };
    expect(got.objects[0]!.object_marking_refs).toEqual([TLP2_MARKING_IDS.red]);
  });

  s.it('an envelope wider than its TLP is refused with the reason; an unmarked object gets the default TLP:AMBER, said in the status', async (hub) => {
    const red = shared('red'); // default audience: the community
    const strict = shared('amber+strict', { audience: { communities: ['fin-isac'] } });
    const amberPublic = shared('amber', { audience: { public: true } });
    const unmarked = shared(null);
    const status = await post(hub, fin(hub), [red, strict, amberPublic, unmarked]);
    expect(status.success_count).toBe(1);
    const reason = (id: string) => status.failures!.find((f) => f.id === id)!.message!;
    expect(reason(red.id)).toMatch(/TLP:RED may only be shared with named users, not with communities \(fin-isac\)/);
    expect(reason(red.id)).toMatch(/no audience was given/);
    expect(reason(strict.id)).toMatch(/TLP:AMBER\+STRICT may only be shared with named organizations or users/);
    expect(reason(amberPublic.id)).toMatch(/not with the public/);
    expect(status.successes).toEqual([{ id: unmarked.id, version: unmarked.modified, message: 'no TLP marking: TLP:AMBER applied (hub default)' }]);
    const got = (await get(hub, `${fin(hub)}objects/${unmarked.id}/`, 'bankAnalyst')).json as { objects: { object_marking_refs: string[] }[] };
    expect(got.objects[0]!.object_marking_refs).toEqual([TLP2_MARKING_IDS.amber]);
    for (const o of [red, strict, amberPublic]) expect(await whoSees(hub, HUB, o.id)).toEqual([]);
  });

  s.it('an embargo: the provider sees it at once, everybody else (operators included) only from the embargo time', async (hub) => {
    const later = shared('green', {}, { embargo_until: future(2500) });
    const far = shared('green', {}, { embargo_until: '2099-01-01T00:00:00Z' });
    expect((await post(hub, fin(hub), [later, far])).success_count).toBe(2);
    expect(await whoSees(hub, fin(hub), far.id)).toEqual(['acmeAnalyst', 'acmeReader']);
    expect(await whoSees(hub, HUB, later.id)).toEqual(['acmeAnalyst', 'acmeReader']);
    await sleep(2700);
    expect(await whoSees(hub, HUB, later.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst']);
  });

  s.it('min_clearance needs a live grant and a live facility approval; revocation and expiry stop access at once', async (hub) => {
    const trust = new TrustService(hub.ctx.store);
    const secret = shared('amber', { min_clearance: 2 });
    expect((await postOne(hub, secret)).success_count).toBe(1);
    const bankSees = () => sees(hub, fin(hub), secret.id, 'bankAnalyst');
    expect(await bankSees()).toBe(false);
    const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;
    await trust.grant('analyst@bank.example', 2, nextYear, null, CLI_ACTOR);
    expect(await bankSees()).toBe(false); // the person is cleared, the organization is not approved
    await trust.approveOrg('bank', nextYear, CLI_ACTOR);
    expect(await bankSees()).toBe(true);
    expect(await sees(hub, fin(hub), secret.id, 'operator')).toBe(true);
    await trust.revoke('analyst@bank.example', CLI_ACTOR);
    expect(await bankSees()).toBe(false);
    // a grant that expires: visible until then, not a moment after
    await hub.ctx.store.trust.grant({
      id: randomUUID(), userId: hub.users.bankAnalyst.id, level: 3, validUntil: future(1500), issuerOrgId: null,
      grantedAt: new Date().toISOString(), grantedByUserId: null,
    });
    expect(await bankSees()).toBe(true);
    await sleep(1700);
    expect(await bankSees()).toBe(false);
    await trust.revokeOrg('bank', CLI_ACTOR);
  });

  s.it('conditions: terms to accept, sectors allowed', async (hub) => {
    const trust = new TrustService(hub.ctx.store);
    const slug = `terms-${randomUUID().slice(0, 8)}`;
    await trust.addTerms(slug, 'Government provision', 'Use only for defence.');
    const withTerms = shared('clear', { audience: { public: true }, conditions: { terms: [slug] } });
    const energyOnly = shared('clear', { audience: { public: true }, conditions: { sectors: ['energy'] } });
    expect((await post(hub, fin(hub), [withTerms, energyOnly])).success_count).toBe(2);
    expect(await whoSees(hub, HUB, withTerms.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader']);
    await trust.acceptTerms('analyst@bank.example', slug);
    expect(await whoSees(hub, HUB, withTerms.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'bankAnalyst']);
    expect(await whoSees(hub, HUB, energyOnly.id)).toEqual(['operator', 'acmeAnalyst', 'acmeReader', 'powerAnalyst']);
  });

  s.it("attribution none: another organization never learns the provider; created_by_ref is the community's identity", async (hub) => {
    const acmeIdentity = `identity--${randomUUID()}`;
    const anon = shared('green', { attribution: 'none' }, null, { created_by_ref: acmeIdentity, name: 'Phishing kit' });
    const posted = await postOne(hub, anon);
    expect(posted.success_count).toBe(1);
    const finIsac = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    const paths = (coll: string) => [
      `${coll}objects/`, `${coll}objects/${anon.id}/`, `${coll}objects/${anon.id}/versions/`, `${coll}manifest/`,
    ];
    for (const as of ['bankAnalyst', 'operator'] as UserKey[]) {
      for (const path of [...paths(fin(hub)), ...paths(HUB)]) {
        const res = await get(hub, path, as);
        expect(res.status, path).toBe(200);
        expect(res.text, `${as} ${path}`).not.toContain(acmeIdentity);
        expect(res.text.toLowerCase(), `${as} ${path}`).not.toContain('acme');
        expect(res.text, `${as} ${path}`).not.toContain(hub.users.acmeAnalyst.id);
        expect(res.text, `${as} ${path}`).not.toContain(hub.users.acmeAnalyst.orgId);
      }
      const one = (await get(hub, `${fin(hub)}objects/${anon.id}/`, as)).json as { objects: { created_by_ref: string }[] };
      expect(one.objects[0]!.created_by_ref).toBe(communityIdentityId(finIsac.id));
    }
    // the status is only the poster's
    expect((await get(hub, `/taxii2/fin-isac/status/${posted.id}/`, 'bankAnalyst')).status).toBe(404);
    // the provider's organization receives its object as it sent it
    const own = (await get(hub, `${fin(hub)}objects/${anon.id}/`, 'acmeReader')).json as { objects: { created_by_ref: string }[] };
    expect(own.objects[0]!.created_by_ref).toBe(acmeIdentity);
  });

  s.it("attribution none: the provider's identity object is served only to its organization; under operators also to operators", async (hub) => {
    const acmeIdentity = `identity--${randomUUID()}`;
    const sharing = (attribution: string) => ({ [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', attribution } });
    const identity = {
      type: 'identity', spec_version: '2.1', id: acmeIdentity, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
      name: 'ACME CERT', identity_class: 'organization', object_marking_refs: [TLP2_MARKING_IDS.green], extensions: sharing('none'),
    };
    const anon = shared('green', { attribution: 'none' }, null, { created_by_ref: acmeIdentity });
    const posted = await post(hub, fin(hub), [identity, anon], 'acmeAnalyst');
    expect(posted.success_count).toBe(2);
    const finIsac = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    const ids = (res: Res) => ((res.json as { objects?: { id: string }[] }).objects ?? []).map((o) => o.id);
    for (const coll of [fin(hub), HUB]) {
      // another organization: the indicator (under the community's identity), never the identity
      for (const kind of ['objects', 'manifest'] as const) {
        const list = await get(hub, `${coll}${kind}/`, 'bankAnalyst');
        expect(list.status).toBe(200);
        expect(ids(list), `${coll}${kind}/`).toContain(anon.id);
        expect(ids(list), `${coll}${kind}/`).not.toContain(acmeIdentity);
        expect(list.text).not.toContain(acmeIdentity);
      }
      const one = await get(hub, `${coll}objects/${anon.id}/`, 'bankAnalyst');
      expect((one.json as { objects: { created_by_ref: string }[] }).objects[0]!.created_by_ref).toBe(communityIdentityId(finIsac.id));
      for (const as of ['bankAnalyst', 'operator'] as UserKey[]) {
        expect((await get(hub, `${coll}objects/${acmeIdentity}/`, as)).status, `${as} ${coll}`).toBe(404);
        expect((await get(hub, `${coll}objects/${acmeIdentity}/versions/`, as)).status, `${as} ${coll}`).toBe(404);
        const filtered = await get(hub, `${coll}objects/?match[id]=${acmeIdentity}`, as);
        expect(ids(filtered), `${as} ${coll}`).toEqual([]);
      }
      // the provider's organization: both, as sent
      for (const as of ['acmeAnalyst', 'acmeReader'] as UserKey[]) {
        expect((await get(hub, `${coll}objects/${acmeIdentity}/`, as)).status, `${as} ${coll}`).toBe(200);
        expect((await get(hub, `${coll}objects/${acmeIdentity}/versions/`, as)).status, `${as} ${coll}`).toBe(200);
        const list = await get(hub, `${coll}objects/`, as);
        expect(ids(list)).toEqual(expect.arrayContaining([acmeIdentity, anon.id]));
        const own = (await get(hub, `${coll}objects/${anon.id}/`, as)).json as { objects: { created_by_ref: string }[] };
        expect(own.objects[0]!.created_by_ref).toBe(acmeIdentity);
      }
    }
    // attribution operators: a new version of the identity; operators see it too, other organizations still not
    const v2 = { ...identity, modified: '2026-01-02T00:00:00.000Z', extensions: sharing('operators') };
    expect((await post(hub, fin(hub), [v2], 'acmeAnalyst')).success_count).toBe(1);
    for (const coll of [fin(hub), HUB]) {
      expect((await get(hub, `${coll}objects/${acmeIdentity}/`, 'operator')).status, coll).toBe(200);
      const versions = (await get(hub, `${coll}objects/${acmeIdentity}/versions/`, 'operator')).json as { versions: string[] };
      expect(versions.versions.map((v) => Date.parse(v))).toEqual([Date.parse(v2.modified)]);
      expect((await get(hub, `${coll}objects/${acmeIdentity}/`, 'bankAnalyst')).status, coll).toBe(404);
      expect(ids(await get(hub, `${coll}manifest/`, 'bankAnalyst'))).not.toContain(acmeIdentity);
    }
  });

  s.it('a relationship to an object the viewer may not see is itself invisible', async (hub) => {
    const hidden = { ...malware(), object_marking_refs: [TLP2_MARKING_IDS.amber], extensions: {
      [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', audience: { organizations: ['acme'] } },
    } };
    const visible = shared('green');
    const rel = {
      type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`,
      created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
      relationship_type: 'indicates', source_ref: visible.id, target_ref: hidden.id,
      object_marking_refs: [TLP2_MARKING_IDS.green],
    };
    expect((await post(hub, fin(hub), [hidden, visible, rel])).success_count).toBe(3);
    expect(await sees(hub, fin(hub), visible.id, 'bankAnalyst')).toBe(true);
    expect(await sees(hub, HUB, hidden.id, 'bankAnalyst')).toBe(false);
    expect(await sees(hub, fin(hub), rel.id, 'bankAnalyst')).toBe(false);
    expect(await sees(hub, HUB, rel.id, 'bankAnalyst')).toBe(false);
    expect(await sees(hub, fin(hub), rel.id, 'acmeReader')).toBe(true);
  });

  s.it('only the provider adds versions or deletes; the hub-wide collection is read-only', async (hub) => {
    const v1 = shared('green', {}, null, { modified: '2026-01-01T00:00:00.000Z' });
    expect((await postOne(hub, v1)).success_count).toBe(1);
    const v2 = { ...v1, modified: '2026-02-01T00:00:00.000Z', name: 'taken over' };
    const refused = await postOne(hub, v2, 'bankAnalyst');
    expect(refused.success_count).toBe(0);
    expect(refused.failures![0]!.message).toMatch(/only the provider's organization may add a version/);
    // a reader of the provider's organization may not publish at all (can_write is false)
    expect((await call(hub, `${fin(hub)}objects/`, { body: { objects: [v2] }, as: 'acmeReader' })).status).toBe(403);

    const del = (as: UserKey, coll = fin(hub)) => call(hub, `${coll}objects/${v1.id}/`, { method: 'DELETE', as });
    expect((await del('bankAnalyst')).status).toBe(403);
    expect((await del('powerAnalyst', HUB)).status).toBe(403); // can_write false on the hub-wide collection
    expect((await call(hub, `${HUB}objects/`, { body: { objects: [shared('green')] } })).status).toBe(403);
    const collections = (await get(hub, '/taxii2/hub/collections/', 'powerAnalyst')).json as { collections: Record<string, unknown>[] };
    expect(collections.collections).toEqual([expect.objectContaining({ alias: 'all', title: 'Everything you may see', can_read: true, can_write: false })]);

    // an operator may add a version for the provider (never widening it), and that is audited
    const v3 = { ...v1, modified: '2026-03-01T00:00:00.000Z', name: 'corrected by the hub' };
    expect((await postOne(hub, v3, 'operator')).success_count).toBe(1);
    const audit = await hub.ctx.store.trust.listAudit({ limit: 10, latest: true });
    expect(audit.at(-1)).toMatchObject({ action: 'object.operator-write', subject: v1.id, actor: 'op@hub-op.example' });
    const latest = (await get(hub, `${fin(hub)}objects/${v1.id}/`, 'bankAnalyst')).json as { objects: { name: string }[] };
    expect(latest.objects[0]!.name).toBe('corrected by the hub');

    // the provider's own version and delete go through
    expect((await postOne(hub, { ...v2, modified: '2026-04-01T00:00:00.000Z', name: 'v4' })).success_count).toBe(1);
    expect((await del('acmeAnalyst')).status).toBe(200);
    expect(await sees(hub, HUB, v1.id, 'acmeAnalyst')).toBe(false);

    // an operator may delete another provider's object
    const other = shared('green');
    expect((await postOne(hub, other)).success_count).toBe(1);
    expect((await call(hub, `${fin(hub)}objects/${other.id}/`, { method: 'DELETE', as: 'operator' })).status).toBe(200);
    // outside the community the API root itself is 404, whether the object exists or not
    const third = shared('green');
    expect((await postOne(hub, third)).success_count).toBe(1);
    expect((await call(hub, `${fin(hub)}objects/${third.id}/`, { method: 'DELETE', as: 'powerAnalyst' })).status).toBe(404);
  });
});

perBackend('TAXII hub-provided objects', (s) => {
  s.it('the hub-wide collection serves the TLP 2.0 and Kyojo definitions to everyone, and each community its identity', async (hub) => {
    const ids = async (coll: string, as: UserKey) =>
      (((await get(hub, `${coll}objects/?limit=1000`, as)).json as { objects?: { id: string }[] }).objects ?? []).map((o) => o.id);
    const everyone = await ids(HUB, 'powerAnalyst');
    for (const t of Object.values(TLP2_MARKING_IDS)) expect(everyone).toContain(t);
    expect(everyone).toContain(KYOJO_SHARING_EXTENSION_ID);
    expect(everyone).toContain(KYOJO_CLASSIFICATION_EXTENSION_ID);
    const finIsac = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    const energy = (await hub.ctx.store.identity.getCommunity({ slug: 'energy-isac' }))!;
    expect(everyone).toContain(communityIdentityId(energy.id));
    expect(everyone).toContain(communityIdentityId(finIsac.id));
    // a community's collection holds only what was shared with it
    expect(await ids(fin(hub), 'bankAnalyst')).not.toContain(communityIdentityId(finIsac.id));
    // nobody can add a version of them
    const forged = { ...((await get(hub, `${HUB}objects/${TLP2_MARKING_IDS.clear}/`, 'operator')).json as { objects: object[] }).objects[0]!, name: 'x' };
    expect((await post(hub, fin(hub), [forged], 'acmeAnalyst')).success_count).toBe(0);
  });
});
