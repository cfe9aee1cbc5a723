/**
 * A TAXII 2.1 client for federation (docs/federation.md "The client"): reads a peer's
 * collection, adds objects to it, follows status resources. Defensive by construction, since a
 * peer may be down, slow, wrong or hostile:
 *
 * - only the URL the operator configured: the API root is resolved against it and must stay on
 *   its origin; `redirect: 'manual'` and any 3xx is an error — no redirect is followed, to any host;
 * - TLS verification always on; a private CA only when the operator gave its PEM file (an undici
 *   Agent with that CA, still verifying);
 * - a timeout on every request (headers and body), a size limit on every body (Content-Length
 *   checked first, then counted while reading), the TAXII media type required on every answer,
 *   JSON and the resource's shape checked before anything is used.
 * Errors are `TaxiiClientError` with the HTTP status when there was one; none is ever thrown
 * with the credentials in its message.
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch, type Response } from 'undici';
import { TAXII_CONTENT_TYPE, parseMediaType } from '../taxii/media.js';
import { isObj } from '../stix/checks-core.js';


export class TaxiiClientError extends Error {
  constructor(message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'TaxiiClientError';
  }
}

export interface TaxiiClientOptions {
  /** the server's origin and path prefix the operator configured */
  url: string;
  /** the API root: a path on that server (or a URL on the same origin) */
  apiRoot: string;
  /** `user:password` (HTTP Basic) or a bearer token; null = none */
  credentials: string | null;
  /** PEM file of a private CA to trust for this peer */
  caFile: string | null;
  /** per request, ms (default 30 s) */
  timeoutMs?: number;
  /** largest response body read, bytes (default 64 MiB) */
  maxBodyBytes?: number;
}

export interface ObjectsPage {
  objects: unknown[];
  more: boolean;
  next: string | null;
  /** X-TAXII-Date-Added-Last, when the server sent it */
  dateAddedLast: string | null;
}

export interface StatusDetailWire { id: string; version: string; message?: string }

export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  totalCount: number;
  successCount: number;
  failureCount: number;
  pendingCount: number;
  failures: StatusDetailWire[];
}

type Obj = Record<string, unknown>;
const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : -1);

