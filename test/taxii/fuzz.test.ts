/**
 * A seeded barrage of bad requests against one running hub: random methods, paths,
 * credentials, media types, malformed and huge or deep JSON, invalid STIX, bad filters and
 * cursors. Every answer must be a 4xx TAXII error object (invalid STIX in a well-formed
 * envelope is, per spec, a 202 status whose every object failed), the hub must stay up,
 * and the objects stored before the barrage must be byte-identical after it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../src/taxii/cursor.js';
import { startTestHub, type TestHub, type UserKey } from '../support/hub.js';
import { STIX, TAXII, call, indicator, ipv4, malware, post } from './helpers.js';

const SEED = 20_260_126;
const RUNS = 3000;
const LIMIT = 256 * 1024;

interface FuzzReq {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const WRITERS: UserKey[] = ['acmeAnalyst', 'bankAnalyst', 'operator'];
const READERS: UserKey[] = ['acmeAnalyst', 'acmeReader', 'bankAnalyst', 'operator'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'MKCOL', 'COPY', 'LOCK'];
const GARBAGE = fc.string({ minLength: 1, maxLength: 40 });
const TOKEN_CHARS = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), minLength: 1, maxLength: 30 });
/** printable ASCII without '/', so never a media range */
const NOT_MEDIA = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789 ;=,+.-"'.split('')), maxLength: 40 });

function validCursor(v: string): boolean {
  try {
    decodeCursor(v);
    return true;
  } catch {
    return false;
  }
}

function notJson(s: string): boolean {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
}

/** True when `v` is a TAXII envelope with a non-empty objects list (which the server would process). */
function isEnvelope(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { objects?: unknown }).objects) && (v as { objects: unknown[] }).objects.length > 0;
}

