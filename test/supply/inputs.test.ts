/**
 * Supplier-assessment routes refuse malformed input with clear problem details and never crash:
 * bodies of the wrong shape, unknown ids, uploads without a name or with the wrong media type,
 * callers without credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/rest.js';
import { call, invite, startSupplyHub, uploadEvidence, VENDOR_EMAIL, type SupplyHub } from './helpers.js';

describe('supplier-assessment input checks (sqlite)', () => {
  let s: SupplyHub;
  let draftId = '';

  beforeAll(async () => {
    const started = await startSupplyHub('sqlite');
    if ('skip' in started) throw new Error(started.skip);
    s = started;
    const req = await invite(s.hub, 'acmeAnalyst', VENDOR_EMAIL);
    draftId = (await call(s.hub, { token: s.vendor.analyst }, 'POST', `/supply/requests/${req.body.id}/assessment`)).body.id;
  });
  afterAll(async () => {
    await s?.hub.close();
  });

  it('refuses bodies of the wrong shape (422) and broken JSON (400)', async () => {
    const v = { token: s.vendor.analyst };
    const h = s.hub;
    for (const body of [[], JSON.stringify('answers'), { answers: [] }, { answers: { gv1: 2 } }, { answers: {}, extra: true }]) {
      expectProblem(await call(h, v, 'PUT', `/supply/assessments/${draftId}/answers`, body), 422);
    }
    const numeric = expectProblem(await call(h, v, 'PUT', `/supply/assessments/${draftId}/answers`, { answers: { gv1: 2 } }), 422);
    expect(numeric.errors).toEqual([{ property: 'answers.gv1', message: 'must be text or null' }]);
    for (const body of [{}, { all_customers: 'yes', organizations: [] }, { all_customers: true, organizations: 'acme' }, { all_customers: true, organizations: [1] }]) {
      expectProblem(await call(h, v, 'PUT', `/supply/assessments/${draftId}/shares`, body), 422);
    }
    for (const body of [[], { kind: 'friend' }, { kind: 'expert', name: 'x', organization: 'y', date: 'yesterday' }, { kind: 'expert', organization: 'y', date: '2026-01-01' }, { kind: 'expert', name: 'x', organization: 'y', date: '2026-01-01', colour: 'red' }]) {
      expectProblem(await call(h, v, 'PUT', `/supply/assessments/${draftId}/confirmation`, body), 422);
    }
    expectProblem(await call(h, v, 'POST', '/supply/assessments', { level: 'gold' }), 422);
    expectProblem(await call(h, v, 'POST', '/supply/requests', '{"supplier_email": '), 400);
  });

  it('answers 404 for unknown ids on every id route, and 401 without credentials', async () => {
    const v = { token: s.vendor.analyst };
    const h = s.hub;
    for (const [method, path, body] of [
      ['GET', '/supply/requests/nope'], ['POST', '/supply/requests/nope/withdraw'], ['POST', '/supply/requests/nope/decline', {}],
      ['POST', '/supply/requests/nope/assessment'], ['GET', '/supply/assessments/00000000-0000-4000-8000-000000000000'],
      ['PUT', '/supply/assessments/nope/answers', { answers: {} }], ['POST', '/supply/assessments/nope/submit'],
      ['GET', '/supply/assessments/nope/shares'], ['GET', `/supply/assessments/${draftId}/evidence/nope`],
      ['DELETE', `/supply/assessments/${draftId}/evidence/00000000-0000-4000-8000-000000000000`],
    ] as [string, string, unknown?][]) {
      expectProblem(await call(h, v, method, path, body), 404);
    }
    expectProblem(await call(h, null, 'GET', '/supply/chain'), 401);
    expectProblem(await call(h, null, 'GET', `/supply/assessments/${draftId}`), 401);
  });

  it('refuses uploads without a name, with JSON instead of bytes, or empty', async () => {
    const h = s.hub;
    const noName = await fetch(`${h.url}/api/v1/supply/assessments/${draftId}/evidence`, {
      method: 'POST', headers: { authorization: `Bearer ${s.vendor.analyst}`, 'content-type': 'application/octet-stream' }, body: Buffer.from('x'),
    });
    expect(noName.status).toBe(422);
    const asJson = await call(h, { token: s.vendor.analyst }, 'POST', `/supply/assessments/${draftId}/evidence?filename=a.pdf`, { file: 'x' });
    expect(expectProblem(asJson, 422).detail).toContain('application/octet-stream');
    const empty = await uploadEvidence(h, s.vendor.analyst, draftId, 'empty.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(422);
    const badKind = await uploadEvidence(h, s.vendor.analyst, draftId, 'a.txt', Buffer.from('policy text'), '&kind=selfie');
    expect(badKind.status).toBe(422);
    const badQuestion = await uploadEvidence(h, s.vendor.analyst, draftId, 'a.txt', Buffer.from('policy text'), '&question=zz9');
    expect(badQuestion.status).toBe(422);
    // a buyer cannot upload to the supplier's draft
    const byBuyer = await uploadEvidence(h, s.hub.tokens.acmeAnalyst, draftId, 'a.txt', Buffer.from('x'));
    expect(byBuyer.status).toBe(404);
    const ok = await uploadEvidence(h, s.vendor.analyst, draftId, '方針.txt', Buffer.from('policy text'), '&kind=policy');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ filename: '方針.txt', size: 11, kind: 'policy', question_id: null });
    expect((await call(h, { token: s.vendor.reader }, 'DELETE', `/supply/assessments/${draftId}/evidence/${ok.body.id}`)).status).toBe(403);
    expect((await call(h, { token: s.vendor.analyst }, 'DELETE', `/supply/assessments/${draftId}/evidence/${ok.body.id}`)).status).toBe(204);
    expect((await call(h, { token: s.vendor.analyst }, 'GET', `/supply/assessments/${draftId}`)).body.evidence).toEqual([]);
  });
});
