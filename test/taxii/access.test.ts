/**
 * Who sees what through TAXII: API roots and collections of other communities are 404
 * (never revealed), readers may not write, statuses belong to their poster, operators
 * reach everything. The policy module decides; these tests hold the routes to it.
 */
import { expect } from 'vitest';
import type { UserKey } from '../support/hub.js';
import { call, expectTaxiiError, indicator, perBackend, post } from './helpers.js';

perBackend('TAXII access', (s) => {
  s.it('a non-member gets 404 for every endpoint of another community, as if it did not exist', async (hub) => {
    const energy = hub.collections.energyIsac;
    const obj = indicator();
    await post(hub, `/taxii2/energy-isac/collections/${energy}/`, [obj], 'powerAnalyst');
    const paths = [
      '/taxii2/energy-isac/',
      '/taxii2/energy-isac/collections/',
      `/taxii2/energy-isac/collections/${energy}/`,
      '/taxii2/energy-isac/collections/shared/',
      `/taxii2/energy-isac/collections/${energy}/objects/`,
      `/taxii2/energy-isac/collections/${energy}/manifest/`,
      `/taxii2/energy-isac/collections/${energy}/objects/${obj.id}/`,
      `/taxii2/energy-isac/collections/${energy}/objects/${obj.id}/versions/`,
    ];
    for (const path of paths) {
      const seen = await call(hub, path, { as: 'acmeAnalyst' });
      const missing = await call(hub, path.replace('energy-isac', 'no-such-isac'), { as: 'acmeAnalyst' });
      expectTaxiiError(seen, 404);
      expectTaxiiError(missing, 404);
      // the same answer, apart from the name in the description
      expect((seen.json as { description: string }).description.replace('energy-isac', 'X')).toBe(
        (missing.json as { description: string }).description.replace('no-such-isac', 'X'),
      );
    }
    expectTaxiiError(await call(hub, `/taxii2/energy-isac/collections/${energy}/objects/`, { body: { objects: [indicator()] } }), 404);
    expectTaxiiError(await call(hub, `/taxii2/energy-isac/collections/${energy}/objects/${obj.id}/`, { method: 'DELETE' }), 404);
    const discovery = (await call(hub, '/taxii2/', { as: 'acmeAnalyst' })).json as { api_roots: string[] };
    expect(discovery.api_roots).not.toContain('/taxii2/energy-isac/');
    // the member does see it
    expect((await call(hub, `/taxii2/energy-isac/collections/${energy}/objects/${obj.id}/`, { as: 'powerAnalyst' })).status).toBe(200);
  });

  s.it("a collection is 404 under another community's API root, even for the operator", async (hub) => {
    for (const as of ['operator', 'acmeAnalyst'] as UserKey[]) {
      expectTaxiiError(await call(hub, `/taxii2/fin-isac/collections/${hub.collections.energyIsac}/`, { as }), 404);
      expectTaxiiError(await call(hub, `/taxii2/fin-isac/collections/${hub.collections.energyIsac}/objects/`, { as }), 404);
    }
  });

  s.it('a reader reads but gets 403 on POST and DELETE', async (hub) => {
    const coll = `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
    const obj = indicator();
    await post(hub, coll, [obj]);
    expect((await call(hub, `${coll}objects/${obj.id}/`, { as: 'acmeReader' })).status).toBe(200);
    expect((await call(hub, `${coll}manifest/`, { as: 'acmeReader' })).status).toBe(200);
    const denied = expectTaxiiError(await call(hub, `${coll}objects/`, { as: 'acmeReader', body: { objects: [indicator()] } }), 403);
    expect(denied.description).toContain('can_write');
    expectTaxiiError(await call(hub, `${coll}objects/${obj.id}/`, { as: 'acmeReader', method: 'DELETE' }), 403);
    // 403 comes before the body is looked at: a reader's garbage POST is 403, not 400/415
    expectTaxiiError(await call(hub, `${coll}objects/`, { as: 'acmeReader', body: '{oops', contentType: 'text/plain' }), 403);
    expect((await call(hub, `${coll}objects/${obj.id}/`, { as: 'acmeReader' })).status).toBe(200);
  });

  s.it('another member organization reads and writes the shared collection', async (hub) => {
    const coll = `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
    const obj = indicator();
    await post(hub, coll, [obj], 'bankAnalyst');
    expect((await call(hub, `${coll}objects/${obj.id}/`, { as: 'acmeAnalyst' })).status).toBe(200);
  });

  s.it('the operator sees every API root and reads, writes and deletes everywhere', async (hub) => {
    const discovery = (await call(hub, '/taxii2/', { as: 'operator' })).json as { api_roots: string[] };
    expect(discovery.api_roots).toEqual(expect.arrayContaining(['/taxii2/fin-isac/', '/taxii2/energy-isac/']));
    for (const [slug, id] of [['fin-isac', hub.collections.finIsac], ['energy-isac', hub.collections.energyIsac]] as const) {
      const coll = `/taxii2/${slug}/collections/${id}/`;
      const info = (await call(hub, coll, { as: 'operator' })).json as { can_read: boolean; can_write: boolean };
      expect(info).toMatchObject({ can_read: true, can_write: true });
      const obj = indicator();
      await post(hub, coll, [obj], 'operator');
      expect((await call(hub, `${coll}objects/${obj.id}/`, { as: 'operator' })).status).toBe(200);
      expect((await call(hub, `${coll}objects/${obj.id}/`, { as: 'operator', method: 'DELETE' })).status).toBe(200);
    }
  });

  s.it('a status is visible to its poster and operators only, and only under its API root', async (hub) => {
    const coll = `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
    const status = await post(hub, coll, [indicator()], 'acmeAnalyst');
    const path = `/taxii2/fin-isac/status/${status.id}/`;
    expect((await call(hub, path, { as: 'acmeAnalyst' })).status).toBe(200);
    expect((await call(hub, path, { as: 'operator' })).status).toBe(200);
    expectTaxiiError(await call(hub, path, { as: 'bankAnalyst' }), 404);
    expectTaxiiError(await call(hub, path, { as: 'acmeReader' }), 404);
    expectTaxiiError(await call(hub, path, { as: 'powerAnalyst' }), 404);
    expectTaxiiError(await call(hub, `/taxii2/energy-isac/status/${status.id}/`, { as: 'operator' }), 404);
    expectTaxiiError(await call(hub, `/taxii2/fin-isac/status/00000000-0000-4000-8000-000000000000/`, { as: 'operator' }), 404);
  });

  s.it('Basic authentication with EMAIL:TOKEN works; a token with another email does not', async (hub) => {
    const basic = (email: string, token: string) => ({ raw: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` });
    expect((await call(hub, '/taxii2/', { as: basic('analyst@acme.example', hub.tokens.acmeAnalyst) })).status).toBe(200);
    const wrong = await call(hub, '/taxii2/', { as: basic('reader@acme.example', hub.tokens.acmeAnalyst) });
    expectTaxiiError(wrong, 401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="kyojo", Bearer');
  });
});
