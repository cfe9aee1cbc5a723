/** GET /organization, POST /organization/members and the caller's API tokens, over HTTP. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_LINK_TTL_MS } from '../../src/identity/password-links.js';
import { TrustService, CLI_ACTOR } from '../../src/identity/trust.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { expectProblem, linkSecret, rest } from '../support/rest.js';

let hub: TestHub;
/** an org-admin of acme, not in the seed */
let orgAdmin: { token: string };
beforeAll(async () => {
  hub = await startTestHub();
  await hub.ctx.identity.addUser({ email: 'admin@acme.example', org: 'acme', role: 'org-admin', tier: 'manager' });
  orgAdmin = { token: (await hub.ctx.identity.addToken('admin@acme.example', 'tests')).secret };
});
afterAll(async () => hub?.close());

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('GET /api/v1/organization', () => {
  it("shows the caller's organization, its approval and its members with their clearance", async () => {
    const before = await rest(hub, 'GET', '/organization', { as: 'acmeReader' });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      organization: { slug: 'acme', name: 'ACME Bank', kind: 'company', sector: 'finance', country: 'JP' },
      approval: null,
      members: [
        { email: 'admin@acme.example', role: 'org-admin', tier: 'manager', disabled: false, clearance: null },
        { email: 'analyst@acme.example', role: 'analyst', tier: 'practitioner', disabled: false, clearance: null },
        { email: 'reader@acme.example', role: 'reader', tier: 'practitioner', disabled: false, clearance: null },
      ],
    });
    const trust = new TrustService(hub.ctx.store);
    await trust.approveOrg('acme', '2999-06-30', CLI_ACTOR);
    await trust.grant('analyst@acme.example', 1, '2999-01-31', null, CLI_ACTOR);
    await trust.grant('analyst@acme.example', 2, '2998-12-31', null, CLI_ACTOR);
    const after = await rest(hub, 'GET', '/organization', { as: 'acmeAnalyst' });
    expect(after.body.approval).toEqual({ approved_until: '2999-06-30T23:59:59.999Z' });
    expect(after.body.members[1]).toEqual({
      email: 'analyst@acme.example', role: 'analyst', tier: 'practitioner', disabled: false,
      clearance: { level: 2, valid_until: '2998-12-31T23:59:59.999Z' },
    });
    // another organization sees its own
    const bank = await rest(hub, 'GET', '/organization', { as: 'bankAnalyst' });
    expect(bank.body.organization.slug).toBe('bank');
    expect(bank.body.approval).toBeNull();
    expect(bank.body.members.map((m: { email: string }) => m.email)).toEqual(['analyst@bank.example']);
    // a revoked approval is no approval
    await trust.revokeOrg('acme', CLI_ACTOR);
    expect((await rest(hub, 'GET', '/organization', { as: 'acmeAnalyst' })).body.approval).toBeNull();
  });
});

