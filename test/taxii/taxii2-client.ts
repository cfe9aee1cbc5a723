/**
 * A faithful TypeScript replay of the HTTP requests the OASIS taxii2-client (2.3.0,
 * github.com/oasis-open/cti-taxii-client, taxii2client/common.py and v21/__init__.py) makes
 * through python-requests, and of the checks it applies to responses. It cannot be installed
 * from PyPI here, so the conformance test drives this instead.
 *
 * What it reproduces:
 * - headers: `Accept: application/taxii+json;version=2.1` on every call; GETs add
 *   `User-Agent: taxii2-client/2.3.0`; POST adds `Content-Type` (same media type); requests
 *   adds `Accept-Encoding`, `Connection` and, for a body-less DELETE, `Content-Length: 0`;
 *   HTTP Basic auth as requests builds it.
 * - query strings: `_filter_kwargs_to_query_params` (match[<kw>] joined by commas,
 *   added_after/version datetimes formatted by `_format_datetime`, falsy values dropped),
 *   encoded as `urlencode(doseq=True)` does (quote_plus: `[`, `]`, `,`, `:` escaped).
 * - bodies: `json.dumps(envelope, ensure_ascii=False)` (", " and ": " separators).
 * - response checks: `raise_for_status`, `valid_content_type` (every Accept token must be a
 *   Content-Type token, first token application/taxii+json), JSON parsing, and the
 *   `_validate_*` checks of Server, ApiRoot, Collection and Status.
 * - URL joining: trailing slash added to endpoints, `urljoin(collection, "../../status/<id>")`.
 */
export const MEDIA_TYPE_TAXII_V21 = 'application/taxii+json;version=2.1';
export const DEFAULT_USER_AGENT = 'taxii2-client/2.3.0';
const REQUESTS_UA = 'python-requests/2.31.0';

export class ClientError extends Error {}