/** The API root's URL, on the configured origin only. */
export function apiRootUrl(url: string, apiRoot: string): URL {
  const base = new URL(url.endsWith('/') ? url : `${url}/`);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TaxiiClientError(`not an http(s) URL: ${base.protocol}`);
  const root = new URL(apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`, base);
  if (root.origin !== base.origin) throw new TaxiiClientError(`the API root ${root.origin} is not on the configured server ${base.origin}`);
  root.search = '';
  root.hash = '';
  return root;
}

function authorization(credentials: string | null): string | null {
  if (credentials === null || credentials === '') return null;
  const colon = credentials.indexOf(':');
  if (colon > 0) return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  return `Bearer ${credentials}`;
}

export class TaxiiClient {
  private readonly root: URL;
  private readonly auth: string | null;
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBody: number;

  constructor(opts: TaxiiClientOptions) {
    this.root = apiRootUrl(opts.url, opts.apiRoot);
    this.auth = authorization(opts.credentials);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024;
    const ca = opts.caFile === null ? undefined : readFileSync(opts.caFile, 'utf8');
    this.agent = new Agent({
      connect: { timeout: this.timeoutMs, ...(ca === undefined ? {} : { ca }), rejectUnauthorized: true },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  get apiRoot(): string {
    return this.root.toString();
  }

  private collectionUrl(collectionId: string, rest: string): URL {
    return new URL(`collections/${encodeURIComponent(collectionId)}/${rest}`, this.root);
  }

  private async request(method: 'GET' | 'POST', url: URL, body?: string): Promise<{ res: Response; json: unknown }> {
    const headers: Record<string, string> = { accept: TAXII_CONTENT_TYPE, 'user-agent': 'kyojo-federation/1' };
    if (this.auth !== null) headers.authorization = this.auth;
    if (body !== undefined) headers['content-type'] = TAXII_CONTENT_TYPE;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new TaxiiClientError(`${method} ${url.pathname}: ${(e as Error).name === 'TimeoutError' ? 'timed out' : why}`);
    }
    const where = `${method} ${url.pathname}`;
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new TaxiiClientError(`${where}: answered ${res.status} redirect${res.headers.get('location') ? ` to ${res.headers.get('location')!.slice(0, 200)}` : ''}; redirects are not followed`, res.status);
    }
    const text = await this.readBody(res, where);
    if (res.status >= 400) {
      let detail = '';
      try {
        const e = JSON.parse(text) as Obj;
        if (isObj(e) && typeof e.title === 'string') detail = `: ${e.title}${typeof e.description === 'string' ? ` — ${e.description}` : ''}`;
      } catch { /* not a TAXII error object */ }
      throw new TaxiiClientError(`${where}: HTTP ${res.status}${detail.slice(0, 500)}`, res.status);
    }
    const type = res.headers.get('content-type') ?? '';
    const media = parseMediaType(type);
    if (media?.type !== 'application/taxii+json' || (media.version !== undefined && media.version !== '2.1')) {
      throw new TaxiiClientError(`${where}: answered Content-Type '${type.slice(0, 100)}', not ${TAXII_CONTENT_TYPE}`, res.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TaxiiClientError(`${where}: the body is not JSON`, res.status);
    }
    return { res, json };
  }

  private async readBody(res: Response, where: string): Promise<string> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBody) {
      await res.body?.cancel().catch(() => undefined);
      throw new TaxiiClientError(`${where}: the body of ${declared} bytes exceeds the limit of ${this.maxBody}`, res.status);
    }
    if (res.body === null) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Uint8Array).byteLength;
      if (size > this.maxBody) {
        await res.body.cancel().catch(() => undefined);
        throw new TaxiiClientError(`${where}: the body exceeds the limit of ${this.maxBody} bytes`, res.status);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Get Objects (5.4): one page, `added_after` and/or `next` as given. */
  async getObjects(collectionId: string, q: { addedAfter?: string | null; next?: string | null; limit?: number }): Promise<ObjectsPage> {
    const url = this.collectionUrl(collectionId, 'objects/');
    if (q.addedAfter) url.searchParams.set('added_after', q.addedAfter);
    if (q.next) url.searchParams.set('next', q.next);
    if (q.limit !== undefined) url.searchParams.set('limit', String(q.limit));
    const { res, json } = await this.request('GET', url);
    const where = `GET ${url.pathname}`;
    if (!isObj(json)) throw new TaxiiClientError(`${where}: the envelope is not a JSON object`);
    const objects = json.objects === undefined ? [] : json.objects;
    if (!Array.isArray(objects)) throw new TaxiiClientError(`${where}: the envelope's objects is not a list`);
    if (json.more !== undefined && typeof json.more !== 'boolean') throw new TaxiiClientError(`${where}: the envelope's more is not a boolean`);
    if (json.next !== undefined && typeof json.next !== 'string') throw new TaxiiClientError(`${where}: the envelope's next is not a string`);
    const last = res.headers.get('x-taxii-date-added-last');
    return { objects, more: json.more === true, next: typeof json.next === 'string' ? json.next : null, dateAddedLast: last && last.length <= 64 ? last : null };
  }

  /** Add Objects (5.5): the status the server answered. */
  async addObjects(collectionId: string, objects: readonly unknown[]): Promise<TaxiiStatus> {
    return this.addSerialized(collectionId, objects.map((o) => JSON.stringify(o)));
  }

  /** Add Objects with each object already serialised as JSON. */
  async addSerialized(collectionId: string, objects: readonly string[]): Promise<TaxiiStatus> {
    const url = this.collectionUrl(collectionId, 'objects/');
    const { json } = await this.request('POST', url, `{"objects":[${objects.join(',')}]}`);
    return parseStatus(json, `POST ${url.pathname}`);
  }

  /** Get Status (4.3). */
  async getStatus(statusId: string): Promise<TaxiiStatus> {
    const url = new URL(`status/${encodeURIComponent(statusId)}/`, this.root);
    const { json } = await this.request('GET', url);
    return parseStatus(json, `GET ${url.pathname}`);
  }

  /** Get API Root Information (4.2): its max_content_length, when it gives one. */
  async maxContentLength(): Promise<number | null> {
    const { json } = await this.request('GET', new URL(this.root));
    if (!isObj(json)) throw new TaxiiClientError(`GET ${this.root.pathname}: the API root information is not a JSON object`);
    const n = count(json.max_content_length);
    return n > 0 ? n : null;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function parseStatus(json: unknown, where: string): TaxiiStatus {
  if (!isObj(json)) throw new TaxiiClientError(`${where}: the status is not a JSON object`);
  const s = {
    id: json.id, status: json.status,
    totalCount: count(json.total_count), successCount: count(json.success_count ?? 0),
    failureCount: count(json.failure_count ?? 0), pendingCount: count(json.pending_count ?? 0),
  };
  if (typeof s.id !== 'string' || s.id === '' || s.id.length > 200) throw new TaxiiClientError(`${where}: the status has no id`);
  if (s.status !== 'complete' && s.status !== 'pending') throw new TaxiiClientError(`${where}: the status is neither complete nor pending`);
  if (s.totalCount < 0 || s.successCount < 0 || s.failureCount < 0 || s.pendingCount < 0) throw new TaxiiClientError(`${where}: the status counts are not counts`);
  const failures = Array.isArray(json.failures)
    ? json.failures.filter(isObj).map((f) => ({
        id: String(f.id ?? ''), version: String(f.version ?? ''), ...(typeof f.message === 'string' ? { message: f.message.slice(0, 500) } : {}),
      }))
    : [];
  return { ...s, id: s.id, status: s.status, failures };
}
