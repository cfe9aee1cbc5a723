/** Contract: facility approvals, clearance grants, terms and acceptances, the audit log. */
import { expect, it } from 'vitest';
import { ConflictError, type ClearanceGrant, type Store } from './types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';

const T1 = '2026-02-01T00:00:00.000Z';
const T2 = '2026-03-01T00:00:00.000Z';
const END_2026 = '2026-12-31T23:59:59.999Z';
const END_2027 = '2027-12-31T23:59:59.999Z';

/** Organizations acme and bank; users alice (acme) and bob (bank). */
async function seed(store: Store): Promise<void> {
  for (const slug of ['acme', 'bank']) {
    await store.identity.createOrganization({ id: `org-${slug}`, slug, name: slug, kind: 'company', sector: 'finance', country: null, createdAt: T0 });
  }
  for (const [name, org] of [['alice', 'acme'], ['bob', 'bank']] as const) {
    await store.identity.createUser({
      id: `user-${name}`, email: `${name}@${org}.example`, orgId: `org-${org}`, role: 'analyst', tier: 'practitioner',
      passwordHash: null, disabled: false, createdAt: T0,
    });
  }
}

const grant = (id: string, userId: string, level: 1 | 2 | 3, validUntil: string, extra: Partial<ClearanceGrant> = {}): Omit<ClearanceGrant, 'revokedAt'> => ({
  id, userId, level, validUntil, issuerOrgId: null, grantedAt: T0, grantedByUserId: null, ...extra,
});

