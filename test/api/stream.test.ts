/**
 * GET /api/v1/stream (Server-Sent Events) over real HTTP, on SQLite and PostgreSQL: live delivery
 * through the viewer's predicate, the anonymous form under hidden attribution, resuming with
 * Last-Event-ID (exactly the missed versions), heartbeats, the `stream` channel, a token or a
 * portal session, credentials and clearance read again while connected, and a slow client
 * disconnected without losing anything.
 *
 * "Nothing arrived" is never asserted by waiting: a later version the client may see is sent
 * after it, and since a stream delivers in date_added order, its arrival proves the earlier one
 * was passed over.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR, TrustService } from '../../src/identity/trust.js';
import { communityIdentityId } from '../../src/sharing/identities.js';
import { startTestHub, type TestHub, type UserKey } from '../support/hub.js';
import { SseClient } from '../support/sse.js';
import { rest } from '../support/rest.js';
import { indicator, perBackend } from '../taxii/helpers.js';

const STREAM_CONFIG = { stream: { heartbeatMs: 200, maxBufferBytes: 64 * 1024, refreshMs: 250 } };

type Envelope = Record<string, unknown>;

/** Shares objects with one envelope through POST /api/v1/shares; returns the stored ids. */
async function share(hub: TestHub, as: UserKey, objects: Record<string, unknown>[], envelope: Envelope): Promise<string[]> {
  const res = await rest(hub, 'POST', '/shares', { as, body: { objects, envelope } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.refused).toEqual([]);
  return (res.body.stored as { id: string }[]).map((s) => s.id);
}

const FIN_AMBER: Envelope = { tlp: 'amber', audience: { communities: ['fin-isac'] } };
const ENERGY_AMBER: Envelope = { tlp: 'amber', audience: { communities: ['energy-isac'] } };
const PUBLIC: Envelope = { tlp: 'clear', audience: { public: true } };

const connect = (hub: TestHub, as: UserKey | { token: string }, headers: Record<string, string> = {}, query = '') =>
  SseClient.open(`${hub.url}/api/v1/stream${query}`, { authorization: typeof as === 'string' ? hub.auth(as) : `Bearer ${as.token}`, ...headers });

const ids = (c: SseClient) => c.objects().map((o) => o.id);

perBackend('GET /api/v1/stream', (s) => {
  const open: SseClient[] = [];
  const track = async (p: Promise<SseClient>) => {
    const c = await p;
    open.push(c);
    return c;
  };
  const closeAll = () => open.splice(0).forEach((c) => c.close());

  s.it('sends a version published after the client connected, to those who may see it only, in the documented form', async (hub) => {
    const acme = await track(connect(hub, 'acmeReader'));
    const power = await track(connect(hub, 'powerAnalyst'));
    expect(acme.status).toBe(200);
    expect(acme.contentType).toContain('text/event-stream');
    const fin = indicator();
    const [finId] = await share(hub, 'bankAnalyst', [fin], FIN_AMBER);
    await acme.waitForObject(finId!);
    const ev = acme.events.find((e) => e.event === 'object')!;
    expect(ev.id).toMatch(/^\d+$/);
    const data = JSON.parse(ev.data) as { id: string; type: string; version: string; tlp: string; object: Record<string, unknown> };
    expect(data).toMatchObject({ id: fin.id, type: 'indicator', version: fin.modified, tlp: 'amber' });
    expect(data.object).toMatchObject({ id: fin.id, type: 'indicator', pattern: fin.pattern });
    // the outsider: a later public version arrives, the fin-isac one never did
    const [energyId] = await share(hub, 'powerAnalyst', [indicator()], ENERGY_AMBER);
    const [publicId] = await share(hub, 'bankAnalyst', [indicator()], PUBLIC);
    await power.waitForObject(publicId!);
    expect(ids(power)).toEqual([energyId, publicId]);
    await acme.waitForObject(publicId!);
    expect(ids(acme)).toEqual([finId, publicId]);
    closeAll();
  });

  s.it('serves the anonymous form where attribution is hidden, the original to the provider\'s organization', async (hub) => {
    const bank = await track(connect(hub, 'bankAnalyst'));
    const acme = await track(connect(hub, 'acmeReader'));
    const acmeIdentity = `identity--${randomUUID()}`;
    const obj = indicator({ extra: { created_by_ref: acmeIdentity } });
    await share(hub, 'acmeAnalyst', [obj], { ...FIN_AMBER, attribution: 'none' });
    await bank.waitForObject(obj.id);
    await acme.waitForObject(obj.id);
    const fin = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    const seenByBank = bank.objects().find((o) => o.id === obj.id)!;
    expect(seenByBank.object.created_by_ref).toBe(communityIdentityId(fin.id));
    expect(JSON.stringify(bank.events)).not.toContain(acmeIdentity);
    expect(acme.objects().find((o) => o.id === obj.id)!.object.created_by_ref).toBe(acmeIdentity);
    closeAll();
  });

  s.it('resumes with Last-Event-ID (or last_event_id): exactly the missed versions it may see, then live, none twice', async (hub) => {
    const first = await track(connect(hub, 'bankAnalyst'));
    const [a] = await share(hub, 'acmeAnalyst', [indicator()], FIN_AMBER);
    await first.waitForObject(a!);
    const lastId = first.events.at(-1)!.id!;
    first.close();
    const [b] = await share(hub, 'acmeAnalyst', [indicator()], FIN_AMBER);
    await share(hub, 'powerAnalyst', [indicator()], ENERGY_AMBER); // not for the bank
    const [c, d] = await share(hub, 'acmeAnalyst', [indicator(), indicator()], FIN_AMBER);
    const resumed = await track(connect(hub, 'bankAnalyst', { 'last-event-id': lastId }));
    await resumed.waitForObject(d!);
    const [e] = await share(hub, 'acmeAnalyst', [indicator()], FIN_AMBER);
    await resumed.waitForObject(e!);
    expect(ids(resumed)).toEqual([b, c, d, e]);
    const stamps = resumed.events.filter((x) => x.event === 'object').map((x) => Number(x.id));
    expect(stamps.every((v, i) => i === 0 || v > stamps[i - 1]!)).toBe(true);
    expect(stamps[0]).toBeGreaterThan(Number(lastId));
    // the query parameter does the same
    const viaQuery = await track(connect(hub, 'bankAnalyst', {}, `?last_event_id=${lastId}`));
    await viaQuery.waitForObject(e!);
    expect(ids(viaQuery)).toEqual([b, c, d, e]);
    closeAll();
  });

  s.it('sends heartbeats', async (hub) => {
    const c = await track(connect(hub, 'acmeReader'));
    await c.waitUntil(() => c.comments.includes('heartbeat'), 30_000, 'a heartbeat');
    closeAll();
  });

  s.it('leaves out versions whose channels do not include stream', async (hub) => {
    const c = await track(connect(hub, 'bankAnalyst'));
    const [quiet] = await share(hub, 'acmeAnalyst', [indicator()], { ...FIN_AMBER, classification: { channels: ['portal', 'email'] } });
    const [loud] = await share(hub, 'acmeAnalyst', [indicator()], { ...FIN_AMBER, classification: { channels: ['stream'] } });
    await c.waitForObject(loud!);
    expect(ids(c)).toEqual([loud]);
    // nor does a replay carry it
    const r = await track(connect(hub, 'bankAnalyst', { 'last-event-id': '1' }));
    await r.waitForObject(loud!);
    expect(ids(r)).not.toContain(quiet);
    closeAll();
  });

  s.it('answers 401 without credentials and 400 for a bad Last-Event-ID', async (hub) => {
    const anon = await SseClient.open(`${hub.url}/api/v1/stream`);
    expect(anon.status).toBe(401);
    expect(JSON.parse(anon.body)).toMatchObject({ status: 401 });
    const bad = await connect(hub, 'acmeReader', { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ status: 400 });
  });

  s.it('takes a portal session cookie as well, and ends with the session', async (hub) => {
    const email = `stream-${randomUUID()}@acme.example`;
    await hub.ctx.identity.addUser({ email, org: 'acme', role: 'reader', password: 'correct horse battery staple' });
    const signIn = await fetch(`${hub.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const c = await track(SseClient.open(`${hub.url}/api/v1/stream`, { cookie }));
    expect(c.status).toBe(200);
    const [id] = await share(hub, 'bankAnalyst', [indicator()], FIN_AMBER);
    await c.waitForObject(id!);
    const out = await fetch(`${hub.url}/api/v1/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': String(((await signIn.json()) as { csrf_token: string }).csrf_token) } });
    expect(out.status).toBeLessThan(300);
    await c.waitUntil(() => c.ended, 30_000, 'the end of the stream');
  });

  s.it('ends the stream when its token is revoked', async (hub) => {
    const { token, secret } = await hub.ctx.identity.addToken('reader@acme.example', 'stream-revoke');
    const c = await track(connect(hub, { token: secret }));
    await hub.ctx.identity.revokeToken(token.id);
    await c.waitUntil(() => c.ended, 30_000, 'the end of the stream');
  });

  s.it('stops sending what a withdrawn clearance covered', async (hub) => {
    const trust = new TrustService(hub.ctx.store);
    const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;
    await trust.approveOrg('bank', nextYear, CLI_ACTOR);
    await trust.grant('analyst@bank.example', 2, nextYear, null, CLI_ACTOR);
    const c = await track(connect(hub, 'bankAnalyst'));
    const cleared = { ...FIN_AMBER, min_clearance: 2 };
    const [x0] = await share(hub, 'acmeAnalyst', [indicator()], cleared);
    await c.waitForObject(x0!);
    await trust.revoke('analyst@bank.example', CLI_ACTOR);
    // within a few refreshes a cleared version is no longer sent; from then on none is
    let stoppedAt = -1;
    for (let round = 0; round < 60 && stoppedAt < 0; round++) {
      const [x] = await share(hub, 'acmeAnalyst', [indicator()], cleared);
      const [m] = await share(hub, 'acmeAnalyst', [indicator()], FIN_AMBER);
      await c.waitForObject(m!);
      if (!ids(c).includes(x!)) stoppedAt = round;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(stoppedAt).toBeGreaterThanOrEqual(0);
    const [later] = await share(hub, 'acmeAnalyst', [indicator()], cleared);
    const [marker] = await share(hub, 'acmeAnalyst', [indicator()], FIN_AMBER);
    await c.waitForObject(marker!);
    expect(ids(c)).not.toContain(later);
    closeAll();
  });
}, { config: STREAM_CONFIG });

// Back-pressure does not depend on the store: SQLite only.
describe('GET /api/v1/stream, a slow client', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ config: { stream: { heartbeatMs: 15_000, maxBufferBytes: 64 * 1024, refreshMs: 60_000 } } });
  });
  afterAll(() => hub?.close());

  it('is disconnected when too much waits for it, and resumes with Last-Event-ID without losing anything', async () => {
    const slow = await SseClient.open(`${hub.url}/api/v1/stream`, { authorization: hub.auth('bankAnalyst') });
    slow.pause();
    // padding in a custom property: not search text, so cheap to store
    const big = 'x'.repeat(60_000);
    const all: string[] = [];
    // far more than the socket buffers hold (several MB on loopback) plus the hub's bound
    for (let i = 0; i < 40; i++) {
      all.push(...await share(hub, 'acmeAnalyst', Array.from({ length: 10 }, () => indicator({ extra: { x_kyojo_padding: big } })), FIN_AMBER));
    }
    slow.res!.resume();
    await slow.waitUntil(() => slow.ended, 60_000, 'the hub to close the slow client');
    const got = ids(slow);
    expect(got.length).toBeLessThan(all.length);
    const firstDiff = got.findIndex((g, i) => g !== all[i]);
    expect(firstDiff, `got ${got.length} of ${all.length}; at ${firstDiff}: ${got[firstDiff]}`).toBe(-1);
    const lastId = slow.events.filter((e) => e.event === 'object').at(-1)?.id ?? '1';
    const again = await SseClient.open(`${hub.url}/api/v1/stream`, { authorization: hub.auth('bankAnalyst'), 'last-event-id': lastId });
    await again.waitForObject(all.at(-1)!, 60_000);
    expect([...got, ...ids(again)]).toEqual(all);
    again.close();
  }, 120_000);
});
