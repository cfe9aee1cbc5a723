import type { PropertyError } from './types';

/** An RFC 9457 problem detail answered by the hub (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: PropertyError[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

/** The CSRF token of the current session: kept in memory only, never in web storage. */
let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an authenticated request answers 401 (the session ended elsewhere or expired). */
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface RequestOptions {
  body?: unknown;
  /** raw bytes sent as application/octet-stream instead of a JSON body (attachments, evidence) */
  bytes?: Blob;
  signal?: AbortSignal;
  /** a 401 is an expected answer (sign-in, session probe): do not report a lost session */
  expectUnauthorized?: boolean;
}

function retryAfterOf(res: Response): number | null {
  const value = res.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}

async function problemOf(res: Response): Promise<ApiError> {
  let title = res.statusText || 'Error';
  let detail = '';
  let errors: PropertyError[] = [];
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object') {
      const p = body as { title?: unknown; detail?: unknown; errors?: unknown };
      if (typeof p.title === 'string') title = p.title;
      if (typeof p.detail === 'string') detail = p.detail;
      if (Array.isArray(p.errors)) {
        errors = p.errors.filter(
          (e): e is PropertyError => !!e && typeof e === 'object' && typeof (e as PropertyError).message === 'string',
        );
      }
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(res.status, title, detail, errors, retryAfterOf(res));
}

/**
 * One call to the hub's REST API under /api/v1: same-origin credentials (the session cookie),
 * X-CSRF-Token on every state-changing method, JSON in and out (or raw bytes in: `bytes`);
 * problem details become ApiError.
 */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.bytes !== undefined) headers['Content-Type'] = 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.bytes ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Network error', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401 && !options.expectUnauthorized) onSessionLost?.();
    throw problem;
  }
  if (res.status === 204 || res.headers.get('content-length') === '0') return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, { body });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Path segment encoding for ids, slugs and emails in URLs. */
export const seg = (value: string) => encodeURIComponent(value);
