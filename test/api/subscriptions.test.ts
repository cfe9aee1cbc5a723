/**
 * Subscriptions, webhooks, the one-click unsubscribe, the operators' outbox view and the default
 * subscriptions of new accounts, over HTTP on SQLite and PostgreSQL (skipped when unreachable).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { HubKey, hubKeyFor } from '../../src/notify/secret-box.js';
import type { TestHub } from '../support/hub.js';
import { expectProblem, rest, type RestRes } from '../support/rest.js';
import { perBackend } from '../taxii/helpers.js';

/** acme's org-admin (a manager), created once per hub after it started (so it has its defaults) */
const admins = new WeakMap<TestHub, { token: string }>();
async function orgAdmin(hub: TestHub): Promise<{ token: string }> {
  let a = admins.get(hub);
  if (!a) {
    await hub.ctx.identity.addUser({ email: 'admin@acme.example', org: 'acme', role: 'org-admin', tier: 'manager' });
    a = { token: (await hub.ctx.identity.addToken('admin@acme.example', 'tests')).secret };
    admins.set(hub, a);
  }
  return a;
}

const errorsOf = (res: RestRes, status = 422) => expectProblem(res, status).errors?.map((e) => e.property).sort();

async function form(hub: TestHub, path: string, body: string, as?: 'bankAnalyst'): Promise<RestRes> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (as) headers.authorization = hub.auth(as);
  const res = await fetch(`${hub.url}/api/v1${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

perBackend('REST API subscriptions', (s) => {
  s.it('creates, lists, changes, pauses and deletes a user\'s own subscription with checked values', async (hub) => {
    expect((await rest(hub, 'GET', '/subscriptions', { as: 'acmeAnalyst' })).body).toEqual({ subscriptions: [] });
    const created = await rest(hub, 'POST', '/subscriptions', {
      as: 'acmeAnalyst',
      body: {
        name: ' Ransomware desk ', delivery: 'daily', channels: ['email', 'stream', 'email'],
        filters: { info_types: ['threat', 'incident'], communities: ['fin-isac'], keywords: ['LockBit', ' Emotet ', 'lockbit'], tlps: ['green', 'amber'], types: ['indicator'] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sub = created.body.subscription;
    expect(sub).toEqual({
      id: expect.any(String), owner: 'user', name: 'Ransomware desk', delivery: 'daily', channels: ['email', 'stream'],
      filters: {
        info_types: ['threat', 'incident'], purposes: [], tiers: [], timings: [], communities: ['fin-isac'], sectors: [],
        types: ['indicator'], tlps: ['green', 'amber'], keywords: ['lockbit', 'emotet'],
      },
      webhook: null, email: null, language: 'ja', active: true, created_at: expect.any(String), disabled_at: null,
    });
    // stored with the community's id, for the analyst
    const fin = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    const stored = (await hub.ctx.store.notify.getSubscription(sub.id))!;
    expect(stored).toMatchObject({ userId: hub.users.acmeAnalyst.id, orgId: hub.users.acmeAnalyst.orgId, owner: 'user' });
    expect(stored.filters.communities).toEqual([fin.id]);
    expect((await rest(hub, 'GET', '/subscriptions', { as: 'acmeAnalyst' })).body.subscriptions).toEqual([sub]);

    // a given filter replaces that filter; the others stay
    const changed = await rest(hub, 'PATCH', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst', body: { filters: { tlps: ['amber+strict'], keywords: null }, language: 'en' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.subscription).toEqual({ ...sub, language: 'en', filters: { ...sub.filters, tlps: ['amber+strict'], keywords: [] } });
    const paused = await rest(hub, 'PATCH', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst', body: { active: false } });
    expect(paused.body.subscription).toMatchObject({ active: false, disabled_at: expect.any(String) });
    expect((await hub.ctx.store.notify.activeSubscriptions()).map((x) => x.id)).not.toContain(sub.id);
    const resumed = await rest(hub, 'PATCH', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst', body: { active: true, delivery: 'weekly' } });
    expect(resumed.body.subscription).toMatchObject({ active: true, disabled_at: null, delivery: 'weekly' });
    expectProblem(await rest(hub, 'PATCH', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst', body: {} }), 422);

    expect((await rest(hub, 'DELETE', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst' })).status).toBe(204);
    expect((await rest(hub, 'GET', '/subscriptions', { as: 'acmeAnalyst' })).body).toEqual({ subscriptions: [] });
    expectProblem(await rest(hub, 'DELETE', `/subscriptions/${sub.id}`, { as: 'acmeAnalyst' }), 404);
    expectProblem(await rest(hub, 'GET', '/subscriptions'), 401);
  });

  s.it('refuses invalid subscriptions with 422 problem details naming each property', async (hub) => {
    const post = (body: unknown) => rest(hub, 'POST', '/subscriptions', { as: 'bankAnalyst', body });
    expect(expectProblem(await post({}), 422).errors).toEqual([{ property: 'name', message: 'is required' }]);
    expectProblem(await post([1]), 422);
    const bad = await post({
      name: 'x', delivery: 'hourly', channels: [], language: 'fr', colour: 'red',
      filters: {
        info_types: ['gossip'], tlps: ['white'], tiers: ['ceo'], purposes: ['fun'], timings: ['later'], sectors: ['space'],
        communities: ['energy-isac'], types: ['Not A Type'], keywords: ['x'.repeat(101)], mood: [],
      },
    });
    expect(errorsOf(bad)).toEqual([
      'channels', 'colour', 'delivery', 'filters.communities', 'filters.info_types', 'filters.keywords', 'filters.mood', 'filters.purposes',
      'filters.sectors', 'filters.tiers', 'filters.timings', 'filters.tlps', 'filters.types', 'language',
    ]);
    const messages = Object.fromEntries(bad.body.errors.map((e: { property: string; message: string }) => [e.property, e.message]));
    expect(messages['filters.info_types']).toBe("'gossip' is not one of: best-practice, vulnerability, analysis, threat, incident");
    expect(messages['filters.communities']).toBe("'energy-isac' is not a community your organization belongs to");
    expect(messages['filters.keywords']).toBe('each keyword must be 1-100 characters');
    expect(messages.delivery).toBe("'hourly' is not one of: immediate, daily, weekly");
    expect(errorsOf(await post({ name: 'x', filters: { keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) } }))).toEqual(['filters.keywords']);
    expect(errorsOf(await post({ name: 'x', filters: { keywords: 'emotet' } }))).toEqual(['filters.keywords']);
    expect(errorsOf(await post({ name: 'x', filters: ['threat'] }))).toEqual(['filters']);
    expect(errorsOf(await post({ name: '', channels: ['fax'] }))).toEqual(['channels', 'name']);
    // a person's subscription: no webhook, no other address; the owner is user or organization
    expect(errorsOf(await post({ name: 'x', channels: ['webhook'] }))).toEqual(['channels']);
    expect(errorsOf(await post({ name: 'x', email: 'someone@else.example' }))).toEqual(['email']);
    expect(errorsOf(await post({ name: 'x', owner: 'team' }))).toEqual(['owner']);
    // nothing was stored
    expect((await rest(hub, 'GET', '/subscriptions', { as: 'bankAnalyst' })).body.subscriptions).toEqual([]);
    // a form body is not JSON here (the form parser is the unsubscribe route's only)
    expect((await form(hub, '/subscriptions', 'name=x', 'bankAnalyst')).status).toBe(415);
  });

  s.it("does not show, change or delete another user's subscription (404), operators' requests included", async (hub) => {
    const mine = (await rest(hub, 'POST', '/subscriptions', { as: 'acmeReader', body: { name: 'mine' } })).body.subscription;
    for (const who of ['bankAnalyst', 'acmeAnalyst', 'operator'] as const) {
      expect((await rest(hub, 'GET', '/subscriptions', { as: who })).body.subscriptions.map((x: { id: string }) => x.id)).not.toContain(mine.id);
      expectProblem(await rest(hub, 'PATCH', `/subscriptions/${mine.id}`, { as: who, body: { name: 'taken over' } }), 404);
      expectProblem(await rest(hub, 'DELETE', `/subscriptions/${mine.id}`, { as: who }), 404);
    }
    expect((await hub.ctx.store.notify.getSubscription(mine.id))?.name).toBe('mine');
    expectProblem(await rest(hub, 'PATCH', '/subscriptions/no-such-id', { as: 'acmeReader', body: { name: 'x' } }), 404);
  });

  s.it("lets an org-admin manage its organization's subscriptions, and nobody else", async (hub) => {
    const admin = await orgAdmin(hub);
    const body = { owner: 'organization', name: 'SOC list', channels: ['email'], email: 'SOC@acme.example', delivery: 'immediate', filters: { timings: ['flash'] } };
    expectProblem(await rest(hub, 'POST', '/subscriptions', { as: 'acmeAnalyst', body }), 403);
    expect(errorsOf(await rest(hub, 'POST', '/subscriptions', { as: admin, body: { ...body, email: null } }))).toEqual(['email']);
    expect(errorsOf(await rest(hub, 'POST', '/subscriptions', { as: admin, body: { ...body, email: 'not an address' } }))).toEqual(['email']);
    const created = await rest(hub, 'POST', '/subscriptions', { as: admin, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const team = created.body.subscription;
    expect(team).toMatchObject({ owner: 'organization', email: 'soc@acme.example', language: 'ja', active: true });
    expect(await hub.ctx.store.notify.getSubscription(team.id)).toMatchObject({ userId: null, orgId: hub.users.acmeAnalyst.orgId });

    // the admin lists its own (its default daily digest) and the organization's
    const listed = (await rest(hub, 'GET', '/subscriptions', { as: admin })).body.subscriptions;
    expect(listed.map((x: { owner: string; delivery: string }) => [x.owner, x.delivery])).toEqual([['user', 'daily'], ['organization', 'immediate']]);
    expect(listed[1]).toEqual(team);
    const changed = await rest(hub, 'PATCH', `/subscriptions/${team.id}`, { as: admin, body: { email: 'csirt@acme.example', active: false } });
    expect(changed.body.subscription).toMatchObject({ email: 'csirt@acme.example', active: false });

    // members, another organization and operators: not found
    for (const who of ['acmeAnalyst', 'bankAnalyst', 'operator'] as const) {
      expect((await rest(hub, 'GET', '/subscriptions', { as: who })).body.subscriptions.map((x: { id: string }) => x.id)).not.toContain(team.id);
      expectProblem(await rest(hub, 'PATCH', `/subscriptions/${team.id}`, { as: who, body: { email: 'x@evil.example' } }), 404);
      expectProblem(await rest(hub, 'DELETE', `/subscriptions/${team.id}`, { as: who }), 404);
    }
    expect((await rest(hub, 'DELETE', `/subscriptions/${team.id}`, { as: admin })).status).toBe(204);
  });

  s.it('registers webhooks for org-admins with a hub-generated secret shown once, sealed at rest', async (hub) => {
    const admin = await orgAdmin(hub);
    expectProblem(await rest(hub, 'GET', '/webhooks', { as: 'acmeAnalyst' }), 403);
    expectProblem(await rest(hub, 'POST', '/webhooks', { as: 'acmeAnalyst', body: { url: 'https://hooks.acme.example/x' } }), 403);
    for (const url of ['http://hooks.acme.example/kyojo', 'ftp://hooks.acme.example/', 'not a url', 'https://user:pw@hooks.acme.example/', 'https://h.example/#f', '']) {
      expect(errorsOf(await rest(hub, 'POST', '/webhooks', { as: admin, body: { url } })), url).toEqual(['url']);
    }
    expect(errorsOf(await rest(hub, 'POST', '/webhooks', { as: admin, body: { url: 'https://h.example/', secret: 'mine' } }))).toEqual(['secret']);

    const created = await rest(hub, 'POST', '/webhooks', { as: admin, body: { url: 'https://hooks.acme.example/kyojo' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { webhook, secret } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toEqual({
      id: expect.any(String), url: 'https://hooks.acme.example/kyojo', created_at: expect.any(String), active: true,
      consecutive_failures: 0, disabled_at: null, disabled_reason: null,
    });
    const local = await rest(hub, 'POST', '/webhooks', { as: admin, body: { url: 'http://127.0.0.1:9/hook' } });
    expect(local.status).toBe(201);
    expect(local.body.secret).not.toBe(secret);

    // sealed with the hub key; never shown again
    const stored = (await hub.ctx.store.notify.getWebhook(webhook.id))!;
    expect(stored.secretEncrypted).not.toContain(secret.slice(6));
    expect(hubKeyFor(hub.ctx.config).open(stored.secretEncrypted)).toBe(secret);
    const list = await rest(hub, 'GET', '/webhooks', { as: admin });
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toEqual([webhook.id, local.body.webhook.id]);
    expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
    expect(JSON.stringify(list.body)).not.toContain('secret');
    // another organization sees its own (none); an operator, its own organization's
    expectProblem(await rest(hub, 'GET', '/webhooks', { as: 'bankAnalyst' }), 403);
    expect((await rest(hub, 'GET', '/webhooks', { as: 'operator' })).body).toEqual({ webhooks: [] });

    // failures and the reason it was disabled are shown
    for (let i = 0; i < 3; i++) await hub.ctx.store.notify.recordWebhookResult(local.body.webhook.id, false, 3, 'HTTP 503 from the receiver', '2026-01-01T00:00:00.000Z');
    const after = (await rest(hub, 'GET', '/webhooks', { as: admin })).body.webhooks[1];
    expect(after).toMatchObject({ active: false, consecutive_failures: 3, disabled_reason: 'HTTP 503 from the receiver', disabled_at: '2026-01-01T00:00:00.000Z' });

    // an organization subscription delivers to one of the organization's webhooks
    const org = { owner: 'organization', name: 'SOAR', channels: ['webhook'] };
    expect(errorsOf(await rest(hub, 'POST', '/subscriptions', { as: admin, body: org }))).toEqual(['webhook']);
    expect(errorsOf(await rest(hub, 'POST', '/subscriptions', { as: admin, body: { ...org, webhook: 'no-such-webhook' } }))).toEqual(['webhook']);
    const soar = await rest(hub, 'POST', '/subscriptions', { as: admin, body: { ...org, webhook: webhook.id } });
    expect(soar.status, JSON.stringify(soar.body)).toBe(201);
    expect(soar.body.subscription).toMatchObject({ channels: ['webhook'], webhook: webhook.id, email: null });

    expectProblem(await rest(hub, 'DELETE', `/webhooks/${webhook.id}`, { as: 'acmeAnalyst' }), 403);
    expectProblem(await rest(hub, 'DELETE', '/webhooks/no-such-webhook', { as: admin }), 404);
    expect((await rest(hub, 'DELETE', `/webhooks/${webhook.id}`, { as: admin })).status).toBe(204);
    expect((await rest(hub, 'GET', '/webhooks', { as: admin })).body.webhooks.map((w: { id: string }) => w.id)).toEqual([local.body.webhook.id]);
    expect((await hub.ctx.store.notify.getSubscription(soar.body.subscription.id))?.webhookId).toBeNull();
    // the subscription without its webhook: pausing works; other changes ask for a webhook
    const soarPath = `/subscriptions/${soar.body.subscription.id}`;
    expect((await rest(hub, 'PATCH', soarPath, { as: admin, body: { active: false } })).body.subscription).toMatchObject({ active: false, webhook: null });
    expect(errorsOf(await rest(hub, 'PATCH', soarPath, { as: admin, body: { name: 'SOAR 2' } }))).toEqual(['webhook']);
    const moved = await rest(hub, 'PATCH', soarPath, { as: admin, body: { webhook: local.body.webhook.id, active: true } });
    expect(moved.body.subscription).toMatchObject({ active: true, webhook: local.body.webhook.id });
  });

  s.it('unsubscribes by one-click link (RFC 8058) without signing in; a GET changes nothing; bad tokens are 404', async (hub) => {
    const sub = (await rest(hub, 'POST', '/subscriptions', { as: 'powerAnalyst', body: { name: 'Grid alerts' } })).body.subscription;
    const key = hubKeyFor(hub.ctx.config);
    const token = key.unsubscribeToken(sub.id);

    const shown = await rest(hub, 'GET', `/unsubscribe/${token}`);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body).toEqual({
      subscription: { name: 'Grid alerts', active: true },
      unsubscribe: { method: 'POST', content_type: 'application/x-www-form-urlencoded', body: 'List-Unsubscribe=One-Click' },
    });
    expect((await hub.ctx.store.notify.getSubscription(sub.id))?.disabledAt).toBeNull();

    expect(errorsOf(await form(hub, `/unsubscribe/${token}`, 'List-Unsubscribe=Later'))).toEqual(['List-Unsubscribe']);
    const done = await form(hub, `/unsubscribe/${token}`, 'List-Unsubscribe=One-Click');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ unsubscribed: true, subscription: { name: 'Grid alerts', active: false } });
    expect((await hub.ctx.store.notify.getSubscription(sub.id))?.disabledAt).not.toBeNull();
    expect((await rest(hub, 'GET', '/subscriptions', { as: 'powerAnalyst' })).body.subscriptions[0]).toMatchObject({ id: sub.id, active: false });
    // again, and with an empty body: still unsubscribed
    expect((await form(hub, `/unsubscribe/${token}`, 'List-Unsubscribe=One-Click')).status).toBe(200);
    expect((await rest(hub, 'POST', `/unsubscribe/${token}`)).status).toBe(200);
    expect((await rest(hub, 'GET', `/unsubscribe/${token}`)).body.subscription.active).toBe(false);

    // altered, foreign, malformed: not found, through both methods
    const [idPart, mac] = token.split('.') as [string, string];
    const other = (await rest(hub, 'POST', '/subscriptions', { as: 'powerAnalyst', body: { name: 'other' } })).body.subscription;
    const bad = [
      `${idPart}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `${key.unsubscribeToken(other.id).split('.')[0]!}.${mac}`,
      new HubKey(randomBytes(32)).unsubscribeToken(other.id),
      'garbage', idPart,
    ];
    for (const t of bad) {
      expectProblem(await rest(hub, 'GET', `/unsubscribe/${encodeURIComponent(t)}`), 404);
      expectProblem(await form(hub, `/unsubscribe/${encodeURIComponent(t)}`, 'List-Unsubscribe=One-Click'), 404);
    }
    expect((await hub.ctx.store.notify.getSubscription(other.id))?.disabledAt).toBeNull();
    // a deleted subscription's link is not found
    await rest(hub, 'DELETE', `/subscriptions/${other.id}`, { as: 'powerAnalyst' });
    expectProblem(await form(hub, `/unsubscribe/${key.unsubscribeToken(other.id)}`, 'List-Unsubscribe=One-Click'), 404);
  });

  s.it('gives new accounts their tier\'s default subscriptions (by the console, an invitation, the service)', async (hub) => {
    const admin = await orgAdmin(hub);
    const ofUser = async (email: string) => {
      const u = (await hub.ctx.store.identity.getUser({ email }))!;
      return (await hub.ctx.store.notify.listSubscriptions({ userId: u.id })).map((x) => ({
        name: x.name, delivery: x.delivery, infoTypes: x.filters.infoTypes, timings: x.filters.timings, channels: x.channels, language: x.language, owner: x.owner,
      }));
    };
    const base = { channels: ['email'], language: 'ja', owner: 'user' };
    expect((await rest(hub, 'POST', '/admin/users', { as: 'operator', body: { email: 'ceo@acme.example', organization: 'acme', role: 'reader', tier: 'executive' } })).status).toBe(201);
    expect(await ofUser('ceo@acme.example')).toEqual([
      { ...base, name: '週次ダイジェスト: ベストプラクティスと分析', delivery: 'weekly', infoTypes: ['best-practice', 'analysis'], timings: [] },
      { ...base, name: '緊急情報 (フラッシュ)', delivery: 'immediate', infoTypes: [], timings: ['flash'] },
    ]);
    expect((await rest(hub, 'POST', '/organization/members', { as: admin, body: { email: 'ciso@acme.example', role: 'analyst', tier: 'manager' } })).status).toBe(201);
    expect(await ofUser('ciso@acme.example')).toEqual([
      { ...base, name: '日次ダイジェスト: 脅威・脆弱性・被害・分析', delivery: 'daily', infoTypes: ['threat', 'vulnerability', 'incident', 'analysis'], timings: [] },
    ]);
    await hub.ctx.identity.addUser({ email: 'soc@bank.example', org: 'bank', role: 'analyst' });
    expect(await ofUser('soc@bank.example')).toEqual([
      { ...base, name: '脅威・脆弱性情報 (随時)', delivery: 'immediate', infoTypes: ['threat', 'vulnerability'], timings: [] },
    ]);
    // outside Japan: in English
    await hub.ctx.identity.addOrganization({ slug: 'us-partner', name: 'US Partner', kind: 'company', sector: 'finance', country: 'US' });
    await hub.ctx.identity.addUser({ email: 'exec@us-partner.example', org: 'us-partner', role: 'reader', tier: 'executive' });
    expect(await ofUser('exec@us-partner.example')).toEqual([
      { ...base, language: 'en', name: 'Weekly digest: best practice and analysis', delivery: 'weekly', infoTypes: ['best-practice', 'analysis'], timings: [] },
      { ...base, language: 'en', name: 'Flash alerts', delivery: 'immediate', infoTypes: [], timings: ['flash'] },
    ]);
    // and the user sees them, and may change them
    const token = (await hub.ctx.identity.addToken('soc@bank.example', 't')).secret;
    const own = (await rest(hub, 'GET', '/subscriptions', { as: { token } })).body.subscriptions;
    expect(own).toHaveLength(1);
    expect((await rest(hub, 'PATCH', `/subscriptions/${own[0].id}`, { as: { token }, body: { delivery: 'daily' } })).status).toBe(200);
  });

  s.it('shows operators the outbox: counts by status and the problem messages with their last error', async (hub) => {
    expectProblem(await rest(hub, 'GET', '/admin/outbox', { as: 'acmeAnalyst' }), 403);
    const { notify } = hub.ctx.store;
    const sub = (await rest(hub, 'POST', '/subscriptions', { as: 'bankAnalyst', body: { name: 'outbox test' } })).body.subscription;
    const msg = (id: string, n: number, at: string) => ({
      id, channel: 'email' as const, subscriptionId: sub.id, recipient: 'analyst@bank.example', dedupeKey: `${sub.id}|indicator--${n}|v`,
      payload: JSON.stringify({ kind: 'items', items: [{ id: `indicator--${n}` }, { id: `indicator--${n + 100}` }] }), nextAttemptAt: at, createdAt: at,
    });
    await notify.enqueue([msg('m-1', 1, '2026-01-01T00:00:00.000Z'), msg('m-2', 2, '2026-01-01T00:01:00.000Z'), msg('m-3', 3, '2026-01-01T00:02:00.000Z')]);
    await notify.claimDue('2026-01-01T00:05:00.000Z', '2026-01-01T00:06:00.000Z', 10);
    await notify.markFailed('m-1', 'SMTP 451 4.7.1 try again later', '2026-01-01T00:10:00.000Z');
    await notify.markFailed('m-2', 'SMTP 550 5.1.1 no such user', null);
    await notify.markSent('m-3', '2026-01-01T00:05:01.000Z');
    const res = await rest(hub, 'GET', '/admin/outbox', { as: 'operator' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      counts: { pending: 1, sending: 0, sent: 1, failed: 1 },
      problems: [
        {
          id: 'm-2', channel: 'email', recipient: 'analyst@bank.example', subscription: sub.id, status: 'failed', attempts: 1, items: 2,
          created_at: '2026-01-01T00:01:00.000Z', next_attempt_at: null, last_error: 'SMTP 550 5.1.1 no such user',
        },
        {
          id: 'm-1', channel: 'email', recipient: 'analyst@bank.example', subscription: sub.id, status: 'pending', attempts: 1, items: 2,
          created_at: '2026-01-01T00:00:00.000Z', next_attempt_at: '2026-01-01T00:10:00.000Z', last_error: 'SMTP 451 4.7.1 try again later',
        },
      ],
    });
    expect((await rest(hub, 'GET', '/admin/outbox?limit=1', { as: 'operator' })).body.problems.map((p: { id: string }) => p.id)).toEqual(['m-2']);
    expect(errorsOf(await rest(hub, 'GET', '/admin/outbox?limit=0', { as: 'operator' }))).toEqual(['limit']);
  });
});
