/** Every TAXII 2.1 endpoint's happy path over real HTTP, exact bodies and headers, on both backends. */
import { expect } from 'vitest';
import { canonicalJson } from '../../src/stix/index.js';
import { STIX, TAXII, call, freshCollection, indicator, ipv4, malware, perBackend, post, served } from './helpers.js';

const TS_US = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

perBackend('TAXII endpoints', (s) => {
  s.it('discovery lists the API roots the viewer can see', async (hub) => {
    const res = await call(hub, '/taxii2/', { as: 'powerAnalyst' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.text).toBe(
      JSON.stringify({
        title: 'Kyojo threat-sharing hub',
        description: 'Kyojo cyber-threat information-sharing hub. Each API root is one sharing community; /taxii2/hub/ holds everything you may see.',
        default: '/taxii2/energy-isac/',
        api_roots: ['/taxii2/energy-isac/', '/taxii2/hub/'],
      }),
    );
    // without the trailing slash too
    const bare = await call(hub, '/taxii2', { as: 'powerAnalyst' });
    expect(bare.text).toBe(res.text);
    // HEAD: same headers, no body
    const head = await call(hub, '/taxii2/', { method: 'HEAD', as: 'powerAnalyst' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(TAXII);
    expect(head.text).toBe('');
  });

  s.it('discovery for the operator lists every community, no default', async (hub) => {
    const res = await call(hub, '/taxii2/', { as: 'operator' });
    const body = res.json as { api_roots: string[]; default?: string };
    expect(body.api_roots).toEqual(expect.arrayContaining(['/taxii2/energy-isac/', '/taxii2/fin-isac/']));
    expect(body.api_roots).toEqual([...body.api_roots].sort());
    expect(body.default).toBeUndefined();
  });

  s.it('API root information', async (hub) => {
    const res = await call(hub, '/taxii2/fin-isac/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.text).toBe(
      JSON.stringify({
        title: 'Financials ISAC',
        description: 'API root of the Financials ISAC sector ISAC (finance).',
        versions: ['application/taxii+json;version=2.1'],
        max_content_length: hub.ctx.config.bodyLimit,
      }),
    );
    expect((await call(hub, '/taxii2/fin-isac')).text).toBe(res.text);
  });

  s.it('collections and one collection, with can_read/can_write from the policy', async (hub) => {
    const id = hub.collections.finIsac;
    const resource = (canWrite: boolean) => ({
      id,
      title: 'Financials ISAC: shared intelligence',
      description: 'Objects shared with the Financials ISAC community.',
      alias: 'shared',
      can_read: true,
      can_write: canWrite,
      media_types: ['application/stix+json;version=2.1'],
    });
    for (const [user, canWrite] of [['acmeAnalyst', true], ['acmeReader', false], ['operator', true]] as const) {
      const list = await call(hub, '/taxii2/fin-isac/collections/', { as: user });
      expect(list.status).toBe(200);
      expect(list.headers.get('content-type')).toBe(TAXII);
      expect(list.text).toBe(JSON.stringify({ collections: [resource(canWrite)] }));
      const one = await call(hub, `/taxii2/fin-isac/collections/${id}/`, { as: user });
      expect(one.status).toBe(200);
      expect(one.text).toBe(JSON.stringify(resource(canWrite)));
      // by alias, and without the trailing slash
      expect((await call(hub, '/taxii2/fin-isac/collections/shared', { as: user })).text).toBe(one.text);
    }
  });

  s.it('add objects answers 202 with a complete status, readable at the status endpoint', async (hub) => {
    const c = await freshCollection(hub);
    const a = indicator();
    const m = malware();
    const before = Date.now() * 1000;
    const res = await call(hub, `${c.coll}objects/`, { body: { objects: [a, m, { type: 'indicator', id: 'nope' }] } });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe(TAXII);
    const status = res.json as Record<string, unknown>;
    expect(status.id).toMatch(UUID);
    expect(status.request_timestamp).toMatch(TS_US);
    expect(Date.parse(status.request_timestamp as string) * 1000).toBeGreaterThanOrEqual(before - 1000);
    expect(Object.keys(status)).toEqual([
      'id', 'status', 'request_timestamp', 'total_count', 'success_count', 'successes', 'failure_count', 'failures', 'pending_count',
    ]);
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 3,
      success_count: 2,
      successes: [
        { id: a.id, version: a.modified },
        { id: m.id, version: m.modified },
      ],
      failure_count: 1,
      pending_count: 0,
    });
    const failures = status.failures as { id: string; version: string; message: string }[];
    expect(failures).toHaveLength(1);
    expect(failures[0]!.id).toBe('nope');
    expect(failures[0]!.version).toBe('');
    expect(failures[0]!.message).toContain('nope');

    const got = await call(hub, `${c.root}status/${status.id as string}/`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe(TAXII);
    expect(got.text).toBe(res.text);
    // the path taxii2-client builds: no trailing slash
    expect((await call(hub, `${c.root}status/${status.id as string}`)).text).toBe(res.text);

    // the same objects again: successes "already present"
    const again = await post(hub, c.coll, [a]);
    expect(again.successes).toEqual([{ id: a.id, version: a.modified, message: 'already present; no TLP marking: TLP:AMBER applied (hub default)' }]);
    // same id and version, other content: a failure
    const clash = await post(hub, c.coll, [{ ...a, name: 'changed' }]);
    expect(clash.success_count).toBe(0);
    expect(clash.failures).toEqual([{ id: a.id, version: a.modified, message: 'a different object with this id and version is already stored' }]);
  });

  s.it('a body of many tiny invalid objects gets a small status with exact counts, not one failure detail each', async (hub) => {
    // 2 MB of `1,` is a million refused objects: a detail per object made a 106 MB
    // status (a 12 MB body: 4 GB of memory and a 500; 50 MB could take the hub down).
    const c = await freshCollection(hub);
    const n = 1_000_000;
    const good = [indicator(), indicator()];
    const body = `{"objects":[${JSON.stringify(good[0])},${'1,'.repeat(n)}{},${JSON.stringify(good[1])}]}`;
    const res = await call(hub, `${c.coll}objects/`, { body });
    expect(res.status).toBe(202);
    expect(res.text.length).toBeLessThan(10_000);
    const status = res.json as Record<string, unknown>;
    expect(status).toMatchObject({ total_count: n + 3, success_count: 2, failure_count: n + 1, pending_count: 0 });
    expect(status.successes).toEqual(good.map((g) => ({ id: g.id, version: g.modified, message: 'no TLP marking: TLP:AMBER applied (hub default)' })));
    // taxii2-client refuses a status whose list length differs from its count: no list, then
    expect(status.failures).toBeUndefined();
    expect((await call(hub, `${c.root}status/${status.id as string}/`)).text).toBe(res.text);
    // a few failures are still listed one by one
    const few = await post(hub, c.coll, [1, {}, indicator()]);
    expect(few).toMatchObject({ total_count: 3, success_count: 1, failure_count: 2 });
    expect(few.failures).toHaveLength(2);
  }, 60_000);

  s.it('a STIX bundle under application/stix+json is accepted', async (hub) => {
    const c = await freshCollection(hub);
    const a = indicator();
    const res = await call(hub, `${c.coll}objects/`, {
      body: { type: 'bundle', id: 'bundle--0b7e7d67-5a17-4b0a-9d3d-2d2b0c5f0b11', objects: [a] },
      contentType: STIX,
    });
    expect(res.status).toBe(202);
    expect((res.json as { success_count: number }).success_count).toBe(1);
  });

  s.it('get objects returns the stored canonical JSON byte for byte, with date headers', async (hub) => {
    const c = await freshCollection(hub);
    const objs = [indicator(), malware(), indicator({ value: '198.51.100.7' })];
    await post(hub, c.coll, objs);
    const res = await call(hub, `${c.coll}objects/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.text).toBe(`{"more":false,"objects":[${objs.map((o) => canonicalJson(served(o))).join(',')}]}`);
    const manifest = await call(hub, `${c.coll}manifest/`);
    const records = (manifest.json as { objects: { date_added: string }[] }).objects;
    expect(res.headers.get('x-taxii-date-added-first')).toBe(records[0]!.date_added);
    expect(res.headers.get('x-taxii-date-added-last')).toBe(records[2]!.date_added);
    // application/stix+json is acceptable too; the body is the same envelope
    const stix = await call(hub, `${c.coll}objects/`, { accept: STIX });
    expect(stix.status).toBe(200);
    expect(stix.headers.get('content-type')).toBe(TAXII);
    expect(stix.text).toBe(res.text);
  });

  s.it('an empty collection is {} with no date headers', async (hub) => {
    const c = await freshCollection(hub);
    for (const path of ['objects/', 'manifest/']) {
      const res = await call(hub, c.coll + path);
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
      expect(res.headers.get('x-taxii-date-added-first')).toBeNull();
      expect(res.headers.get('x-taxii-date-added-last')).toBeNull();
    }
  });

  s.it('manifest records id, date_added, version and media type', async (hub) => {
    const c = await freshCollection(hub);
    const a1 = indicator({ modified: '2026-01-01T00:00:00.000Z' });
    await post(hub, c.coll, [a1]);
    const a2 = { ...a1, modified: '2026-01-02T00:00:00.000Z', name: 'v2' };
    const sco = ipv4();
    await post(hub, c.coll, [a2, sco]);
    const res = await call(hub, `${c.coll}manifest/`);
    expect(res.status).toBe(200);
    const body = res.json as { more: boolean; objects: { id: string; date_added: string; version: string; media_type: string }[] };
    expect(Object.keys(body)).toEqual(['more', 'objects']);
    expect(body.more).toBe(false);
    expect(body.objects.map((o) => Object.keys(o))).toEqual([
      ['id', 'date_added', 'version', 'media_type'],
      ['id', 'date_added', 'version', 'media_type'],
    ]);
    const [ra, rs] = body.objects;
    expect(ra).toMatchObject({ id: a1.id, version: '2026-01-02T00:00:00.000Z', media_type: STIX });
    expect(ra!.date_added).toMatch(TS_US);
    // an unversioned SCO reports its date_added as its version
    expect(rs).toMatchObject({ id: sco.id, version: rs!.date_added, media_type: STIX });
    expect(res.headers.get('x-taxii-date-added-first')).toBe(ra!.date_added);
    expect(res.headers.get('x-taxii-date-added-last')).toBe(rs!.date_added);
  });

  s.it('get an object (latest by default), its versions, then delete it', async (hub) => {
    const c = await freshCollection(hub);
    const v1 = indicator({ modified: '2026-01-01T00:00:00.000Z' });
    const v2 = { ...v1, modified: '2026-01-02T00:00:00.000Z', name: 'v2' };
    const v3 = { ...v1, modified: '2026-01-03T00:00:00.000Z', name: 'v3' };
    await post(hub, c.coll, [v1]);
    await post(hub, c.coll, [v2]);
    await post(hub, c.coll, [v3]);
    const url = `${c.coll}objects/${v1.id}/`;

    const one = await call(hub, url);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe(TAXII);
    expect(one.text).toBe(`{"more":false,"objects":[${canonicalJson(served(v3))}]}`);
    expect(one.headers.get('x-taxii-date-added-first')).toMatch(TS_US);
    expect(one.headers.get('x-taxii-date-added-first')).toBe(one.headers.get('x-taxii-date-added-last'));

    const all = await call(hub, `${url}?match[version]=all`);
    expect(all.text).toBe(`{"more":false,"objects":[${[v1, v2, v3].map((o) => canonicalJson(served(o))).join(',')}]}`);
    expect(all.headers.get('x-taxii-date-added-first')! < all.headers.get('x-taxii-date-added-last')!).toBe(true);

    const versions = await call(hub, `${url}versions/`);
    expect(versions.status).toBe(200);
    expect(versions.headers.get('content-type')).toBe(TAXII);
    expect(versions.text).toBe(JSON.stringify({ more: false, versions: [v1.modified, v2.modified, v3.modified] }));
    expect(versions.headers.get('x-taxii-date-added-first')).toBe(all.headers.get('x-taxii-date-added-first'));
    expect(versions.headers.get('x-taxii-date-added-last')).toBe(all.headers.get('x-taxii-date-added-last'));

    // delete one version, then the rest
    const del = await call(hub, `${url}?match[version]=${v2.modified}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(del.headers.get('content-type')).toBe(TAXII);
    expect(del.text).toBe('');
    expect(JSON.parse((await call(hub, `${url}versions/`)).text)).toEqual({ more: false, versions: [v1.modified, v3.modified] });
    expect((await call(hub, `${url}?match[version]=${v2.modified}`)).status).toBe(404);

    expect((await call(hub, url, { method: 'DELETE' })).status).toBe(200);
    expect((await call(hub, url)).status).toBe(404);
    expect((await call(hub, `${url}versions/`)).status).toBe(404);
    expect((await call(hub, `${c.coll}manifest/`)).text).toBe('{}');
    expect((await call(hub, url, { method: 'DELETE' })).status).toBe(404);
  });
});
