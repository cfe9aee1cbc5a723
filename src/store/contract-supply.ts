/** Contract: supplier assessments (Store.supply): requests, assessments, shares, evidence labels, notices. */
import { expect, it } from 'vitest';
import { ConflictError, type Store } from './types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';
import type { SupplyAssessment, SupplyRequest } from './supply-types.js';

const at = (d: number): string => `2026-01-${String(d).padStart(2, '0')}T00:00:00.000Z`;

/** Organizations buyer-a, buyer-b, vendor; one user each. */
async function seed(store: Store): Promise<void> {
  for (const slug of ['buyer-a', 'buyer-b', 'vendor']) {
    await store.identity.createOrganization({ id: `org-${slug}`, slug, name: slug, kind: 'company', sector: 'finance', country: null, createdAt: T0 });
    await store.identity.createUser({
      id: `user-${slug}`, email: `u@${slug}.example`, orgId: `org-${slug}`, role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: T0,
    });
  }
}

const request = (id: string, buyer: string, extra: Partial<SupplyRequest> = {}): SupplyRequest => ({
  id, buyerOrgId: buyer, supplierEmail: 'sec@vendor.example', supplierOrgId: null, questionnaireId: 'supply-chain', level: 'level-3',
  dueDate: '2026-03-31', tier: 1, relationship: 'cloud', message: null, status: 'open', declineReason: null,
  createdBy: 'user-buyer-a', createdAt: at(1), updatedAt: at(1), ...extra,
});

const assessment = (id: string, extra: Partial<SupplyAssessment> = {}): SupplyAssessment => ({
  id, supplierOrgId: 'org-vendor', questionnaireId: 'supply-chain', questionnaireVersion: 1, level: 'level-3', requestId: null,
  status: 'draft', answers: {}, confirmation: null, levelReached: null, result: null, createdBy: 'user-vendor', submittedBy: null,
  createdAt: at(2), updatedAt: at(2), submittedAt: null, expiresAt: null, ...extra,
});

