/**
 * Peers as operators handle them: `kyojo peer add/list/remove`, `kyojo sync`, the admin API, and
 * what a peer's account may do on this hub (TAXII as the peer, nothing on the REST API).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer } from '../../src/federation/peers.js';
import { AdminService } from '../../src/identity/admin.js';
import { openStore } from '../../src/store/open.js';
import { TLP2_MARKING_IDS } from '../../src/stix/markings.js';
import { runCli } from '../support/cli.js';
import { KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import { allRows, indicator, peerAccount, share, startNamedHub, type Hub } from './helpers.js';

describe('kyojo peer and kyojo sync', () => {
  let dir: string;
  const cli = (args: string[], stdin = '') => runCli(['--data', dir, ...args], stdin);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kyojo-peer-cli-'));
    for (const args of [
      ['community', 'add', 'fin-isac', '--name', 'Fin', '--kind', 'isac', '--sector', 'finance'],
      ['org', 'add', 'acme', '--name', 'Acme', '--kind', 'company', '--sector', 'finance'],
    ]) expect((await cli(args)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const add = ['peer', 'add', 'us-ais', '--url', 'http://127.0.0.1:9/', '--api-root', '/taxii2/fin/', '--collection', 'c1', '--community', 'fin-isac', '--direction', 'both'];

  it('adds a peer with sealed credentials read from standard input', async () => {
    const r = await cli([...add, '--profile', 'standard', '--max-tlp', 'amber', '--tlp1', '--as-org', 'acme'], 'federation-user:s3cret-password\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('credentials sealed');
    const store = await openStore({ dataDir: dir });
    try {
      const p = (await store.peers.get({ name: 'us-ais' }))!;
      expect(p).toMatchObject({ url: 'http://127.0.0.1:9', apiRoot: '/taxii2/fin/', collections: ['c1'], direction: 'both', profile: 'standard', maxTlp: 'amber', tlp1: true });
      expect(p.credentials).toMatch(/^v1\./);
      expect(p.credentials).not.toContain('s3cret');
      expect((await store.identity.getOrganization({ slug: 'peer-us-ais' }))?.kind).toBe('isac');
    } finally {
      await store.close();
    }
    expect(readFileSync(path.join(dir, 'kyojo.db')).includes(Buffer.from('s3cret-password'))).toBe(false);
  });

  it('refuses bad input with one line', async () => {
    const bad: [string[], RegExp][] = [
      [[...add.slice(0, 2), 'other', ...add.slice(3, -1), 'sideways'], /--direction 'sideways'/],
      [['peer', 'add', 'x', '--url', 'https://u:p@h.example', '--api-root', '/r/', '--collection', 'c', '--community', 'fin-isac', '--direction', 'pull'], /must not hold credentials/],
      [['peer', 'add', 'x', '--url', 'https://h.example', '--api-root', '//evil.example/r/', '--collection', 'c', '--community', 'fin-isac', '--direction', 'pull'], /--api-root/],
      [['peer', 'add', 'x', '--url', 'ftp://h.example', '--api-root', '/r/', '--collection', 'c', '--community', 'fin-isac', '--direction', 'pull'], /https/],
      [['peer', 'add', 'x', '--url', 'https://h.example', '--api-root', '/r/', '--collection', 'c', '--community', 'nope', '--direction', 'pull'], /no community 'nope'/],
      [['peer', 'add', 'x', '--community', 'fin-isac', '--direction', 'pull'], /--passive/],
      [[...add], /already exists/],
    ];
    for (const [args, message] of bad) {
      const r = await cli(args, '');
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });

  it('lists peers with their status; a failed sync is reported there and by the exit code', async () => {
    const s = await cli(['sync', 'us-ais']);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/us-ais: sync failed: GET \/taxii2\/fin\/collections\/c1\/objects\/: \S/);
    const l = await cli(['peer', 'list']);
    expect(l.code).toBe(0);
    const fields = l.stdout.trim().split('\t');
    expect(fields.slice(0, 7)).toEqual(['us-ais', 'both', '/taxii2/fin/', 'c1', 'fin-isac', 'standard', 'amber']);
    expect(fields[fields.length - 1]).toMatch(/^GET \/taxii2\/fin\/collections\/c1\/objects\/: \S/);
    expect(l.stdout).not.toContain('s3cret');
  });

  it('removes a peer: its accounts are disabled, its organization leaves the community and stays', async () => {
    expect((await cli(['user', 'add', 'ais@peers.example', '--org', 'peer-us-ais', '--role', 'analyst'])).code).toBe(0);
    expect((await cli(['token', 'add', 'ais@peers.example'])).code).toBe(0);
    const r = await cli(['peer', 'remove', 'us-ais']);
    expect(r.code, r.stderr).toBe(0);
    const store = await openStore({ dataDir: dir });
    try {
      expect(await store.peers.list()).toEqual([]);
      const org = (await store.identity.getOrganization({ slug: 'peer-us-ais' }))!;
      expect(await store.identity.communitiesOf(org.id)).toEqual([]);
      const users = await store.identity.listUsers(org.id);
      expect(users.every((u) => u.disabled)).toBe(true);
      for (const u of users) expect((await store.identity.listTokens(u.id)).every((t) => t.revokedAt !== null)).toBe(true);
    } finally {
      await store.close();
    }
    expect((await cli(['peer', 'remove', 'us-ais'])).code).toBe(1);
  });
});

describe('a peer on the operator API and a peer account on this hub', () => {
  let hub: Hub;
  let pushToken: string;
  let pullToken: string;
  const green = indicator('green for the peer');
  const amber = indicator('amber to the community');
  beforeAll(async () => {
    hub = await startNamedHub('h') as Hub;
    await addPeer(hub.store, hub.hub.ctx.config, { name: 'reader', direction: 'push', passive: true, community: 'fin-isac', maxTlp: 'amber' });
    await addPeer(hub.store, hub.hub.ctx.config, { name: 'writer', direction: 'pull', passive: true, community: 'fin-isac' });
    pushToken = await peerAccount(hub, 'reader');
    pullToken = await peerAccount(hub, 'writer');
    await share(hub, { tlp: 'green' }, [green]);
    await share(hub, { tlp: 'amber' }, [amber]);
  });
  afterAll(async () => hub?.close());

  const api = (path: string, auth: string) => fetch(`${hub.hub.url}${path}`, { headers: { authorization: auth, accept: 'application/json' } });
  const taxii = (path: string, token: string, body?: unknown) => fetch(`${hub.hub.url}${path}`, {
    method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined,
    headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1', 'content-type': 'application/taxii+json;version=2.1' },
  });

  it('GET /api/v1/admin/peers: operators see configuration and status, never credentials', async () => {
    const res = await api('/api/v1/admin/peers', hub.hub.auth('operator'));
    expect(res.status).toBe(200);
    const body = await res.json() as { peers: Record<string, unknown>[] };
    expect(body.peers.map((p) => p.name)).toEqual(['reader', 'writer']);
    expect(body.peers[0]).toMatchObject({ direction: 'push', community: 'fin-isac', organization: 'peer-reader', has_credentials: false, status: { pulled: 0, pushed: 0, last_error: null } });
    expect(JSON.stringify(body)).not.toContain('"credentials"');
    expect((await api('/api/v1/admin/peers', hub.hub.auth('acmeAnalyst'))).status).toBe(403);
  });

  it('a peer account keeps no subscriptions (no member deliveries), unlike a member account', async () => {
    const peerUsers = await hub.store.identity.listUsers((await hub.store.identity.getOrganization({ slug: 'peer-reader' }))!.id);
    for (const u of peerUsers) expect(await hub.store.notify.listSubscriptions({ userId: u.id })).toEqual([]);
    const member = await hub.hub.ctx.identity.addUser({ email: 'new-member@acme.example', org: 'acme', role: 'analyst' });
    expect((await hub.store.notify.listSubscriptions({ userId: member.id })).length).toBeGreaterThan(0);
  });

  it('a peer account is refused by the REST API', async () => {
    expect((await api('/api/v1/me', `Bearer ${pushToken}`)).status).toBe(403);
    expect((await api('/api/v1/search?q=green', `Bearer ${pushToken}`)).status).toBe(403);
  });

  it('reads through TAXII what the peer may receive (not AMBER to its community), and only when it receives from this hub', async () => {
    const res = await taxii('/taxii2/hub/collections/all/objects/?limit=1000', pushToken);
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { objects: { id: string }[] }).objects.map((o) => o.id);
    expect(ids).toContain(green.id);
    expect(ids).not.toContain(amber.id);
    const member = await fetch(`${hub.hub.url}/taxii2/hub/collections/all/objects/?limit=1000`, { headers: { authorization: hub.hub.auth('bankAnalyst'), accept: 'application/taxii+json;version=2.1' } });
    expect(((await member.json()) as { objects: { id: string }[] }).objects.map((o) => o.id)).toContain(amber.id);
    expect((await taxii('/taxii2/hub/collections/all/objects/', pullToken)).status).toBe(403);
  });

  it('never receives the sharing extension a member posted with (stripped on ingest, and again on egress)', async () => {
    const posted = { ...indicator('posted with a sharing envelope'), object_marking_refs: [TLP2_MARKING_IDS.green],
      extensions: { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', audience: { communities: ['fin-isac'] }, attribution: 'public' } } };
    const res = await fetch(`${hub.hub.url}/taxii2/fin-isac/collections/${hub.hub.collections.finIsac}/objects/`, {
      method: 'POST', body: JSON.stringify({ objects: [posted] }),
      headers: { authorization: hub.hub.auth('acmeAnalyst'), accept: 'application/taxii+json;version=2.1', 'content-type': 'application/taxii+json;version=2.1' },
    });
    expect(((await res.json()) as { success_count: number }).success_count).toBe(1);
    const stored = (await allRows(hub.store)).find((r) => r.id === posted.id)!;
    expect(stored.json).not.toContain(KYOJO_SHARING_EXTENSION_ID);
    const read = await taxii(`/taxii2/hub/collections/all/objects/${posted.id}/`, pushToken);
    const text = await read.text();
    expect(text).toContain(posted.id);
    expect(text).not.toContain(KYOJO_SHARING_EXTENSION_ID);
  });

  /** The identity service refuses it (test below); the TAXII guards are a second lock for a store edited by hand. */
  const operatorInPeerOrg = async (email: string, orgSlug: string) => {
    const org = (await hub.store.identity.getOrganization({ slug: orgSlug }))!;
    await hub.store.identity.createUser({ id: randomUUID(), email, orgId: org.id, role: 'operator', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: new Date().toISOString() });
  };

  it('an account of a peer hub is analyst or reader only: other roles are refused on creation and on change', async () => {
    await expect(hub.hub.ctx.identity.addUser({ email: 'op2@reader.peers.example', org: 'peer-reader', role: 'operator' })).rejects.toThrow("role 'operator' is not for an account of the peer hub 'reader'");
    await expect(hub.hub.ctx.identity.addUser({ email: 'adm@reader.peers.example', org: 'peer-reader', role: 'org-admin' })).rejects.toThrow(/use analyst or reader/);
    const user = await hub.hub.ctx.identity.addUser({ email: 'rd@reader.peers.example', org: 'peer-reader', role: 'reader' });
    expect(user.role).toBe('reader');
    const admin = new AdminService(hub.store);
    await expect(admin.updateUser('rd@reader.peers.example', { role: 'operator' }, { userId: null, name: 'cli' })).rejects.toThrow(/not for an account of the peer hub/);
    expect((await hub.store.identity.getUser({ email: 'rd@reader.peers.example' }))?.role).toBe('reader');
    // an ordinary organization is unaffected
    expect((await hub.hub.ctx.identity.addUser({ email: 'op3@bank.example', org: 'bank', role: 'org-admin' })).role).toBe('org-admin');
  });

  it('a peer account given the operator role still deletes only what its peer provided', async () => {
    await operatorInPeerOrg('operator@reader.peers.example', 'peer-reader');
    const token = (await hub.hub.ctx.identity.addToken('operator@reader.peers.example', 'federation')).secret;
    const res = await fetch(`${hub.hub.url}/taxii2/fin-isac/collections/${hub.hub.collections.finIsac}/objects/${green.id}/`, {
      method: 'DELETE', headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' },
    });
    expect(res.status).toBe(403);
    expect((await allRows(hub.store)).some((r) => r.id === green.id)).toBe(true);
  });

  it('a peer account given the operator role delivers only into its peer\'s community', async () => {
    await operatorInPeerOrg('operator@writer.peers.example', 'peer-writer');
    const token = (await hub.hub.ctx.identity.addToken('operator@writer.peers.example', 'federation')).secret;
    const o = { ...indicator('into another community'), object_marking_refs: [TLP2_MARKING_IDS.green] };
    expect((await taxii(`/taxii2/energy-isac/collections/${hub.hub.collections.energyIsac}/objects/`, token, { objects: [o] })).status).toBe(403);
    expect((await allRows(hub.store)).some((r) => r.id === o.id)).toBe(false);
  });

  it('delivers through TAXII only when it feeds this hub', async () => {
    const target = `/taxii2/fin-isac/collections/${hub.hub.collections.finIsac}/objects/`;
    expect((await taxii(target, pushToken, { objects: [indicator('from reader')] })).status).toBe(403);
    const res = await taxii(target, pullToken, { objects: [{ ...indicator('from writer'), object_marking_refs: [TLP2_MARKING_IDS.green] }] });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { success_count: number }).success_count).toBe(1);
  });
});
