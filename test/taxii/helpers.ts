/** Shared helpers for the TAXII integration tests: a tiny HTTP client, STIX factories, suites per backend. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestHub, type Backend, type TestHub, type TestHubOptions, type UserKey } from '../support/hub.js';

export const TAXII = 'application/taxii+json;version=2.1';
export const STIX = 'application/stix+json;version=2.1';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  /** parsed body, or undefined when empty / not JSON */
  json: unknown;
}

export interface Req {
  method?: string;
  /** a user key, a raw Authorization value, or null for none */
  as?: UserKey | { raw: string } | null;
  accept?: string | null;
  contentType?: string | null;
  body?: string | object;
  headers?: Record<string, string>;
}

export async function call(hub: TestHub, path: string, req: Req = {}): Promise<Res> {
  const headers: Record<string, string> = { ...req.headers };
  const as = req.as === undefined ? 'acmeAnalyst' : req.as;
  if (as !== null) headers.authorization = typeof as === 'string' ? hub.auth(as) : as.raw;
  const accept = req.accept === undefined ? TAXII : req.accept;
  if (accept !== null) headers.accept = accept;
  let body: string | undefined;
  if (req.body !== undefined) {
    body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const ct = req.contentType === undefined ? TAXII : req.contentType;
    if (ct !== null) headers['content-type'] = ct;
  }
  const res = await fetch(hub.url + path, { method: req.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts a TAXII error response: status, content type, and the error object's shape. */
export function expectTaxiiError(res: Res, status: number): Record<string, unknown> {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toBe(TAXII);
  const body = res.json as Record<string, unknown>;
  expect(typeof body).toBe('object');
  expect(typeof body.title).toBe('string');
  expect(typeof body.description).toBe('string');
  expect(body.http_status).toBe(String(status));
  expect(typeof body.error_code).toBe('string');
  for (const k of Object.keys(body)) {
    expect(['title', 'description', 'error_id', 'error_code', 'http_status', 'external_details', 'details']).toContain(k);
  }
  return body;
}

let seq = 0;
/** A distinct STIX timestamp per call (millisecond precision), increasing. */
export function ts(base = Date.UTC(2026, 0, 1), stepMs = 1000): string {
  return new Date(base + stepMs * seq++).toISOString();
}

export function indicator(opts: { id?: string; created?: string; modified?: string; value?: string; extra?: Record<string, unknown> } = {}) {
  const created = opts.created ?? '2026-01-01T00:00:00.000Z';
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: opts.id ?? `indicator--${randomUUID()}`,
    created,
    modified: opts.modified ?? created,
    name: 'Test indicator',
    pattern: `[ipv4-addr:value = '${opts.value ?? '192.0.2.1'}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...opts.extra,
  };
}

export function malware(opts: { id?: string; modified?: string } = {}) {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: opts.id ?? `malware--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: opts.modified ?? '2026-01-01T00:00:00.000Z',
    name: 'Test malware',
    is_family: false,
  };
}

/** An SCO without created/modified: unversioned. */
export function ipv4(value = '192.0.2.10') {
  return { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${randomUUID()}`, value };
}

let communitySeq = 0;
/**
 * A new community with its collection, isolated from other tests: members acme (and
 * any given orgs). Returns the API root path and the collection's objects path.
 */
export async function freshCollection(hub: TestHub, orgs: string[] = ['acme']): Promise<{ slug: string; id: string; root: string; coll: string }> {
  const slug = `t${process.pid % 1000}-${++communitySeq}-${randomUUID().slice(0, 6)}`;
  const { collection } = await hub.ctx.identity.addCommunity({ slug, name: `Test ${slug}`, kind: 'isac', sector: 'finance' });
  for (const org of orgs) await hub.ctx.identity.joinCommunity(slug, org);
  return { slug, id: collection.id, root: `/taxii2/${slug}/`, coll: `/taxii2/${slug}/collections/${collection.id}/` };
}

/** POSTs objects and returns the status resource (asserting 202). */
export async function post(hub: TestHub, coll: string, objects: unknown[], as: UserKey = 'acmeAnalyst') {
  const res = await call(hub, `${coll}objects/`, { body: { objects }, as });
  expect(res.status, res.text).toBe(202);
  return res.json as {
    id: string; status: string; total_count: number; success_count: number; failure_count: number; pending_count: number;
    successes?: { id: string; version: string; message?: string }[];
    failures?: { id: string; version: string; message?: string }[];
  };
}

/** The running hub of a per-backend suite, or why it was skipped. */
export interface Suite {
  backend: Backend;
  /** the hub; throws when it did not start */
  readonly hub: TestHub;
  /** set when PostgreSQL is unavailable (and not required) */
  readonly skipped: string | undefined;
  /** `it` that skips, with the reason printed once, when the backend is unavailable */
  it(name: string, fn: (hub: TestHub) => Promise<void>, timeout?: number): void;
}

/** A describe block per backend (SQLite, PostgreSQL), each with its own seeded hub. */
export function perBackend(name: string, body: (s: Suite) => void, opts: TestHubOptions = {}): void {
  describe.each(BACKENDS)(`${name} [%s]`, (backend) => {
    let hub: TestHub | undefined;
    let skipped: string | undefined;
    beforeAll(async () => {
      const h = await startTestHub({ ...opts, backend });
      if ('skip' in h) {
        skipped = h.skip;
        console.warn(`${name} [${backend}] skipped: ${h.skip}`);
      } else hub = h;
    });
    afterAll(async () => {
      await hub?.close();
    });
    const suite: Suite = {
      backend,
      get hub() {
        if (!hub) throw new Error(skipped ?? 'hub not started');
        return hub;
      },
      get skipped() {
        return skipped;
      },
      it(testName, fn, timeout) {
        it(
          testName,
          async (ctx) => {
            if (skipped !== undefined) {
              ctx.skip();
              return;
            }
            await fn(suite.hub);
          },
          timeout,
        );
      },
    };
    body(suite);
  });
}

/**
 * An object as the hub serves it after it was posted to a community without a TLP marking or
 * Kyojo extensions: the hub default TLP (AMBER) marking added, and the classification extension
 * (empty: all channels) that travels with every object.
 */
export function served<T extends object>(obj: T): Record<string, unknown> {
  const o = obj as Record<string, unknown>;
  const out: Record<string, unknown> = { ...o };
  if (out.type !== 'extension-definition') {
    out.extensions = {
      ...(o.extensions as Record<string, unknown> | undefined),
      'extension-definition--c0a54da4-1c81-4d57-a4f5-29901dda7d52': { extension_type: 'property-extension', channels: ['portal', 'email', 'api', 'stream'] },
    };
  }
  if (!Array.isArray(o.object_marking_refs)) out.object_marking_refs = ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'];
  return out;
}
