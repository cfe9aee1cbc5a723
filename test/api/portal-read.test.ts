/**
 * The portal's read routes (search, home, object page, STIX export) over HTTP, with viewers who
 * must not see: every answer comes from the store through the caller's predicate. SQLite and
 * PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub, UserKey } from '../support/hub.js';
import { call, indicator, malware, perBackend } from '../taxii/helpers.js';

type Summary = { id: string; type: string; label: string; tlp: string; provider: { slug: string } | null; classification: Record<string, unknown> | null; description: string | null };
type Page = { items: Summary[]; next: string | null };

const get = (hub: TestHub, path: string, as: UserKey) => call(hub, path, { as, accept: 'application/json' });

async function share(hub: TestHub, objects: unknown[], envelope: Record<string, unknown>, as: UserKey = 'acmeAnalyst') {
  const res = await call(hub, '/api/v1/shares', { body: { objects, envelope }, as, accept: 'application/json', contentType: 'application/json' });
  expect(res.status, res.text).toBe(200);
  const r = res.json as { stored: unknown[]; refused: unknown[] };
  expect(r.refused, res.text).toEqual([]);
}

async function search(hub: TestHub, query: string, as: UserKey): Promise<Page> {
  const res = await get(hub, `/api/v1/search?${query}`, as);
  expect(res.status, res.text).toBe(200);
  return res.json as Page;
}

const ids = (p: Page) => p.items.map((i) => i.id).sort();

perBackend('portal reads through the one policy', (s) => {
  const word = `zebra${randomUUID().slice(0, 8)}`;
  const amber = indicator({ extra: { name: `${word} C2 server`, description: `Seen beaconing; ${word} campaign.` } });
  const strict = indicator({ extra: { name: `${word} internal only` } });
  const ACME_IDENTITY = 'identity--7a8b5c1e-2f3d-4e5a-9b6c-1d2e3f4a5b6c';
  const anon = indicator({ extra: { name: `${word} anonymous tip`, created_by_ref: ACME_IDENTITY } });
  const secret = malware();
  const rel = {
    type: 'relationship', spec_version: '2.1', id: `relationship--${randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    relationship_type: 'indicates', source_ref: amber.id, target_ref: secret.id,
  };
  const m2 = malware();
  const visibleRel = { ...rel, id: `relationship--${randomUUID()}`, target_ref: m2.id };
  let seeded = false;
  const seed = async (hub: TestHub) => {
    if (seeded) return;
    seeded = true;
    await share(hub, [amber], { tlp: 'amber', audience: { communities: ['fin-isac'] }, classification: { info_type: 'threat', timing: 'routine', tier: ['practitioner'], purpose: ['detection'] } });
    await share(hub, [strict], { tlp: 'amber+strict', audience: { organizations: ['acme'] } });
    await share(hub, [anon], { tlp: 'green', audience: { communities: ['fin-isac'] }, attribution: 'none', classification: { info_type: 'threat', timing: 'flash' } });
    await share(hub, [secret], { tlp: 'amber+strict', audience: { organizations: ['acme'] } });
    await share(hub, [rel, m2, visibleRel], { tlp: 'amber', audience: { communities: ['fin-isac'] } });
  };

  s.it('search finds what each viewer may see and nothing else', async (hub) => {
    await seed(hub);
    expect(ids(await search(hub, `q=${word}`, 'acmeAnalyst'))).toEqual([amber.id, strict.id, anon.id].sort());
    expect(ids(await search(hub, `q=${word}`, 'bankAnalyst'))).toEqual([amber.id, anon.id].sort());
    expect(ids(await search(hub, `q=${word}`, 'powerAnalyst'))).toEqual([]);
    // the operator sees all, its own embargoes aside
    expect(ids(await search(hub, `q=${word}`, 'operator'))).toEqual([amber.id, strict.id, anon.id].sort());
    // case-insensitive, every term must match
    expect(ids(await search(hub, `q=${word.toUpperCase()}%20c2`, 'bankAnalyst'))).toEqual([amber.id]);
  });

  s.it('filters by TLP, type and 5W1H, and refuses a community filter outside the caller\'s communities', async (hub) => {
    await seed(hub);
    expect(ids(await search(hub, `q=${word}&tlp=green`, 'bankAnalyst'))).toEqual([anon.id]);
    expect(ids(await search(hub, `q=${word}&timing=flash`, 'bankAnalyst'))).toEqual([anon.id]);
    expect(ids(await search(hub, `q=${word}&info_type=threat&tier=practitioner`, 'bankAnalyst'))).toEqual([amber.id]);
    expect(ids(await search(hub, `q=${word}&community=fin-isac&type=indicator`, 'bankAnalyst'))).toEqual([amber.id, anon.id].sort());
    expect(ids(await search(hub, `q=${word}&sector=energy`, 'bankAnalyst'))).toEqual([]);
    const outside = await get(hub, `/api/v1/search?q=${word}&community=energy-isac`, 'bankAnalyst');
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.json)).toContain('is not a community of your organization');
    const bad = await get(hub, '/api/v1/search?tlp=purple&limit=0&from=yesterday', 'bankAnalyst');
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: { property: string }[] }).errors.map((e) => e.property).sort()).toEqual(['from', 'limit', 'tlp']);
  });

  s.it('pages newest first without repeats', async (hub) => {
    await seed(hub);
    const first = await search(hub, `q=${word}&limit=2`, 'acmeAnalyst');
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await search(hub, `q=${word}&limit=2&cursor=${first.next}`, 'acmeAnalyst');
    expect(second.items.map((i) => i.id)).toEqual([amber.id]);
    expect(second.next).toBeNull();
    expect(first.items.map((i) => i.id)).toEqual([anon.id, strict.id]);
  });

  s.it('hides the provider of an anonymous item from other organizations, in lists and on its page', async (hub) => {
    await seed(hub);
    const bank = (await search(hub, `q=${word}`, 'bankAnalyst')).items;
    expect(bank.find((i) => i.id === anon.id)!.provider).toBeNull();
    expect(bank.find((i) => i.id === amber.id)!.provider).toEqual({ slug: 'acme', name: 'ACME Bank' });
    const page = await get(hub, `/api/v1/objects/${anon.id}`, 'bankAnalyst');
    expect(page.status).toBe(200);
    const body = page.json as { object: Record<string, unknown>; summary: Summary };
    expect(body.summary.provider).toBeNull();
    expect(body.object.created_by_ref).not.toBe(ACME_IDENTITY);
    expect(page.text).not.toContain('acme');
    expect(page.text).not.toContain(ACME_IDENTITY);
    const bundle = await get(hub, `/api/v1/objects/${anon.id}/bundle`, 'bankAnalyst');
    expect(bundle.text).not.toContain(ACME_IDENTITY);
    // the provider's own organization sees its identity
    const own = (await get(hub, `/api/v1/objects/${anon.id}`, 'acmeAnalyst')).json as { object: Record<string, unknown>; summary: Summary };
    expect(own.object.created_by_ref).toBe(ACME_IDENTITY);
    expect(own.summary.provider).toEqual({ slug: 'acme', name: 'ACME Bank' });
  });

  s.it('the object page and export answer 404 alike to those who may not see and for what does not exist', async (hub) => {
    await seed(hub);
    const hidden = await get(hub, `/api/v1/objects/${strict.id}`, 'bankAnalyst');
    const absent = await get(hub, `/api/v1/objects/indicator--${randomUUID()}`, 'bankAnalyst');
    expect(hidden.status).toBe(404);
    expect(absent.status).toBe(404);
    expect((hidden.json as { title: string }).title).toBe((absent.json as { title: string }).title);
    expect((await get(hub, `/api/v1/objects/${amber.id}`, 'powerAnalyst')).status).toBe(404);
    expect((await get(hub, `/api/v1/objects/${amber.id}/bundle`, 'powerAnalyst')).status).toBe(404);
    expect((await get(hub, '/api/v1/objects/not-an-id', 'bankAnalyst')).status).toBe(400);
    const bundle = await get(hub, `/api/v1/objects/${amber.id}/bundle`, 'bankAnalyst');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('application/stix+json');
    expect(bundle.headers.get('content-disposition')).toContain('attachment');
    const b = bundle.json as { type: string; objects: { id: string; object_marking_refs: string[] }[] };
    expect(b.type).toBe('bundle');
    expect(b.objects.map((o) => o.id)).toEqual([amber.id]);
  });

  s.it('lists relationships only where the caller may see the other end', async (hub) => {
    await seed(hub);
    type Related = { id: string; direction: string; other: { id: string } };
    const asAcme = (await get(hub, `/api/v1/objects/${amber.id}`, 'acmeAnalyst')).json as { relationships: Related[]; versions: unknown[]; summary: Summary };
    expect(asAcme.relationships.map((r) => r.other.id).sort()).toEqual([secret.id, m2.id].sort());
    expect(asAcme.relationships.every((r) => r.direction === 'out')).toBe(true);
    expect(asAcme.versions).toHaveLength(1);
    expect(asAcme.summary).toMatchObject({ id: amber.id, tlp: 'amber', label: `${word} C2 server` });
    const asBank = await get(hub, `/api/v1/objects/${amber.id}`, 'bankAnalyst');
    expect((asBank.json as { relationships: Related[] }).relationships.map((r) => r.other.id)).toEqual([m2.id]);
    expect(asBank.text).not.toContain(secret.id);
    expect(asBank.text).not.toContain(rel.id);
    // from the other end: the visible malware shows the indicator pointing in
    const fromMalware = (await get(hub, `/api/v1/objects/${m2.id}`, 'bankAnalyst')).json as { relationships: Related[] };
    expect(fromMalware.relationships).toEqual([expect.objectContaining({ id: visibleRel.id, direction: 'in', other: expect.objectContaining({ id: amber.id }) })]);
  });

  s.it('labels the objects a report refers to only where the caller may see them', async (hub) => {
    await seed(hub);
    const report = {
      type: 'report', spec_version: '2.1', id: `report--${randomUUID()}`, created: '2026-01-02T00:00:00.000Z', modified: '2026-01-02T00:00:00.000Z',
      name: `${word} weekly`, published: '2026-01-02T00:00:00.000Z', object_refs: [m2.id, secret.id],
    };
    await share(hub, [report], { tlp: 'amber', audience: { communities: ['fin-isac'] } });
    type End = { ref: string; other: { id: string; label?: string; tlp?: string; held?: false } };
    const ends = async (as: UserKey) => {
      const res = await get(hub, `/api/v1/objects/${report.id}`, as);
      expect(res.status).toBe(200);
      return { text: res.text, ends: (res.json as { ends: End[] }).ends };
    };
    const acme = await ends('acmeAnalyst');
    expect(acme.ends.find((e) => e.ref === secret.id)?.other).toMatchObject({ id: secret.id, tlp: 'amber+strict' });
    // bank sees the report but not the AMBER+STRICT malware: the same answer as for an id nobody holds
    const bank = await ends('bankAnalyst');
    expect(bank.ends.find((e) => e.ref === m2.id)?.other).toMatchObject({ id: m2.id, tlp: 'amber' });
    expect(bank.ends.find((e) => e.ref === secret.id)?.other).toEqual({ id: secret.id, type: 'malware', held: false });
    expect(bank.text).not.toContain('amber+strict');
  });

  s.it('home puts flash first and counts only what the caller may see', async (hub) => {
    await seed(hub);
    type Home = { items: Summary[]; counts: Record<string, number>; communities: { slug: string }[] };
    const bank = (await get(hub, '/api/v1/home', 'bankAnalyst')).json as Home;
    expect(bank.items[0]!.id).toBe(anon.id);
    expect(bank.items.map((i) => i.id)).not.toContain(strict.id);
    expect(bank.items.some((i) => i.type === 'marking-definition')).toBe(false);
    expect(bank.communities.map((c) => c.slug)).toEqual(['fin-isac']);
    expect(bank.counts.threat).toBeGreaterThanOrEqual(2);
    const power = (await get(hub, '/api/v1/home', 'powerAnalyst')).json as Home;
    expect(power.items.map((i) => i.id)).not.toContain(amber.id);
    expect(power.counts.threat ?? 0).toBe(0);
  });
});
