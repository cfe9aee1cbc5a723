/**
 * Consent on supplier assessments, over HTTP, on both backends: a buyer the supplier did not
 * choose sees nothing (table, assessment, evidence: 404), a revoked share disappears at once
 * from every view and download, and "all my customers" covers exactly the buyers with a live
 * request to the supplier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type UserKey } from '../support/hub.js';
import { answerAndSubmit, call, download, invite, PDF, share, startSupplyHub, VENDOR_EMAIL, type SupplyHub } from './helpers.js';

describe.each(BACKENDS)('supplier assessment consent (%s)', (backend) => {
  let s: SupplyHub | undefined;
  let skip = '';
  const requests: Record<string, string> = {};
  let assessmentId = '';
  let evidenceId = '';

  beforeAll(async () => {
    const started = await startSupplyHub(backend);
    if ('skip' in started) {
      skip = started.skip;
      return;
    }
    s = started;
    // acme and bank ask the vendor; power does not (yet)
    for (const buyer of ['acmeAnalyst', 'bankAnalyst'] as const) {
      const res = await invite(s.hub, buyer, VENDOR_EMAIL, { relationship: 'cloud' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      requests[buyer] = res.body.id;
    }
    // the addressee opens its inbox: the requests attach to the vendor (the buyers did not learn it before)
    expect((await call(s.hub, { token: s.vendor.analyst }, 'GET', '/supply/inbox')).status).toBe(200);
    ({ id: assessmentId, evidenceId } = await answerAndSubmit(s, requests.acmeAnalyst!));
  }, 60_000);
  afterAll(async () => {
    await s?.hub.close();
  });

  /** What a buyer sees of the vendor's assessment: its table row, the assessment and the evidence download. */
  async function seenBy(user: UserKey) {
    const hub = s!.hub;
    const chain = await call(hub, user, 'GET', '/supply/chain');
    expect(chain.status).toBe(200);
    const row = chain.body.rows.find((r: { request: { supplier_email: string } }) => r.request.supplier_email === VENDOR_EMAIL);
    const a = await call(hub, user, 'GET', `/supply/assessments/${assessmentId}`);
    const file = await download(hub, user, `/supply/assessments/${assessmentId}/evidence/${evidenceId}`);
    return { row: row ? { status: row.status, assessment: row.assessment?.id ?? null } : null, assessment: a.status, evidence: file.status, file };
  }

  const NOTHING_ROW = (status: string) => ({ row: { status, assessment: null }, assessment: 404, evidence: 404 });

  it('before any share, no buyer sees the submitted assessment; the supplier does', async (ctx) => {
    if (skip) return ctx.skip(skip);
    expect(await seenBy('acmeAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    expect(await seenBy('bankAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    const own = await call(s!.hub, { token: s!.vendor.reader }, 'GET', `/supply/assessments/${assessmentId}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ status: 'submitted', level: 'level-3', level_reached: 'level-3', result: { score: 100 } });
  });

  it('shared with one buyer: that buyer sees the row, the assessment and the evidence; the others see nothing', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const res = await share(s!, assessmentId, false, ['acme']);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.organizations.map((o: { slug: string }) => o.slug)).toEqual(['acme']);

    const acme = await seenBy('acmeAnalyst');
    expect(acme).toMatchObject({ row: { status: 'shared', assessment: assessmentId }, assessment: 200, evidence: 200 });
    expect(acme.file.bytes.equals(PDF)).toBe(true);
    expect(acme.file.headers.get('content-type')).toBe('application/octet-stream');
    expect(acme.file.headers.get('content-disposition')).toContain('attachment');
    expect(acme.file.headers.get('x-kyojo-sha256')).toMatch(/^[0-9a-f]{64}$/);
    const detail = await call(s!.hub, 'acmeReader', 'GET', `/supply/assessments/${assessmentId}`);
    expect(detail.body).toMatchObject({ supplier: { slug: 'vendor' }, request_id: null, confirmation: { kind: 'expert' } });
    expect(detail.body.evidence.map((e: { filename: string; kind: string }) => `${e.filename} ${e.kind}`)).toEqual(['soc2-type2-2026.pdf audit-report']);

    expect(await seenBy('bankAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    // power never asked: no row at all, and 404s
    expect(await seenBy('powerAnalyst')).toMatchObject({ row: null, assessment: 404, evidence: 404 });
    // operators are not chosen either
    expect(await seenBy('operator')).toMatchObject({ row: null, assessment: 404, evidence: 404 });
  });

  it('"all my customers" covers exactly the buyers with a live request, following requests as they come and go', async (ctx) => {
    if (skip) return ctx.skip(skip);
    expect((await share(s!, assessmentId, true, [])).status).toBe(200);
    expect(await seenBy('acmeAnalyst')).toMatchObject({ row: { status: 'shared' }, assessment: 200, evidence: 200 });
    expect(await seenBy('bankAnalyst')).toMatchObject({ row: { status: 'shared' }, assessment: 200, evidence: 200 });
    expect(await seenBy('powerAnalyst')).toMatchObject({ row: null, assessment: 404, evidence: 404 });

    // power asks: it becomes a customer, and "all my customers" now includes it
    const powerReq = await invite(s!.hub, 'powerAnalyst', VENDOR_EMAIL, { level: 'level-4', tier: 2 });
    expect(powerReq.status).toBe(201);
    // not before the vendor has the request: an address alone tells power nothing
    expect(await seenBy('powerAnalyst')).toMatchObject({ assessment: 404, evidence: 404 });
    expect((await call(s!.hub, { token: s!.vendor.analyst }, 'GET', '/supply/inbox')).status).toBe(200);
    expect(await seenBy('powerAnalyst')).toMatchObject({ row: { status: 'shared' }, assessment: 200, evidence: 200 });
    const shares = await call(s!.hub, { token: s!.vendor.analyst }, 'GET', `/supply/assessments/${assessmentId}/shares`);
    expect(shares.body).toMatchObject({ all_customers: true, organizations: [] });
    expect(shares.body.customers.map((o: { slug: string }) => o.slug)).toEqual(['acme', 'bank', 'power']);

    // power withdraws: it is no customer any more, and sees nothing again
    expect((await call(s!.hub, 'powerAnalyst', 'POST', `/supply/requests/${powerReq.body.id}/withdraw`)).status).toBe(200);
    expect(await seenBy('powerAnalyst')).toMatchObject({ row: null, assessment: 404, evidence: 404 });
    // and it cannot be named either: it is not a customer
    const named = await share(s!, assessmentId, true, ['power']);
    expect(named.status).toBe(422);
    expect(named.body.detail).toContain('power');
  });

  it('a revoked share disappears at once from the table, the assessment and the download', async (ctx) => {
    if (skip) return ctx.skip(skip);
    expect((await share(s!, assessmentId, false, ['bank'])).status).toBe(200);
    expect(await seenBy('acmeAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    expect(await seenBy('bankAnalyst')).toMatchObject({ row: { status: 'shared' }, assessment: 200, evidence: 200 });
    expect((await share(s!, assessmentId, false, [])).status).toBe(200);
    expect(await seenBy('bankAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    expect(await seenBy('acmeAnalyst')).toMatchObject(NOTHING_ROW('pending'));
    const summary = await call(s!.hub, 'bankAnalyst', 'GET', '/supply/chain');
    expect(summary.body.summary).toMatchObject({ suppliers: 1, shared: 0, pending: 1, by_level_reached: { 'level-3': 0, none: 1 } });
  });

  it('only the supplier\'s writers decide; buyers cannot touch the sharing; a draft cannot be shared', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const hub = s!.hub;
    const byReader = await call(hub, { token: s!.vendor.reader }, 'PUT', `/supply/assessments/${assessmentId}/shares`, { all_customers: true, organizations: [] });
    expect(byReader.status).toBe(403);
    expect((await call(hub, 'acmeAnalyst', 'PUT', `/supply/assessments/${assessmentId}/shares`, { all_customers: true, organizations: ['acme'] })).status).toBe(404);
    expect((await call(hub, 'acmeAnalyst', 'GET', `/supply/assessments/${assessmentId}/shares`)).status).toBe(404);
    const draft = await call(hub, { token: s!.vendor.analyst }, 'POST', `/supply/requests/${requests.bankAnalyst}/assessment`);
    expect(draft.status).toBe(201);
    expect((await share(s!, draft.body.id, false, ['bank'])).status).toBe(409);
    // a buyer cannot read the supplier's draft either, even with a request open
    expect((await call(hub, 'bankAnalyst', 'GET', `/supply/assessments/${draft.body.id}`)).status).toBe(404);
    // every decision is in the audit log
    const audit = await hub.ctx.store.trust.listAudit({ limit: 1000 });
    const shares = audit.filter((e) => e.action === 'supply.assessment.share' && e.subject === assessmentId);
    // acme; all customers; bank; nothing (the refused one naming power is not a change)
    expect(shares.length).toBe(4);
    expect(shares.at(-1)!.details).toMatchObject({ audiences: [], revoked: [expect.stringMatching(/^o:/)] });
  });
});
