/**
 * Every error status the TAXII server answers (400, 401, 403, 404, 405, 406, 413, 415,
 * 422), each as a TAXII error object with the TAXII Content-Type; never a 5xx for bad input.
 */
import { request } from 'node:http';
import { expect } from 'vitest';
import { call, expectTaxiiError, indicator, perBackend, STIX, TAXII } from './helpers.js';

const LIMIT = 64 * 1024;

/** A GET with exactly these headers (fetch always adds an Accept header). */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

perBackend(
  'TAXII errors',
  (s) => {
    const coll = () => `/taxii2/fin-isac/collections/${s.hub.collections.finIsac}/`;
    const everyPath = () => {
      const c = coll();
      const obj = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
      return [
        '/taxii2/', '/taxii2/fin-isac/', '/taxii2/fin-isac/status/00000000-0000-4000-8000-000000000000/',
        '/taxii2/fin-isac/collections/', c, `${c}manifest/`, `${c}objects/`, `${c}objects/${obj}/`, `${c}objects/${obj}/versions/`,
      ];
    };

    s.it('401 without, or with a bad, Authorization header, on every endpoint and unknown paths', async (hub) => {
      const bad = [
        null,
        { raw: 'Bearer kyojo_nope' },
        { raw: `Bearer ${hub.tokens.acmeAnalyst}x` },
        { raw: 'Basic !!!' },
        { raw: `Basic ${Buffer.from('nobody@example.org:secret').toString('base64')}` },
        { raw: 'Token abc' },
        { raw: 'Bearer' },
      ];
      for (const path of [...everyPath(), '/taxii2/nothing/here/']) {
        for (const as of bad) {
          const res = await call(hub, path, { as });
          expectTaxiiError(res, 401);
          expect(res.headers.get('www-authenticate')).toBe('Basic realm="kyojo", Bearer');
        }
      }
      // before anything else: a bad POST without credentials is 401 too
      expectTaxiiError(await call(hub, `${coll()}objects/`, { as: null, body: '{', contentType: 'text/plain' }), 401);
    });

    s.it('400 for malformed filters, naming the parameter and the value', async (hub) => {
      const cases: [string, string, string][] = [
        ['added_after=yesterday', 'added_after', 'yesterday'],
        ['added_after=2026-13-01T00:00:00Z', 'added_after', '2026-13-01T00:00:00Z'],
        ['added_after=', 'added_after', ''],
        ['limit=0', 'limit', '0'],
        ['limit=-5', 'limit', '-5'],
        ['limit=ten', 'limit', 'ten'],
        ['limit=1.5', 'limit', '1.5'],
        ['next=not-a-cursor', 'next', 'not-a-cursor'],
        ['next=', 'next', ''],
        ['match[id]=indicator', 'match[id]', 'indicator'],
        ['match[id]=indicator--1,', 'match[id]', 'indicator--1,'],
        ['match[type]=Indicator', 'match[type]', 'Indicator'],
        ['match[type]=a', 'match[type]', 'a'],
        ['match[version]=latest', 'match[version]', 'latest'],
        ['match[version]=all,first', 'match[version]', 'all,first'],
        ['match[version]=last,last', 'match[version]', 'last'],
        ['match[version]=2026-01-01', 'match[version]', '2026-01-01'],
        ['match[spec_version]=two', 'match[spec_version]', 'two'],
        ['match[type]=indicator,,malware', 'match[type]', 'indicator,,malware'],
      ];
      for (const [q, parameter, value] of cases) {
        for (const path of [`${coll()}objects/`, `${coll()}manifest/`]) {
          const body = expectTaxiiError(await call(hub, `${path}?${q}`), 400);
          expect(body.description, q).toContain(parameter);
          expect(body.details, q).toMatchObject({ parameter });
          if (value) expect(body.description, q).toContain(value);
        }
      }
      for (const q of ['limit=1&limit=2', 'added_after=2026-01-01T00:00:00Z&added_after=2026-01-02T00:00:00Z', 'next=a&next=b']) {
        const body = expectTaxiiError(await call(hub, `${coll()}objects/?${q}`), 400);
        expect(body.description).toContain('only once');
      }
      const obj = indicator();
      expectTaxiiError(await call(hub, `${coll()}objects/${obj.id}/?match[version]=soon`), 400);
      expectTaxiiError(await call(hub, `${coll()}objects/${obj.id}/versions/?limit=0`), 400);
      expectTaxiiError(await call(hub, `${coll()}objects/${obj.id}/?match[spec_version]=x`, { method: 'DELETE' }), 400);
    });

    s.it('400 for bodies that are not JSON, nest too deep, or use prototype keys', async (hub) => {
      for (const body of ['{', '{"objects": [}', 'objects', '\u0000', '{"objects":[1,]}', ' ', '[' .repeat(100) + ']'.repeat(100)]) {
        expectTaxiiError(await call(hub, `${coll()}objects/`, { body }), 400);
      }
      expectTaxiiError(await call(hub, `${coll()}objects/`, { body: '{"objects":[{"__proto__":{"polluted":true}}]}' }), 400);
      expectTaxiiError(await call(hub, `${coll()}objects/`, { body: '{"objects":[{"constructor":{"prototype":{"x":1}}}]}' }), 400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    s.it('403 for a reader writing or deleting', async (hub) => {
      expectTaxiiError(await call(hub, `${coll()}objects/`, { as: 'acmeReader', body: { objects: [indicator()] } }), 403);
      expectTaxiiError(await call(hub, `${coll()}objects/${indicator().id}/`, { as: 'acmeReader', method: 'DELETE' }), 403);
    });

    s.it('404 for unknown paths, API roots, collections, objects and statuses', async (hub) => {
      const c = coll();
      for (const path of [
        '/taxii2/nope/', '/taxii2/Fin-ISAC/', '/taxii2/fin-isac/collections/00000000-0000-4000-8000-000000000000/',
        '/taxii2/fin-isac/collections/no-such-alias/objects/', `${c}objects/${indicator().id}/`, `${c}objects/${indicator().id}/versions/`,
        `${c}objects/not-a-stix-id/`, '/taxii2/fin-isac/status/not-a-uuid/', '/taxii2/fin-isac/channels/', `${c}objects/x/y/z/`,
        '/taxii2/fin-isac/collections/%F0%9F%98%80/', '/taxii2/%E6%97%A5%E6%9C%AC/',
      ]) {
        expectTaxiiError(await call(hub, path), 404);
      }
      expectTaxiiError(await call(hub, `${c}objects/${indicator().id}/`, { method: 'DELETE' }), 404);
      expectTaxiiError(await call(hub, '/taxii2/fin-isac/unknown', { method: 'POST', body: '{}' }), 404);
    });

    s.it('405 with an Allow header for a method an endpoint does not support', async (hub) => {
      const paths = everyPath();
      for (const path of paths) {
        const allowed = path.endsWith('/objects/') ? 'GET, POST, HEAD' : /objects\/[^/]+\/$/.test(path) ? 'GET, DELETE, HEAD' : 'GET, HEAD';
        for (const method of ['PUT', 'PATCH', 'OPTIONS', 'DELETE', 'POST']) {
          if (allowed.includes(method)) continue;
          const res = await call(hub, path, { method, body: method === 'OPTIONS' ? undefined : '{}', contentType: 'text/plain' });
          const body = expectTaxiiError(res, 405);
          expect(res.headers.get('allow'), `${method} ${path}`).toBe(allowed);
          expect(body.description).toContain(method);
        }
      }
    });

    s.it('406 when the Accept header allows no TAXII 2.1 response', async (hub) => {
      for (const accept of ['text/html', 'application/json', 'application/taxii+json;version=2.0', 'application/taxii+json;q=0', 'application/stix+json', 'garbage', ', ,']) {
        for (const path of ['/taxii2/', '/taxii2/fin-isac/collections/']) {
          expectTaxiiError(await call(hub, path, { accept }), 406);
        }
      }
      // no Accept header at all (fetch would add `*/*`, so a raw request)
      const raw = await rawGet(hub.url, '/taxii2/', { authorization: hub.auth('acmeAnalyst') });
      expect(raw.status).toBe(406);
      expect(raw.contentType).toBe(TAXII);
      expect(JSON.parse(raw.body)).toMatchObject({ http_status: '406' });
      // the STIX media type is acceptable on object reads only
      expect((await call(hub, `${coll()}objects/`, { accept: STIX })).status).toBe(200);
      expect((await call(hub, `${coll()}manifest/`, { accept: 'application/stix+json' })).status).toBe(200);
      // wildcards, lists, parameters and spacing as clients send them
      for (const accept of ['*/*', 'application/*', 'text/html, application/taxii+json', 'application/taxii+json', 'Application/TAXII+JSON; Version="2.1"', 'application/taxii+json; version=2.1; q=0.5']) {
        expect((await call(hub, '/taxii2/', { accept })).status, accept).toBe(200);
      }
      // a POST must accept TAXII too
      expectTaxiiError(await call(hub, `${coll()}objects/`, { accept: 'text/html', body: { objects: [indicator()] } }), 406);
    });

    s.it('413 for a body over max_content_length', async (hub) => {
      const root = (await call(hub, '/taxii2/fin-isac/')).json as { max_content_length: number };
      expect(root.max_content_length).toBe(LIMIT);
      const big = JSON.stringify({ objects: [indicator({ extra: { description: 'x'.repeat(LIMIT) } })] });
      const res = await call(hub, `${coll()}objects/`, { body: big });
      const body = expectTaxiiError(res, 413);
      expect(body.description).toContain(String(LIMIT));
      // just under the limit is not 413
      const fits = JSON.stringify({ objects: [indicator({ extra: { description: 'x'.repeat(LIMIT - 1000) } })] });
      expect((await call(hub, `${coll()}objects/`, { body: fits })).status).toBe(202);
    });

    s.it('415 for a POST without, or with another, Content-Type', async (hub) => {
      const body = JSON.stringify({ objects: [indicator()] });
      for (const contentType of [null, 'application/json', 'text/plain', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.0', 'application/xml', 'multipart/form-data; boundary=x']) {
        expectTaxiiError(await call(hub, `${coll()}objects/`, { body, contentType }), 415);
      }
      for (const contentType of ['application/taxii+json', TAXII, 'application/taxii+json; version="2.1"; charset=utf-8']) {
        expect((await call(hub, `${coll()}objects/`, { body, contentType })).status).toBe(202);
      }
    });

    s.it('422 for JSON that is not an envelope, or an empty one', async (hub) => {
      for (const body of ['[]', '"objects"', '42', 'null', '{}', '{"objects":[]}', '{"objects":{}}', '{"objects":"indicator"}', '{"more":true}']) {
        expectTaxiiError(await call(hub, `${coll()}objects/`, { body }), 422);
      }
      expectTaxiiError(await call(hub, `${coll()}objects/`, { body: { objects: [indicator()] }, contentType: STIX }), 422);
      expectTaxiiError(await call(hub, `${coll()}objects/`, { body: { type: 'bundle', objects: [] }, contentType: STIX }), 422);
    });

    s.it('invalid STIX objects in a valid envelope are per-object failures in a 202 status', async (hub) => {
      const good = indicator();
      const res = await call(hub, `${coll()}objects/`, {
        body: { objects: [good, 1, null, 'x', [], { type: 'indicator' }, { ...indicator(), created: 'yesterday' }, { ...indicator(), spec_version: '2.0' }] },
      });
      expect(res.status).toBe(202);
      const status = res.json as { total_count: number; success_count: number; failure_count: number; failures: { id: string; message: string }[] };
      expect(status).toMatchObject({ total_count: 8, success_count: 1, failure_count: 7 });
      for (const f of status.failures) expect(f.message.length).toBeGreaterThan(0);
    });

    s.it('an unexpected failure is a 500 with a generic description, no stack; the hub keeps serving', async (hub) => {
      const shared = hub.ctx.store.shared;
      const original = shared.query.bind(shared);
      shared.query = async () => {
        throw new Error('simulated store failure at /secret/path.ts:42');
      };
      try {
        const res = await call(hub, `${coll()}objects/`);
        const body = expectTaxiiError(res, 500);
        expect(body.description).toBe('The hub could not complete the request; the error has been logged.');
        expect(res.text).not.toContain('simulated');
        expect(res.text).not.toContain('secret');
      } finally {
        shared.query = original;
      }
      expect((await call(hub, `${coll()}objects/`)).status).toBe(200);
    });

    s.it('a malformed percent-encoding in the path is a 400 TAXII error (raised before routing)', async (hub) => {
      const res = await call(hub, '/taxii2/fin-isac/%ZZ/');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
      expect(JSON.parse(res.text)).toMatchObject({ http_status: '400', error_code: 'bad-url' });
    });

    s.it('an over-long path segment is a 414 TAXII error (raised before routing)', async (hub) => {
      const res = await call(hub, `/taxii2/fin-isac/collections/${'a'.repeat(600)}/`);
      expect(res.status).toBe(414);
      expect(JSON.parse(res.text)).toMatchObject({ http_status: '414', error_code: 'uri-too-long' });
    });
  },
  { config: { bodyLimit: LIMIT } },
);
