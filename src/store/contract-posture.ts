/** Contract: organization posture (Store.posture) and surveys (Store.surveys). */
import { expect, it } from 'vitest';
import { ConflictError, type Store } from './types.js';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';
import type { PostureAssessment, Survey } from './posture-types.js';

const at = (d: number): string => `2026-02-${String(d).padStart(2, '0')}T00:00:00.000Z`;

async function seed(store: Store, slugs: string[]): Promise<void> {
  for (const slug of slugs) {
    await store.identity.createOrganization({ id: `org-${slug}`, slug, name: slug, kind: 'company', sector: 'finance', country: null, createdAt: T0 });
  }
}

const assessment = (id: string, org: string, extra: Partial<PostureAssessment> = {}): PostureAssessment => ({
  id, orgId: org, questionnaireId: 'sme-self-check', questionnaireVersion: 1, status: 'draft', answers: '{}', result: null, score: null,
  createdBy: 'u@x.example', submittedBy: null, createdAt: at(1), updatedAt: at(1), submittedAt: null, ...extra,
});

const survey = (id: string, extra: Partial<Survey> = {}): Survey => ({
  id, title: '{"ja":"調査","en":"Survey"}', message: null, questionnaireId: 'sme-self-check', questionnaireVersion: 1,
  audience: '{"sectors":[],"kinds":[],"organizations":[]}', status: 'draft', closesOn: '2026-03-31', createdBy: 'op@hub.example',
  createdAt: at(1), sentAt: null, closedAt: null, ...extra,
});

