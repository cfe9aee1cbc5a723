/**
 * Sightings over HTTP: reported from a match in one step, attributed or anonymous, shared with
 * the indicator's provider and chosen communities; the provider's summary with the
 * 5-organization rule; on SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import { organizationIdentityId } from '../../src/match/sightings.js';
import type { TestHub } from '../support/hub.js';
import { call, indicator, perBackend, type Req, type Res } from '../taxii/helpers.js';

type As = Req['as'];
const OTHER = 'not shown: fewer than 5 organizations each, or so that such a sector cannot be worked out';
const JSON_CT = { accept: 'application/json', contentType: 'application/json' };
const post = (hub: TestHub, path: string, body: unknown, as: As): Promise<Res> => call(hub, path, { ...JSON_CT, body: body as object, as });
const get = (hub: TestHub, path: string, as: As): Promise<Res> => call(hub, path, { accept: 'application/json', as });

/** A new analyst in a new organization of `sector`, member of `community`. */
async function member(hub: TestHub, slug: string, sector: string, community: string): Promise<As> {
  await hub.ctx.identity.addOrganization({ slug, name: `Org ${slug}`, kind: 'company', sector, country: 'JP' });
  await hub.ctx.identity.joinCommunity(community, slug);
  await hub.ctx.identity.addUser({ email: `analyst@${slug}.example`, org: slug, role: 'analyst' });
  return { raw: `Bearer ${(await hub.ctx.identity.addToken(`analyst@${slug}.example`)).secret}` };
}

type Sighting = Record<string, unknown> & { id: string };

