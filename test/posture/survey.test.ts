/**
 * Surveys over real HTTP on both backends: an operator creates and sends a questionnaire, members
 * answer, results by sector and by size show a figure only where 5 organizations stand behind it
 * (4 → hidden, 5 → shown; complementary suppression), CSV export, invitation emails, and access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestHub, type TestHub } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { eventually, SmtpSink } from '../support/smtp-sink.js';
import { SurveyService } from '../../src/survey/service.js';
import { addPeer } from '../../src/federation/peers.js';
import { allAnswers, member } from './support.js';

type As = { token: string } | 'acmeAnalyst' | 'bankAnalyst' | 'powerAnalyst';

describe.each(BACKENDS)('surveys (%s)', (backend) => {
  let hub: TestHub;
  let skip = '';
  const sink = new SmtpSink();
  const orgs: { slug: string; as: As; answer: string; size: string | null }[] = [];
  let surveyId = '';

  beforeAll(async () => {
    await sink.start();
    const h = await startTestHub({ backend, config: { smtpUrl: sink.url } });
    if ('skip' in h) { skip = h.skip; await sink.stop(); return; }
    hub = h;
    // the organization admin receives the invitation email
    await member(hub, { email: 'admin@acme.example', org: 'acme', role: 'org-admin' });
    // finance (6): all yes = 100; energy (4): all no = 0; ict (5): all partly = 50
    orgs.push({ slug: 'acme', as: 'acmeAnalyst', answer: 'yes', size: 'medium' }, { slug: 'bank', as: 'bankAnalyst', answer: 'yes', size: null });
    for (let i = 1; i <= 4; i++) orgs.push({ slug: `fin${i}`, as: await member(hub, { email: `a@fin${i}.example`, org: `fin${i}`, role: 'analyst', sector: 'finance' }), answer: 'yes', size: null });
    orgs.push({ slug: 'power', as: 'powerAnalyst', answer: 'no', size: 'medium' });
    for (let i = 1; i <= 3; i++) orgs.push({ slug: `en${i}`, as: await member(hub, { email: `a@en${i}.example`, org: `en${i}`, role: 'analyst', sector: 'energy' }), answer: 'no', size: 'medium' });
    for (let i = 1; i <= 5; i++) orgs.push({ slug: `ict${i}`, as: await member(hub, { email: `a@ict${i}.example`, org: `ict${i}`, role: 'analyst', sector: 'ict', kind: 'sme' }), answer: 'partly', size: 'small' });
    for (const o of orgs) {
      if (o.size) expect((await rest(hub, 'PUT', '/posture/profile', { as: o.as, body: { size: o.size } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await hub?.close();
    await sink.stop();
  });

  const title = { ja: '2026年度 対策状況調査', en: 'Security measures survey 2026' };

  it('operators create; input is checked; members may not create', async (t) => {
    if (skip) return t.skip(skip);
    expectProblem(await rest(hub, 'POST', '/surveys', { as: 'acmeAnalyst', body: { title, questionnaire: 'sme-self-check', closes_on: '2999-12-31' } }), 403);
    const bad = expectProblem(await rest(hub, 'POST', '/surveys', { as: 'operator', body: { title: { ja: '' }, questionnaire: 'nope', closes_on: '2000-01-01', audience: { sectors: ['mars'] } } }), 422);
    expect(bad.errors?.map((e) => e.property).sort()).toEqual(['audience.sectors', 'closes_on', 'questionnaire', 'title.en', 'title.ja']);
    const created = await rest(hub, 'POST', '/surveys', { as: 'operator', body: { title, message: { ja: 'ご協力ください', en: 'Please help' }, questionnaire: 'sme-self-check', closes_on: '2999-12-31' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', questionnaire: { id: 'sme-self-check', version: 1 }, targets: 0, audience: { sectors: [], kinds: [], organizations: [] } });
    surveyId = created.body.id;
    // a draft is invisible to members
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}`, { as: 'acmeAnalyst' }), 404);
    expect((await rest(hub, 'GET', '/surveys', { as: 'acmeAnalyst' })).body.surveys).toEqual([]);
  });

  it('sends to every organization but the operators\' (org-admins emailed), members answer once', async (t) => {
    if (skip) return t.skip(skip);
    const sent = await rest(hub, 'POST', `/surveys/${surveyId}/send`, { as: 'operator' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: 'open', targets: 15, responses: 0 });
    expectProblem(await rest(hub, 'POST', `/surveys/${surveyId}/send`, { as: 'operator' }), 409);
    const mails = await eventually('the invitation', (): ReturnType<typeof sink.mails.filter> | undefined => {
      const m = sink.mails.filter((x) => x.to.includes('admin@acme.example'));
      return m.length > 0 ? m : undefined;
    }) ?? [];
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(title.ja);
    expect(mails[0]!.text).toContain(`/surveys/${surveyId}`);
    expect(sink.mails).toHaveLength(1);

    const mine = await rest(hub, 'GET', '/surveys', { as: 'bankAnalyst' });
    expect(mine.body.surveys.map((s: { id: string }) => s.id)).toEqual([surveyId]);
    expectProblem(await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: 'acmeReader', body: { answers: { b1: 'yes' } } }), 403);
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}/results`, { as: 'acmeAnalyst' }), 403);
    const bad = expectProblem(await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: 'acmeAnalyst', body: { answers: { zz: 'yes' } } }), 422);
    expect(bad.errors?.[0]?.property).toBe('answers.zz');

    for (const o of orgs) {
      if (o.slug === 'acme') continue;
      const r = await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: o.as, body: { answers: allAnswers('sme-self-check', o.answer) } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const s = await rest(hub, 'POST', `/surveys/${surveyId}/response/submit`, { as: o.as });
      expect(s.body.response.status).toBe('submitted');
    }
    expectProblem(await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: 'bankAnalyst', body: { answers: { b1: 'no' } } }), 409);
    // while open nobody reads results, operators included: two readings around one submission
    // would differ by exactly that organization's answers
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}/results`, { as: 'operator' }), 403);
    expect((await fetch(`${hub.url}/api/v1/surveys/${surveyId}/results.csv`, { headers: { authorization: hub.auth('operator') } })).status).toBe(403);
  });

  it('14 responses: by size, medium has 4 organizations (hidden) and hides the smallest other group too', async (t) => {
    if (skip) return t.skip(skip);
    // a second survey, answered by every organization but ACME, then closed
    const other = await rest(hub, 'POST', '/surveys', { as: 'operator', body: { title, questionnaire: 'sme-self-check', closes_on: '2999-12-31' } });
    const id = other.body.id as string;
    expect((await rest(hub, 'POST', `/surveys/${id}/send`, { as: 'operator' })).status).toBe(200);
    for (const o of orgs) {
      if (o.slug === 'acme') continue;
      expect((await rest(hub, 'PUT', `/surveys/${id}/response`, { as: o.as, body: { answers: allAnswers('sme-self-check', o.answer) } })).status).toBe(200);
      expect((await rest(hub, 'POST', `/surveys/${id}/response/submit`, { as: o.as })).status).toBe(200);
    }
    expect((await rest(hub, 'POST', `/surveys/${id}/close`, { as: 'operator' })).body.status).toBe('closed');
    const r = await rest(hub, 'GET', `/surveys/${id}/results?by=size`, { as: 'operator' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.responses).toBe(14);
    expect(r.body.groups.map((g: { key: string; organizations: number; shown: boolean; score: number | null; reason: string | null }) => [g.key, g.organizations, g.shown, g.score, g.reason])).toEqual([
      ['medium', 4, false, null, 'fewer-than-minimum'], ['small', 5, false, null, 'complementary'], ['unknown', 5, true, 100, null],
    ]);
    // (5 × 100 + 4 × 0 + 5 × 50) / 14 = 53.6
    expect(r.body.overall).toMatchObject({ key: 'all', organizations: 14, shown: true, score: 53.6 });
  });

  it('15 responses: by sector and by size, 4 → hidden, 5 → shown; answer counts; CSV', async (t) => {
    if (skip) return t.skip(skip);
    await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: 'acmeAnalyst', body: { answers: allAnswers('sme-self-check', 'yes') } });
    expect((await rest(hub, 'POST', `/surveys/${surveyId}/response/submit`, { as: 'acmeAnalyst' })).status).toBe(200);
    expect((await rest(hub, 'POST', `/surveys/${surveyId}/close`, { as: 'operator' })).body.status).toBe('closed');

    const bySize = await rest(hub, 'GET', `/surveys/${surveyId}/results?by=size`, { as: 'operator' });
    expect(bySize.body.groups.map((g: { key: string; organizations: number; score: number | null }) => [g.key, g.organizations, g.score])).toEqual([
      ['medium', 5, 20], ['small', 5, 50], ['unknown', 5, 100],
    ]);
    const bySector = await rest(hub, 'GET', `/surveys/${surveyId}/results`, { as: 'operator' });
    expect(bySector.body.by).toBe('sector');
    // (6 × 100 + 4 × 0 + 5 × 50) / 15 = 56.7
    expect(bySector.body.overall).toMatchObject({ organizations: 15, shown: true, score: 56.7 });
    expect(bySector.body.overall.answers.b1).toEqual({ yes: 6, no: 4, partly: 5 });
    expect(bySector.body.overall.byCategory).toEqual([{ category: 'basics', score: 56.7 }, { category: 'everyday', score: 56.7 }, { category: 'organization', score: 56.7 }]);
    expect(bySector.body.groups.map((g: { key: string; organizations: number; shown: boolean; score: number | null; reason: string | null }) => [g.key, g.organizations, g.shown, g.score, g.reason])).toEqual([
      ['energy', 4, false, null, 'fewer-than-minimum'], ['finance', 6, true, 100, null], ['ict', 5, false, null, 'complementary'],
    ]);

    const csv = await fetch(`${hub.url}/api/v1/surveys/${surveyId}/results.csv?lang=en`, { headers: { authorization: hub.auth('operator') } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('group,organizations,score,Part 1: the basics to do first,Part 2: everyday protection,Part 3: readiness as an organization,note');
    expect(lines.slice(1)).toEqual([
      'all,15,56.7,56.7,56.7,56.7,', 'energy,4,,,,,hidden: fewer than 5 organizations', 'finance,6,100,100,100,100,', 'ict,5,,,,,hidden so that a smaller group cannot be worked out',
    ]);
    const ja = await fetch(`${hub.url}/api/v1/surveys/${surveyId}/results.csv`, { headers: { authorization: hub.auth('operator'), 'accept-language': 'ja,en;q=0.5' } });
    expect((await ja.text()).split('\r\n')[1]).toMatch(/^全体,15,56.7/);
  });

  it('a survey past its closing date is closed: no more answers, results for the members', async (t) => {
    if (skip) return t.skip(skip);
    let now = new Date('2026-01-10T00:00:00Z');
    const service = new SurveyService(hub.ctx.store, { now: () => now });
    const op = (await hub.ctx.identity.principalFor(hub.users.operator, null))!;
    const bank = (await hub.ctx.identity.principalFor(hub.users.bankAnalyst, null))!;
    const s = await service.create(op, { title, questionnaire: 'sme-self-check', closes_on: '2026-01-31', audience: { organizations: ['bank'] } });
    expect((await service.send(op, s.id)).targets).toBe(1);
    // the organizations named are the operators' to know, not the members'
    expect(s.audience.organizations).toEqual(['bank']);
    expect((await service.get(bank, s.id)).audience.organizations).toEqual([]);
    expect((await service.answer(bank, s.id, { b1: 'yes' })).response?.status).toBe('draft');
    await expect(service.results(bank, s.id, 'sector')).rejects.toMatchObject({ kind: 'forbidden' });
    now = new Date('2026-02-01T00:00:00Z');
    expect((await service.get(bank, s.id)).status).toBe('closed');
    await expect(service.answer(bank, s.id, { b2: 'yes' })).rejects.toMatchObject({ kind: 'conflict' });
    expect((await service.results(bank, s.id, 'sector')).responses).toBe(0);
  });

  it('members read results once closed; outsiders never', async (t) => {
    if (skip) return t.skip(skip);
    const outsider = await member(hub, { email: 'x@gov.example', org: 'gov1', role: 'analyst', sector: 'government' });
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}`, { as: outsider }), 404);
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}/results`, { as: outsider }), 404);
    expectProblem(await rest(hub, 'POST', `/surveys/${surveyId}/close`, { as: 'operator' }), 409); // closed by the test above
    const r = await rest(hub, 'GET', `/surveys/${surveyId}/results?by=sector`, { as: 'acmeAnalyst' });
    expect(r.status).toBe(200);
    expect(r.body.groups.find((g: { key: string }) => g.key === 'energy').score).toBeNull();
    expectProblem(await rest(hub, 'GET', `/surveys/${surveyId}/results`, { as: outsider }), 404);
    expectProblem(await rest(hub, 'PUT', `/surveys/${surveyId}/response`, { as: 'acmeAnalyst', body: { answers: {} } }), 409);
    const mine = await rest(hub, 'GET', `/surveys/${surveyId}`, { as: 'acmeAnalyst' });
    expect(mine.body.response).toMatchObject({ status: 'submitted', result: { score: 100 } });
  });

  it('a peer hub\'s organization is never surveyed, even when named', async (t) => {
    if (skip) return t.skip(skip);
    await addPeer(hub.ctx.store, hub.ctx.config, { name: 'partner', direction: 'pull', passive: true, community: 'fin-isac', maxTlp: 'green' });
    const service = new SurveyService(hub.ctx.store);
    const op = (await hub.ctx.identity.principalFor(hub.users.operator, null))!;
    const s = await service.create(op, { title, questionnaire: 'sme-self-check', closes_on: '2999-12-31', audience: { organizations: ['peer-partner', 'bank'] } });
    expect((await service.send(op, s.id)).targets).toBe(1);
  });
});
