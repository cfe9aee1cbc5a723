/**
 * The planted-strings leak test (issue 7). A report carrying identifying strings — the company's
 * name, a person, an email address, an internal host, a 10.x address, a Windows user path, a
 * product, a phone number — is routed anonymously (attribution none) to the sector ISAC (with
 * damage information) and to a technique-only government contact. Then every byte another
 * organization receives is searched for those strings: REST answers (home, search, object
 * pages, bundles, the case collection, the desk's own routes), TAXII (hub-wide and community
 * collections, objects and manifest), the live stream, email delivered to an SMTP sink, the
 * export (`kyojo export --as`), and what a second hub received by federation push. Each path
 * is also checked to have carried something of the report, so that no check passes empty.
 * The main hub runs on each backend; the peer on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationService } from '../../src/federation/service.js';
import { HUB_COLLECTION } from '../../src/taxii/access.js';
import { runCli } from '../support/cli.js';
import { BACKENDS, startTestHub, USERS, type TestHub, type UserKey } from '../support/hub.js';
import { rest } from '../support/rest.js';
import { SmtpSink, eventually } from '../support/smtp-sink.js';
import { SseClient } from '../support/sse.js';
import { allRows, link, syncUntilQuiet, type Hub } from '../federation/helpers.js';
import { NO_FILTERS, settled, subscribe } from '../notify/helpers.js';
import { prepareDesk } from './helpers.js';

const PLANTED = [
  'ACME Bank', 'acme', 'Taro Yamada', 'yamada', 'taro.yamada@acme-bank.co.jp', 'fs01.corp.acme.local', '10.20.30.40', '10.20.30.',
  'C:\\Users\\taro.yamada', 'AcmePay', 'Hanako Suzuki', 'suzuki', '+81-3-5555-0101', '5555-0101',
];

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'.replace(/^e3/, 'a7');

const REPORT = {
  type: 'ransomware',
  title: 'ACME Bank: file server fs01.corp.acme.local encrypted',
  contact: { name: 'Taro Yamada', email: 'taro.yamada@acme-bank.co.jp', phone: '+81-3-5555-0101' },
  detected_at: '2026-11-20T09:30:00+09:00',
  started_at: '2026-11-19T23:10:00+09:00',
  affected: { systems: 'fs01.corp.acme.local (10.20.30.40) and the PCs of Hanako Suzuki\'s team', environments: ['on-premises', 'saas'] },
  discovery: 'Taro Yamada found C:\\Users\\taro.yamada\\Documents full of renamed files',
  intrusion_route: 'the VPN appliance at 10.20.30.1 (vpn.acme-bank.co.jp), unpatched',
  business_impact: 'ACME Bank online banking (AcmePay) stopped for 6 hours; ACME\\taro.yamada was locked out',
  essential_service_breached: true,
  response: 'isolated 10.20.30.0/24; questions to taro.yamada@acme-bank.co.jp or +81-3-5555-0101',
  help_requested: 'analysis of the dropper found under C:\\Users\\taro.yamada\\AppData\\Local\\Temp',
  ransomware: { note: 'ACME Bank, your network is ours. Mail us before Friday.', extension: '.lockbit3', family: 'LockBit 3.0', intrusion_method: 'VPN vulnerability' },
  observables: ['10.20.30.40', '203.0.113.77', 'evil-update.example', 'fs01.corp.acme.local', 'taro.yamada@acme-bank.co.jp', 'http://10.20.30.40/share', SHA].join('\n'),
  techniques: ['T1486', 'T1190'],
  consent: [{ recipient: 'fin-isac', scope: 'damage', attribution: 'none' }, { recipient: 'gov', scope: 'damage', attribution: 'none' }],
};

const OTHERS: UserKey[] = ['bankAnalyst', 'powerAnalyst'];
const DELIVERY = { retry: { baseMs: 100, maxMs: 1000, giveUpAfterMs: 60_000 }, pollMs: 100, dispatchPollMs: 200 };

function leaks(blob: string): string[] {
  const lower = blob.toLowerCase();
  return PLANTED.filter((s) => lower.includes(s.toLowerCase()));
}

async function text(hub: TestHub, path: string, as: UserKey, accept = 'application/json'): Promise<string> {
  const res = await fetch(`${hub.url}${path}`, { headers: { authorization: hub.auth(as), accept } });
  expect(res.status, `${as} ${path}`).toBe(200);
  return res.text();
}

describe.each(BACKENDS)('desk: nothing identifying reaches another organization [%s]', (backend) => {
  const sink = new SmtpSink();
  let a: Hub | undefined;
  let b: Hub | undefined;
  const streams = new Map<UserKey, SseClient>();

  beforeAll(async () => {
    await sink.start();
    const started = await startTestHub({
      backend, delivery: DELIVERY,
      config: { smtpUrl: sink.url, smtpFrom: 'Kyojo <kyojo@kyojo.test>', mailCoalesceSeconds: 1, secretKey: randomBytes(32) },
    });
    if ('skip' in started) {
      console.warn(`leak test [${backend}] skipped: ${started.skip}`);
      return;
    }
    const peer = await startTestHub({ backend: 'sqlite', config: { secretKey: randomBytes(32) } });
    const fed = (h: TestHub, name: string): Hub => {
      const service = new FederationService({ store: h.ctx.store, config: h.ctx.config }, { pollMs: 100, baseBackoffMs: 50, maxBackoffMs: 500 });
      return { name, hub: h, store: h.ctx.store, service, active: [], close: async () => { await service.stop(); await h.close(); } };
    };
    a = fed(started, 'a');
    b = fed(peer, 'b');
    await link(a, b, { how: 'push' });
    await prepareDesk(started);
  }, 120_000);

  afterAll(async () => {
    for (const s of streams.values()) s.close();
    await a?.close();
    await b?.close();
    await sink.stop();
  });

  it('routes the report anonymously; no response, stream event, email, export or peer push to another organization holds a planted string', async (ctx) => {
    if (!a || !b) {
      ctx.skip();
      return;
    }
    const hub = a.hub;
    // the victim's organization profile names its product, domain and staff
    await hub.ctx.identity.addUser({ email: 'admin@acme.example', org: 'acme', role: 'org-admin' });
    const adminToken = (await hub.ctx.identity.addToken('admin@acme.example')).secret;
    const profile = await rest(hub, 'PUT', '/reports/profile', { as: { token: adminToken }, body: { names: [], products: ['AcmePay'], domains: ['acme-bank.co.jp'], people: ['Hanako Suzuki'] } });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    for (const who of OTHERS) await subscribe(hub, { user: who }, { filters: NO_FILTERS });
    await subscribe(hub, { org: 'bank', email: 'soc@bank.example' }, { filters: NO_FILTERS });
    await subscribe(hub, { org: 'power', email: 'soc@power.example' }, { filters: NO_FILTERS });
    for (const who of OTHERS) streams.set(who, await SseClient.open(`${hub.url}/api/v1/stream`, { authorization: hub.auth(who) }));

    const filed = await rest(hub, 'POST', '/reports', { as: 'acmeAnalyst', body: REPORT });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.report.id as string;
    const preview = await rest(hub, 'GET', `/reports/${id}/sanitized`, { as: 'acmeAnalyst' });
    // the reporter sees what goes: nothing planted after sanitizing, and the observables dropped
    for (const f of preview.body.fields as { field: string; after: string }[]) expect(leaks(f.after), f.field).toEqual([]);
    expect(preview.body.observables.kept.map((o: { value: string }) => o.value).sort()).toEqual(['203.0.113.77', SHA, 'evil-update.example'].sort());
    expect((await rest(hub, 'POST', `/reports/${id}/sanitized/approve`, { as: 'acmeAnalyst', body: { digest: preview.body.digest } })).status).toBe(200);
    expect((await rest(hub, 'POST', `/reports/${id}/triage`, { as: 'operator' })).status).toBe(200);
    const routed = await rest(hub, 'POST', `/reports/${id}/route`, { as: 'operator', body: {} });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    const ids = (routed.body.routed as { stored: { id: string }[] }[]).flatMap((r) => r.stored.map((s) => s.id));
    expect(ids.length).toBeGreaterThan(10);

    // delivery and federation settle
    await settled(hub, ids);
    await eventually('mail to both recipient organizations', () => sink.to(USERS.bankAnalyst.email).length > 0 && sink.to(USERS.powerAnalyst.email).length > 0);
    await syncUntilQuiet([a, b]);
    const incidentId = (await rest(hub, 'GET', '/search?type=incident', { as: 'bankAnalyst' })).body.items[0]?.id as string;
    expect(incidentId).toMatch(/^incident--/);
    await streams.get('bankAnalyst')!.waitForObject(incidentId);
    const malwareOfPower = (await rest(hub, 'GET', '/search?type=malware', { as: 'powerAnalyst' })).body.items[0]?.id as string;
    expect(malwareOfPower).toMatch(/^malware--/);
    await streams.get('powerAnalyst')!.waitForObject(malwareOfPower);

    const seen: { path: string; blob: string }[] = [];
    const add = (path: string, blob: string) => seen.push({ path, blob });
    for (const who of OTHERS) {
      for (const path of ['/api/v1/home', '/api/v1/search?limit=100', '/api/v1/cases', '/api/v1/reports', '/api/v1/reports/options', '/api/v1/reports/statistics']) {
        add(`${who} ${path}`, await text(hub, path, who));
      }
      const items = JSON.parse(await text(hub, '/api/v1/search?limit=100', who)).items as { id: string }[];
      for (const item of items) {
        add(`${who} object ${item.id}`, await text(hub, `/api/v1/objects/${item.id}`, who));
        add(`${who} bundle ${item.id}`, await text(hub, `/api/v1/objects/${item.id}/bundle`, who, 'application/stix+json'));
      }
      for (const part of ['objects', 'manifest']) {
        add(`${who} taxii hub ${part}`, await text(hub, `/taxii2/hub/collections/${HUB_COLLECTION.id}/${part}/`, who, 'application/taxii+json;version=2.1'));
      }
      add(`${who} stream`, streams.get(who)!.events.map((e) => e.data).join('\n'));
      const cli = await runCli(['--data', hub.ctx.config.dataDir, ...(hub.ctx.config.databaseUrl ? ['--database-url', hub.ctx.config.databaseUrl] : []), 'export', '--as', USERS[who].email]);
      expect(cli.code, cli.stderr).toBe(0);
      add(`${who} export`, cli.stdout);
    }
    add('bank taxii fin-isac', await text(hub, `/taxii2/fin-isac/collections/${hub.collections.finIsac}/objects/`, 'bankAnalyst', 'application/taxii+json;version=2.1'));
    for (const m of sink.mails.filter((x) => !x.to.some((t) => t.endsWith('@acme.example')))) {
      add(`mail to ${m.to.join(',')}`, [m.subject, m.text, m.html, ...[...m.headers.values()].map(String)].join('\n'));
    }
    for (const r of await allRows(b.store)) add(`peer row ${r.id}`, `${r.json}\n${r.jsonAnonymous ?? ''}`);

    // every path carried something of the report …
    const all = (prefix: string) => seen.filter((s) => s.path.startsWith(prefix)).map((s) => s.blob).join('\n');
    for (const who of OTHERS) {
      for (const prefix of [`${who} /api/v1/search`, `${who} taxii hub objects`, `${who} stream`, `${who} export`]) expect(all(prefix), prefix).toContain('T1486');
    }
    expect(all('bankAnalyst /api/v1/search')).toContain('[ORG-1]');
    expect(all('mail to ')).toContain('LockBit 3.0');
    expect(all('peer row')).toContain('[ORG-1]');
    expect(all('peer row')).toContain('203.0.113.77');
    // … and nothing planted anywhere
    const found = seen.map((s) => ({ path: s.path, leaks: leaks(s.blob) })).filter((s) => s.leaks.length > 0);
    expect(found).toEqual([]);
    // the government contact took technique information only
    expect(all('powerAnalyst')).not.toContain('incident--');
  }, 180_000);
});