/** Python's urllib.parse.quote_plus with safe=''. */
export function quotePlus(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export type Param = string | number | (string | number)[];

/** urlencode(params, doseq=True), as requests encodes `params=`. */
export function urlencode(params: Record<string, Param>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${quotePlus(k)}=${quotePlus(String(item))}`);
  }
  return parts.join('&');
}

/** A Python datetime: an instant in µs, optionally with a `precision` attribute (stix2's STIXdatetime). */
export interface PyDatetime {
  micros: number;
  precision?: 'second' | 'millisecond';
}

/** common._format_datetime */
export function formatDatetime(d: PyDatetime): string {
  const date = new Date(Math.floor(d.micros / 1000));
  const ts = date.toISOString().slice(0, 19);
  const micro = ((d.micros % 1_000_000) + 1_000_000) % 1_000_000;
  const ms = String(micro).padStart(6, '0');
  if (d.precision === 'second') return `${ts}Z`;
  if (d.precision === 'millisecond') return `${ts}.${ms.slice(0, 3)}Z`;
  if (micro > 0) return `${ts}.${ms.replace(/0+$/, '')}Z`;
  return `${ts}Z`;
}

export type FilterValue = string | string[] | number | PyDatetime | (string | PyDatetime)[] | undefined;

const isDt = (v: unknown): v is PyDatetime => typeof v === 'object' && v !== null && 'micros' in v;

/** common._filter_kwargs_to_query_params */
export function filterKwargsToQueryParams(filters: Record<string, FilterValue>): Record<string, Param> {
  const out: Record<string, Param> = {};
  for (const [kwarg, raw] of Object.entries(filters)) {
    if (raw === undefined || raw === '' || raw === 0 || (Array.isArray(raw) && raw.length === 0)) continue;
    const arglist: (string | number | PyDatetime)[] = Array.isArray(raw) ? raw : [raw];
    const str = (v: string | number | PyDatetime) => (isDt(v) ? formatDatetime(v) : String(v));
    if (kwarg === 'version') out['match[version]'] = arglist.map(str).join(',');
    else if (kwarg === 'added_after') {
      if (arglist.length > 1) throw new ClientError("No more than one value for filter 'added_after' may be given");
      out.added_after = arglist.map(str).join(',');
    } else if (kwarg === 'limit') out.limit = Number(arglist[0]);
    else if (kwarg === 'next') out.next = arglist.map(str); // a 1-tuple: encoded as one next=
    else out[`match[${kwarg}]`] = arglist.map(str).join(',');
  }
  return out;
}

/** json.dumps(value, ensure_ascii=False) with Python's default separators. */
export function pythonJsonDumps(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pythonJsonDumps(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** _HTTPConnection.valid_content_type for version 2.1 */
export function validContentType(contentType: string, accept: string): boolean {
  const acceptTokens = accept.replace(/ /g, '').split(';');
  const ctTokens = contentType.replace(/ /g, '').split(';');
  return acceptTokens.every((t) => ctTokens.includes(t)) && ctTokens[0] === 'application/taxii+json';
}

/** urllib.parse.urljoin for the http URLs used here. */
export function urljoin(base: string, rel: string): string {
  return new URL(rel, base).toString();
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number;
  responseHeaders: Headers;
  text: string;
}

/** _HTTPConnection with a requests.Session and HTTPBasicAuth. */
export class Connection {
  readonly log: Exchange[] = [];
  constructor(private readonly user: string, private readonly password: string) {}

  private auth(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`, 'latin1').toString('base64')}`;
  }

  private async send(method: string, url: string, headers: Record<string, string>, params?: Record<string, Param>, data?: Buffer): Promise<Exchange> {
    const q = params && Object.keys(params).length > 0 ? `?${urlencode(params)}` : '';
    const full = url + q;
    const h: Record<string, string> = {
      'user-agent': REQUESTS_UA,
      'accept-encoding': 'gzip, deflate',
      connection: 'keep-alive',
      authorization: this.auth(),
    };
    for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
    if (method !== 'GET' && method !== 'HEAD' && data === undefined) h['content-length'] = '0';
    const res = await fetch(full, { method, headers: h, body: data });
    const ex: Exchange = { method, url: full, headers: h, status: res.status, responseHeaders: res.headers, text: await res.text() };
    this.log.push(ex);
    if (res.status >= 400) throw new ClientError(`${res.status} Client Error for url: ${full}: ${ex.text}`);
    return ex;
  }

  private static json(ex: Exchange): Record<string, unknown> {
    try {
      return JSON.parse(ex.text) as Record<string, unknown>;
    } catch {
      throw new ClientError(`Invalid JSON was received from ${ex.url}`);
    }
  }

  async get(url: string, headers: Record<string, string> = {}, params?: Record<string, Param>): Promise<{ json: Record<string, unknown>; exchange: Exchange }> {
    const merged: Record<string, string> = { 'User-Agent': DEFAULT_USER_AGENT, ...headers };
    if (!('Accept' in merged)) merged.Accept = MEDIA_TYPE_TAXII_V21;
    const ex = await this.send('GET', url, merged, params);
    const ct = ex.responseHeaders.get('content-type') ?? '';
    if (!validContentType(ct, merged.Accept!)) throw new ClientError(`Unexpected Response. Got Content-Type: '${ct}' for Accept: '${merged.Accept}'`);
    return { json: Connection.json(ex), exchange: ex };
  }

  async post(url: string, headers: Record<string, string>, data: Buffer): Promise<Record<string, unknown>> {
    return Connection.json(await this.send('POST', url, headers, undefined, data));
  }

  async delete(url: string, headers: Record<string, string>, params?: Record<string, Param>): Promise<void> {
    await this.send('DELETE', url, headers, params);
  }
}

/** Status._validate_status */
export function validateStatus(s: Record<string, unknown>, url: string): void {
  const need = (k: string) => {
    if (s[k] === undefined || s[k] === null || s[k] === '') throw new ClientError(`No '${k}' in Status for request '${url}'`);
  };
  ['id', 'status', 'total_count', 'success_count', 'failure_count', 'pending_count'].forEach(need);
  for (const [list, count] of [['successes', 'success_count'], ['pendings', 'pending_count'], ['failures', 'failure_count']] as const) {
    const l = s[list] as unknown[] | undefined;
    if (l && l.length > 0 && l.length !== s[count]) throw new ClientError(`Found ${list}, but ${count}=${String(s[count])}`);
  }
  if ((s.success_count as number) + (s.pending_count as number) + (s.failure_count as number) !== s.total_count) {
    throw new ClientError('(success_count + pending_count + failure_count) != total_count');
  }
}

export class Collection {
  readonly url: string;
  constructor(url: string, readonly conn: Connection, readonly info: Record<string, unknown>) {
    this.url = withSlash(url);
    // Collection._validate_collection
    for (const k of ['id', 'title']) if (!info[k]) throw new ClientError(`No '${k}' in Collection`);
    for (const k of ['can_read', 'can_write']) if (info[k] === undefined || info[k] === null) throw new ClientError(`No '${k}' in Collection`);
    if (!this.url.includes(String(info.id))) throw new ClientError('The collection does not match the url for queries');
  }

  get objectsUrl(): string {
    return `${this.url}objects/`;
  }

  private verify(right: 'can_read' | 'can_write'): void {
    if (!this.info[right]) throw new ClientError(`Collection '${this.url}' does not allow ${right === 'can_read' ? 'reading' : 'writing'}.`);
  }

  async getObjects(filters: Record<string, FilterValue> = {}) {
    this.verify('can_read');
    return this.conn.get(this.objectsUrl, { Accept: MEDIA_TYPE_TAXII_V21 }, filterKwargsToQueryParams(filters));
  }

  async getObject(id: string, filters: Record<string, FilterValue> = {}) {
    this.verify('can_read');
    return this.conn.get(`${this.objectsUrl}${id}/`, { Accept: MEDIA_TYPE_TAXII_V21 }, filterKwargsToQueryParams(filters));
  }

  async deleteObject(id: string, filters: Record<string, FilterValue> = {}) {
    this.verify('can_write');
    return this.conn.delete(`${this.objectsUrl}${id}/`, { Accept: MEDIA_TYPE_TAXII_V21 }, filterKwargsToQueryParams(filters));
  }

  async objectVersions(id: string, filters: Record<string, FilterValue> = {}) {
    this.verify('can_read');
    return this.conn.get(`${this.objectsUrl}${id}/versions/`, { Accept: MEDIA_TYPE_TAXII_V21 }, filterKwargsToQueryParams(filters));
  }

  async getManifest(filters: Record<string, FilterValue> = {}) {
    this.verify('can_read');
    return this.conn.get(`${this.url}manifest/`, { Accept: MEDIA_TYPE_TAXII_V21 }, filterKwargsToQueryParams(filters));
  }

  /** add_objects(envelope: dict, wait_for_completion=True): returns the final status and its URL. */
  async addObjects(envelope: Record<string, unknown>): Promise<{ status: Record<string, unknown>; statusUrl: string; polls: number }> {
    this.verify('can_write');
    const data = Buffer.from(pythonJsonDumps(envelope), 'utf8');
    let status = await this.conn.post(this.objectsUrl, { Accept: MEDIA_TYPE_TAXII_V21, 'Content-Type': MEDIA_TYPE_TAXII_V21 }, data);
    const statusUrl = withSlash(urljoin(this.url, `../../status/${String(status.id)}`));
    validateStatus(status, statusUrl);
    let polls = 0;
    while (status.status !== 'complete' && polls < 60) {
      status = (await this.conn.get(statusUrl, { Accept: MEDIA_TYPE_TAXII_V21 })).json;
      validateStatus(status, statusUrl);
      polls++;
    }
    return { status, statusUrl, polls };
  }
}

/** v21.as_pages(func, per_request, **kwargs) */
export async function* asPages(
  func: (filters: Record<string, FilterValue>) => Promise<{ json: Record<string, unknown> }>,
  perRequest: number,
  filters: Record<string, FilterValue> = {},
): AsyncGenerator<Record<string, unknown>> {
  let envelope = (await func({ limit: perRequest, ...filters })).json;
  yield envelope;
  const total = ((envelope.objects as unknown[] | undefined) ?? []).length;
  if (envelope.more && total !== perRequest) perRequest = total;
  while (envelope.more) {
    envelope = (await func({ limit: perRequest, next: (envelope.next as string | undefined) ?? '', ...filters })).json;
    yield envelope;
  }
}

export class ApiRoot {
  readonly url: string;
  collections: Collection[] = [];
  info: Record<string, unknown> = {};
  constructor(url: string, readonly conn: Connection) {
    this.url = withSlash(url);
  }

  async refreshInformation(): Promise<void> {
    this.info = (await this.conn.get(this.url, { Accept: MEDIA_TYPE_TAXII_V21 })).json;
    if (!this.info.title) throw new ClientError("No 'title' in API Root");
    if (!(this.info.versions as unknown[] | undefined)?.length) throw new ClientError("No 'versions' in API Root");
    if (this.info.max_content_length === undefined || this.info.max_content_length === null) throw new ClientError("No 'max_content_length' in API Root");
  }

  async refreshCollections(): Promise<void> {
    const url = `${this.url}collections/`;
    const response = (await this.conn.get(url, { Accept: MEDIA_TYPE_TAXII_V21 })).json;
    this.collections = ((response.collections as Record<string, unknown>[] | undefined) ?? []).map(
      (item) => new Collection(`${url}${String(item.id)}/`, this.conn, item),
    );
  }

  async getStatus(statusId: string): Promise<Record<string, unknown>> {
    const statusUrl = `${this.url}status/${statusId}/`;
    const json = (await this.conn.get(statusUrl, { Accept: MEDIA_TYPE_TAXII_V21 })).json;
    validateStatus(json, statusUrl);
    return json;
  }
}

export class Server {
  readonly url: string;
  apiRoots: ApiRoot[] = [];
  defaultRoot: ApiRoot | undefined;
  info: Record<string, unknown> = {};
  constructor(url: string, readonly user: string, readonly password: string) {
    this.url = withSlash(url);
  }

  /** Server.refresh: Accept defaults to TAXII 2.1 in _HTTPConnection.get; each ApiRoot gets its own connection. */
  async refresh(): Promise<void> {
    const conn = new Connection(this.user, this.password);
    this.info = (await conn.get(this.url)).json;
    if (!this.info.title) throw new ClientError("No 'title' in Server Discovery");
    const roots = (this.info.api_roots as string[] | undefined) ?? [];
    this.apiRoots = roots.map((r) => new ApiRoot(urljoin(this.url, r), new Connection(this.user, this.password)));
    const i = roots.indexOf(this.info.default as string);
    this.defaultRoot = i >= 0 ? this.apiRoots[i] : undefined;
  }
}
