/**
 * Faults (issue 5): a peer that answers 500s, malformed bodies, the wrong media type, a redirect,
 * an oversized body or nothing at all is reported (last error, consecutive failures) and retried
 * with backoff while the hub goes on serving; nothing acknowledged is lost or doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer } from '../../src/federation/peers.js';
import { TLP2_MARKING_IDS } from '../../src/stix/markings.js';
import { startFakeTaxii, type Fault, type FakeTaxii } from './fake-taxii.js';
import { allRows, indicator, share, startNamedHub, type Hub } from './helpers.js';

describe('federation faults', () => {
  let hub: Hub;
  let fake: FakeTaxii;
  let elsewhere: FakeTaxii;
  let peerId: string;
  const state = async () => (await hub.store.peers.state(peerId))!;
  beforeAll(async () => {
    hub = await startNamedHub('h', 'sqlite', { timeoutMs: 500, maxBodyBytes: 1_000_000, pollMs: 50, baseBackoffMs: 20, maxBackoffMs: 200 }) as Hub;
    fake = await startFakeTaxii();
    elsewhere = await startFakeTaxii();
    fake.redirectTo = `${elsewhere.url}/api1/collections/c1/objects/`;
    peerId = (await addPeer(hub.store, hub.hub.ctx.config, {
      name: 'flaky', url: fake.url, apiRoot: '/api1/', collections: ['c1'], community: 'fin-isac', direction: 'both', credentials: 'user:secret',
    })).id;
    fake.add(Array.from({ length: 5 }, (_, i) => ({ ...indicator(`remote ${i}`), object_marking_refs: [TLP2_MARKING_IDS.green] })));
    await share(hub, { tlp: 'green' }, [indicator('local 1'), indicator('local 2')]);
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await fake?.close();
    await elsewhere?.close();
  });

  const cases: [Fault, RegExp][] = [
    ['500', /HTTP 500/],
    ['garbage', /not JSON/],
    ['html', /Content-Type 'text\/html'/],
    ['redirect', /302 redirect.*not followed/],
    ['huge', /exceeds the limit/],
    ['hang', /timed out/],
  ];
  for (const [fault, message] of cases) {
    it(`a peer answering ${fault} fails the sync with a recorded error; the hub keeps serving`, async () => {
      const before = (await state()).consecutiveFailures;
      fake.fault = fault;
      fake.faultsLeft = Infinity;
      await expect(hub.service.syncOnce('flaky')).rejects.toThrow(message);
      const s = await state();
      expect(s.lastError).toMatch(message);
      expect(s.consecutiveFailures).toBe(before + 1);
      const res = await fetch(`${hub.hub.url}/taxii2/`, { headers: { authorization: hub.hub.auth('bankAnalyst'), accept: 'application/taxii+json;version=2.1' } });
      expect(res.status).toBe(200);
      fake.fault = 'none';
    }, 30_000);
  }

  it('never followed the redirect to another server', () => {
    expect(elsewhere.requests).toEqual([]);
  });

  it('the running loop retries with backoff until the peer recovers; then everything is exchanged exactly once', async () => {
    fake.fault = '500-after-store'; // stores what is pushed, then answers 500: the client must retry
    fake.faultsLeft = 4;
    hub.service.start();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const s = await state();
      if (s.consecutiveFailures === 0 && s.caughtUpAt !== null && Date.parse(s.caughtUpAt) > Date.parse(s.lastErrorAt ?? '0')) break;
      if (Date.now() > deadline) throw new Error(`never caught up: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await hub.service.stop();
    const pushedIds = fake.objects.map((o) => `${String(o.object.id)}@${String(o.object.modified)}`);
    expect(new Set(pushedIds).size).toBe(pushedIds.length);
    const rows = await allRows(hub.store);
    for (const o of fake.objects.filter((x) => String(x.object.name).startsWith('remote'))) {
      expect(rows.filter((r) => r.id === o.object.id)).toHaveLength(1);
    }
    expect(fake.objects.filter((o) => String(o.object.name).startsWith('local'))).toHaveLength(2);
    const s = await state();
    expect(s.pulled).toBe(5);
    expect(s.pushCursor).toBeGreaterThan(0);
  }, 60_000);
});
