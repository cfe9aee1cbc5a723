import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, del, get, post, setCsrfToken, setSessionLostHandler } from './client';

interface Call {
  url: string;
  init: RequestInit;
}

function stubFetch(response: () => Response): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  });
  return calls;
}

const headersOf = (c: Call) => c.init.headers as Record<string, string>;

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setSessionLostHandler(null);
});

describe('api client', () => {
  it('sends the in-memory CSRF token on every state-changing method, never on GET, always same-origin credentials', async () => {
    const calls = stubFetch(() => new Response(null, { status: 204 }));
    setCsrfToken('csrf-123');
    await get('/home');
    await post('/ioc/parse', { text: 'x' });
    await api('PUT', '/admin/communities/a/members/b');
    await api('PATCH', '/admin/users/a%40b', { body: { disabled: true } });
    await del('/tokens/1');
    expect(calls.map((c) => [c.init.method, headersOf(c)['X-CSRF-Token']])).toEqual([
      ['GET', undefined],
      ['POST', 'csrf-123'],
      ['PUT', 'csrf-123'],
      ['PATCH', 'csrf-123'],
      ['DELETE', 'csrf-123'],
    ]);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
    expect(calls[0]!.url).toBe('/api/v1/home');
    // a body is JSON with its content type; no body, no content type (an empty JSON body is refused)
    expect(headersOf(calls[1]!)['Content-Type']).toBe('application/json');
    expect(calls[1]!.init.body).toBe('{"text":"x"}');
    expect(headersOf(calls[2]!)['Content-Type']).toBeUndefined();
  });

  it('turns a problem detail into an ApiError with its detail, property errors and Retry-After', async () => {
    stubFetch(
      () =>
        new Response(JSON.stringify({ title: 'Too many requests', status: 429, detail: 'Try later.', errors: [{ property: 'email', message: 'bad' }] }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '42' },
        }),
    );
    const err = await post('/session', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, title: 'Too many requests', detail: 'Try later.', retryAfter: 42, errors: [{ property: 'email', message: 'bad' }] });
  });

  it('reports a lost session on 401, except where 401 is an expected answer', async () => {
    stubFetch(() => new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Sign in.' }), { status: 401 }));
    const lost = vi.fn();
    setSessionLostHandler(lost);
    await get('/home').catch(() => undefined);
    expect(lost).toHaveBeenCalledTimes(1);
    await api('GET', '/session', { expectUnauthorized: true }).catch(() => undefined);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('answers JSON bodies, and undefined for 204', async () => {
    stubFetch(() => new Response(JSON.stringify({ items: [], next: null }), { status: 200, headers: { 'content-type': 'application/json' } }));
    await expect(get('/search')).resolves.toEqual({ items: [], next: null });
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(del('/tokens/1')).resolves.toBeUndefined();
  });

  it('a network failure is an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(get('/home')).rejects.toMatchObject({ status: 0, detail: 'Failed to fetch' });
  });
});
