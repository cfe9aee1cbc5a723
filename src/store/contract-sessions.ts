/** Contract: portal sessions and one-time password links (Store.sessions). */
import { expect, it } from 'vitest';
import { ConflictError, type PasswordLink, type Session, type Store } from './types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

const at = (h: number): string => `2026-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;

/** Organization acme; users alice and bob. */
async function seed(store: Store): Promise<void> {
  await store.identity.createOrganization({ id: 'org-acme', slug: 'acme', name: 'Acme', kind: 'company', sector: 'finance', country: null, createdAt: T0 });
  for (const name of ['alice', 'bob']) {
    await store.identity.createUser({
      id: `user-${name}`, email: `${name}@acme.example`, orgId: 'org-acme', role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: T0,
    });
  }
}

const session = (idHash: string, userId: string, expiresAt: string, extra: Partial<Session> = {}): Session => ({
  idHash, userId, csrfToken: `csrf-${idHash}`, createdAt: at(0), expiresAt, lastSeenAt: at(0), userAgent: 'Mozilla/5.0', ...extra,
});

const link = (tokenHash: string, userId: string, extra: Partial<PasswordLink> = {}): PasswordLink => ({
  tokenHash, userId, purpose: 'invite', createdAt: at(0), expiresAt: at(12), usedAt: null, ...extra,
});

export function sessionsContract(ctx: ContractContext): void {
  it('creates sessions and gets them by hash; a duplicate hash is a ConflictError', async () => {
    const { sessions } = ctx.store;
    await seed(ctx.store);
    const s1 = session('a'.repeat(64), 'user-alice', at(8));
    const s2 = session('b'.repeat(64), 'user-bob', at(9), { userAgent: null });
    await sessions.create(s1);
    await sessions.create(s2);
    expect(await sessions.get(s1.idHash)).toEqual(s1);
    expect(await sessions.get(s2.idHash)).toEqual(s2);
    expect(await sessions.get('c'.repeat(64))).toBeUndefined();
    await expect(sessions.create({ ...s1, userId: 'user-bob' })).rejects.toThrow(ConflictError);
    expect((await sessions.get(s1.idHash))?.userId).toBe('user-alice');
  });

  it('touches one session, deletes one, all of a user, and the expired ones (expiry at now included)', async () => {
    const { sessions } = ctx.store;
    await seed(ctx.store);
    const alice = [session('1'.repeat(64), 'user-alice', at(1)), session('2'.repeat(64), 'user-alice', at(5)), session('3'.repeat(64), 'user-alice', at(9))];
    const bob = [session('4'.repeat(64), 'user-bob', at(2)), session('5'.repeat(64), 'user-bob', at(9))];
    for (const s of [...alice, ...bob]) await sessions.create(s);

    await sessions.touch(alice[0]!.idHash, at(1), at(10));
    expect(await sessions.get(alice[0]!.idHash)).toEqual({ ...alice[0], lastSeenAt: at(1), expiresAt: at(10) });
    expect(await sessions.get(alice[1]!.idHash)).toEqual(alice[1]);
    await sessions.touch('f'.repeat(64), at(1), at(10)); // no such session: nothing happens

    // at 05:00: bob's first (02:00) and alice's second (05:00, exactly now) have expired
    expect(await sessions.deleteExpired(at(5))).toBe(2);
    expect(await sessions.get(bob[0]!.idHash)).toBeUndefined();
    expect(await sessions.get(alice[1]!.idHash)).toBeUndefined();
    expect(await sessions.deleteExpired(at(5))).toBe(0);

    await sessions.delete(bob[1]!.idHash);
    await sessions.delete(bob[1]!.idHash); // twice: no error
    expect(await sessions.get(bob[1]!.idHash)).toBeUndefined();

    expect(await sessions.deleteForUser('user-alice')).toBe(2);
    expect(await sessions.get(alice[0]!.idHash)).toBeUndefined();
    expect(await sessions.get(alice[2]!.idHash)).toBeUndefined();
    expect(await sessions.deleteForUser('user-alice')).toBe(0);
  });

  it('keeps password links, and uses each one once', async () => {
    const { sessions } = ctx.store;
    await seed(ctx.store);
    const invite = link('a'.repeat(64), 'user-alice');
    const reset = link('b'.repeat(64), 'user-bob', { purpose: 'reset' });
    await sessions.createLink(invite);
    await sessions.createLink(reset);
    expect(await sessions.getLink(invite.tokenHash)).toEqual(invite);
    expect(await sessions.getLink(reset.tokenHash)).toEqual(reset);
    expect(await sessions.getLink('c'.repeat(64))).toBeUndefined();
    await expect(sessions.createLink({ ...invite, userId: 'user-bob' })).rejects.toThrow(ConflictError);

    expect(await sessions.useLink(invite.tokenHash, at(3))).toBe(true);
    expect(await sessions.useLink(invite.tokenHash, at(4))).toBe(false);
    expect(await sessions.getLink(invite.tokenHash)).toEqual({ ...invite, usedAt: at(3) });
    expect(await sessions.getLink(reset.tokenHash)).toEqual(reset);
    expect(await sessions.useLink('c'.repeat(64), at(3))).toBe(false);
  });

  it('lets exactly one of many concurrent redemptions of a link succeed, across stores too', async () => {
    await seed(ctx.store);
    const other = await ctx.harness.reopen();
    for (const hash of ['d', 'e', 'f'].map((c) => c.repeat(64))) {
      await ctx.store.sessions.createLink(link(hash, 'user-alice'));
      // each attempt with its own time, so the stored one tells which succeeded
      const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? ctx.store : other).sessions.useLink(hash, at(i)));
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r)).toHaveLength(1);
      expect((await other.sessions.getLink(hash))?.usedAt).toBe(at(results.indexOf(true)));
    }
  });
}