function arbitraries(hub: TestHub, existing: string[]) {
  const fin = hub.collections.finIsac;
  const energy = hub.collections.energyIsac;
  const bearer = (u: UserKey) => hub.auth(u);
  const objectId = fc.oneof(fc.constantFrom(...existing), fc.uuid().map((u) => `indicator--${u}`), GARBAGE.map(encodeURIComponent));
  const collPath = fc.constantFrom(`/taxii2/fin-isac/collections/${fin}/`, '/taxii2/fin-isac/collections/shared/');
  const readPath = fc.oneof(
    collPath.map((c) => ({ path: `${c}objects/`, fields: ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'] })),
    collPath.map((c) => ({ path: `${c}manifest/`, fields: ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'] })),
    fc.tuple(collPath, objectId).map(([c, o]) => ({ path: `${c}objects/${o}/`, fields: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'] })),
    fc.tuple(collPath, objectId).map(([c, o]) => ({ path: `${c}objects/${o}/versions/`, fields: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'] })),
  );
  const anyKnownPath = fc.oneof(
    fc.constantFrom('/taxii2/', '/taxii2/fin-isac/', '/taxii2/energy-isac/', '/taxii2/fin-isac/collections/', `/taxii2/energy-isac/collections/${energy}/objects/`),
    readPath.map((r) => r.path),
    fc.uuid().map((u) => `/taxii2/fin-isac/status/${u}/`),
  );
  const noise = fc.dictionary(fc.constantFrom('x-fuzz', 'x-trace', 'user-agent', 'x-taxii-hint'), GARBAGE, { maxKeys: 2 });
  const noiseQuery = fc.option(fc.tuple(fc.constantFrom('fuzz', 'match[color]', 'sort'), GARBAGE), { nil: undefined });
  const withNoise = (r: fc.Arbitrary<FuzzReq>) =>
    fc.tuple(r, noise, noiseQuery).map(([req, h, q]) => {
      const path = q ? `${req.path}${req.path.includes('?') ? '&' : '?'}${encodeURIComponent(q[0])}=${encodeURIComponent(q[1])}` : req.path;
      return { ...req, path, headers: { ...h, ...req.headers } };
    });

  // 401: no or bad credentials, anything else random
  const badAuth = fc
    .tuple(
      fc.constantFrom(...METHODS),
      anyKnownPath,
      fc.oneof(
        fc.constant(undefined),
        GARBAGE,
        TOKEN_CHARS.map((t) => `Bearer kyojo_${t}`),
        fc.constantFrom(...WRITERS).map((u) => `Bearer ${hub.tokens[u].slice(0, -1)}`),
        fc.tuple(GARBAGE, GARBAGE).map(([a, b]) => `Basic ${Buffer.from(`${a}:${b}`).toString('base64')}`),
        fc.constantFrom(...READERS).map((u) => `Basic ${Buffer.from(`someone@else.example:${hub.tokens[u]}`).toString('base64')}`),
      ),
      fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }),
    )
    .map(([method, path, auth, body]): FuzzReq => ({
      kind: 'bad-auth', method, path,
      headers: { accept: TAXII, ...(auth ? { authorization: auth } : {}), ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { 'content-type': TAXII } : {}) },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
    }));

  // 406: an Accept header that names no TAXII (or wildcard) media range
  const badAccept = fc
    .tuple(fc.constantFrom(...READERS), anyKnownPath, fc.oneof(NOT_MEDIA, fc.constantFrom('text/html', 'application/json', 'application/taxii+json;version=2.0', 'application/taxii+json;q=0', 'image/*')))
    .map(([u, path, accept]): FuzzReq => ({ kind: 'bad-accept', method: 'GET', path, headers: { authorization: bearer(u), accept } }));

  // 404 / 405: unknown places and unsupported methods
  const unknownPath = fc
    .tuple(fc.constantFrom(...READERS), fc.constantFrom(...METHODS), fc.array(GARBAGE.map(encodeURIComponent), { minLength: 1, maxLength: 6 }))
    .map(([u, method, segs]): FuzzReq => ({ kind: 'unknown-path', method, path: `/taxii2/zz-${segs.join('/')}/`, headers: { authorization: bearer(u), accept: TAXII } }));
  const wrongMethod = fc
    .tuple(fc.constantFrom(...WRITERS), anyKnownPath, fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'PROPFIND', 'COPY'))
    .map(([u, path, method]): FuzzReq => ({ kind: 'wrong-method', method, path, headers: { authorization: bearer(u), accept: TAXII } }));
  const hidden = fc
    .tuple(
      fc.constantFrom<[UserKey, string]>(
        ['acmeAnalyst', `/taxii2/energy-isac/collections/${energy}/`],
        ['powerAnalyst', `/taxii2/fin-isac/collections/${fin}/`],
        ['operator', `/taxii2/fin-isac/collections/${energy}/`],
        ['acmeAnalyst', '/taxii2/fin-isac/collections/00000000-0000-4000-8000-000000000000/'],
      ),
      fc.constantFrom('', 'objects/', 'manifest/', `objects/${existing[0]}/`, `objects/${existing[0]}/versions/`),
      fc.constantFrom('GET', 'POST', 'DELETE'),
    )
    .map(([[u, c], rest, method]): FuzzReq => ({
      kind: 'hidden', method, path: c + rest,
      headers: { authorization: bearer(u), accept: TAXII, ...(method === 'POST' ? { 'content-type': TAXII } : {}) },
      body: method === 'POST' ? JSON.stringify({ objects: [indicator()] }) : undefined,
    }));
  const badStatus = fc
    .tuple(fc.constantFrom(...READERS), fc.oneof(fc.uuid(), GARBAGE.map(encodeURIComponent)))
    .map(([u, id]): FuzzReq => ({ kind: 'bad-status', method: 'GET', path: `/taxii2/fin-isac/status/${id}/`, headers: { authorization: bearer(u), accept: TAXII } }));

  // 400: a malformed value in a parameter the endpoint reads (reads) or a DELETE's version filter
  const badValue: Record<string, fc.Arbitrary<string>> = {
    added_after: fc.oneof(GARBAGE, fc.constantFrom('2026-02-30T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00+09:00', '')),
    limit: fc.oneof(fc.constantFrom('0', '-1', '1.5', 'ten', '', '1e3'), GARBAGE.filter((s) => !/^[0-9]+$/.test(s))),
    next: fc.oneof(GARBAGE, fc.base64String()).filter((s) => !validCursor(s)),
    'match[id]': fc.oneof(GARBAGE, fc.constantFrom('indicator--1', ',', 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f,')).filter((s) => s.split(',').some((p) => !/^[a-z][a-z0-9-]+--[0-9a-f-]{36}$/.test(p))),
    'match[type]': fc.oneof(fc.constantFrom('Indicator', 'a', 'indicator,', '--', 'x_'), GARBAGE.filter((s) => /[^a-z0-9,-]/.test(s))),
    'match[version]': fc.oneof(fc.constantFrom('latest', 'all,last', 'first,first', '2026-01-01', ''), GARBAGE.filter((s) => !/^(first|last|all)$/.test(s))),
    'match[spec_version]': fc.oneof(fc.constantFrom('two', '2', '2.1.0', ''), GARBAGE.filter((s) => !/^[0-9]+\.[0-9]+$/.test(s))),
  };
  const badFilter = fc
    .tuple(fc.constantFrom(...READERS), readPath, fc.nat())
    .chain(([u, r, i]) => {
      const field = r.fields[i % r.fields.length]!;
      return badValue[field]!.map((v): FuzzReq => ({ kind: `bad-filter ${field}`, method: 'GET', path: `${r.path}?${encodeURIComponent(field)}=${encodeURIComponent(v)}`, headers: { authorization: bearer(u), accept: TAXII } }));
    });
  const twice = fc
    .tuple(fc.constantFrom(...READERS), collPath, fc.constantFrom('limit=1&limit=2', 'added_after=2026-01-01T00:00:00Z&added_after=2026-01-01T00:00:00Z', 'next=MQ&next=Mg'))
    .map(([u, c, q]): FuzzReq => ({ kind: 'twice', method: 'GET', path: `${c}objects/?${q}`, headers: { authorization: bearer(u), accept: TAXII } }));
  const badDelete = fc
    .tuple(fc.constantFrom(...WRITERS), collPath, fc.constantFrom(...existing), fc.constantFrom('match[version]', 'match[spec_version]'))
    .chain(([u, c, id, field]) => badValue[field]!.map((v): FuzzReq => ({ kind: 'bad-delete', method: 'DELETE', path: `${c}objects/${id}/?${encodeURIComponent(field)}=${encodeURIComponent(v)}`, headers: { authorization: bearer(u), accept: TAXII } })));
  const readerDelete = fc
    .tuple(collPath, fc.constantFrom(...existing))
    .map(([c, id]): FuzzReq => ({ kind: 'reader-delete', method: 'DELETE', path: `${c}objects/${id}/`, headers: { authorization: bearer('acmeReader'), accept: TAXII } }));

  // POST bodies and media types
  const postTo = (kind: string, body: fc.Arbitrary<string>, contentType: fc.Arbitrary<string | undefined> = fc.constant(TAXII), users = WRITERS) =>
    fc.tuple(fc.constantFrom(...users), collPath, body, contentType).map(([u, c, b, ct]): FuzzReq => ({
      kind, method: 'POST', path: `${c}objects/`, headers: { authorization: bearer(u), accept: TAXII, ...(ct !== undefined ? { 'content-type': ct } : {}) }, body: b,
    }));
  const envelopeText = fc.constant(JSON.stringify({ objects: [indicator()] }));
  const badContentType = postTo('bad-content-type', envelopeText, fc.oneof(fc.constant(undefined), NOT_MEDIA, fc.constantFrom('application/json', 'text/plain', 'application/taxii+json;version=2.0', 'application/x-www-form-urlencoded')));
  const malformed = postTo('malformed-json', fc.oneof(fc.string({ maxLength: 300 }), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))).filter(notJson));
  const deep = postTo('deep-json', fc.tuple(fc.integer({ min: 65, max: 20_000 }), fc.boolean()).map(([n, arr]) => (arr ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)));
  const huge = postTo('huge', fc.integer({ min: LIMIT + 1, max: LIMIT * 3 }).map((n) => `{"objects":[{"x":"${'y'.repeat(n)}"}]}`));
  const notEnvelope = postTo('not-envelope', fc.jsonValue({ maxDepth: 4 }).filter((v) => !isEnvelope(v)).map((v) => JSON.stringify(v)));
  const notBundle = postTo('not-bundle', fc.constant(JSON.stringify({ objects: [indicator()] })), fc.constant(STIX));
  const readerPost = postTo('reader-post', fc.oneof(envelopeText, fc.string()), fc.constantFrom(TAXII, 'text/plain'), ['acmeReader']);
  const broken = (o: Record<string, unknown>) =>
    fc.constantFrom<(x: Record<string, unknown>) => unknown>(
      (x) => ({ ...x, id: undefined }),
      (x) => ({ ...x, type: undefined }),
      (x) => ({ ...x, id: 'indicator--nope' }),
      (x) => ({ ...x, created: 'yesterday' }),
      (x) => ({ ...x, modified: '2020-01-01T00:00:00Z' }),
      (x) => ({ ...x, spec_version: '2.0' }),
      (x) => ({ ...x, type: 'Indicator' }),
      (x) => ({ ...x, pattern: 42 }),
      (x) => ({ ...x, 'Bad-Name': true }),
      () => 'not an object',
      () => null,
      () => [1, 2],
    ).map((f) => f(o));
  const invalidStix = postTo(
    'invalid-stix',
    fc.array(fc.constant(null).chain(() => broken(indicator() as Record<string, unknown>)), { minLength: 1, maxLength: 5 }).map((objects) => JSON.stringify({ objects })),
  );

  return fc.oneof(
    withNoise(badAuth), withNoise(badAccept), withNoise(unknownPath), withNoise(wrongMethod), withNoise(hidden), withNoise(badStatus),
    withNoise(badFilter), withNoise(twice), withNoise(badDelete), withNoise(readerDelete),
    withNoise(badContentType), withNoise(malformed), { arbitrary: withNoise(deep), weight: 1 }, { arbitrary: withNoise(huge), weight: 1 },
    withNoise(notEnvelope), withNoise(notBundle), withNoise(readerPost), withNoise(invalidStix),
  );
}

describe('TAXII fuzz: bad requests never break the hub', () => {
  let hub: TestHub;
  const existing: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ config: { bodyLimit: LIMIT, maxPageSize: 10_000 } });
    const fin = `/taxii2/fin-isac/collections/${hub.collections.finIsac}/`;
    const energy = `/taxii2/energy-isac/collections/${hub.collections.energyIsac}/`;
    const objs = [indicator(), malware(), ipv4(), indicator({ value: '203.0.113.9' })];
    const v2 = { ...objs[0]!, modified: '2026-01-05T00:00:00.000Z' };
    await post(hub, fin, [...objs, v2]);
    await post(hub, energy, [indicator(), malware()], 'powerAnalyst');
    existing.push(...objs.map((o) => o.id));
  });
  afterAll(async () => {
    await hub?.close();
  });

  async function snapshot(): Promise<string> {
    const parts: string[] = [];
    for (const [root, id] of [['fin-isac', hub.collections.finIsac], ['energy-isac', hub.collections.energyIsac]] as const) {
      for (const what of ['objects', 'manifest']) {
        const res = await call(hub, `/taxii2/${root}/collections/${id}/${what}/?match[version]=all&limit=10000`, { as: 'operator' });
        expect(res.status).toBe(200);
        parts.push(res.text);
      }
    }
    return parts.join('\n');
  }

  it(`answers ${RUNS} seeded bad requests with 4xx TAXII errors and changes nothing`, async () => {
    const before = await snapshot();
    const countBefore = await hub.ctx.store.shared.count();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(arbitraries(hub, existing), async (req) => {
        const res = await fetch(hub.url + req.path, { method: req.method, headers: req.headers, body: req.body });
        const text = await res.text();
        const label = `${req.kind}: ${req.method} ${req.path.slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`;
        seen.set(`${req.kind.split(' ')[0]} ${res.status}`, (seen.get(`${req.kind.split(' ')[0]} ${res.status}`) ?? 0) + 1);
        expect(res.headers.get('content-type'), label).toBe(TAXII);
        if (req.kind === 'invalid-stix' && res.status === 202) {
          const status = JSON.parse(text) as { success_count: number; failure_count: number; total_count: number };
          expect(status.success_count, label).toBe(0);
          expect(status.failure_count, label).toBe(status.total_count);
          return;
        }
        expect(res.status >= 400 && res.status < 500, label).toBe(true);
        if (req.method === 'HEAD') return;
        const body = JSON.parse(text) as Record<string, unknown>;
        expect(typeof body.title, label).toBe('string');
        expect(typeof body.description, label).toBe('string');
        expect(body.http_status, label).toBe(String(res.status));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (process.env.KYOJO_FUZZ_REPORT) console.log([...seen.entries()].sort().map(([k, n]) => `${k}: ${n}`).join("\n"));
    // still alive, and every object stored before is byte-identical after
    expect((await call(hub, '/taxii2/', { as: 'operator' })).status).toBe(200);
    expect(await hub.ctx.store.shared.count()).toBe(countBefore);
    expect(await snapshot()).toBe(before);
    // the barrage covered every kind of defect and every error status
    const statuses = new Set([...seen.keys()].map((k) => Number(k.split(' ')[1])));
    for (const s of [400, 401, 403, 404, 405, 406, 413, 415, 422]) expect(statuses, [...seen.keys()].join(', ')).toContain(s);
  }, 300_000);
});