export function supplyContract(ctx: ContractContext): void {
  it('keeps requests; one open request per buyer and email; attaches by email; closes only open ones', async () => {
    const { supply } = ctx.store;
    await seed(ctx.store);
    const r1 = request('r1', 'org-buyer-a');
    await supply.addRequest(r1);
    expect(await supply.getRequest('r1')).toEqual(r1);
    await expect(supply.addRequest(request('r2', 'org-buyer-a'))).rejects.toThrow(ConflictError);
    await supply.addRequest(request('r3', 'org-buyer-b', { createdAt: at(3), tier: 2, relationship: null, message: 'please' }));

    expect(await supply.attachRequests('sec@vendor.example', 'org-vendor', at(4))).toBe(2);
    expect(await supply.attachRequests('sec@vendor.example', 'org-buyer-b', at(4))).toBe(0);
    expect((await supply.listRequestsBySupplier('org-vendor')).map((r) => r.id)).toEqual(['r3', 'r1']);
    expect((await supply.getRequest('r3'))).toMatchObject({ supplierOrgId: 'org-vendor', tier: 2, relationship: null, message: 'please', updatedAt: at(4) });
    expect(await supply.customersOf('org-vendor')).toEqual(['org-buyer-a', 'org-buyer-b']);

    expect(await supply.closeRequest('r1', 'withdrawn', null, at(5))).toBe(true);
    expect(await supply.closeRequest('r1', 'declined', 'late', at(6))).toBe(false);
    expect(await supply.getRequest('r1')).toMatchObject({ status: 'withdrawn', declineReason: null, updatedAt: at(5) });
    expect(await supply.customersOf('org-vendor')).toEqual(['org-buyer-b']);
    expect((await supply.listOpenRequests()).map((r) => r.id)).toEqual(['r3']);
    // the closed one no longer blocks a new open request from the same buyer
    await supply.addRequest(request('r4', 'org-buyer-a', { createdAt: at(7) }));
    expect((await supply.listRequestsByBuyer('org-buyer-a')).map((r) => r.id)).toEqual(['r4', 'r1']);
  });

  it('keeps assessments; only drafts change; of two submissions one wins; lists submitted and expiring', async () => {
    const { supply } = ctx.store;
    await seed(ctx.store);
    await supply.addRequest(request('r1', 'org-buyer-a'));
    const a1 = assessment('a1', { requestId: 'r1' });
    await supply.addAssessment(a1);
    expect(await supply.getAssessment('a1')).toEqual(a1);
    expect((await supply.draftForRequest('r1'))?.id).toBe('a1');
    await expect(supply.addAssessment(a1)).rejects.toThrow(ConflictError);

    expect(await supply.updateDraft('a1', { answers: { 'gov-1': 'yes' }, updatedAt: at(3) })).toBe(true);
    expect(await supply.updateDraft('a1', { confirmation: { kind: 'expert', name: '山田' }, updatedAt: at(4) })).toBe(true);
    expect(await supply.getAssessment('a1')).toMatchObject({ answers: { 'gov-1': 'yes' }, confirmation: { kind: 'expert', name: '山田' }, updatedAt: at(4) });

    const submission = { levelReached: 'level-3', result: { score: 82.5 }, submittedBy: 'user-vendor', submittedAt: at(5), expiresAt: '2027-01-05T00:00:00.000Z' };
    const both = await Promise.all([supply.submit('a1', submission), supply.submit('a1', { ...submission, levelReached: null })]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await supply.getAssessment('a1')).toMatchObject({ status: 'submitted', result: { score: 82.5 }, submittedAt: at(5), expiresAt: '2027-01-05T00:00:00.000Z' });
    expect(await supply.updateDraft('a1', { answers: {}, updatedAt: at(6) })).toBe(false);
    expect(await supply.draftForRequest('r1')).toBeUndefined();

    await supply.addAssessment(assessment('a2', { createdAt: at(6) }));
    await supply.submit('a2', { ...submission, submittedAt: at(7), expiresAt: '2027-01-07T00:00:00.000Z' });
    await supply.addAssessment(assessment('a3', { createdAt: at(8) }));
    expect((await supply.listAssessments('org-vendor')).map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
    expect((await supply.listSubmitted(['org-vendor', 'org-buyer-a'])).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(await supply.listSubmitted([])).toEqual([]);
    expect((await supply.listExpiring('2027-01-05T00:00:00.000Z', '2027-01-07T00:00:00.000Z')).map((a) => a.id)).toEqual(['a2']);
    expect((await supply.listExpiring('2026-12-31T00:00:00.000Z', '2027-01-07T00:00:00.000Z')).map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  it('replaces shares exactly (revoking removes at once), lists them per assessment and in bulk', async () => {
    const { supply } = ctx.store;
    await seed(ctx.store);
    await supply.addAssessment(assessment('a1'));
    await supply.addAssessment(assessment('a2'));
    await supply.replaceShares('a1', ['o:org-buyer-a', 'customers', 'o:org-buyer-a'], 'user-vendor', at(3));
    expect((await supply.listShares('a1')).map((s) => s.audience)).toEqual(['customers', 'o:org-buyer-a']);
    expect((await supply.listShares('a1'))[0]).toEqual({ assessmentId: 'a1', audience: 'customers', createdBy: 'user-vendor', createdAt: at(3) });
    await supply.replaceShares('a2', ['o:org-buyer-b'], 'user-vendor', at(3));
    await supply.replaceShares('a1', ['o:org-buyer-a', 'o:org-buyer-b'], 'user-vendor', at(4));
    const a1 = await supply.listShares('a1');
    expect(a1.map((s) => [s.audience, s.createdAt])).toEqual([['o:org-buyer-a', at(3)], ['o:org-buyer-b', at(4)]]);
    expect((await supply.sharesOf(['a1', 'a2'])).map((s) => `${s.assessmentId} ${s.audience}`)).toEqual(['a1 o:org-buyer-a', 'a1 o:org-buyer-b', 'a2 o:org-buyer-b']);
    await supply.replaceShares('a1', [], 'user-vendor', at(5));
    expect(await supply.listShares('a1')).toEqual([]);
    expect(await supply.sharesOf([])).toEqual([]);
  });

  it('keeps evidence labels per assessment', async () => {
    const { supply } = ctx.store;
    await seed(ctx.store);
    await supply.addAssessment(assessment('a1'));
    await supply.addEvidence({ attachmentId: 'att-2', assessmentId: 'a1', questionId: 'sup-1', kind: 'audit-report' });
    await supply.addEvidence({ attachmentId: 'att-1', assessmentId: 'a1', questionId: null, kind: 'policy' });
    await expect(supply.addEvidence({ attachmentId: 'att-1', assessmentId: 'a1', questionId: null, kind: 'other' })).rejects.toThrow(ConflictError);
    expect(await supply.listEvidence('a1')).toEqual([
      { attachmentId: 'att-1', assessmentId: 'a1', questionId: null, kind: 'policy' },
      { attachmentId: 'att-2', assessmentId: 'a1', questionId: 'sup-1', kind: 'audit-report' },
    ]);
    expect(await supply.deleteEvidence('att-1')).toBe(true);
    expect(await supply.deleteEvidence('att-1')).toBe(false);
    expect((await supply.listEvidence('a1')).map((e) => e.attachmentId)).toEqual(['att-2']);
  });

  it('claims each notice once, even concurrently; a released claim can be taken again', async () => {
    const { supply } = ctx.store;
    const claims = await Promise.all([1, 2, 3, 4].map(() => supply.claimNotice('invite:r1', 'invite', 'sec@vendor.example', at(1))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await supply.claimNotice('due-soon:r1', 'due-soon', 'sec@vendor.example', at(2))).toBe(true);
    expect(await supply.listNotices('invite:')).toEqual([{ key: 'invite:r1', kind: 'invite', recipient: 'sec@vendor.example', sentAt: at(1) }]);
    await supply.releaseNotice('invite:r1');
    expect((await supply.listNotices()).map((n) => n.key)).toEqual(['due-soon:r1']);
    expect(await supply.claimNotice('invite:r1', 'invite', 'sec@vendor.example', at(3))).toBe(true);
  });
}
