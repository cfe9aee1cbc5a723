/** The operator console, /api/v1/admin/*, over HTTP: operators only, every change audited. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/types.js';
import { startTestHub, type TestHub, type UserKey } from '../support/hub.js';
import { expectProblem, linkSecret, rest } from '../support/rest.js';

let hub: TestHub;
let orgAdmin: { token: string };
beforeAll(async () => {
  hub = await startTestHub();
  await hub.ctx.identity.addUser({ email: 'admin@acme.example', org: 'acme', role: 'org-admin' });
  orgAdmin = { token: (await hub.ctx.identity.addToken('admin@acme.example', 'tests')).secret };
});
afterAll(async () => hub?.close());

const op = (method: string, path: string, body?: unknown) => rest(hub, method, `/admin${path}`, { as: 'operator', body });
const auditOf = async (action: string): Promise<AuditEntry[]> =>
  (await hub.ctx.store.trust.listAudit({ limit: 10_000 })).filter((e) => e.action === action);

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/organizations'], ['POST', '/organizations', { slug: 'x', name: 'X', kind: 'sme', sector: 'ict' }],
  ['GET', '/communities'], ['POST', '/communities', { slug: 'x', name: 'X', kind: 'isac' }],
  ['PUT', '/communities/fin-isac/members/power'], ['DELETE', '/communities/fin-isac/members/acme'],
  ['GET', '/users'], ['POST', '/users', { email: 'x@acme.example', organization: 'acme', role: 'reader' }],
  ['PATCH', '/users/reader@acme.example', { role: 'operator' }],
  ['GET', '/clearance'], ['POST', '/clearance/approvals', { organization: 'acme', until: '2999-01-01' }],
  ['DELETE', '/clearance/approvals/acme'], ['POST', '/clearance/grants', { email: 'analyst@acme.example', level: 3, until: '2999-01-01' }],
  ['DELETE', '/clearance/grants/analyst@acme.example'],
  ['GET', '/terms'], ['POST', '/terms', { slug: 'x', title: 'X', body: 'x' }], ['GET', '/audit'],
];

describe('operator console access', () => {
  it.each(ROUTES)('%s /admin%s: 401 without a token, 403 for everyone but operators, nothing changed', async (method, path, body) => {
    const before = (await hub.ctx.store.trust.listAudit({ limit: 10_000 })).length;
    expectProblem(await rest(hub, method, `/admin${path}`, { body }), 401);
    for (const as of ['acmeAnalyst', 'acmeReader', orgAdmin] as (UserKey | { token: string })[]) {
      const p = expectProblem(await rest(hub, method, `/admin${path}`, { as, body }), 403);
      expect(p.detail).toBe('The operator console is for hub operators only.');
    }
    expect((await hub.ctx.store.trust.listAudit({ limit: 10_000 })).length).toBe(before);
    expect((await hub.ctx.store.identity.getUser({ email: 'reader@acme.example' }))!.role).toBe('reader');
  });
});

describe('organizations', () => {
  it('lists every organization with its communities, members and approval', async () => {
    const res = await op('GET', '/organizations');
    expect(res.status).toBe(200);
    const acme = res.body.organizations.find((o: { slug: string }) => o.slug === 'acme');
    expect(acme).toEqual({ slug: 'acme', name: 'ACME Bank', kind: 'company', sector: 'finance', country: 'JP', communities: ['fin-isac'], members: 3, approval: null });
    expect(res.body.organizations.map((o: { slug: string }) => o.slug)).toEqual(['acme', 'bank', 'hub-op', 'power']);
  });

  it('creates one with its first org-admin invited, audited', async () => {
    const res = await op('POST', '/organizations', { slug: 'newco', name: ' NewCo ', kind: 'sme', sector: 'ict', country: 'jp', admin_email: 'Boss@NewCo.example' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.organization).toEqual({ slug: 'newco', name: 'NewCo', kind: 'sme', sector: 'ict', country: 'JP' });
    expect(res.body.admin_email).toBe('boss@newco.example');
    const secret = linkSecret(res.body.invite_url);
    expect((await rest(hub, 'GET', `/password-links/${secret}`)).body).toMatchObject({ email: 'boss@newco.example', purpose: 'invite' });
    const newco = (await op('GET', '/organizations')).body.organizations.find((o: { slug: string }) => o.slug === 'newco');
    expect(newco).toMatchObject({ communities: [], members: 1, approval: null });
    expect((await hub.ctx.store.identity.getUser({ email: 'boss@newco.example' }))!.role).toBe('org-admin');
    expect(await auditOf('org.create')).toEqual([expect.objectContaining({
      actor: 'op@hub-op.example', actorUserId: hub.users.operator.id, subject: 'newco', details: { name: 'NewCo', kind: 'sme', sector: 'ict', country: 'JP' },
    })]);
    expect((await auditOf('user.create')).map((e) => [e.subject, e.details.role])).toEqual([['boss@newco.example', 'org-admin']]);
    // without admin_email: no invite
    const plain = await op('POST', '/organizations', { slug: 'gov-cert', name: 'Gov CERT', kind: 'government', sector: 'government' });
    expect(plain.status).toBe(201);
    expect(plain.body).toEqual({ organization: { slug: 'gov-cert', name: 'Gov CERT', kind: 'government', sector: 'government', country: null } });
  });

  it('answers 422 naming each invalid property, and 409 for a taken slug or email', async () => {
    const p = expectProblem(await op('POST', '/organizations', { slug: 'Bad Slug', kind: 'corp', sector: 'mining', country: 'Japan', admin_email: 'nope' }), 422);
    expect(p.errors!.map((e) => e.property)).toEqual(['name']);
    const q = expectProblem(await op('POST', '/organizations', { slug: 'Bad Slug', name: 'X', kind: 'corp', sector: 'mining', country: 'Japan', admin_email: 'nope' }), 422);
    expect(q.errors).toEqual([
      { property: 'slug', message: expect.stringContaining("organization 'Bad Slug' is not a valid slug") },
      { property: 'kind', message: expect.stringContaining("kind 'corp' is not one of: company, sme") },
      { property: 'sector', message: expect.stringContaining("sector 'mining' is not one of") },
      { property: 'country', message: "country 'Japan' is not an ISO 3166-1 alpha-2 code" },
      { property: 'admin_email', message: "'nope' is not a valid email address" },
    ]);
    expect(expectProblem(await op('POST', '/organizations', { slug: 'y', name: 'Y', kind: 'sme', sector: 'ict', members: 3 }), 422).errors![0]!.property).toBe('members');
    expect(expectProblem(await op('POST', '/organizations', { slug: 'acme', name: 'A', kind: 'sme', sector: 'ict' }), 409).detail).toBe("An organization 'acme' already exists.");
    expect(expectProblem(await op('POST', '/organizations', { slug: 'z', name: 'Z', kind: 'sme', sector: 'ict', admin_email: 'analyst@bank.example' }), 409).detail).toContain("'analyst@bank.example' already exists");
    expect(await hub.ctx.store.identity.getOrganization({ slug: 'z' })).toBeUndefined();
  });
});

describe('communities', () => {
  it('lists communities with their member organizations', async () => {
    const res = await op('GET', '/communities');
    expect(res.body.communities).toEqual([
      { slug: 'energy-isac', name: 'Energy ISAC', kind: 'isac', sector: 'energy', members: ['power'] },
      { slug: 'fin-isac', name: 'Financials ISAC', kind: 'isac', sector: 'finance', members: ['acme', 'bank'] },
    ]);
  });

  it('creates a community with its TAXII root, and manages its members, audited', async () => {
    const res = await op('POST', '/communities', { slug: 'auto-isac', name: 'Automotive ISAC', kind: 'isac', sector: 'automotive' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.community).toEqual({ slug: 'auto-isac', name: 'Automotive ISAC', kind: 'isac', sector: 'automotive', api_root: '/taxii2/auto-isac/' });
    expect(await auditOf('community.create')).toEqual([expect.objectContaining({ subject: 'auto-isac', details: { name: 'Automotive ISAC', kind: 'isac', sector: 'automotive' } })]);

    expect((await op('PUT', '/communities/auto-isac/members/power')).status).toBe(204);
    expect((await op('PUT', '/communities/auto-isac/members/power')).status).toBe(204);
    expect((await op('GET', '/communities')).body.communities.find((c: { slug: string }) => c.slug === 'auto-isac').members).toEqual(['power']);
    const me = await rest(hub, 'GET', '/me', { as: 'powerAnalyst' });
    expect(me.body.communities.map((c: { slug: string }) => c.slug)).toEqual(['auto-isac', 'energy-isac']);
    const root = await fetch(`${hub.url}/taxii2/auto-isac/`, { headers: { authorization: hub.auth('powerAnalyst'), accept: 'application/taxii+json;version=2.1' } });
    expect(root.status).toBe(200);
    expect(await auditOf('community.member.add')).toEqual([expect.objectContaining({ subject: 'auto-isac', details: { organization: 'power' } })]);

    expect((await op('DELETE', '/communities/auto-isac/members/power')).status).toBe(204);
    expect((await rest(hub, 'GET', '/me', { as: 'powerAnalyst' })).body.communities.map((c: { slug: string }) => c.slug)).toEqual(['energy-isac']);
    expect(await auditOf('community.member.remove')).toEqual([expect.objectContaining({ subject: 'auto-isac', details: { organization: 'power' } })]);
    expect(expectProblem(await op('DELETE', '/communities/auto-isac/members/power'), 404).detail).toBe("Organization 'power' is not a member of 'auto-isac'.");
  });

  it('answers 404 for an unknown community or organization, 422 and 409 for a bad community', async () => {
    expect(expectProblem(await op('PUT', '/communities/nope/members/acme'), 404).detail).toBe("No community 'nope'.");
    expect(expectProblem(await op('PUT', '/communities/fin-isac/members/nope'), 404).detail).toBe("No organization 'nope'.");
    expectProblem(await op('DELETE', '/communities/nope/members/acme'), 404);
    expect(expectProblem(await op('POST', '/communities', { slug: 'hub', name: 'Hub', kind: 'isac' }), 422).errors).toEqual([{ property: 'slug', message: "'hub' is reserved for the hub-wide TAXII API root" }]);
    expect(expectProblem(await op('POST', '/communities', { slug: 'c1', name: 'C', kind: 'club', sector: 'x' }), 422).errors!.map((e) => e.property)).toEqual(['kind', 'sector']);
    expect(expectProblem(await op('POST', '/communities', { slug: 'fin-isac', name: 'F', kind: 'isac' }), 409).detail).toBe("A community 'fin-isac' already exists.");
  });
});

describe('users', () => {
  it('lists every user', async () => {
    const res = await op('GET', '/users');
    expect(res.body.users).toContainEqual({ email: 'analyst@acme.example', organization: 'acme', role: 'analyst', tier: 'practitioner', disabled: false });
    expect(res.body.users).toContainEqual({ email: 'op@hub-op.example', organization: 'hub-op', role: 'operator', tier: 'practitioner', disabled: false });
  });

  it('creates a user invited by a one-time link, audited', async () => {
    const res = await op('POST', '/users', { email: 'new@bank.example', organization: 'bank', role: 'reader', tier: 'executive' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ email: 'new@bank.example', invite_url: expect.any(String), expires_at: expect.any(String) });
    expect((await rest(hub, 'GET', `/password-links/${linkSecret(res.body.invite_url)}`)).body.email).toBe('new@bank.example');
    expect((await op('GET', '/users')).body.users).toContainEqual({ email: 'new@bank.example', organization: 'bank', role: 'reader', tier: 'executive', disabled: false });
    expect((await auditOf('user.create')).filter((e) => e.subject === 'new@bank.example')).toEqual([expect.objectContaining({ details: { organization: 'bank', role: 'reader', tier: 'executive' } })]);
    expect(expectProblem(await op('POST', '/users', { email: 'new@bank.example', organization: 'bank', role: 'reader' }), 409).detail).toContain('already exists');
    expect(expectProblem(await op('POST', '/users', { email: 'x@y.example', organization: 'nope', role: 'chief' }), 422).errors).toEqual([
      { property: 'role', message: expect.stringContaining("role 'chief' is not one of") },
      { property: 'organization', message: "no organization 'nope'" },
    ]);
    expect(expectProblem(await op('POST', '/users', { organization: 'bank' }), 422).errors!.map((e) => e.property)).toEqual(['email', 'role']);
  });

  it("changes a user's role and tier, audited with what changed", async () => {
    expect((await op('PATCH', '/users/reader@acme.example', { role: 'analyst', tier: 'manager' })).status).toBe(204);
    expect((await hub.ctx.store.identity.getUser({ email: 'reader@acme.example' }))).toMatchObject({ role: 'analyst', tier: 'manager' });
    const me = await rest(hub, 'GET', '/me', { as: 'acmeReader' });
    expect(me.body).toMatchObject({ role: 'analyst', tier: 'manager' });
    expect((await auditOf('user.update')).filter((e) => e.subject === 'reader@acme.example')).toEqual([expect.objectContaining({
      actor: 'op@hub-op.example', details: { changes: { role: { from: 'reader', to: 'analyst' }, tier: { from: 'practitioner', to: 'manager' } } },
    })]);
    // no change, no entry
    expect((await op('PATCH', '/users/reader@acme.example', { role: 'analyst' })).status).toBe(204);
    expect((await auditOf('user.update')).filter((e) => e.subject === 'reader@acme.example')).toHaveLength(1);
  });

  it("disables a user: its sessions end and its tokens stop working; enabling restores the tokens", async () => {
    const now = new Date();
    const idHash = createHash('sha256').update(randomBytes(32)).digest('hex');
    await hub.ctx.store.sessions.create({
      idHash, userId: hub.users.bankAnalyst.id, csrfToken: 'c', createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(), lastSeenAt: now.toISOString(), userAgent: null,
    });
    expect((await rest(hub, 'GET', '/me', { as: 'bankAnalyst' })).status).toBe(200);
    expect((await op('PATCH', '/users/analyst@bank.example', { disabled: true })).status).toBe(204);
    expectProblem(await rest(hub, 'GET', '/me', { as: 'bankAnalyst' }), 401);
    expectProblem(await rest(hub, 'GET', '/tokens', { as: 'bankAnalyst' }), 401);
    expect(await hub.ctx.store.sessions.get(idHash)).toBeUndefined();
    expect((await op('GET', '/users')).body.users).toContainEqual(expect.objectContaining({ email: 'analyst@bank.example', disabled: true }));
    expect((await auditOf('user.update')).filter((e) => e.subject === 'analyst@bank.example')).toEqual([expect.objectContaining({
      details: { changes: { disabled: { from: false, to: true } }, sessionsEnded: 1 },
    })]);
    expect((await op('PATCH', '/users/analyst@bank.example', { disabled: false })).status).toBe(204);
    expect((await rest(hub, 'GET', '/me', { as: 'bankAnalyst' })).status).toBe(200);
  });

  it('answers 404 for an unknown user and 422 for an invalid or empty change, or an operator demoting itself', async () => {
    expect(expectProblem(await op('PATCH', '/users/nobody@acme.example', { tier: 'manager' }), 404).detail).toBe("No user 'nobody@acme.example'.");
    expect(expectProblem(await op('PATCH', '/users/analyst@acme.example', {}), 422).detail).toBe('Nothing to change: give role, tier or disabled.');
    expect(expectProblem(await op('PATCH', '/users/analyst@acme.example', { disabled: 'yes' }), 422).errors).toEqual([{ property: 'disabled', message: 'must be true or false' }]);
    expect(expectProblem(await op('PATCH', '/users/analyst@acme.example', { role: 'king', email: 'x' }), 422).errors!.map((e) => e.property)).toEqual(['email']);
    expect(expectProblem(await op('PATCH', '/users/analyst@acme.example', { role: 'king' }), 422).errors!.map((e) => e.property)).toEqual(['role']);
    for (const body of [{ disabled: true }, { role: 'reader' }]) {
      expect(expectProblem(await op('PATCH', '/users/op@hub-op.example', body), 422).detail).toContain('another operator must');
    }
    expect((await rest(hub, 'GET', '/me', { as: 'operator' })).body.role).toBe('operator');
  });
});

describe('clearance', () => {
  it('approves an organization and grants a user clearance, lists both, and revokes them, audited', async () => {
    expect((await op('POST', '/clearance/approvals', { organization: 'acme', until: '2999-12-31' })).status).toBe(204);
    expect((await op('POST', '/clearance/grants', { email: 'Analyst@ACME.example', level: 2, until: '2999-06-30', issuer: 'hub-op' })).status).toBe(204);
    expect((await op('POST', '/clearance/grants', { email: 'analyst@power.example', level: 1, until: '2999-01-31' })).status).toBe(204);
    const listed = (await op('GET', '/clearance')).body;
    expect(listed.approvals).toEqual([{ organization: 'acme', approved_until: '2999-12-31T23:59:59.999Z', revoked_at: null }]);
    expect(listed.grants).toEqual([
      { email: 'analyst@acme.example', level: 2, valid_until: '2999-06-30T23:59:59.999Z', issuer: 'hub-op' },
      { email: 'analyst@power.example', level: 1, valid_until: '2999-01-31T23:59:59.999Z', issuer: null },
    ]);
    // what the organization's members see
    const org = (await rest(hub, 'GET', '/organization', { as: 'acmeAnalyst' })).body;
    expect(org.approval).toEqual({ approved_until: '2999-12-31T23:59:59.999Z' });
    expect(org.members.find((m: { email: string }) => m.email === 'analyst@acme.example').clearance).toEqual({ level: 2, valid_until: '2999-06-30T23:59:59.999Z' });
    expect(await auditOf('facility.approve')).toEqual([expect.objectContaining({ actor: 'op@hub-op.example', subject: 'acme' })]);
    expect((await auditOf('clearance.grant')).map((e) => [e.subject, e.details.level, e.details.issuer])).toEqual([['analyst@acme.example', 2, 'hub-op'], ['analyst@power.example', 1, null]]);

    expect((await op('DELETE', '/clearance/grants/analyst@acme.example')).status).toBe(204);
    expect(expectProblem(await op('DELETE', '/clearance/grants/analyst@acme.example'), 404).detail).toBe("User 'analyst@acme.example' holds no live clearance grant.");
    expect((await op('DELETE', '/clearance/approvals/acme')).status).toBe(204);
    expect(expectProblem(await op('DELETE', '/clearance/approvals/acme'), 404).detail).toBe("Organization 'acme' has no live facility approval.");
    const after = (await op('GET', '/clearance')).body;
    expect(after.approvals).toEqual([{ organization: 'acme', approved_until: '2999-12-31T23:59:59.999Z', revoked_at: expect.any(String) }]);
    expect(after.grants.map((g: { email: string }) => g.email)).toEqual(['analyst@power.example']);
    expect((await auditOf('clearance.revoke')).map((e) => e.subject)).toEqual(['analyst@acme.example']);
    expect((await auditOf('facility.revoke')).map((e) => e.subject)).toEqual(['acme']);
    expect((await op('GET', '/organizations')).body.organizations.find((o: { slug: string }) => o.slug === 'acme').approval)
      .toEqual({ approved_until: '2999-12-31T23:59:59.999Z', revoked: true });
  });

  it('answers 422 naming each invalid property, 404 for unknown path names', async () => {
    expect(expectProblem(await op('POST', '/clearance/approvals', { organization: 'nope', until: '31/12/2999' }), 422).errors).toEqual([
      { property: 'organization', message: "no organization 'nope'" },
      { property: 'until', message: "'31/12/2999' is not a date: use YYYY-MM-DD" },
    ]);
    expect(expectProblem(await op('POST', '/clearance/approvals', { organization: 'acme', until: '2000-01-01' }), 422).errors).toEqual([
      { property: 'until', message: 'facility approval until 2000-01-01 is in the past' },
    ]);
    expect(expectProblem(await op('POST', '/clearance/grants', { email: 'nobody@acme.example', level: 4, until: '2999-02-30', issuer: 'nope' }), 422).errors).toEqual([
      { property: 'email', message: "no user 'nobody@acme.example'" },
      { property: 'level', message: "clearance level '4' is not 1, 2 or 3" },
      { property: 'until', message: "'2999-02-30' is not a date: use YYYY-MM-DD" },
      { property: 'issuer', message: "no organization 'nope'" },
    ]);
    expect(expectProblem(await op('POST', '/clearance/grants', { email: 'analyst@acme.example', level: '2', until: '2999-01-01' }), 422).errors).toEqual([
      { property: 'level', message: 'must be a whole number' },
    ]);
    expect(expectProblem(await op('POST', '/clearance/grants', { email: 'analyst@acme.example', level: 2, until: '2001-01-01' }), 422).errors).toEqual([
      { property: 'until', message: 'clearance grant until 2001-01-01 is in the past' },
    ]);
    expect(expectProblem(await op('DELETE', '/clearance/approvals/nope'), 404).detail).toBe("No organization 'nope'.");
    expect(expectProblem(await op('DELETE', '/clearance/grants/nobody@acme.example'), 404).detail).toBe("No user 'nobody@acme.example'.");
    expect((await op('GET', '/clearance')).body.grants.map((g: { email: string }) => g.email)).toEqual(['analyst@power.example']);
  });
});

describe('terms', () => {
  it('adds terms (audited) and lists them; a taken slug is 409, an empty text 422', async () => {
    const body = '政府提供情報の利用条件: 重要インフラの防護にのみ使用すること。';
    const res = await op('POST', '/terms', { slug: 'gov-provision-2026', title: 'Government provision 2026', body });
    expect(res.status).toBe(201);
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    expect(res.body).toEqual({ slug: 'gov-provision-2026', title: 'Government provision 2026', sha256, created_at: expect.any(String) });
    expect((await op('GET', '/terms')).body).toEqual({ terms: [res.body] });
    expect(await auditOf('terms.add')).toEqual([expect.objectContaining({ subject: 'gov-provision-2026', details: { title: 'Government provision 2026', sha256 } })]);
    // users now see them to accept
    expect((await rest(hub, 'GET', '/terms', { as: 'acmeAnalyst' })).body.terms.map((t: { slug: string }) => t.slug)).toEqual(['gov-provision-2026']);
    expect(expectProblem(await op('POST', '/terms', { slug: 'gov-provision-2026', title: 'Again', body: 'Other text.' }), 409).detail).toContain('already exists');
    expect(expectProblem(await op('POST', '/terms', { slug: 'Bad', title: '', body: '  ' }), 422).errors!.map((e) => e.property)).toEqual(['slug', 'title', 'body']);
    expect(expectProblem(await op('POST', '/terms', { slug: 'x' }), 422).errors!.map((e) => e.property)).toEqual(['title', 'body']);
  });
});

describe('audit log', () => {
  it('pages the log oldest first with after and limit; next is null on the last page', async () => {
    const all = await hub.ctx.store.trust.listAudit({ limit: 10_000 });
    expect(all.length).toBeGreaterThan(5);
    const seen: number[] = [];
    let after: number | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res = await op('GET', `/audit?limit=4${after === null ? '' : `&after=${after}`}`);
      expect(res.status).toBe(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.entries.map((e: { seq: number }) => e.seq));
      after = res.body.next;
      if (after === null) break;
      expect(after).toBe(res.body.entries[3].seq);
    }
    expect(seen).toEqual(all.map((e) => e.seq));
    const first = (await op('GET', '/audit?limit=1')).body.entries[0];
    expect(first).toEqual({ seq: all[0]!.seq, at: all[0]!.at, actor: all[0]!.actor, action: all[0]!.action, subject: all[0]!.subject, details: all[0]!.details });
    expect(Object.keys(first).sort()).toEqual(['action', 'actor', 'at', 'details', 'seq', 'subject']);
    const page = (await op('GET', '/audit')).body;
    expect(page.entries).toHaveLength(Math.min(all.length, 100));
  });

  it('answers 400 for an invalid after or limit', async () => {
    expect(expectProblem(await op('GET', '/audit?limit=0&after=x'), 400).errors).toEqual([
      { property: 'after', message: expect.stringContaining('whole number') },
      { property: 'limit', message: 'must be a whole number from 1 to 1000' },
    ]);
    expectProblem(await op('GET', '/audit?limit=1001'), 400);
    expectProblem(await op('GET', '/audit?after=-1'), 400);
  });
});
