/**
 * Organization posture over real HTTP on both backends: the profile, the declaration, self-
 * assessments (start, answer, submit, trend, to-do), the sector benchmark's 5-organization rule,
 * and that another organization never reads any of it (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestHub, type TestHub } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { allAnswers, member } from './support.js';

describe.each(BACKENDS)('posture (%s)', (backend) => {
  let hub: TestHub;
  let skip = '';
  let ceo: { token: string };
  beforeAll(async () => {
    const h = await startTestHub({ backend });
    if ('skip' in h) { skip = h.skip; return; }
    hub = h;
    ceo = await member(hub, { email: 'ceo@acme.example', org: 'acme', role: 'reader', tier: 'executive' });
  });
  afterAll(async () => hub?.close());

  it('lists and serves the questionnaires', async (t) => {
    if (skip) return t.skip(skip);
    const list = await rest(hub, 'GET', '/questionnaires', { as: 'acmeReader' });
    expect(list.body.questionnaires.map((q: { id: string }) => q.id)).toEqual(['sme-self-check', 'management-maturity', 'supply-chain']);
    const q = await rest(hub, 'GET', '/questionnaires/management-maturity', { as: 'acmeReader' });
    expect(q.body.questions).toHaveLength(30);
    expectProblem(await rest(hub, 'GET', '/questionnaires/nope', { as: 'acmeReader' }), 404);
    expectProblem(await rest(hub, 'GET', '/questionnaires/sme-self-check?version=x', { as: 'acmeReader' }), 400);
  });

  it('profile: writers replace it, readers may not, input checked by property, another organization sees its own', async (t) => {
    if (skip) return t.skip(skip);
    const profile = {
      size: 'medium',
      ciso: { name: '佐藤 花子', title: 'CISO', email: 'ciso@acme.example', phone: null, appointed_on: '2026-04-01' },
      bodies: [{ kind: 'csirt', name: 'ACME-CSIRT', email: 'csirt@acme.example' }],
      contacts: [{ purpose: 'incident', name: '窓口', email: 'soc@acme.example' }],
    };
    const put = await rest(hub, 'PUT', '/posture/profile', { as: 'acmeAnalyst', body: profile });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ size: 'medium', ciso: { name: '佐藤 花子' }, bodies: [{ kind: 'csirt', name: 'ACME-CSIRT', phone: null, notes: null }], updated_by: 'analyst@acme.example' });
    expect((await rest(hub, 'GET', '/posture/profile', { as: 'acmeReader' })).body.ciso.email).toBe('ciso@acme.example');
    expectProblem(await rest(hub, 'PUT', '/posture/profile', { as: 'acmeReader', body: profile }), 403);
    const bad = expectProblem(await rest(hub, 'PUT', '/posture/profile', { as: 'acmeAnalyst', body: { size: 'huge', bodies: [{ kind: 'x', name: '' }], ciso: { name: 'a', email: 'nope' } } }), 422);
    expect(bad.errors?.map((e) => e.property).sort()).toEqual(['bodies[0].kind', 'bodies[0].name', 'ciso.email', 'size']);
    const bank = await rest(hub, 'GET', '/posture/profile', { as: 'bankAnalyst' });
    expect(bank.body).toMatchObject({ size: null, ciso: null, bodies: [], updated_at: null });
  });

  it('declaration: signed by an executive, dated, not in the future', async (t) => {
    if (skip) return t.skip(skip);
    const tpl = await rest(hub, 'GET', '/posture/declaration/template', { as: 'acmeReader' });
    expect(tpl.body.articles).toHaveLength(5);
    expect(tpl.body.articles[0].title.ja).toBeTruthy();
    const body = { signer_name: '山田 太郎', signer_title: '代表取締役社長', signed_on: '2026-11-01' };
    expectProblem(await rest(hub, 'POST', '/posture/declaration', { as: 'acmeAnalyst', body }), 403);
    const future = expectProblem(await rest(hub, 'POST', '/posture/declaration', { as: ceo, body: { ...body, signed_on: '2999-01-01' } }), 422);
    expect(future.errors).toEqual([{ property: 'signed_on', message: 'must not be in the future' }]);
    expectProblem(await rest(hub, 'POST', '/posture/declaration', { as: ceo, body: { ...body, signed_on: '2026-02-30' } }), 422);
    const signed = await rest(hub, 'POST', '/posture/declaration', { as: ceo, body });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ signer: { name: '山田 太郎', title: '代表取締役社長', email: 'ceo@acme.example' }, signed_on: '2026-11-01', articles_version: 1 });
    const got = await rest(hub, 'GET', '/posture/declaration', { as: 'acmeReader' });
    expect(got.body.current.id).toBe(signed.body.id);
    expect((await rest(hub, 'GET', '/posture/declaration', { as: 'bankAnalyst' })).body).toEqual({ current: null, history: [] });
  });

  it('assessments: draft, answer, submit, trend and to-do; another organization gets 404', async (t) => {
    if (skip) return t.skip(skip);
    const start = await rest(hub, 'POST', '/posture/assessments', { as: 'acmeAnalyst', body: { questionnaire: 'sme-self-check' } });
    expect(start.status, JSON.stringify(start.body)).toBe(201);
    const id = start.body.id as string;
    expect(start.body).toMatchObject({ status: 'draft', questionnaire: { id: 'sme-self-check', version: 1 }, result: { score: 0 } });
    const again = expectProblem(await rest(hub, 'POST', '/posture/assessments', { as: 'acmeAnalyst', body: { questionnaire: 'sme-self-check' } }), 409);
    expect(again.detail).toContain(id);
    expectProblem(await rest(hub, 'POST', '/posture/assessments', { as: 'acmeAnalyst', body: { questionnaire: 'supply-chain' } }), 422);
    expectProblem(await rest(hub, 'POST', '/posture/assessments', { as: 'acmeReader', body: { questionnaire: 'management-maturity' } }), 403);

    const bad = expectProblem(await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'acmeAnalyst', body: { answers: { b1: 'maybe' } } }), 422);
    expect(bad.errors?.[0]?.property).toBe('answers.b1');
    const half = await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'acmeAnalyst', body: { answers: { b1: 'yes', b2: 'partly' } } });
    expect(half.body.result.score).toBe(6);
    const incomplete = expectProblem(await rest(hub, 'POST', `/posture/assessments/${id}/submit`, { as: 'acmeAnalyst' }), 422);
    expect(incomplete.errors).toHaveLength(23);

    // other organization: the draft does not exist for it
    expectProblem(await rest(hub, 'GET', `/posture/assessments/${id}`, { as: 'bankAnalyst' }), 404);
    expectProblem(await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'bankAnalyst', body: { answers: {} } }), 404);
    expectProblem(await rest(hub, 'POST', `/posture/assessments/${id}/submit`, { as: 'operator' }), 404);
    expectProblem(await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'acmeReader', body: { answers: {} } }), 403);

    await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'acmeAnalyst', body: { answers: { ...allAnswers('sme-self-check', 'partly'), o1: 'no', b1: 'yes' } } });
    const sub = await rest(hub, 'POST', `/posture/assessments/${id}/submit`, { as: 'acmeAnalyst' });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    // 23 partly (2) + yes (4) + no (0) = 50
    expect(sub.body).toMatchObject({ status: 'submitted', result: { score: 50, band: { id: 'weak' } }, submitted_by: 'analyst@acme.example' });
    expectProblem(await rest(hub, 'PUT', `/posture/assessments/${id}/answers`, { as: 'acmeAnalyst', body: { answers: { b1: 'no' } } }), 409);
    expectProblem(await rest(hub, 'DELETE', `/posture/assessments/${id}`, { as: 'acmeAnalyst' }), 409);

    // a second round, better
    const second = await rest(hub, 'POST', '/posture/assessments', { as: 'acmeAnalyst', body: { questionnaire: 'sme-self-check' } });
    await rest(hub, 'PUT', `/posture/assessments/${second.body.id}/answers`, { as: 'acmeAnalyst', body: { answers: { ...allAnswers('sme-self-check', 'yes'), o1: 'no', o2: 'dont-know' } } });
    const sub2 = await rest(hub, 'POST', `/posture/assessments/${second.body.id}/submit`, { as: 'acmeAnalyst' });
    // 23 yes = 92, minus the dont-know penalty of 2
    expect(sub2.body.result.score).toBe(90);

    const trend = await rest(hub, 'GET', '/posture/trend?questionnaire=sme-self-check', { as: 'acmeReader' });
    expect(trend.body.points.map((p: { score: number }) => p.score)).toEqual([50, 90]);
    expect(trend.body.change).toBe(40);
    const todo = await rest(hub, 'GET', '/posture/todo?limit=2', { as: 'acmeReader' });
    expect(todo.body.items.map((i: { question_id: string; lost: number; answer: string }) => [i.question_id, i.lost, i.answer])).toEqual([['o2', 6, 'dont-know'], ['o1', 4, 'no']]);
    expect(todo.body.items[0].guidance.ja).toBeTruthy();
    expect((await rest(hub, 'GET', '/posture/todo', { as: 'bankAnalyst' })).body.items).toEqual([]);

    const list = await rest(hub, 'GET', '/posture/assessments', { as: 'acmeReader' });
    expect(list.body.assessments.map((a: { result: { score: number } }) => a.result.score)).toEqual([90, 50]);
    expect(list.body.assessments[0].answers).toBeUndefined();
    expect((await rest(hub, 'GET', '/posture/assessments', { as: 'bankAnalyst' })).body.assessments).toEqual([]);

    const overview = await rest(hub, 'GET', '/posture', { as: 'acmeReader' });
    expect(overview.body).toMatchObject({ organization: { slug: 'acme', sector: 'finance' }, latest: [{ score: 90, previous_score: 50 }], open_gaps: 2, can_edit: false, can_sign: false });
    expect(overview.body.declaration.signer.name).toBe('山田 太郎');
  });

  it('benchmark: the sector average needs 5 organizations (4: hidden, 5: shown)', async (t) => {
    if (skip) return t.skip(skip);
    // five energy organizations answer the maturity assessment at levels 1..5 everywhere: 0, 25, 50, 75, 100
    const members: { token: string }[] = [];
    for (let i = 1; i <= 5; i++) members.push(await member(hub, { email: `a@energy${i}.example`, org: `energy${i}`, role: 'analyst', sector: 'energy' }));
    const submit = async (as: { token: string }, level: string) => {
      const s = await rest(hub, 'POST', '/posture/assessments', { as, body: { questionnaire: 'management-maturity' } });
      await rest(hub, 'PUT', `/posture/assessments/${s.body.id}/answers`, { as, body: { answers: allAnswers('management-maturity', level) } });
      const done = await rest(hub, 'POST', `/posture/assessments/${s.body.id}/submit`, { as });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    };
    for (let i = 0; i < 4; i++) await submit(members[i]!, String(i + 1));
    const four = await rest(hub, 'GET', '/posture/benchmark', { as: members[0] });
    expect(four.body).toMatchObject({ sector: 'energy', organizations: 4, minimum: 5, shown: false, average: null, own: { score: 0 } });
    await submit(members[4]!, '5');
    const five = await rest(hub, 'GET', '/posture/benchmark?questionnaire=management-maturity', { as: members[0] });
    expect(five.body).toMatchObject({ organizations: 5, shown: true, average: { score: 50 } });
    expect(five.body.average.byCategory).toHaveLength(10);
    expect(five.body.average.byCategory.every((c: { score: number }) => c.score === 50)).toBe(true);
    // the finance sector (acme has no maturity assessment) shows nothing
    const fin = await rest(hub, 'GET', '/posture/benchmark', { as: 'acmeReader' });
    expect(fin.body).toMatchObject({ sector: 'finance', organizations: 0, shown: false, own: null });
  });
});