export function trustContract(ctx: ContractContext): void {
  it('approves an organization, renews the approval and revokes it once', async () => {
    const { trust } = ctx.store;
    await seed(ctx.store);
    expect(await trust.getApproval('org-acme')).toBeUndefined();
    expect(await trust.revokeOrg('org-acme', T1)).toBe(false); // never approved

    await trust.approveOrg({ orgId: 'org-acme', approvedUntil: END_2026, approvedAt: T0, approvedByUserId: null });
    await trust.approveOrg({ orgId: 'org-bank', approvedUntil: END_2027, approvedAt: T0, approvedByUserId: 'user-alice' });
    expect(await trust.getApproval('org-acme')).toEqual({ orgId: 'org-acme', approvedUntil: END_2026, approvedAt: T0, approvedByUserId: null, revokedAt: null });

    expect(await trust.revokeOrg('org-acme', T1)).toBe(true);
    expect(await trust.revokeOrg('org-acme', T2)).toBe(false); // the first revocation time stays
    expect((await trust.getApproval('org-acme'))?.revokedAt).toBe(T1);

    // a renewal replaces the term and clears the revocation
    await trust.approveOrg({ orgId: 'org-acme', approvedUntil: END_2027, approvedAt: T2, approvedByUserId: 'user-bob' });
    expect(await trust.getApproval('org-acme')).toEqual({ orgId: 'org-acme', approvedUntil: END_2027, approvedAt: T2, approvedByUserId: 'user-bob', revokedAt: null });
    expect((await trust.listApprovals()).map((a) => [a.orgId, a.approvedUntil, a.revokedAt])).toEqual([
      ['org-acme', END_2027, null],
      ['org-bank', END_2027, null],
    ]);
  });

  it('keeps grants, lists the live ones highest level first with expired ones included, and revokes them all', async () => {
    const { trust } = ctx.store;
    await seed(ctx.store);
    expect(await trust.activeGrants('user-alice')).toEqual([]);
    await trust.grant(grant('g1', 'user-alice', 1, END_2027));
    await trust.grant(grant('g2', 'user-alice', 3, '2020-01-01T23:59:59.999Z', { issuerOrgId: 'org-bank' })); // expired
    await trust.grant(grant('g3', 'user-alice', 2, END_2026, { grantedByUserId: 'user-bob', grantedAt: T1 }));
    await trust.grant(grant('g4', 'user-alice', 2, END_2027));
    await trust.grant(grant('g5', 'user-bob', 2, END_2027));

    const alice = await trust.activeGrants('user-alice');
    expect(alice.map((g) => g.id)).toEqual(['g2', 'g4', 'g3', 'g1']);
    expect(alice[0]).toEqual({ ...grant('g2', 'user-alice', 3, '2020-01-01T23:59:59.999Z', { issuerOrgId: 'org-bank' }), revokedAt: null });
    expect(alice[2]).toEqual({ ...grant('g3', 'user-alice', 2, END_2026, { grantedByUserId: 'user-bob', grantedAt: T1 }), revokedAt: null });
    expect(typeof alice[0]?.level).toBe('number');

    expect(await trust.revokeGrants('user-alice', T2)).toBe(4);
    expect(await trust.revokeGrants('user-alice', T2)).toBe(0);
    expect(await trust.activeGrants('user-alice')).toEqual([]);
    expect((await trust.activeGrants('user-bob')).map((g) => g.id)).toEqual(['g5']); // others untouched

    // a grant after a revocation is live again; the revoked ones stay revoked
    await trust.grant(grant('g6', 'user-alice', 1, END_2026));
    expect((await trust.activeGrants('user-alice')).map((g) => g.id)).toEqual(['g6']);
  });

  it('refuses a duplicate grant id and a level outside 1..3', async () => {
    const { trust } = ctx.store;
    await seed(ctx.store);
    await trust.grant(grant('g1', 'user-alice', 1, END_2026));
    await expect(trust.grant(grant('g1', 'user-bob', 2, END_2026))).rejects.toBeInstanceOf(ConflictError);
    await expect(trust.grant(grant('g2', 'user-alice', 4 as 3, END_2026))).rejects.toThrow();
    await expect(trust.grant(grant('g3', 'user-alice', 0 as 1, END_2026))).rejects.toThrow();
    expect((await trust.activeGrants('user-alice')).map((g) => g.id)).toEqual(['g1']);
    expect(await trust.activeGrants('user-bob')).toEqual([]);
  });

  it('adds terms once, lists them by slug, and records acceptances idempotently', async () => {
    const { trust } = ctx.store;
    await seed(ctx.store);
    const gov = { slug: 'gov-provision-2026', title: 'Government provision', body: '# Terms\n\n本文', sha256: 'a'.repeat(64), createdAt: T0 };
    const nda = { slug: 'isac-nda', title: 'ISAC NDA', body: 'Keep it.', sha256: 'b'.repeat(64), createdAt: T1 };
    await trust.addTerms(nda);
    await trust.addTerms(gov);
    const dup = await trust.addTerms({ ...gov, title: 'again' }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect((dup as Error).message).toContain('gov-provision-2026');
    expect(await trust.getTerms('gov-provision-2026')).toEqual(gov);
    expect(await trust.getTerms('nope')).toBeUndefined();
    expect(await trust.listTerms()).toEqual([gov, nda]);

    expect(await trust.acceptedTerms('user-alice')).toEqual([]);
    expect(await trust.acceptTerms('user-alice', 'isac-nda', T1)).toBe(true);
    expect(await trust.acceptTerms('user-alice', 'isac-nda', T2)).toBe(false); // keeps the first time
    expect(await trust.acceptTerms('user-alice', 'gov-provision-2026', T2)).toBe(true);
    expect(await trust.acceptedTerms('user-alice')).toEqual([
      { slug: 'gov-provision-2026', acceptedAt: T2 },
      { slug: 'isac-nda', acceptedAt: T1 },
    ]);
    expect(await trust.acceptedTerms('user-bob')).toEqual([]);
    await expect(trust.acceptTerms('user-bob', 'no-such-terms', T1)).rejects.toThrow();
    expect(await trust.acceptedTerms('user-bob')).toEqual([]);
  });

  it('appends audit entries with increasing seqs and lists them in order, first or latest, after a seq', async () => {
    const { trust } = ctx.store;
    const appended = [];
    for (let i = 0; i < 5; i++) {
      appended.push(
        await trust.appendAudit({
          at: `2026-01-01T00:00:0${i}.000Z`,
          actor: i % 2 === 0 ? 'cli' : 'op@hub.example',
          actorUserId: i % 2 === 0 ? null : 'user-op',
          action: 'clearance.grant',
          subject: `user${i}@acme.example`,
          details: { level: (i % 3) + 1, until: END_2026, issuer: null, nested: { n: i, list: ['a', 'ü'] } },
        }),
      );
    }
    const seqs = appended.map((e) => e.seq);
    expect(seqs.every((s, i) => Number.isInteger(s) && (i === 0 || s > (seqs[i - 1] as number)))).toBe(true);
    expect(appended[1]).toEqual({
      seq: seqs[1], at: '2026-01-01T00:00:01.000Z', actor: 'op@hub.example', actorUserId: 'user-op', action: 'clearance.grant',
      subject: 'user1@acme.example', details: { level: 2, until: END_2026, issuer: null, nested: { n: 1, list: ['a', 'ü'] } },
    });

    expect(await trust.listAudit({ limit: 100 })).toEqual(appended);
    expect((await trust.listAudit({ limit: 2 })).map((e) => e.seq)).toEqual(seqs.slice(0, 2));
    expect((await trust.listAudit({ limit: 2, latest: true })).map((e) => e.seq)).toEqual(seqs.slice(3));
    expect((await trust.listAudit({ limit: 2, afterSeq: seqs[1] })).map((e) => e.seq)).toEqual(seqs.slice(2, 4));
    expect((await trust.listAudit({ limit: 10, afterSeq: seqs[3], latest: true })).map((e) => e.seq)).toEqual(seqs.slice(4));
    expect(await trust.listAudit({ limit: 10, afterSeq: seqs[4] })).toEqual([]);
  });

  it('keeps approvals, grants, terms and the audit log across reopen, and seqs keep increasing', async () => {
    const h = ctx.harness;
    await seed(h.store);
    await h.store.trust.approveOrg({ orgId: 'org-acme', approvedUntil: END_2026, approvedAt: T0, approvedByUserId: null });
    await h.store.trust.grant(grant('g1', 'user-alice', 2, END_2026));
    await h.store.trust.addTerms({ slug: 't', title: 'T', body: 'b', sha256: 'c'.repeat(64), createdAt: T0 });
    await h.store.trust.acceptTerms('user-alice', 't', T1);
    const first = await h.store.trust.appendAudit({ at: T0, actor: 'cli', actorUserId: null, action: 'facility.approve', subject: 'acme', details: {} });
    await h.store.close();

    const again = await h.reopen();
    expect((await again.trust.getApproval('org-acme'))?.approvedUntil).toBe(END_2026);
    expect((await again.trust.activeGrants('user-alice')).map((g) => g.level)).toEqual([2]);
    expect(await again.trust.acceptedTerms('user-alice')).toEqual([{ slug: 't', acceptedAt: T1 }]);
    const second = await again.trust.appendAudit({ at: T1, actor: 'cli', actorUserId: null, action: 'clearance.grant', subject: 'alice@acme.example', details: {} });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect((await again.trust.listAudit({ limit: 10 })).map((e) => [e.action, e.details])).toEqual([
      ['facility.approve', {}],
      ['clearance.grant', {}],
    ]);
  });
}
