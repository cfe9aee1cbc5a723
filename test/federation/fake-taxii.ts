/**
 * A minimal TAXII 2.1 server that is not Kyojo (node:http, in the test process): one API root
 * `/api1/` with one collection `c1`, HTTP Basic `user:secret`, Get Objects with `added_after`,
 * `limit` and `next`, Add Objects answering a pending status that completes on the first Get
 * Status (so clients must follow it), de-duplication by id + modified as TAXII servers do. Its
 * `fault` makes it misbehave the way peers do: 500s (optionally after storing), malformed JSON,
 * a wrong media type, a redirect, an oversized body, a hang. `medallionLike` makes it page the
 * way the OASIS reference server does: one date_added for every object of one add, at most 100
 * objects a page, the same `next` token for every page of a listing, and a 500 for a `next`
 * without `limit`; `failGetAt` answers 500 to that Get Objects request (1-based) once.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export type Fault = 'none' | '500' | '500-after-store' | 'garbage' | 'html' | 'redirect' | 'huge' | 'hang';

export interface StoredObject { dateAdded: number; object: Record<string, unknown> }

export interface FakeTaxii {
  url: string;
  apiRoot: string;
  collection: string;
  objects: StoredObject[];
  /** every object POSTed, duplicates included */
  posted: Record<string, unknown>[];
  requests: { method: string; url: string }[];
  fault: Fault;
  redirectTo: string;
  /** faults left before it behaves again (Infinity: until changed) */
  faultsLeft: number;
  medallionLike: boolean;
  failGetAt: number;
  add(objects: Record<string, unknown>[]): void;
  close(): Promise<void>;
}

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`);

export async function startFakeTaxii(): Promise<FakeTaxii> {
  let clock = Date.parse('2026-04-01T00:00:00Z') * 1000;
  const statuses = new Map<string, { body: Record<string, unknown>; polled: boolean }>();
  const listings = new Map<string, number>(); // medallionLike: token → offset of its next page
  let gets = 0;
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeTaxii = {
    url: '', apiRoot: '/api1/', collection: 'c1', objects: [], posted: [], requests: [], fault: 'none', redirectTo: 'http://127.0.0.1:9/', faultsLeft: Infinity, medallionLike: false, failGetAt: 0,
    add(objects) {
      const once = ++clock;
      for (const o of objects) {
        if (fake.objects.some((s) => s.object.id === o.id && s.object.modified === o.modified)) continue;
        fake.objects.push({ dateAdded: fake.medallionLike ? once : ++clock, object: o });
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': TAXII_MEDIA, ...headers });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    fake.requests.push({ method: req.method!, url: req.url! });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.headers.authorization !== `Basic ${Buffer.from('user:secret').toString('base64')}`) return send(res, 401, { title: 'Unauthorized' });
    const u = new URL(req.url!, 'http://x');
    const faulty = fake.fault !== 'none' && fake.faultsLeft > 0;
    if (faulty) {
      fake.faultsLeft--;
      switch (fake.fault) {
        case '500': return send(res, 500, { title: 'Internal error' });
        case 'garbage': res.writeHead(200, { 'content-type': TAXII_MEDIA }); return res.end('{"objects": [ {"type": "indic');
        case 'html': res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<html>login</html>');
        case 'redirect': res.writeHead(302, { location: fake.redirectTo }); return res.end();
        case 'huge': res.writeHead(200, { 'content-type': TAXII_MEDIA }); return res.end(`{"objects":[],"pad":"${'x'.repeat(2_000_000)}"}`);
        case 'hang': return; // never answers
        default: break; // 500-after-store: below
      }
    }
    if (req.method === 'GET' && u.pathname === '/api1/') {
      return send(res, 200, { title: 'plain', versions: [TAXII_MEDIA], max_content_length: 10_000_000 });
    }
    if (u.pathname === '/api1/collections/c1/objects/' && req.method === 'GET') {
      if (++gets === fake.failGetAt) return send(res, 500, { title: 'Internal error' });
      const after = u.searchParams.get('added_after');
      const afterUs = after ? Date.parse(after.slice(0, 23) + 'Z') * 1000 + Number(after.slice(23, 26) || 0) : -1;
      const token = u.searchParams.get('next');
      if (fake.medallionLike && token !== null && !u.searchParams.has('limit')) return send(res, 500, { title: "KeyError: 'limit'" });
      const start = fake.medallionLike ? (token === null ? 0 : listings.get(token) ?? 0) : Number(token ?? 0);
      const limit = Math.min(Number(u.searchParams.get('limit') ?? 100), fake.medallionLike ? 100 : Infinity);
      const all = fake.objects.filter((o) => o.dateAdded > afterUs);
      const page = all.slice(start, start + limit);
      if (page.length === 0) return send(res, 200, {});
      const more = start + limit < all.length;
      let next = String(start + limit);
      if (fake.medallionLike) {
        next = token ?? `listing-${listings.size + 1}`; // one token for the whole listing
        listings.set(next, start + limit);
      }
      return send(res, 200, { more, ...(more ? { next } : {}), objects: page.map((p) => p.object) }, {
        'x-taxii-date-added-first': iso(page[0]!.dateAdded), 'x-taxii-date-added-last': iso(page[page.length - 1]!.dateAdded),
      });
    }
    if (u.pathname === '/api1/collections/c1/objects/' && req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { objects: Record<string, unknown>[] };
      fake.posted.push(...body.objects);
      fake.add(body.objects);
      if (faulty && fake.fault === '500-after-store') return send(res, 500, { title: 'Internal error after storing' });
      const id = `status-${statuses.size + 1}`;
      const status = {
        id, status: 'complete', request_timestamp: new Date().toISOString(), total_count: body.objects.length,
        success_count: body.objects.length, failure_count: 0, pending_count: 0,
      };
      statuses.set(id, { body: status, polled: false });
      return send(res, 202, { ...status, status: 'pending', success_count: 0, pending_count: body.objects.length });
    }
    const st = /^\/api1\/status\/([^/]+)\/$/.exec(u.pathname);
    if (st && req.method === 'GET' && statuses.has(st[1]!)) return send(res, 200, statuses.get(st[1]!)!.body);
    return send(res, 404, { title: 'Not found' });
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { title: String(e) }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
