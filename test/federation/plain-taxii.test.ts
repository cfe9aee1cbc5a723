/**
 * Federation with a plain TAXII 2.1 server that is not Kyojo (test/federation/fake-taxii.ts):
 * pull and push, `--profile standard` with TLP 1.0 alongside. What the server receives validates
 * as plain STIX 2.1 (the hub's validator; no Kyojo extension, extension definition or identity;
 * the official TLP 2.0 marking present); what the hub pulls gets the configured envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer } from '../../src/federation/peers.js';
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_IDENTITY_ID, KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import { validateStixObject } from '../../src/stix/index.js';
import { TLP1_MARKING_IDS, TLP2_MARKING_IDS, tlpOfMarkingId } from '../../src/stix/markings.js';
import { startFakeTaxii, type FakeTaxii } from './fake-taxii.js';
import { allRows, indicator, peerAccount, share, startNamedHub, type Hub } from './helpers.js';

describe('federation with a plain TAXII 2.1 server (profile standard)', () => {
  let hub: Hub;
  let fake: FakeTaxii;
  const sent = { green: indicator('green'), amberCommunity: indicator('amber community'), amberAcme: indicator('amber acme'), clear: indicator('clear public'), red: indicator('red'), anon: indicator('anonymous', { createdBy: 'identity--0a1b2c3d-0000-4000-8000-00000000acde' }) };
  const remote = {
    green: { ...indicator('remote green'), object_marking_refs: [TLP2_MARKING_IDS.green] },
    amber1: { ...indicator('remote TLP 1.0 amber'), object_marking_refs: [TLP1_MARKING_IDS.amber] },
    unmarked: indicator('remote unmarked'),
    red: { ...indicator('remote red'), object_marking_refs: [TLP2_MARKING_IDS.red] },
    sharing: { ...indicator('remote with a sharing envelope'), object_marking_refs: [TLP2_MARKING_IDS.green], extensions: { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', audience: { public: true } } } },
    invalid: { type: 'indicator', spec_version: '2.1', id: 'indicator--2d1c9a0e-3f4b-4c5d-8e6f-7a8b9c0d1e2f', created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z' } as Record<string, unknown> & { id: string },
  };

  beforeAll(async () => {
    hub = await startNamedHub('h') as Hub;
    fake = await startFakeTaxii();
    await addPeer(hub.store, hub.hub.ctx.config, {
      name: 'plain', url: fake.url, apiRoot: '/api1/', collections: ['c1'], community: 'fin-isac', direction: 'both',
      profile: 'standard', tlp1: true, maxTlp: 'amber', asOrgs: ['acme'], credentials: 'user:secret',
    });
    await share(hub, { tlp: 'green' }, [sent.green]);
    await share(hub, { tlp: 'amber' }, [sent.amberCommunity]);
    await share(hub, { tlp: 'amber', audience: { organizations: ['acme'] } }, [sent.amberAcme]);
    await share(hub, { tlp: 'clear', audience: { public: true } }, [sent.clear]);
    await share(hub, { tlp: 'red', audience: { users: ['reader@acme.example'] } }, [sent.red]);
    await share(hub, { tlp: 'green', attribution: 'none', classification: { info_type: 'threat', purpose: ['detection'] } }, [sent.anon]);
    fake.add(Object.values(remote));
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('pushes only what the peer may receive, as plain STIX 2.1 with TLP 2.0 and TLP 1.0 markings, following pending statuses', async () => {
    const r = await hub.service.syncOnce('plain');
    expect(r.push?.caughtUp).toBe(true);
    const ids = new Set(fake.posted.map((o) => o.id));
    for (const o of [sent.green, sent.amberAcme, sent.clear, sent.anon]) expect(ids.has(o.id)).toBe(true);
    for (const o of [sent.amberCommunity, sent.red]) expect(ids.has(o.id)).toBe(false);
    for (const o of Object.values(remote)) expect(ids.has(o.id)).toBe(false); // never pushed back where it came from
    expect(ids.has(KYOJO_IDENTITY_ID)).toBe(false);
    expect(ids.has(KYOJO_CLASSIFICATION_EXTENSION_ID)).toBe(false);
    // the predefined TLP objects are known by id everywhere (and medallion fails on extension definitions)
    expect(fake.posted.filter((o) => o.type === 'marking-definition' || o.type === 'extension-definition').map((o) => o.id)).toEqual([]);
    for (const o of fake.posted) {
      const v = validateStixObject(o);
      expect(v.ok, JSON.stringify(v)).toBe(true);
      const text = JSON.stringify(o);
      expect(text).not.toContain(KYOJO_CLASSIFICATION_EXTENSION_ID);
      expect(text).not.toContain(KYOJO_SHARING_EXTENSION_ID);
      expect(text).not.toContain(KYOJO_IDENTITY_ID);
      if (o.type === 'marking-definition') continue;
      const marks = o.object_marking_refs as string[];
      const v2 = marks.filter((m) => Object.values(TLP2_MARKING_IDS).includes(m));
      const v1 = marks.filter((m) => Object.values(TLP1_MARKING_IDS).includes(m));
      expect(v2).toHaveLength(1);
      expect(v1.map(tlpOfMarkingId)).toEqual(v2.map(tlpOfMarkingId));
    }
    const anon = fake.posted.find((o) => o.id === sent.anon.id)!;
    expect(anon.created_by_ref).not.toBe(sent.anon.created_by_ref);
    expect(fake.requests.some((q) => q.method === 'GET' && q.url.startsWith('/api1/status/'))).toBe(true);
  }, 60_000);

  it('pulls with the configured envelope: TLP from markings (the hub default without), capped, audience fin-isac, provider peer-plain', async () => {
    const rows = await allRows(hub.store);
    const peerOrg = (await hub.store.identity.getOrganization({ slug: 'peer-plain' }))!.id;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(remote.green.id)?.tlpRank).toBe(1);
    expect(byId.get(remote.amber1.id)?.tlpRank).toBe(2);
    expect(byId.get(remote.unmarked.id)?.tlpRank).toBe(2); // hub default: amber
    for (const o of [remote.green, remote.amber1, remote.unmarked]) expect(byId.get(o.id)?.providerOrgId).toBe(peerOrg);
    for (const o of [remote.red, remote.sharing, remote.invalid]) expect(byId.has(o.id)).toBe(false);
    const state = (await hub.store.peers.state((await hub.store.peers.get({ name: 'plain' }))!.id))!;
    expect(state.pulled).toBe(3);
    expect(state.refused).toBe(3);
    expect(state.pullCursors.c1).toMatch(/^2026-04-01T00:00:00\.000\d{3}Z$/);
    // a member of fin-isac reads them through TAXII; a member of another community does not
    const read = async (user: 'bankAnalyst' | 'powerAnalyst') => {
      const res = await fetch(`${hub.hub.url}/taxii2/hub/collections/all/objects/?match[id]=${remote.green.id}`, { headers: { authorization: hub.hub.auth(user), accept: 'application/taxii+json;version=2.1' } });
      return ((await res.json()) as { objects?: unknown[] }).objects?.length ?? 0;
    };
    expect(await read('bankAnalyst')).toBe(1);
    expect(await read('powerAnalyst')).toBe(0);
  }, 60_000);

  it('a second sync is a no-op both ways', async () => {
    const posted = fake.posted.length;
    const count = (await allRows(hub.store)).length;
    const r = await hub.service.syncOnce('plain');
    expect(r.pull).toMatchObject({ pulled: 0, caughtUp: true });
    expect(r.push).toMatchObject({ pushed: 0, caughtUp: true });
    expect(fake.posted.length).toBe(posted);
    expect((await allRows(hub.store)).length).toBe(count);
  }, 60_000);

  it('a plain client reading as a passive standard peer gets plain STIX: no Kyojo identity, extension definitions or extensions', async () => {
    await addPeer(hub.store, hub.hub.ctx.config, { name: 'reader', direction: 'push', passive: true, community: 'fin-isac', profile: 'standard', maxTlp: 'green' });
    const token = await peerAccount(hub, 'reader');
    const res = await fetch(`${hub.hub.url}/taxii2/hub/collections/all/objects/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' } });
    expect(res.status).toBe(200);
    const objects = ((await res.json()) as { objects: Record<string, unknown>[] }).objects;
    const ids = new Set(objects.map((o) => o.id));
    expect(ids.has(sent.green.id)).toBe(true);
    expect(ids.has(sent.amberCommunity.id)).toBe(false); // above the peer's GREEN
    expect(ids.has(KYOJO_IDENTITY_ID)).toBe(false);
    expect(ids.has(KYOJO_CLASSIFICATION_EXTENSION_ID)).toBe(false);
    expect(ids.has(KYOJO_SHARING_EXTENSION_ID)).toBe(false);
    const text = JSON.stringify(objects);
    expect(text).not.toContain(KYOJO_CLASSIFICATION_EXTENSION_ID);
    expect(text).not.toContain(KYOJO_SHARING_EXTENSION_ID);
    for (const o of objects) expect(validateStixObject(o).ok).toBe(true);
    // the manifest and versions list exactly what the objects endpoint serves
    const manifest = await fetch(`${hub.hub.url}/taxii2/hub/collections/all/manifest/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' } });
    const listed = ((await manifest.json()) as { objects: { id: string }[] }).objects.map((o) => o.id);
    expect([...new Set(listed)].sort()).toEqual([...ids].sort());
    const versions = await fetch(`${hub.hub.url}/taxii2/hub/collections/all/objects/${KYOJO_IDENTITY_ID}/versions/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' } });
    expect(versions.status).toBe(404);
  }, 60_000);
});