perBackend('early warning: sightings', (s) => {
  s.it('reports a sighting from a match hit, attributed: the provider sees who saw it, other communities do not see it', async (hub) => {
    const ind = indicator({ value: '203.0.113.77' });
    expect((await post(hub, '/api/v1/shares', { objects: [ind], envelope: { tlp: 'amber', audience: { communities: ['fin-isac'] } } }, 'acmeAnalyst')).status).toBe(200);
    const hit = ((await post(hub, '/api/v1/match', { observables: [{ type: 'ip', value: '203.0.113.77' }] }, 'bankAnalyst')).json as { hits: { indicator: { id: string }; observable: unknown }[] }).hits[0]!;
    const res = await post(hub, '/api/v1/sightings', {
      indicator_id: hit.indicator.id, count: 3, first_seen: '2026-03-01T00:00:00Z', last_seen: '2026-03-02T00:00:00Z',
      observed_values: [hit.observable], attribution: 'public',
    }, 'bankAnalyst');
    expect(res.status, res.text).toBe(201);
    const sighting = (res.json as { sighting: Sighting }).sighting;
    const bankIdentity = organizationIdentityId(hub.users.bankAnalyst.orgId);
    expect(sighting).toMatchObject({ type: 'sighting', sighting_of_ref: ind.id, count: 3, where_sighted_refs: [bankIdentity], created_by_ref: bankIdentity, x_kyojo_observed_values: [{ type: 'ipv4-addr', value: '203.0.113.77' }] });
    // the provider (acme) reads it and the reporter's identity
    const page = (await get(hub, `/api/v1/objects/${sighting.id}`, 'acmeAnalyst')).json as { object: Sighting; summary: { provider: { slug: string } | null } };
    expect(page.object.where_sighted_refs).toEqual([bankIdentity]);
    expect(page.summary.provider).toEqual({ slug: 'bank', name: 'Example Bank' });
    expect(((await get(hub, `/api/v1/objects/${bankIdentity}`, 'acmeAnalyst')).json as { object: { name: string } }).object.name).toBe('Example Bank');
    // no community was chosen: nobody else sees it
    expect((await get(hub, `/api/v1/objects/${sighting.id}`, 'powerAnalyst')).status).toBe(404);
  });

  s.it('hides the reporter of an anonymous sighting; shares with the communities chosen', async (hub) => {
    const ind = indicator({ value: '203.0.113.78' });
    await post(hub, '/api/v1/shares', { objects: [ind], envelope: { tlp: 'amber', audience: { communities: ['fin-isac', 'energy-isac'] } } }, 'acmeAnalyst');
    const res = await post(hub, '/api/v1/sightings', { indicator_id: ind.id, attribution: 'none', communities: ['energy-isac'] }, 'powerAnalyst');
    expect(res.status, res.text).toBe(201);
    const sighting = (res.json as { sighting: Sighting }).sighting;
    expect(sighting).not.toHaveProperty('where_sighted_refs');
    expect(sighting).not.toHaveProperty('created_by_ref');
    expect(sighting).toMatchObject({ count: 1 });
    for (const viewer of ['acmeAnalyst', 'operator'] as const) {
      const page = await get(hub, `/api/v1/objects/${sighting.id}`, viewer);
      expect(page.status, viewer).toBe(200);
      const body = page.json as { object: Sighting; summary: { provider: unknown } };
      expect(body.summary.provider, viewer).toBeNull();
      expect(body.object).not.toHaveProperty('where_sighted_refs');
      expect(JSON.stringify(body)).not.toContain('power');
    }
    // bank is in fin-isac only: the sighting went to acme (the provider) and energy-isac
    expect((await get(hub, `/api/v1/objects/${sighting.id}`, 'bankAnalyst')).status).toBe(404);
  });

  s.it('refuses what it may not store, without telling whether an invisible indicator exists', async (hub) => {
    const finOnly = indicator({ value: '203.0.113.79' });
    await post(hub, '/api/v1/shares', { objects: [finOnly], envelope: { tlp: 'amber', audience: { communities: ['fin-isac'] } } }, 'acmeAnalyst');
    const invisible = await post(hub, '/api/v1/sightings', { indicator_id: finOnly.id, attribution: 'none' }, 'powerAnalyst');
    const missing = await post(hub, '/api/v1/sightings', { indicator_id: 'indicator--00000000-0000-4000-8000-000000000000', attribution: 'none' }, 'powerAnalyst');
    expect(invisible.status).toBe(404);
    expect((invisible.json as { detail: string }).detail.replace(finOnly.id, 'X')).toBe((missing.json as { detail: string }).detail.replace(/indicator--[0-9a-f-]+/, 'X'));
    const bad = await post(hub, '/api/v1/sightings', { indicator_id: finOnly.id, attribution: 'maybe', count: -1, first_seen: '2026-03-02T00:00:00Z', last_seen: '2026-03-01T00:00:00Z', tlp: 'red' }, 'bankAnalyst');
    expect(bad.status).toBe(422);
    expect((bad.json as { errors: { property: string }[] }).errors.map((e) => e.property).sort()).toEqual(['attribution', 'count', 'last_seen', 'tlp']);
    const notMine = await post(hub, '/api/v1/sightings', { indicator_id: finOnly.id, attribution: 'none', communities: ['energy-isac'] }, 'bankAnalyst');
    expect(notMine.status).toBe(422);
    expect(notMine.text).toContain('not a community of your organization');
    expect((await post(hub, '/api/v1/sightings', { indicator_id: finOnly.id, attribution: 'none' }, 'acmeReader')).status).toBe(403);
  });

  s.it("gives the provider totals, and sector figures only where at least 5 organizations stand behind them", async (hub) => {
    const ind = indicator({ value: '203.0.113.80' });
    await post(hub, '/api/v1/shares', { objects: [ind], envelope: { tlp: 'amber', audience: { communities: ['fin-isac', 'energy-isac'] } } }, 'acmeAnalyst');
    const summary = async () => {
      const res = await get(hub, `/api/v1/sightings/summary?indicator=${ind.id}`, 'acmeAnalyst');
      expect(res.status, res.text).toBe(200);
      return res.json as Record<string, unknown>;
    };
    expect(await summary()).toEqual({
      indicator: ind.id, total: { reports: 0, sightings: 0, first_seen: null, last_seen: null },
      organizations: 'fewer than 5', by_sector: [], other_sectors: null,
    });
    const report = (as: As, count: number, attribution = 'none') => post(hub, '/api/v1/sightings', {
      indicator_id: ind.id, count, first_seen: '2026-03-01T00:00:00Z', last_seen: '2026-03-01T06:00:00Z', attribution,
    }, as);
    expect((await report('bankAnalyst', 2, 'public')).status).toBe(201);
    expect((await report('powerAnalyst', 7)).status).toBe(201);
    const members: As[] = [];
    for (let i = 0; i < 4; i++) members.push(await member(hub, `fin${i}-${hub.backend}`, 'finance', 'fin-isac'));
    for (const m of members.slice(0, 3)) expect((await report(m, 1)).status).toBe(201);
    // finance: bank + 3 = 4 organizations; energy: 1
    expect(await summary()).toMatchObject({
      total: { reports: 5, sightings: 12, first_seen: '2026-03-01T00:00:00Z', last_seen: '2026-03-01T06:00:00Z' },
      organizations: 5, by_sector: [], other_sectors: OTHER,
    });
    expect((await report(members[3], 1)).status).toBe(201);
    const s5 = await summary();
    // finance (5) alone would give away the one organization outside it (6 - 5), with its 7 sightings (13 - 6)
    expect(s5).toMatchObject({ total: { reports: 6, sightings: 13 }, organizations: 6, by_sector: [], other_sectors: OTHER });
    expect(JSON.stringify(s5)).not.toContain('energy');
    for (let i = 0; i < 4; i++) members.push(await member(hub, `nrg${i}-${hub.backend}`, 'energy', 'energy-isac'));
    for (const m of members.slice(4)) expect((await report(m, 1)).status).toBe(201);
    // finance 5, energy 5: both shown, nothing left over
    expect(await summary()).toMatchObject({
      organizations: 10, other_sectors: null,
      by_sector: [{ sector: 'energy', organizations: 5, reports: 5, sightings: 11 }, { sector: 'finance', organizations: 5, reports: 5, sightings: 6 }],
    });
    // only the provider's organization
    expect((await get(hub, `/api/v1/sightings/summary?indicator=${ind.id}`, 'bankAnalyst')).status).toBe(404);
    expect((await get(hub, `/api/v1/sightings/summary?indicator=${ind.id}`, 'operator')).status).toBe(404);
    expect((await get(hub, '/api/v1/sightings/summary?indicator=nope', 'acmeAnalyst')).status).toBe(400);
  });
});
