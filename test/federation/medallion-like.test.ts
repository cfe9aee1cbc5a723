/**
 * Pulling from a server that pages the way the OASIS reference server (medallion) does: one
 * date_added for every object of one POST, 100 objects a page, one `next` token for a whole
 * listing, a 500 for `next` without `limit`. Checked by hand against medallion itself too
 * (docs/federation.md "Interoperability"); this keeps the behaviour under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer } from '../../src/federation/peers.js';
import { TLP2_MARKING_IDS } from '../../src/stix/markings.js';
import { startFakeTaxii, type FakeTaxii } from './fake-taxii.js';
import { allRows, indicator, startNamedHub, type Hub } from './helpers.js';

describe('pull from a medallion-like server', () => {
  let hub: Hub;
  let fake: FakeTaxii;
  let peerOrg: string;
  const green = Array.from({ length: 250 }, (_, i) => ({ ...indicator(`partner ${i}`), object_marking_refs: [TLP2_MARKING_IDS.green] }));
  const red = { ...indicator('partner red'), object_marking_refs: [TLP2_MARKING_IDS.red] };
  const pulledIds = async () => new Set((await allRows(hub.store)).filter((r) => r.providerOrgId === peerOrg).map((r) => r.id));

  beforeAll(async () => {
    hub = await startNamedHub('m', 'sqlite', { baseBackoffMs: 10, maxBackoffMs: 20 }) as Hub;
    fake = await startFakeTaxii();
    fake.medallionLike = true;
    fake.add([...green, red]); // one POST: one date_added for all 251
    await addPeer(hub.store, hub.hub.ctx.config, {
      name: 'oasis', url: fake.url, apiRoot: '/api1/', collections: ['c1'], community: 'fin-isac', direction: 'pull', credentials: 'user:secret', maxTlp: 'green',
    });
    peerOrg = (await hub.store.identity.getOrganization({ slug: 'peer-oasis' }))!.id;
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
  });

  it('a pass interrupted after its first page loses nothing that shares the boundary date_added', async () => {
    fake.failGetAt = 2; // the second page of the first pass fails
    await expect(hub.service.syncOnce('oasis')).rejects.toThrow(/HTTP 500/);
    expect((await pulledIds()).size).toBe(100);
    const r = await hub.service.syncOnce('oasis');
    expect(r.pull).toMatchObject({ caughtUp: true, refused: 1 });
    const ids = await pulledIds();
    expect([...green.map((o) => o.id)].filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.has(red.id)).toBe(false);
    expect(ids.size).toBe(250);
    // every request after the first carried a limit, and the sticky next token was followed
    const gets = fake.requests.filter((q) => q.method === 'GET' && q.url.startsWith('/api1/collections/c1/objects/'));
    expect(gets.every((q) => q.url.includes('limit='))).toBe(true);
    expect(gets.filter((q) => q.url.includes('next=listing-')).length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('a second sync asks from the last date_added and stores nothing twice', async () => {
    const before = (await allRows(hub.store)).length;
    const r = await hub.service.syncOnce('oasis');
    expect(r.pull).toMatchObject({ pulled: 0, caughtUp: true });
    expect((await allRows(hub.store)).length).toBe(before);
  }, 60_000);
});