describe('POST /api/v1/organization/members', () => {
  it('lets an org-admin invite a member by a one-time link valid 7 days, audited', async () => {
    const res = await rest(hub, 'POST', '/organization/members', { as: orgAdmin, body: { email: 'New.Member@ACME.example', role: 'analyst', tier: 'manager' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.email).toBe('new.member@acme.example');
    const secret = linkSecret(res.body.invite_url);
    const user = (await hub.ctx.store.identity.getUser({ email: 'new.member@acme.example' }))!;
    const acme = (await hub.ctx.store.identity.getOrganization({ slug: 'acme' }))!;
    expect(user).toMatchObject({ orgId: acme.id, role: 'analyst', tier: 'manager', passwordHash: null, disabled: false });
    const link = (await hub.ctx.store.sessions.getLink(sha256(secret)))!;
    expect(link).toMatchObject({ userId: user.id, purpose: 'invite', usedAt: null });
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(PASSWORD_LINK_TTL_MS);
    expect(res.body.expires_at).toBe(link.expiresAt);
    const audit = (await hub.ctx.store.trust.listAudit({ limit: 1000 })).filter((e) => e.action === 'user.create');
    expect(audit).toEqual([expect.objectContaining({
      actor: 'admin@acme.example', subject: 'new.member@acme.example', details: { organization: 'acme', role: 'analyst', tier: 'manager' },
    })]);
    // the tier defaults to practitioner
    const plain = await rest(hub, 'POST', '/organization/members', { as: orgAdmin, body: { email: 'plain@acme.example', role: 'reader' } });
    expect(plain.status).toBe(201);
    expect((await hub.ctx.store.identity.getUser({ email: 'plain@acme.example' }))!.tier).toBe('practitioner');
  });

  it("lets an operator invite into the operator's own organization", async () => {
    const res = await rest(hub, 'POST', '/organization/members', { as: 'operator', body: { email: 'op2@hub-op.example', role: 'operator' } });
    expect(res.status).toBe(201);
    const hubOp = (await hub.ctx.store.identity.getOrganization({ slug: 'hub-op' }))!;
    expect((await hub.ctx.store.identity.getUser({ email: 'op2@hub-op.example' }))).toMatchObject({ orgId: hubOp.id, role: 'operator' });
  });

  it.each([['acmeReader'], ['acmeAnalyst']] as const)('refuses %s (403)', async (as) => {
    const p = expectProblem(await rest(hub, 'POST', '/organization/members', { as, body: { email: 'x@acme.example', role: 'reader' } }), 403);
    expect(p.detail).toContain('admins');
    expect(await hub.ctx.store.identity.getUser({ email: 'x@acme.example' })).toBeUndefined();
  });

  it('does not let an org-admin make an operator (403)', async () => {
    const p = expectProblem(await rest(hub, 'POST', '/organization/members', { as: orgAdmin, body: { email: 'boss@acme.example', role: 'operator' } }), 403);
    expect(p.detail).toContain("'operator'");
    expect(await hub.ctx.store.identity.getUser({ email: 'boss@acme.example' })).toBeUndefined();
  });

  it('answers 422 with each invalid property, and 409 for a taken email', async () => {
    const post = (body: unknown) => rest(hub, 'POST', '/organization/members', { as: orgAdmin, body });
    expect(expectProblem(await post({ role: 'analyst' }), 422).errors).toEqual([{ property: 'email', message: 'is required' }]);
    expect(expectProblem(await post({ email: 'not-an-email', role: 'boss', tier: 'ceo' }), 422).errors).toEqual([
      { property: 'email', message: "'not-an-email' is not a valid email address" },
      { property: 'role', message: "role 'boss' is not one of: operator, org-admin, analyst, reader" },
      { property: 'tier', message: "tier 'ceo' is not one of: executive, manager, practitioner" },
    ]);
    expect(expectProblem(await post({ email: 'a@acme.example', role: 'reader', org: 'bank' }), 422).errors).toEqual([
      { property: 'org', message: expect.stringContaining('is not a property of a member invitation') },
    ]);
    expect(expectProblem(await post({ email: 'a@acme.example', role: 5 }), 422).errors).toEqual([{ property: 'role', message: 'must be a string' }]);
    expectProblem(await post([1]), 422);
    expect(expectProblem(await post({ email: 'analyst@bank.example', role: 'reader' }), 409).detail).toContain("'analyst@bank.example' already exists");
  });
});

describe('API tokens', () => {
  type Token = { id: string; name: string; created_at: string; last_used_at: string | null; revoked_at: string | null };

  it("lists, creates and revokes the caller's tokens; the secret is shown once", async () => {
    const listed = await rest(hub, 'GET', '/tokens', { as: 'powerAnalyst' });
    expect(listed.status).toBe(200);
    expect(listed.body.tokens).toEqual([{ id: expect.any(String), name: 'tests', created_at: expect.any(String), last_used_at: expect.any(String), revoked_at: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(hub.tokens.powerAnalyst);

    const created = await rest(hub, 'POST', '/tokens', { as: 'powerAnalyst', body: { name: ' nightly export ' } });
    expect(created.status).toBe(201);
    expect(created.body.token).toEqual({ id: expect.any(String), name: 'nightly export', created_at: expect.any(String), last_used_at: null, revoked_at: null });
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^kyojo_[A-Za-z0-9_-]{43}$/);
    const me = await rest(hub, 'GET', '/me', { as: { token: secret } });
    expect(me.body.email).toBe('analyst@power.example');
    const both = (await rest(hub, 'GET', '/tokens', { as: 'powerAnalyst' })).body.tokens as Token[];
    expect(both.map((t) => t.name)).toEqual(['tests', 'nightly export']);
    expect(JSON.stringify(both)).not.toContain(secret);

    expect((await rest(hub, 'DELETE', `/tokens/${created.body.token.id}`, { as: 'powerAnalyst' })).status).toBe(204);
    expectProblem(await rest(hub, 'GET', '/me', { as: { token: secret } }), 401);
    const after = (await rest(hub, 'GET', '/tokens', { as: 'powerAnalyst' })).body.tokens as Token[];
    expect(after[1]!.revoked_at).toEqual(expect.any(String));
    expect(after[0]!.revoked_at).toBeNull();
    // revoking again is harmless
    expect((await rest(hub, 'DELETE', `/tokens/${created.body.token.id}`, { as: 'powerAnalyst' })).status).toBe(204);
  });

  it("neither shows nor revokes another user's token, even to an operator (404)", async () => {
    const [mine] = (await rest(hub, 'GET', '/tokens', { as: 'bankAnalyst' })).body.tokens as Token[];
    for (const as of ['acmeAnalyst', 'operator'] as const) {
      const theirs = (await rest(hub, 'GET', '/tokens', { as })).body.tokens as Token[];
      expect(theirs.map((t) => t.id)).not.toContain(mine!.id);
      const p = expectProblem(await rest(hub, 'DELETE', `/tokens/${mine!.id}`, { as }), 404);
      expect(p.detail).toBe(`You have no token '${mine!.id}'.`);
    }
    expect((await rest(hub, 'GET', '/me', { as: 'bankAnalyst' })).status).toBe(200);
    expectProblem(await rest(hub, 'DELETE', '/tokens/no-such-token', { as: 'bankAnalyst' }), 404);
  });

  it('answers 422 for a missing or invalid name', async () => {
    const post = (body: unknown) => rest(hub, 'POST', '/tokens', { as: 'bankAnalyst', body });
    expect(expectProblem(await post({}), 422).errors).toEqual([{ property: 'name', message: 'is required' }]);
    expect(expectProblem(await post({ name: '   ' }), 422).errors).toEqual([{ property: 'name', message: 'token name must be 1-200 characters' }]);
    expect(expectProblem(await post({ name: 'x'.repeat(201) }), 422).errors![0]!.property).toBe('name');
    expect(expectProblem(await post({ name: 7 }), 422).errors).toEqual([{ property: 'name', message: 'must be a string' }]);
    expect(expectProblem(await post({ name: 'ok', scope: 'all' }), 422).errors![0]!.property).toBe('scope');
    expectProblem(await rest(hub, 'POST', '/tokens', { as: 'bankAnalyst', body: '{"name":' }), 400);
  });
});

describe('authentication', () => {
  it.each([
    ['GET', '/organization'], ['POST', '/organization/members'], ['GET', '/tokens'], ['POST', '/tokens'], ['DELETE', '/tokens/x'],
  ])('%s %s answers 401 without a token', async (method, path) => {
    const res = await rest(hub, method, path, method === 'POST' ? { body: { name: 'x', email: 'x@acme.example', role: 'reader' } } : {});
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });
});
