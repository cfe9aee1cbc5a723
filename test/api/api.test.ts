import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const get = (path: string, token?: string, extra: Record<string, string> = {}) =>
  fetch(`${hub.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra } });

describe('REST API /api/v1', () => {
  it('GET /me describes the caller, its organization and its communities', async () => {
    const res = await get('/api/v1/me', hub.tokens.acmeAnalyst);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      email: 'analyst@acme.example',
      role: 'analyst',
      tier: 'practitioner',
      organization: expect.objectContaining({ slug: 'acme' }),
      communities: [expect.objectContaining({ slug: 'fin-isac', api_root: '/taxii2/fin-isac/' })],
    });
  });

  it('accepts Basic EMAIL:TOKEN as well as Bearer', async () => {
    const basic = Buffer.from(`analyst@power.example:${hub.tokens.powerAnalyst}`).toString('base64');
    const res = await get('/api/v1/me', undefined, { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { email: string }).email).toBe('analyst@power.example');
  });

  it('lists only the communities the caller belongs to; operators see all', async () => {
    const member = (await (await get('/api/v1/communities', hub.tokens.powerAnalyst)).json()) as { communities: { slug: string }[] };
    expect(member.communities.map((c) => c.slug)).toEqual(['energy-isac']);
    const op = (await (await get('/api/v1/communities', hub.tokens.operator)).json()) as { communities: { slug: string }[] };
    expect(op.communities.map((c) => c.slug).sort()).toEqual(['energy-isac', 'fin-isac']);
  });

  it.each([
    ['no header', {}],
    ['an unknown token', { authorization: 'Bearer kyojo_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ['a malformed header', { authorization: 'Token abc' }],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }],
  ])('answers 401 problem details for %s', async (_label, headers) => {
    const res = await get('/api/v1/me', undefined, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toMatchObject({ title: 'Unauthorized', status: 401 });
  });

  it('answers 404 problem details for unknown API paths', async () => {
    const res = await get('/api/v1/nothing-here', hub.tokens.operator);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('reports health and the backend without authentication', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok', backend: 'sqlite' });
  });
});
