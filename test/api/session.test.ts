/**
 * Portal sign-in over HTTP: the session cookie's attributes, CSRF on cookie-authenticated writes,
 * the login throttle, sign-out and sign-out everywhere, disabled users; SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import type { TestHub } from '../support/hub.js';
import { perBackend } from '../taxii/helpers.js';

const PASSWORD = 'correct horse battery staple';

interface Res { status: number; headers: Headers; json: Record<string, unknown> | undefined }

async function req(hub: TestHub, path: string, init: { method?: string; body?: unknown; cookie?: string; csrf?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${hub.url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

async function signIn(hub: TestHub, email: string, password = PASSWORD): Promise<{ cookie: string; csrf: string; res: Res }> {
  const res = await req(hub, '/api/v1/session', { body: { email, password } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, csrf: String(res.json!.csrf_token), res };
}

let n = 0;
async function freshUser(hub: TestHub, role = 'analyst'): Promise<string> {
  const email = `s${++n}-${Date.now()}@acme.example`;
  await hub.ctx.identity.addUser({ email, org: 'acme', role, password: PASSWORD });
  return email;
}

perBackend('portal sessions', (s) => {
  s.it('signs in with a password: an HttpOnly SameSite=Strict cookie, the caller and a CSRF token', async (hub) => {
    const email = await freshUser(hub);
    const { res, cookie, csrf } = await signIn(hub, email.toUpperCase());
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^kyojo_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure'); // plain HTTP here; Secure on TLS
    expect(res.json!.user).toMatchObject({ email, role: 'analyst', organization: { slug: 'acme' } });
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await req(hub, '/api/v1/session', { cookie });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email }, csrf_token: csrf });
    // the cookie authenticates reads of the API like a token
    const communities = await req(hub, '/api/v1/communities', { cookie });
    expect((communities.json!.communities as { slug: string }[]).map((c) => c.slug)).toEqual(['fin-isac']);
  });

  s.it('answers one message for a wrong password and an unknown email', async (hub) => {
    const email = await freshUser(hub);
    const wrong = await req(hub, '/api/v1/session', { body: { email, password: 'not the password at all' } });
    const unknown = await req(hub, '/api/v1/session', { body: { email: `nobody-${n}@acme.example`, password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json!.detail).toBe('Wrong email or password.');
    expect(unknown.json!.detail).toBe(wrong.json!.detail);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const missing = await req(hub, '/api/v1/session', { body: { email } });
    expect(missing.status).toBe(422);
    expect(missing.json!.errors).toEqual([{ property: 'password', message: 'is required' }]);
  });

  s.it('refuses sign-in that is not JSON (a cross-site form cannot sign anyone in)', async (hub) => {
    const email = await freshUser(hub);
    const res = await fetch(`${hub.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ email, password: PASSWORD }) });
    expect(res.status).toBe(415);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  s.it('throttles an account after five failures, even with the right password, and says when to retry', async (hub) => {
    const email = await freshUser(hub);
    for (let i = 0; i < 5; i++) expect((await req(hub, '/api/v1/session', { body: { email, password: `wrong password ${i}` } })).status).toBe(401);
    const blocked = await req(hub, '/api/v1/session', { body: { email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(String(blocked.json!.detail)).toMatch(/Try again in \d+ seconds/);
    // another account from the same address is not locked out by this one
    const other = await freshUser(hub);
    expect((await req(hub, '/api/v1/session', { body: { email: other, password: PASSWORD } })).status).toBe(200);
  });

  s.it('needs the CSRF token for cookie-authenticated writes, not for token-authenticated ones', async (hub) => {
    const email = await freshUser(hub);
    const { cookie, csrf } = await signIn(hub, email);
    const share = { objects: [{ type: 'malware', spec_version: '2.1', id: 'malware--0b0c2a4e-6f0e-4a55-9c1d-2f8e1c7b3a11', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'csrf probe', is_family: false }], envelope: { tlp: 'green' } };
    const without = await req(hub, '/api/v1/shares', { body: share, cookie });
    expect(without.status).toBe(403);
    expect(String(without.json!.detail)).toContain('X-CSRF-Token');
    const wrong = await req(hub, '/api/v1/shares', { body: share, cookie, csrf: csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    expect(wrong.status).toBe(403);
    const foreign = await req(hub, '/api/v1/shares', { body: share, cookie, csrf, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(String(foreign.json!.detail)).toContain('evil.example');
    const ok = await req(hub, '/api/v1/shares', { body: share, cookie, csrf, headers: { origin: hub.url } });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect((ok.json!.stored as unknown[]).length).toBe(1);
    // nothing was stored by the refused attempts: the one success was the first write
    expect((ok.json!.stored as { outcome: string }[])[0]!.outcome).toBe('added');
  });

  s.it('signs out one session, or every session of the user', async (hub) => {
    const email = await freshUser(hub);
    const a = await signIn(hub, email);
    const b = await signIn(hub, email);
    const c = await signIn(hub, email);
    const out = await req(hub, '/api/v1/session', { method: 'DELETE', cookie: a.cookie, csrf: a.csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/kyojo_session=;/);
    expect((await req(hub, '/api/v1/session', { cookie: a.cookie })).status).toBe(401);
    expect((await req(hub, '/api/v1/session', { cookie: b.cookie })).status).toBe(200);
    const everywhere = await req(hub, '/api/v1/session/sign-out-everywhere', { method: 'POST', cookie: b.cookie, csrf: b.csrf });
    expect(everywhere.status).toBe(204);
    expect((await req(hub, '/api/v1/session', { cookie: b.cookie })).status).toBe(401);
    expect((await req(hub, '/api/v1/session', { cookie: c.cookie })).status).toBe(401);
  });

  s.it('ends a disabled user\'s sessions at once and refuses unknown or malformed cookies', async (hub) => {
    const email = await freshUser(hub);
    const { cookie } = await signIn(hub, email);
    const user = (await hub.ctx.store.identity.getUser({ email }))!;
    expect(await hub.ctx.store.identity.updateUser(user.id, { disabled: true })).toBe(true);
    expect((await req(hub, '/api/v1/session', { cookie })).status).toBe(401);
    expect((await req(hub, '/api/v1/session', { body: { email, password: PASSWORD } })).status).toBe(401);
    expect((await req(hub, '/api/v1/session', { cookie: 'kyojo_session=' + 'A'.repeat(43) })).status).toBe(401);
    expect((await req(hub, '/api/v1/session', { cookie: 'kyojo_session=../../etc' })).status).toBe(401);
  });

  s.it('serves the portal with a strict Content-Security-Policy, and index.html for client routes', async (hub) => {
    for (const path of ['/', '/search?q=x', '/objects/indicator--0b0c2a4e-6f0e-4a55-9c1d-2f8e1c7b3a11']) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const api404 = await fetch(`${hub.url}/api/v1/nothing-here`, { headers: { authorization: hub.auth('acmeAnalyst') } });
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/problem+json');
  });
});
