/**
 * POST /api/v1/shares (objects with one explicit sharing envelope) and GET /api/v1/openapi.json,
 * over HTTP on SQLite and PostgreSQL (skipped when no server is reachable).
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT } from '../../src/api/openapi.js';
import { apiRoutes } from '../../src/api/plugin.js';
import { KYOJO_SHARING_EXTENSION_ID } from '../../src/policy/extensions.js';
import { communityIdentityId } from '../../src/sharing/identities.js';
import { TLP2_MARKING_IDS } from '../../src/stix/markings.js';
import type { TestHub, UserKey } from '../support/hub.js';
import { call, indicator, malware, perBackend, type Res } from '../taxii/helpers.js';

const HUB = '/taxii2/hub/collections/all/';
const fin = (hub: TestHub) => `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
const BODY_LIMIT = 64 * 1024;

type ShareResult = { stored: { id: string; version: string; outcome: string }[]; refused: { index: number; id: string | null; reason: string }[] };
type Problem = { type: string; title: string; status: number; detail?: string; errors?: { property: string; message: string }[] };

function share(hub: TestHub, body: unknown, as: UserKey | null = 'acmeAnalyst', contentType: string | null = 'application/json'): Promise<Res> {
  return call(hub, '/api/v1/shares', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), as, accept: 'application/json', contentType });
}

function expectProblem(res: Res, status: number): Problem {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const p = res.json as Problem;
  expect(p).toMatchObject({ type: 'about:blank', status });
  expect(typeof p.title).toBe('string');
  return p;
}

const taxiiSees = async (hub: TestHub, coll: string, id: string, as: UserKey): Promise<number> =>
  (await call(hub, `${coll}objects/${id}/`, { as })).status;

perBackend('REST API POST /api/v1/shares', (s) => {
  s.it('stores and refuses per object, in submission order', async (hub) => {
    const ok = indicator();
    const amberMarked = indicator({ extra: { object_marking_refs: [TLP2_MARKING_IDS.amber] } });
    const redMarked = indicator({ extra: { object_marking_refs: [TLP2_MARKING_IDS.red] } });
    const withExt = indicator({ extra: { extensions: { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', attribution: 'none' } } } });
    const res = await share(hub, {
      objects: [ok, { type: 'indicator' }, redMarked, amberMarked, withExt, malware()],
      envelope: { tlp: 'amber', audience: { communities: ['fin-isac'] } },
    });
    expect(res.status, res.text).toBe(200);
    const r = res.json as ShareResult;
    expect(r.stored.map((x) => x.id)).toEqual([ok.id, amberMarked.id, expect.stringMatching(/^malware--/)]);
    expect(r.stored.every((x) => x.outcome === 'added' && typeof x.version === 'string')).toBe(true);
    expect(r.refused.map((x) => [x.index, x.id])).toEqual([[1, null], [2, redMarked.id], [4, withExt.id]]);
    expect(r.refused[1]!.reason).toContain('stricter than the envelope');
    expect(r.refused[2]!.reason).toContain('sharing extension');
    // the same share again: identical
    const again = (await share(hub, { objects: [ok], envelope: { tlp: 'amber', audience: { communities: ['fin-isac'] } } })).json as ShareResult;
    expect(again.stored).toEqual([{ id: ok.id, version: r.stored[0]!.version, outcome: 'identical' }]);
    // the stored object carries the envelope's TLP as its marking
    const read = (await call(hub, `${fin(hub)}objects/${ok.id}/`, { as: 'bankAnalyst' })).json as { objects: { object_marking_refs?: string[] }[] };
    expect(read.objects[0]!.object_marking_refs).toContain(TLP2_MARKING_IDS.amber);
  });

  s.it('the stored objects are visible over TAXII exactly to the envelope\'s audience', async (hub) => {
    const toBank = indicator();
    const toFin = indicator();
    const r1 = (await share(hub, { objects: [toBank], envelope: { tlp: 'amber+strict', audience: { organizations: ['bank'] } } })).json as ShareResult;
    expect(r1.stored).toHaveLength(1);
    const r2 = (await share(hub, { objects: [toFin], envelope: { tlp: 'green' } })).json as ShareResult; // default audience: acme's only community
    expect(r2.stored).toHaveLength(1);
    expect(await taxiiSees(hub, HUB, toBank.id, 'bankAnalyst')).toBe(200);
    expect(await taxiiSees(hub, HUB, toBank.id, 'acmeReader')).toBe(200); // the provider's organization
    expect(await taxiiSees(hub, HUB, toBank.id, 'powerAnalyst')).toBe(404);
    expect(await taxiiSees(hub, fin(hub), toBank.id, 'bankAnalyst')).toBe(404); // not addressed to the community
    expect(await taxiiSees(hub, HUB, toFin.id, 'bankAnalyst')).toBe(200);
    expect(await taxiiSees(hub, fin(hub), toFin.id, 'bankAnalyst')).toBe(200);
    expect(await taxiiSees(hub, HUB, toFin.id, 'powerAnalyst')).toBe(404);
  });

  s.it('attribution none hides the provider from another organization\'s TAXII read', async (hub) => {
    const acmeIdentity = `identity--${randomUUID()}`;
    const anon = indicator({ extra: { created_by_ref: acmeIdentity } });
    const res = await share(hub, { objects: [anon], envelope: { tlp: 'green', audience: { communities: ['fin-isac'] }, attribution: 'none' } });
    expect((res.json as ShareResult).stored).toHaveLength(1);
    const finIsac = (await hub.ctx.store.identity.getCommunity({ slug: 'fin-isac' }))!;
    for (const path of [`${HUB}objects/${anon.id}/`, `${fin(hub)}objects/${anon.id}/`, `${HUB}objects/`, `${fin(hub)}manifest/`]) {
      const read = await call(hub, path, { as: 'bankAnalyst' });
      expect(read.status, path).toBe(200);
      expect(read.text.toLowerCase(), path).not.toContain('acme');
      expect(read.text, path).not.toContain(acmeIdentity);
      expect(read.text, path).not.toContain(hub.users.acmeAnalyst.orgId);
    }
    const one = (await call(hub, `${HUB}objects/${anon.id}/`, { as: 'bankAnalyst' })).json as { objects: { created_by_ref: string }[] };
    expect(one.objects[0]!.created_by_ref).toBe(communityIdentityId(finIsac.id));
    // the provider's own organization still sees its identity
    const own = (await call(hub, `${HUB}objects/${anon.id}/`, { as: 'acmeReader' })).json as { objects: { created_by_ref: string }[] };
    expect(own.objects[0]!.created_by_ref).toBe(acmeIdentity);
  });

  s.it('names each envelope error by property (422, nothing stored)', async (hub) => {
    const obj = indicator();
    const cases: [unknown, string[]][] = [
      [{}, ['envelope.tlp']],
      [{ tlp: 'purple' }, ['envelope.tlp']],
      ['amber', ['envelope']],
      [{ tlp: 'amber', colour: 'x' }, ['envelope.colour']],
      [{ tlp: 'amber', audience: { communities: ['nope'], organizations: ['bank', 'nobody'], users: ['who@nowhere.example'] } },
        ['envelope.audience.communities[0]', 'envelope.audience.organizations[1]', 'envelope.audience.users[0]']],
      [{ tlp: 'amber', audience: { public: 'yes' } }, ['envelope.audience.public']],
      [{ tlp: 'red', audience: { communities: ['fin-isac'] } }, ['envelope.audience']],
      [{ tlp: 'amber', min_clearance: 4 }, ['envelope.min_clearance']],
      [{ tlp: 'amber', conditions: { terms: ['unknown-terms'], sectors: ['space'] } }, ['envelope.conditions.terms[0]', 'envelope.conditions.sectors[0]']],
      [{ tlp: 'amber', attribution: 'secret' }, ['envelope.attribution']],
      [{ tlp: 'amber', classification: { purpose: ['fun'], info_type: 'x', tier: ['ceo'], timing: 'now', embargo_until: 'tomorrow', channels: [] } },
        ['envelope.classification.purpose[0]', 'envelope.classification.info_type', 'envelope.classification.tier[0]',
          'envelope.classification.timing', 'envelope.classification.embargo_until', 'envelope.classification.channels']],
    ];
    for (const [envelope, properties] of cases) {
      const p = expectProblem(await share(hub, { objects: [obj], envelope }), 422);
      expect(p.errors!.map((e) => e.property).sort(), JSON.stringify(envelope)).toEqual([...properties].sort());
      expect(p.errors!.every((e) => e.message.length > 0)).toBe(true);
    }
    expect(await taxiiSees(hub, HUB, obj.id, 'acmeAnalyst')).toBe(404);
  });

  s.it('requires the audience when the caller\'s organization has no single community', async (hub) => {
    // the operator's organization belongs to no community
    const p = expectProblem(await share(hub, { objects: [indicator()], envelope: { tlp: 'amber' } }, 'operator'), 422);
    expect(p.errors).toEqual([{ property: 'envelope.audience', message: expect.stringContaining('belongs to no community') }]);
    const ok = await share(hub, { objects: [indicator()], envelope: { tlp: 'amber', audience: { organizations: ['bank'] } } }, 'operator');
    expect((ok.json as ShareResult).stored).toHaveLength(1);
  });

  s.it('refuses readers (403), unauthenticated callers (401), other media types (415), bad JSON (400), non-shares (422), large bodies (413)', async (hub) => {
    const body = { objects: [indicator()], envelope: { tlp: 'green' } };
    expectProblem(await share(hub, body, 'acmeReader'), 403);
    expectProblem(await share(hub, body, null), 401);
    expectProblem(await share(hub, body, 'acmeAnalyst', 'text/plain'), 415);
    expectProblem(await share(hub, body, 'acmeAnalyst', 'application/taxii+json;version=2.1'), 415);
    expectProblem(await share(hub, '{"objects": [', 'acmeAnalyst'), 400);
    expect(expectProblem(await share(hub, { objects: [], envelope: { tlp: 'green' } }), 422).errors).toEqual([{ property: 'objects', message: expect.any(String) }]);
    expect(expectProblem(await share(hub, { envelope: { tlp: 'green' } }), 422).errors![0]!.property).toBe('objects');
    expect(expectProblem(await share(hub, { objects: [indicator()] }), 422).errors![0]!.property).toBe('envelope');
    expect(expectProblem(await share(hub, { ...body, extra: 1 }), 422).errors![0]!.property).toBe('extra');
    expectProblem(await share(hub, [1, 2]), 422);
    const big = { objects: [indicator({ extra: { description: 'x'.repeat(BODY_LIMIT) } })], envelope: { tlp: 'green' } };
    expectProblem(await share(hub, big), 413);
  });
}, { config: { bodyLimit: BODY_LIMIT } });

perBackend('REST API GET /api/v1/openapi.json', (s) => {
  s.it('is an OpenAPI 3.1 document served without authentication', async (hub) => {
    const res = await call(hub, '/api/v1/openapi.json', { as: null, accept: 'application/json' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = JSON.parse(res.text) as typeof OPENAPI_DOCUMENT;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['basic', 'bearer', 'session']);
    expect(doc.components.schemas.Envelope.required).toEqual(['tlp']);
    expect(doc.components.schemas.Envelope.properties.tlp.enum).toEqual(['clear', 'green', 'amber', 'amber+strict', 'red']);
    // every $ref resolves
    for (const ref of res.text.matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)) {
      expect(Object.keys(doc.components.schemas)).toContain(ref[1]);
    }
  });
});

describe('REST API routes and the OpenAPI document', () => {
  it('documents every route the API plugin registers, and nothing else', async () => {
    const app = Fastify();
    const routes: string[] = [];
    app.addHook('onRoute', (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      for (const m of methods) if (m !== 'HEAD') routes.push(`${m.toLowerCase()} ${r.url.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')}`);
    });
    // routes are registered without touching the context
    await app.register(apiRoutes, { prefix: '/api/v1', ctx: {} as never });
    await app.ready();
    const documented = Object.entries(OPENAPI_DOCUMENT.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(routes)].sort()).toEqual(documented.sort());
    await app.close();
  });
});
