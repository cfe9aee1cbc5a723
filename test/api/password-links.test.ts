/** GET/POST /api/v1/password-links/{token}: public one-time links to set a password, over HTTP. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_LINK_TTL_MS, PasswordLinkService } from '../../src/identity/password-links.js';
import type { Session } from '../../src/store/types.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { expectProblem, linkSecret, rest } from '../support/rest.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

const PASSWORD = 'correct horse battery staple';

/** A user invited through the operator console; the secret of its link. */
async function invite(email: string, organization = 'acme'): Promise<string> {
  const res = await rest(hub, 'POST', '/admin/users', { as: 'operator', body: { email, organization, role: 'analyst' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return linkSecret(res.body.invite_url);
}

async function addSession(userId: string): Promise<Session> {
  const now = new Date();
  const s: Session = {
    idHash: randomBytes(32).toString('hex'), userId, csrfToken: 'csrf', createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3_600_000).toISOString(), lastSeenAt: now.toISOString(), userAgent: null,
  };
  await hub.ctx.store.sessions.create(s);
  return s;
}

describe('password links', () => {
  it('tell who they are for, set the password once (argon2id), and then are gone (410)', async () => {
    const secret = await invite('newcomer@acme.example');
    const info = await rest(hub, 'GET', `/password-links/${secret}`);
    expect(info.status).toBe(200);
    expect(info.headers.get('cache-control')).toBe('no-store');
    expect(info.body).toEqual({ email: 'newcomer@acme.example', purpose: 'invite', expires_at: expect.any(String) });

    const set = await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: PASSWORD } });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    const user = (await hub.ctx.store.identity.getUser({ email: 'newcomer@acme.example' }))!;
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await hub.ctx.identity.authenticatePassword('newcomer@acme.example', PASSWORD))?.user.id).toBe(user.id);
    // then sign in to the portal
    const signIn = await rest(hub, 'POST', '/session', { body: { email: 'newcomer@acme.example', password: PASSWORD } });
    expect(signIn.status).toBe(200);

    const again = expectProblem(await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 'another password 123' } }), 410);
    expect(again.detail).toContain('already been used');
    expectProblem(await rest(hub, 'GET', `/password-links/${secret}`), 410);
    // the first password stands
    expect(await hub.ctx.identity.authenticatePassword('newcomer@acme.example', 'another password 123')).toBeUndefined();
    const audit = (await hub.ctx.store.trust.listAudit({ limit: 1000 })).filter((e) => e.action === 'user.password.set');
    expect(audit).toEqual([expect.objectContaining({ actor: 'newcomer@acme.example', actorUserId: user.id, subject: 'newcomer@acme.example', details: { purpose: 'invite' } })]);
  });

  it('refuse a short password without spending the link (422)', async () => {
    const secret = await invite('short@acme.example');
    const p = expectProblem(await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 'elevenchars' } }), 422);
    expect(p.errors).toEqual([{ property: 'password', message: 'password must be at least 12 characters' }]);
    expect(expectProblem(await rest(hub, 'POST', `/password-links/${secret}`, { body: {} }), 422).errors).toEqual([{ property: 'password', message: 'is required' }]);
    expect(expectProblem(await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 123456789012 } }), 422).errors).toEqual([{ property: 'password', message: 'must be a string' }]);
    expect((await rest(hub, 'GET', `/password-links/${secret}`)).status).toBe(200);
    expect((await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 'twelve chars' } })).status).toBe(204);
  });

  it('answer 404 for an unknown or malformed link', async () => {
    const unknown = randomBytes(32).toString('base64url');
    expect(expectProblem(await rest(hub, 'GET', `/password-links/${unknown}`), 404).detail).toContain('no such link');
    expectProblem(await rest(hub, 'POST', `/password-links/${unknown}`, { body: { password: PASSWORD } }), 404);
    expectProblem(await rest(hub, 'GET', '/password-links/abc'), 404);
  });

  it('answer 410 once expired', async () => {
    const user = await hub.ctx.identity.addUser({ email: 'late@acme.example', org: 'acme', role: 'reader' });
    const eightDaysAgo = new Date(Date.now() - PASSWORD_LINK_TTL_MS - 86_400_000);
    const link = await new PasswordLinkService(hub.ctx.store, () => eightDaysAgo).createInvite(user.id);
    expect(expectProblem(await rest(hub, 'GET', `/password-links/${link.secret}`), 410).detail).toContain('expired');
    expectProblem(await rest(hub, 'POST', `/password-links/${link.secret}`, { body: { password: PASSWORD } }), 410);
    expect((await hub.ctx.store.identity.getUser({ id: user.id }))!.passwordHash).toBeNull();
  });

  it("answer 410 for a disabled user's link", async () => {
    const secret = await invite('gone@acme.example');
    expect((await rest(hub, 'PATCH', '/admin/users/gone@acme.example', { as: 'operator', body: { disabled: true } })).status).toBe(204);
    expect(expectProblem(await rest(hub, 'GET', `/password-links/${secret}`), 410).detail).toContain('disabled');
    expectProblem(await rest(hub, 'POST', `/password-links/${secret}`, { body: { password: PASSWORD } }), 410);
  });

  it("set a password by reset link and end every session of the user", async () => {
    const user = hub.users.bankAnalyst;
    const s1 = await addSession(user.id);
    const s2 = await addSession(user.id);
    const other = await addSession(hub.users.acmeAnalyst.id);
    const link = await new PasswordLinkService(hub.ctx.store).createReset(user.id);
    expect((await rest(hub, 'GET', `/password-links/${link.secret}`)).body).toEqual({ email: 'analyst@bank.example', purpose: 'reset', expires_at: link.expiresAt });
    expect((await rest(hub, 'POST', `/password-links/${link.secret}`, { body: { password: PASSWORD } })).status).toBe(204);
    expect(await hub.ctx.store.sessions.get(s1.idHash)).toBeUndefined();
    expect(await hub.ctx.store.sessions.get(s2.idHash)).toBeUndefined();
    expect(await hub.ctx.store.sessions.get(other.idHash)).toBeDefined();
    // tokens are not sessions: they keep working
    expect((await rest(hub, 'GET', '/me', { as: 'bankAnalyst' })).status).toBe(200);
  });

  it('let only one of two simultaneous redemptions through', async () => {
    const secret = await invite('race@acme.example');
    const answers = await Promise.all([
      rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 'first password!!' } }),
      rest(hub, 'POST', `/password-links/${secret}`, { body: { password: 'second password!' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([204, 410]);
    const winner = answers[0]!.status === 204 ? 'first password!!' : 'second password!';
    expect(await hub.ctx.identity.authenticatePassword('race@acme.example', winner)).toBeDefined();
  });

  it('need no authentication, and ignore a bad token', async () => {
    const secret = await invite('public@acme.example');
    const res = await rest(hub, 'GET', `/password-links/${secret}`, { as: { token: 'kyojo_not-a-token' } });
    expect(res.status).toBe(200);
  });
});
