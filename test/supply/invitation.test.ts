/**
 * The invitation flow end to end over HTTP, with a real SMTP server on loopback: a buyer invites
 * a supplier that is not on the hub; the invitation email arrives (Japanese and English); the
 * operator registers the supplier; its user finds the request in its inbox, answers, confirms,
 * submits and shares it; the buyer sees it in its table and map. Also a decline, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../support/hub.js';
import { eventually, SmtpSink } from '../support/smtp-sink.js';
import { expectProblem, linkSecret, rest } from '../support/rest.js';
import { allAnswers, call, EXPERT, inDays, invite, PDF, startSupplyHub, THIRD_PARTY, uploadEvidence, VENDOR_EMAIL, type SupplyHub } from './helpers.js';

const NEWCO = 'ciso@newco.example';

describe.each(BACKENDS)('supplier invitation, end to end (%s)', (backend) => {
  const sink = new SmtpSink();
  let s: SupplyHub;
  let skip = '';

  beforeAll(async () => {
    await sink.start();
    const started = await startSupplyHub(backend, { config: { smtpUrl: sink.url, smtpFrom: 'Kyojo <kyojo@kyojo.test>', publicUrl: 'https://kyojo.test' } });
    if ('skip' in started) {
      skip = started.skip;
      return;
    }
    s = started;
  });
  afterAll(async () => {
    await s?.hub.close();
    await sink.stop();
  });

  it('invites a supplier not on the hub, which answers once registered; the buyer then sees it shared', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { hub } = s;
    const created = await invite(hub, 'acmeAnalyst', 'CISO@NewCo.example', { relationship: 'outsourcing', message: 'Please answer before our contract renewal.', tier: 1 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const requestId = created.body.id as string;
    expect(created.body).toMatchObject({ supplier_email: NEWCO, supplier: null, buyer: { slug: 'acme' }, level: 'level-3', status: 'open', overdue: false, fulfilled: false });

    // the invitation email, in both languages, with the buyer's note and the portal link
    const mail = (await eventually('the invitation email', () => sink.mails.find((m) => m.to.includes(NEWCO))))!;
    expect(mail.subject).toContain('ACME Bank');
    expect(mail.text).toContain('サプライチェーン・セキュリティ評価');
    expect(mail.text).toContain('asks you, through Kyojo, to answer a supply-chain security assessment');
    expect(mail.text).toContain('> Please answer before our contract renewal.');
    expect(mail.text).toContain('https://kyojo.test/supply/inbox');
    expect(mail.text).toContain('not on Kyojo yet');
    expect((await hub.ctx.store.supply.listNotices(`invite:${requestId}`)).length).toBe(1);

    // the buyer's table: invited (the supplier is not on the hub)
    let chain = await call(hub, 'acmeReader', 'GET', '/supply/chain');
    expect(chain.body.rows.map((r: { status: string; request: { id: string } }) => [r.request.id, r.status])).toEqual([[requestId, 'invited']]);

    // the operator registers the supplier with that address; its admin sets a password from the link
    const org = await rest(hub, 'POST', '/admin/organizations', { as: 'operator', body: { slug: 'newco', name: 'NewCo Systems', kind: 'sme', sector: 'ict', country: 'JP', admin_email: NEWCO } });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const set = await rest(hub, 'POST', `/password-links/${linkSecret(org.body.invite_url)}`, { body: { password: 'a long and new passphrase 2026' } });
    expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
    const newco = { token: (await hub.ctx.identity.addToken(NEWCO, 'tests')).secret };

    // the inbox attaches the waiting request to the new organization
    const box = await call(hub, newco, 'GET', '/supply/inbox');
    expect(box.body.requests.map((r: { id: string; supplier: { slug: string } }) => [r.id, r.supplier?.slug])).toEqual([[requestId, 'newco']]);
    chain = await call(hub, 'acmeReader', 'GET', '/supply/chain');
    expect(chain.body.rows[0].status).toBe('pending');

    // answering: one draft per request
    const started = await call(hub, newco, 'POST', `/supply/requests/${requestId}/assessment`);
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const again = await call(hub, newco, 'POST', `/supply/requests/${requestId}/assessment`);
    expect([again.status, again.body.id]).toEqual([200, id]);
    expect(started.body).toMatchObject({ request_id: requestId, status: 'draft', result: { score: 0 } });

    const unknown = expectProblem(await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: { 'no-such-question': 'met' } }), 422);
    expect(unknown.detail).toContain('no-such-question');
    const badValue = expectProblem(await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: { gv1: 'always' } }), 422);
    expect(badValue.detail).toContain('gv1');
    const level4Only = expectProblem(await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: { gv4: 'met' } }), 422);
    expect(level4Only.detail).toContain('gv4');

    const answers = allAnswers('level-3');
    const [first, ...rest3] = Object.keys(answers);
    const partial = await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: Object.fromEntries(rest3.map((k) => [k, 'met'])) });
    expect(partial.status).toBe(200);
    expect(partial.body.result.unanswered).toEqual([first]);
    const incomplete = expectProblem(await call(hub, newco, 'POST', `/supply/assessments/${id}/submit`), 422);
    expect(incomplete.errors).toEqual([{ property: `answers.${first}`, message: 'is unanswered' }]);
    const full = await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: { [first!]: 'partly' } });
    expect(full.body.result.unanswered).toEqual([]);
    expect(full.body.result.score).toBeGreaterThan(90);
    expect(full.body.result.score).toBeLessThan(100);

    expectProblem(await call(hub, newco, 'POST', `/supply/assessments/${id}/submit`), 422); // no confirmation yet
    expectProblem(await call(hub, newco, 'PUT', `/supply/assessments/${id}/confirmation`, { ...EXPERT, date: inDays(3) }), 422);
    const confirmed = await call(hub, newco, 'PUT', `/supply/assessments/${id}/confirmation`, EXPERT);
    expect(confirmed.body.confirmation).toEqual({ kind: 'expert', name: EXPERT.name, organization: EXPERT.organization, qualification: 'CISA', date: EXPERT.date });

    // evidence: a hostile name and a lying type are refused; a PDF is kept with its hash
    expect((await uploadEvidence(hub, newco.token, id, '../../etc/passwd', PDF)).status).toBe(422);
    expect((await uploadEvidence(hub, newco.token, id, 'report.pdf', Buffer.from('MZ\x90\x00 not a pdf'), '&type=application/pdf')).status).toBe(415);
    expect((await uploadEvidence(hub, newco.token, id, 'iso27001.pdf', PDF, '&type=application/pdf&kind=certificate&question=gv1')).status).toBe(201);

    const submitted = await call(hub, newco, 'POST', `/supply/assessments/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', level_reached: 'level-3', expired: false });
    expect(new Date(submitted.body.expires_at).getTime() - new Date(submitted.body.submitted_at).getTime()).toBe(365 * 86_400_000);
    expectProblem(await call(hub, newco, 'PUT', `/supply/assessments/${id}/answers`, { answers: { [first!]: 'met' } }), 409);
    expect((await uploadEvidence(hub, newco.token, id, 'late.pdf', PDF)).status).toBe(409);

    // still nothing for the buyer until the supplier shares
    expect((await call(hub, 'acmeAnalyst', 'GET', `/supply/assessments/${id}`)).status).toBe(404);
    const shared = await call(hub, newco, 'PUT', `/supply/assessments/${id}/shares`, { all_customers: false, organizations: ['acme'] });
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);

    chain = await call(hub, 'acmeReader', 'GET', '/supply/chain');
    expect(chain.body.rows[0]).toMatchObject({
      status: 'shared',
      request: { id: requestId, supplier: { slug: 'newco', name: 'NewCo Systems' }, fulfilled: true, overdue: false },
      assessment: { id, level: 'level-3', level_reached: 'level-3', expired: false, expiring_soon: false, gaps: 1 },
    });
    expect(chain.body.rows[0].assessment.score).toBe(full.body.result.score);
    expect(chain.body.summary).toMatchObject({ suppliers: 1, shared: 1, pending: 0, overdue: 0, with_gaps: 1, by_level_reached: { 'level-3': 1, 'level-4': 0, none: 0 } });
    const map = await call(hub, 'acmeReader', 'GET', '/supply/chain/map');
    expect(map.body).toEqual({
      buyer: { slug: 'acme', name: 'ACME Bank' },
      tiers: [{ tier: 1, groups: [{ relationship: 'outsourcing', status: 'shared', suppliers: [{ request_id: requestId, name: 'NewCo Systems', level_requested: 'level-3', level_reached: 'level-3', overdue: false }] }] }],
    });
  });

  it('a supplier declines; the buyer sees it declined; a buyer withdraws; refusals are clear', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const { hub } = s;
    const req = await invite(hub, 'bankAnalyst', VENDOR_EMAIL, { level: 'level-4', tier: 2, relationship: 'logistics' });
    expect(req.status).toBe(201);
    // the address is on the hub, but the buyer is not told whose it is until the addressee acts
    expect(req.body.supplier).toBeNull();
    const mail = (await eventually('the invitation to the vendor', () => sink.mails.find((m) => m.to.includes(VENDOR_EMAIL))))!;
    expect(mail.text).toContain('Open the request in the portal: https://kyojo.test/supply/inbox');
    expect((await call(hub, 'bankAnalyst', 'GET', `/supply/requests/${req.body.id}`)).body.supplier).toBeNull();
    expect((await call(hub, { token: s.vendor.reader }, 'GET', `/supply/requests/${req.body.id}`)).status).toBe(404); // addressed to a colleague
    expect((await call(hub, { token: s.vendor.analyst }, 'GET', '/supply/inbox')).status).toBe(200);
    expect((await call(hub, 'bankAnalyst', 'GET', `/supply/requests/${req.body.id}`)).body.supplier).toEqual({ slug: 'vendor', name: 'Vendor KK' });

    // the vendor's reader may look, not act
    expect((await call(hub, { token: s.vendor.reader }, 'GET', `/supply/requests/${req.body.id}`)).status).toBe(200);
    expect((await call(hub, { token: s.vendor.reader }, 'POST', `/supply/requests/${req.body.id}/decline`, {})).status).toBe(403);
    // another organization does not see the request at all
    expect((await call(hub, 'powerAnalyst', 'GET', `/supply/requests/${req.body.id}`)).status).toBe(404);
    const declined = await call(hub, { token: s.vendor.analyst }, 'POST', `/supply/requests/${req.body.id}/decline`, { reason: 'We no longer serve this customer.' });
    expect(declined.body).toMatchObject({ status: 'declined', decline_reason: 'We no longer serve this customer.' });
    expectProblem(await call(hub, { token: s.vendor.analyst }, 'POST', `/supply/requests/${req.body.id}/assessment`), 409);
    const chain = await call(hub, 'bankAnalyst', 'GET', '/supply/chain');
    expect(chain.body.rows.map((r: { status: string }) => r.status)).toEqual(['declined']);
    expect(chain.body.summary).toMatchObject({ suppliers: 1, declined: 1, overdue: 0 });

    // a new open request after the decline is allowed; a second open one is a conflict
    const renewed = await invite(hub, 'bankAnalyst', VENDOR_EMAIL);
    expect(renewed.status).toBe(201);
    expectProblem(await invite(hub, 'bankAnalyst', VENDOR_EMAIL), 409);
    const withdrawn = await call(hub, 'bankAnalyst', 'POST', `/supply/requests/${renewed.body.id}/withdraw`);
    expect(withdrawn.body.status).toBe('withdrawn');
    expectProblem(await call(hub, 'bankAnalyst', 'POST', `/supply/requests/${renewed.body.id}/withdraw`), 409);
    expect((await call(hub, 'acmeAnalyst', 'POST', `/supply/requests/${req.body.id}/withdraw`)).status).toBe(404);

    // invalid requests
    const bad = expectProblem(await call(hub, 'bankAnalyst', 'POST', '/supply/requests', { supplier_email: 'not-an-email', level: 'level-5', due_date: '2026-02-30' }), 422);
    expect(bad.errors?.[0]?.property).toBe('supplier_email');
    expectProblem(await invite(hub, 'bankAnalyst', 'x@other.example', { level: 'level-5' }), 422);
    expectProblem(await invite(hub, 'bankAnalyst', 'x@other.example', { due_date: '2026-02-30' }), 422);
    expectProblem(await invite(hub, 'bankAnalyst', 'x@other.example', { due_date: inDays(-1) }), 422);
    expectProblem(await invite(hub, 'bankAnalyst', 'x@other.example', { tier: 4 }), 422);
    expectProblem(await invite(hub, 'bankAnalyst', 'analyst@bank.example'), 422); // its own member
    expectProblem(await invite(hub, 'acmeReader', 'x@other.example'), 403);
    expectProblem(await call(hub, 'bankAnalyst', 'POST', '/supply/requests', { supplier_email: 'x@other.example', level: 'level-3', due_date: inDays(9), extra: 1 }), 422);
    // a level-4 confirmation must be a third-party evaluation
    const own = await call(hub, { token: s.vendor.analyst }, 'POST', '/supply/assessments', { level: 'level-4' });
    expect(own.status).toBe(201);
    expectProblem(await call(hub, { token: s.vendor.analyst }, 'PUT', `/supply/assessments/${own.body.id}/confirmation`, EXPERT), 422);
    expect((await call(hub, { token: s.vendor.analyst }, 'PUT', `/supply/assessments/${own.body.id}/confirmation`, THIRD_PARTY)).status).toBe(200);
    const list = await call(hub, { token: s.vendor.reader }, 'GET', '/supply/assessments');
    expect(list.body.assessments.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[own.body.id, 'draft']]);
  });
});
