/** Contract: organizations, communities, users, tokens, collections, statuses. */
import { expect, it } from 'vitest';
import { ConflictError, type ApiToken, type Organization, type StatusRecord, type User } from './types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

const org = (slug: string, extra: Partial<Organization> = {}): Organization => ({
  id: `org-${slug}`,
  slug,
  name: `${slug} Inc.`,
  kind: 'company',
  sector: 'finance',
  country: 'JP',
  createdAt: T0,
  ...extra,
});

const user = (email: string, orgId: string, extra: Partial<User> = {}): User => ({
  id: `user-${email.toLowerCase()}`,
  email,
  orgId,
  role: 'analyst',
  tier: 'practitioner',
  passwordHash: null,
  disabled: false,
  createdAt: T0,
  ...extra,
});

const token = (id: string, userId: string, tokenHash: string): ApiToken => ({
  id,
  userId,
  name: `token ${id}`,
  tokenHash,
  createdAt: T0,
  lastUsedAt: null,
  revokedAt: null,
});

async function expectConflict(p: Promise<unknown>, mentions: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConflictError);
  expect((err as Error).message).toContain(mentions);
}

export function identityContract(ctx: ContractContext): void {
  it('creates organizations and finds them by id and by slug', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('zeta', { country: null, kind: 'government', sector: 'government' }));
    await identity.createOrganization(org('acme'));
    expect(await identity.getOrganization({ id: 'org-acme' })).toEqual(org('acme'));
    expect(await identity.getOrganization({ slug: 'zeta' })).toEqual(org('zeta', { country: null, kind: 'government', sector: 'government' }));
    expect(await identity.getOrganization({ slug: 'nope' })).toBeUndefined();
    expect((await identity.listOrganizations()).map((o) => o.slug)).toEqual(['acme', 'zeta']);
  });

  it('refuses a duplicate organization slug or id with a ConflictError naming it', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('acme'));
    await expectConflict(identity.createOrganization(org('acme', { id: 'org-other' })), 'acme');
    await expectConflict(identity.createOrganization(org('other', { id: 'org-acme' })), 'org-acme');
    expect(await identity.listOrganizations()).toHaveLength(1);
  });

  it('creates communities, refuses duplicate slugs, and keeps membership idempotent', async () => {
    const { identity } = ctx.store;
    await identity.createCommunity({ id: 'c-fin', slug: 'fin-isac', name: 'Finance ISAC', kind: 'isac', sector: 'finance', createdAt: T0 });
    await identity.createCommunity({ id: 'c-isao', slug: 'isao', name: 'ISAO', kind: 'isao', sector: null, createdAt: T0 });
    await expectConflict(identity.createCommunity({ id: 'c-x', slug: 'isao', name: 'x', kind: 'isao', sector: null, createdAt: T0 }), 'isao');
    expect(await identity.getCommunity({ slug: 'isao' })).toEqual({ id: 'c-isao', slug: 'isao', name: 'ISAO', kind: 'isao', sector: null, createdAt: T0 });
    expect((await identity.getCommunity({ id: 'c-fin' }))?.sector).toBe('finance');
    expect((await identity.listCommunities()).map((c) => c.slug)).toEqual(['fin-isac', 'isao']);

    await identity.createOrganization(org('acme'));
    await identity.createOrganization(org('bank'));
    await identity.addMember('c-fin', 'org-acme');
    await identity.addMember('c-fin', 'org-acme'); // idempotent: no error, no duplicate
    await identity.addMember('c-fin', 'org-bank');
    await identity.addMember('c-isao', 'org-acme');
    expect(await identity.membersOf('c-fin')).toEqual(['org-acme', 'org-bank']);
    expect(await identity.communitiesOf('org-acme')).toEqual(['c-fin', 'c-isao']);
    await identity.removeMember('c-fin', 'org-acme');
    await identity.removeMember('c-fin', 'org-acme'); // removing a non-member is a no-op
    expect(await identity.membersOf('c-fin')).toEqual(['org-bank']);
    expect(await identity.communitiesOf('org-acme')).toEqual(['c-isao']);
  });

  it('stores user emails lower-cased, finds them in any case, and maps booleans', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('acme'));
    await identity.createOrganization(org('bank'));
    await identity.createUser(user('Alice@Acme.Example', 'org-acme', { disabled: true, passwordHash: '$argon2id$x' }));
    await identity.createUser(user('bob@bank.example', 'org-bank', { role: 'reader', tier: 'executive' }));
    const alice = await identity.getUser({ email: 'ALICE@acme.example' });
    expect(alice).toEqual(user('alice@acme.example', 'org-acme', { id: 'user-alice@acme.example', disabled: true, passwordHash: '$argon2id$x' }));
    expect(alice?.disabled).toBe(true);
    expect((await identity.getUser({ id: 'user-bob@bank.example' }))?.disabled).toBe(false);
    expect((await identity.listUsers()).map((u) => u.email)).toEqual(['alice@acme.example', 'bob@bank.example']);
    expect((await identity.listUsers('org-bank')).map((u) => u.email)).toEqual(['bob@bank.example']);
    await identity.setPassword('user-bob@bank.example', '$argon2id$new');
    expect((await identity.getUser({ email: 'bob@bank.example' }))?.passwordHash).toBe('$argon2id$new');
    expect(await identity.getUser({ email: 'carol@acme.example' })).toBeUndefined();
  });

  it('updates the role, tier and disabled flag of a user, only what the patch names; false for no such user', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('acme'));
    await identity.createUser(user('alice@acme.example', 'org-acme', { passwordHash: '$argon2id$x' }));
    await identity.createUser(user('bob@acme.example', 'org-acme'));
    const alice = 'user-alice@acme.example';
    expect(await identity.updateUser(alice, { role: 'org-admin' })).toBe(true);
    expect(await identity.getUser({ id: alice })).toEqual(user('alice@acme.example', 'org-acme', { role: 'org-admin', passwordHash: '$argon2id$x' }));
    expect(await identity.updateUser(alice, { tier: 'executive', disabled: true })).toBe(true);
    expect(await identity.getUser({ id: alice })).toEqual(user('alice@acme.example', 'org-acme', { role: 'org-admin', tier: 'executive', disabled: true, passwordHash: '$argon2id$x' }));
    expect(await identity.updateUser(alice, { disabled: false, role: 'reader', tier: 'manager' })).toBe(true);
    expect(await identity.getUser({ id: alice })).toEqual(user('alice@acme.example', 'org-acme', { role: 'reader', tier: 'manager', passwordHash: '$argon2id$x' }));
    expect(await identity.updateUser(alice, {})).toBe(true);
    expect(await identity.getUser({ id: 'user-bob@acme.example' })).toEqual(user('bob@acme.example', 'org-acme'));
    expect(await identity.updateUser('user-nobody', { role: 'operator' })).toBe(false);
    expect(await identity.updateUser('user-nobody', {})).toBe(false);
    expect(await identity.getUser({ id: 'user-nobody' })).toBeUndefined();
  });

  it('refuses a duplicate email whatever its case, naming it', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('acme'));
    await identity.createUser(user('alice@acme.example', 'org-acme'));
    await expectConflict(identity.createUser(user('ALICE@acme.example', 'org-acme', { id: 'user-2' })), 'alice@acme.example');
    expect(await identity.listUsers()).toHaveLength(1);
  });

  it('finds live tokens by hash, never revoked ones, and records use', async () => {
    const { identity } = ctx.store;
    await identity.createOrganization(org('acme'));
    await identity.createUser(user('alice@acme.example', 'org-acme'));
    const uid = 'user-alice@acme.example';
    await identity.createToken(token('t1', uid, 'a'.repeat(64)));
    await identity.createToken(token('t2', uid, 'b'.repeat(64)));
    await expectConflict(identity.createToken(token('t3', uid, 'a'.repeat(64))), 'token hash');
    expect(await identity.findToken('a'.repeat(64))).toEqual(token('t1', uid, 'a'.repeat(64)));
    expect(await identity.findToken('c'.repeat(64))).toBeUndefined();

    await identity.touchToken('t1', '2026-01-02T00:00:00.000Z');
    expect((await identity.findToken('a'.repeat(64)))?.lastUsedAt).toBe('2026-01-02T00:00:00.000Z');

    expect(await identity.revokeToken('t1', '2026-01-03T00:00:00.000Z')).toBe(true);
    expect(await identity.revokeToken('t1', '2026-01-04T00:00:00.000Z')).toBe(false); // already revoked
    expect(await identity.revokeToken('nope', '2026-01-04T00:00:00.000Z')).toBe(false);
    expect(await identity.findToken('a'.repeat(64))).toBeUndefined();
    expect((await identity.findToken('b'.repeat(64)))?.id).toBe('t2');
    const listed = await identity.listTokens(uid);
    expect(listed.map((t) => [t.id, t.revokedAt])).toEqual([
      ['t1', '2026-01-03T00:00:00.000Z'],
      ['t2', null],
    ]);
  });

  it('creates, gets and lists collections, refusing a duplicate id', async () => {
    const { identity, collections } = ctx.store;
    await identity.createCommunity({ id: 'c1', slug: 'one', name: 'One', kind: 'isac', sector: 'energy', createdAt: T0 });
    await identity.createCommunity({ id: 'c2', slug: 'two', name: 'Two', kind: 'international', sector: null, createdAt: T0 });
    const a = { id: 'a0000000-0000-4000-8000-000000000001', communityId: 'c1', title: 'A', description: 'first', alias: 'a', createdAt: T0 };
    const b = { id: 'b0000000-0000-4000-8000-000000000002', communityId: 'c1', title: 'B', description: null, alias: null, createdAt: '2026-01-02T00:00:00.000Z' };
    const c = { id: 'c0000000-0000-4000-8000-000000000003', communityId: 'c2', title: 'C', description: null, alias: null, createdAt: T0 };
    for (const x of [b, a, c]) await collections.create(x);
    await expectConflict(collections.create({ ...a, title: 'again' }), a.id);
    expect(await collections.get(a.id)).toEqual(a);
    expect(await collections.get('missing')).toBeUndefined();
    expect(await collections.listByCommunity('c1')).toEqual([a, b]);
    expect((await collections.list()).map((x) => x.id)).toEqual([a.id, c.id, b.id]);
  });

  it('saves statuses with their details and updates them on a second save', async () => {
    const { statuses } = ctx.store;
    await ctx.store.identity.createCommunity({ id: 'c1', slug: 'one', name: 'One', kind: 'isac', sector: null, createdAt: T0 });
    await ctx.store.collections.create({ id: 'col', communityId: 'c1', title: 'T', description: null, alias: null, createdAt: T0 });
    const pending: StatusRecord = {
      id: 'status-1',
      collectionId: 'col',
      status: 'pending',
      requestTimestamp: '2026-01-01T00:00:00.123456Z',
      totalCount: 3,
      successes: [{ id: 'indicator--1', version: '2026-01-01T00:00:00.000Z' }],
      failures: [{ id: 'indicator--2', version: '2026-01-01T00:00:00.000Z', message: 'conflict' }],
      pendings: [{ id: 'indicator--3', version: '2026-01-01T00:00:00.000Z' }],
      userId: 'user-x',
    };
    await statuses.save(pending);
    expect(await statuses.get('status-1')).toEqual(pending);
    const complete: StatusRecord = { ...pending, status: 'complete', pendings: [], successes: [...pending.successes, { id: 'indicator--3', version: 'v' }] };
    await statuses.save(complete);
    expect(await statuses.get('status-1')).toEqual(complete);
    expect(await statuses.get('status-2')).toBeUndefined();
  });
}