export function postureContract(ctx: ContractContext): void {
  it('keeps one profile per organization (replaced on put) and lists several', async () => {
    const { posture } = ctx.store;
    await seed(ctx.store, ['a', 'b']);
    expect(await posture.getProfile('org-a')).toBeUndefined();
    await posture.putProfile({ orgId: 'org-a', profile: '{"size":"small"}', updatedAt: at(1), updatedBy: 'x@a.example' });
    await posture.putProfile({ orgId: 'org-a', profile: '{"size":"large"}', updatedAt: at(2), updatedBy: 'y@a.example' });
    await posture.putProfile({ orgId: 'org-b', profile: '{}', updatedAt: at(3), updatedBy: 'z@b.example' });
    expect(await posture.getProfile('org-a')).toEqual({ orgId: 'org-a', profile: '{"size":"large"}', updatedAt: at(2), updatedBy: 'y@a.example' });
    expect((await posture.listProfiles(['org-a', 'org-b', 'org-zz'])).map((p) => p.orgId).sort()).toEqual(['org-a', 'org-b']);
    expect(await posture.listProfiles([])).toEqual([]);
  });

  it('keeps declarations newest first', async () => {
    const { posture } = ctx.store;
    await seed(ctx.store, ['a']);
    const d = { orgId: 'org-a', articlesVersion: 1, signerName: '山田', signerTitle: '社長', signerEmail: 'ceo@a.example', signerUserId: 'u1', signedOn: '2026-02-01', note: null };
    await posture.addDeclaration({ ...d, id: 'd1', createdAt: at(1) });
    await posture.addDeclaration({ ...d, id: 'd2', createdAt: at(2), note: 'renewed' });
    expect((await posture.listDeclarations('org-a')).map((x) => [x.id, x.note])).toEqual([['d2', 'renewed'], ['d1', null]]);
    expect(await posture.listDeclarations('org-b')).toEqual([]);
  });

  it('one draft per organization and questionnaire; drafts change, submission freezes, latest submitted per org', async () => {
    const { posture } = ctx.store;
    await seed(ctx.store, ['a', 'b']);
    await posture.createAssessment(assessment('a1', 'org-a'));
    await expect(posture.createAssessment(assessment('a2', 'org-a'))).rejects.toThrow(ConflictError);
    await posture.createAssessment(assessment('m1', 'org-a', { questionnaireId: 'management-maturity' }));
    await posture.createAssessment(assessment('b1', 'org-b'));

    expect(await posture.updateDraft('a1', '{"b1":"yes"}', at(2))).toBe(true);
    expect(await posture.submitAssessment('a1', { answers: '{"b1":"yes"}', result: '{"score":4}', score: 4, by: 'u@a.example', at: at(3) })).toBe(true);
    expect(await posture.submitAssessment('a1', { answers: '{}', result: '{}', score: 0, by: 'u@a.example', at: at(4) })).toBe(false);
    expect(await posture.updateDraft('a1', '{}', at(4))).toBe(false);
    expect(await posture.deleteDraft('a1')).toBe(false);
    expect(await posture.getAssessment('a1')).toMatchObject({ status: 'submitted', answers: '{"b1":"yes"}', score: 4, submittedAt: at(3), submittedBy: 'u@a.example' });

    // a new draft is allowed once the previous one is submitted
    await posture.createAssessment(assessment('a3', 'org-a', { createdAt: at(5), updatedAt: at(5) }));
    await posture.submitAssessment('a3', { answers: '{}', result: '{}', score: 62.5, by: 'u@a.example', at: at(6) });
    await posture.submitAssessment('b1', { answers: '{}', result: '{}', score: 56.7, by: 'u@b.example', at: at(2) });
    expect((await posture.listAssessments('org-a')).map((a) => a.id)).toEqual(['a3', 'm1', 'a1']);
    expect((await posture.listAssessments('org-a', 'sme-self-check')).map((a) => a.id)).toEqual(['a3', 'a1']);
    const latest = await posture.latestSubmitted('sme-self-check', 1);
    expect(latest.map((a) => [a.orgId, a.id, a.score])).toEqual([['org-a', 'a3', 62.5], ['org-b', 'b1', 56.7]]);
    expect(await posture.latestSubmitted('sme-self-check', 2)).toEqual([]);
    expect(await posture.deleteDraft('m1')).toBe(true);
    expect(await posture.getAssessment('m1')).toBeUndefined();
  });

  it('claims a month of board report once; a released claim can be claimed again', async () => {
    const { posture } = ctx.store;
    await seed(ctx.store, ['a']);
    expect(await posture.claimBoardReport('org-a', '2026-02', at(1))).toBe(true);
    expect(await posture.claimBoardReport('org-a', '2026-02', at(2))).toBe(false);
    expect(await posture.claimBoardReport('org-a', '2026-03', at(2))).toBe(true);
    await posture.releaseBoardReport('org-a', '2026-02');
    expect(await posture.claimBoardReport('org-a', '2026-02', at(3))).toBe(true);
  });

  it('surveys: send fixes targets once, close only when open, responses draft then submitted', async () => {
    const { surveys } = ctx.store;
    await seed(ctx.store, ['a', 'b', 'c']);
    await surveys.create(survey('s1'));
    await surveys.create(survey('s2', { createdAt: at(2) }));
    expect((await surveys.list()).map((s) => s.id)).toEqual(['s2', 's1']);
    expect(await surveys.get('s1')).toEqual(survey('s1'));
    expect(await surveys.listForOrg('org-a')).toEqual([]);
    expect(await surveys.close('s1', at(3))).toBe(false);

    expect(await surveys.send('s1', ['org-a', 'org-b'], at(3))).toBe(true);
    expect(await surveys.send('s1', ['org-c'], at(4))).toBe(false);
    expect(await surveys.get('s1')).toMatchObject({ status: 'open', sentAt: at(3) });
    expect(await surveys.targets('s1')).toEqual(['org-a', 'org-b']);
    expect(await surveys.isTarget('s1', 'org-a')).toBe(true);
    expect(await surveys.isTarget('s2', 'org-a')).toBe(false);
    expect((await surveys.listForOrg('org-a')).map((s) => s.id)).toEqual(['s1']);

    expect(await surveys.saveDraft('s1', 'org-a', '{"b1":"no"}', at(4))).toBe(true);
    expect(await surveys.saveDraft('s1', 'org-a', '{"b1":"yes"}', at(5))).toBe(true);
    expect(await surveys.getResponse('s1', 'org-a')).toMatchObject({ status: 'draft', answers: '{"b1":"yes"}', updatedAt: at(5) });
    expect(await surveys.submitResponse('s1', 'org-a', { answers: '{"b1":"yes"}', result: '{"score":4}', by: 'u@a.example', at: at(6) })).toBe(true);
    expect(await surveys.submitResponse('s1', 'org-a', { answers: '{}', result: '{}', by: 'u@a.example', at: at(7) })).toBe(false);
    expect(await surveys.saveDraft('s1', 'org-a', '{}', at(7))).toBe(false);
    expect(await surveys.submitResponse('s1', 'org-b', { answers: '{}', result: '{}', by: 'u@b.example', at: at(7) })).toBe(false);
    await surveys.saveDraft('s1', 'org-b', '{}', at(7));
    expect((await surveys.submittedResponses('s1')).map((r) => [r.orgId, r.result])).toEqual([['org-a', '{"score":4}']]);
    const counts = await surveys.counts(['s1', 's2']);
    expect(counts.get('s1')?.responses).toBe(1);
    expect(counts.get('s2')).toEqual({ targets: 0, responses: 0 });
    expect(await surveys.close('s1', at(8))).toBe(true);
    expect(await surveys.get('s1')).toMatchObject({ status: 'closed', closedAt: at(8) });
  });
}
