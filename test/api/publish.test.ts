/**
 * The portal's publish flow over HTTP: options, IOC recognition, preview with the audience in
 * numbers, and publication through the one ingest and policy. SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub, UserKey } from '../support/hub.js';
import { call, perBackend } from '../taxii/helpers.js';

const post = (hub: TestHub, path: string, body: unknown, as: UserKey = 'acmeAnalyst') =>
  call(hub, path, { body: body as object, as, accept: 'application/json', contentType: 'application/json' });
const get = (hub: TestHub, path: string, as: UserKey) => call(hub, path, { as, accept: 'application/json' });

function draft(word: string, envelope: Record<string, unknown>) {
  return {
    report: { name: `Phishing wave ${word}`, description: 'Lures imitating a bank login page.' },
    iocs: 'C2 at 198.51.100[.]23 and hxxps://login-example[.]com/verify\nsha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    envelope,
  };
}

perBackend('portal publishing', (s) => {
  s.it('offers the communities, organizations and enumerations a publisher chooses from', async (hub) => {
    const res = await get(hub, '/api/v1/publish/options', 'acmeAnalyst');
    expect(res.status).toBe(200);
    const o = res.json as { communities: { slug: string }[]; organizations: { slug: string }[]; enums: Record<string, string[]> };
    expect(o.communities.map((c) => c.slug)).toEqual(['fin-isac']);
    expect(o.organizations.map((x) => x.slug).sort()).toEqual(['acme', 'bank']);
    expect(o.enums.tlp).toEqual(['clear', 'green', 'amber', 'amber+strict', 'red']);
    expect(o.enums.timing).toContain('flash');
  });

  s.it('recognises defanged IOCs in free text', async (hub) => {
    const res = await post(hub, '/api/v1/ioc/parse', { text: 'beacon to 203.0.113[.]7, then hxxp://bad-example[.]org/x and evil[@]bad-example[.]org' });
    expect(res.status, res.text).toBe(200);
    const items = (res.json as { items: { type: string; value: string }[] }).items.map((i) => `${i.type} ${i.value}`).sort();
    expect(items).toEqual(['email-addr evil@bad-example.org', 'ipv4-addr 203.0.113.7', 'url http://bad-example.org/x']);
  });

  s.it('previews the STIX objects and who will receive them, storing nothing', async (hub) => {
    const word = randomUUID().slice(0, 8);
    const res = await post(hub, '/api/v1/publish/preview', draft(word, { tlp: 'amber', audience: { communities: ['fin-isac'] }, attribution: 'none' }));
    expect(res.status, res.text).toBe(200);
    const p = res.json as { objects: { type: string; id: string }[]; audience: Record<string, unknown>; errors: unknown[] };
    expect(p.errors).toEqual([]);
    expect(p.objects.filter((o) => o.type === 'indicator')).toHaveLength(3);
    expect(p.objects.filter((o) => o.type === 'report')).toHaveLength(1);
    expect(p.audience).toMatchObject({ organizations: 2, communities: [{ slug: 'fin-isac', organizations: 2 }], attribution: 'none', tlp: 'amber', public: false });
    const report = p.objects.find((o) => o.type === 'report')!;
    expect((await get(hub, `/api/v1/objects/${report.id}`, 'acmeAnalyst')).status).toBe(404);
    const invalid = await post(hub, '/api/v1/publish/preview', { report: { name: '' }, envelope: { tlp: 'purple' } });
    expect(invalid.status).toBe(200);
    const errs = (invalid.json as { errors: { property: string }[] }).errors.map((e) => e.property);
    expect(errs).toContain('envelope.tlp');
    expect(errs.some((e) => e.startsWith('report'))).toBe(true);
  });

  s.it('publishes a report that members of the community find and outsiders cannot reach', async (hub) => {
    const word = randomUUID().slice(0, 8);
    const res = await post(hub, '/api/v1/publish', draft(word, { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { info_type: 'threat', timing: 'flash', tier: ['practitioner'] } }));
    expect(res.status, res.text).toBe(200);
    const r = res.json as { report_id: string; stored: { id: string }[]; refused: unknown[] };
    expect(r.refused).toEqual([]);
    expect(r.report_id).toMatch(/^report--/);
    expect(r.stored.length).toBeGreaterThanOrEqual(1 + 3);
    const found = (await get(hub, `/api/v1/search?q=${word}`, 'bankAnalyst')).json as { items: { id: string; tlp: string }[] };
    expect(found.items.map((i) => [i.id, i.tlp])).toEqual([[r.report_id, 'amber']]);
    expect(((await get(hub, `/api/v1/search?q=${word}`, 'powerAnalyst')).json as { items: unknown[] }).items).toEqual([]);
    expect((await get(hub, `/api/v1/objects/${r.report_id}`, 'powerAnalyst')).status).toBe(404);
    const taxii = await call(hub, `/taxii2/hub/collections/all/objects/${r.report_id}/`, { as: 'powerAnalyst' });
    expect(taxii.status).toBe(404);
  });

  s.it('refuses readers, non-JSON drafts and invalid envelopes without storing anything', async (hub) => {
    const word = randomUUID().slice(0, 8);
    expect((await post(hub, '/api/v1/publish', draft(word, { tlp: 'amber' }), 'acmeReader')).status).toBe(403);
    const text = await call(hub, '/api/v1/publish', { body: JSON.stringify(draft(word, { tlp: 'amber' })), as: 'acmeAnalyst', accept: 'application/json', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    const red = await post(hub, '/api/v1/publish', draft(word, { tlp: 'red', audience: { communities: ['fin-isac'] } }));
    expect(red.status).toBe(422);
    expect(JSON.stringify(red.json)).toContain('envelope');
    expect(((await get(hub, `/api/v1/search?q=${word}`, 'acmeAnalyst')).json as { items: unknown[] }).items).toEqual([]);
  });
});
