/**
 * The case collection over HTTP, both backends: a closed report whose reporter approved the
 * sanitized text becomes an anonymous case study (sanitized with the report's pseudonyms),
 * published with the envelope the desk chose, found in /cases by those the envelope admits and
 * by nobody else.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { approveSanitized, fileReport, perBackend } from './helpers.js';

async function closedReport(hub: TestHub, marker: string, approve: boolean): Promise<string> {
  const r = await fileReport(hub, 'acmeAnalyst', {
    type: 'ransomware', title: `${marker} ACME Bank file server`, business_impact: 'ACME Bank payments stopped',
    contact: { name: 'Jiro Tanaka' }, ransomware: { family: `${marker}Locker` }, techniques: ['T1486'],
    consent: [{ recipient: 'fin-isac', scope: 'technique', attribution: 'none' }],
  });
  if (approve) expect((await approveSanitized(hub, 'acmeAnalyst', r.id)).status).toBe(200);
  expect((await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'operator' })).status).toBe(200);
  expect((await rest(hub, 'POST', `/reports/${r.id}/close`, { as: 'operator', body: { resolution: 'recovered' } })).status).toBe(200);
  return r.id;
}

const caseInput = (marker: string, envelope: Record<string, unknown>) => ({
  title: `${marker}: how ACME Bank recovered in two days`,
  summary: 'Jiro Tanaka noticed encrypted shares at ACME Bank; backups were offline and intact.',
  lessons_learned: 'Keep offline backups; patch the VPN; Jiro Tanaka recommends rehearsals.',
  info_type: 'best-practice', tier: ['executive', 'manager'], envelope,
});

perBackend('desk: case studies', (s) => {
  s.it('publishes a sanitized, anonymous case study that the envelope\'s audience finds in the collection', async (hub) => {
    const marker = `Cs${randomUUID().slice(0, 6)}`;
    const id = await closedReport(hub, marker, true);
    const input = caseInput(marker, { tlp: 'green', audience: { communities: ['fin-isac'] } });
    expectProblem(await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'acmeAnalyst', body: input }), 403);
    const preview = await rest(hub, 'POST', `/reports/${id}/case-study/preview`, { as: 'operator', body: input });
    expect(preview.body.errors).toEqual([]);
    const report = preview.body.objects.find((o: { type: string }) => o.type === 'report');
    expect(report.name).toBe(`${marker}: how [ORG-1] recovered in two days`);
    expect(report.description).toBe('[PERSON-1] noticed encrypted shares at [ORG-1]; backups were offline and intact.\n\nLessons learned:\nKeep offline backups; patch the VPN; [PERSON-1] recommends rehearsals.');
    expect(preview.body.objects.map((o: { type: string }) => o.type).sort()).toEqual(['attack-pattern', 'incident', 'malware', 'relationship', 'report']);
    const published = await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'operator', body: input });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.refused).toEqual([]);
    expect(published.body.report.case_study.stix_id).toMatch(/^report--/);
    expectProblem(await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'operator', body: input }), 409);

    const listed = await rest(hub, 'GET', `/cases?q=${marker}`, { as: 'bankAnalyst' });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([published.body.report.case_study.stix_id]);
    expect(listed.body.items[0]).toMatchObject({ provider: null, classification: { info_type: 'best-practice', tier: ['executive', 'manager'] } });
    expect((await rest(hub, 'GET', `/cases?q=${marker}&sector=finance`, { as: 'bankAnalyst' })).body.items).toHaveLength(1);
    expect((await rest(hub, 'GET', `/cases?q=${marker}&sector=energy`, { as: 'bankAnalyst' })).body.items).toHaveLength(0);
    expect((await rest(hub, 'GET', `/cases?q=${marker}&info_type=analysis`, { as: 'bankAnalyst' })).body.items).toHaveLength(0);
    // outside the envelope's audience: not found
    expect((await rest(hub, 'GET', `/cases?q=${marker}`, { as: 'powerAnalyst' })).body.items).toEqual([]);
    const page = await rest(hub, 'GET', `/objects/${published.body.report.case_study.stix_id}`, { as: 'bankAnalyst' });
    expect(JSON.stringify(page.body)).not.toMatch(/acme|tanaka/i);
    expectProblem(await rest(hub, 'GET', '/cases?info_type=threat', { as: 'bankAnalyst' }), 400);
  });

  s.it('refuses a case study before closing, without the reporter\'s approval, or with an invalid envelope', async (hub) => {
    const marker = `Cr${randomUUID().slice(0, 6)}`;
    const open = await fileReport(hub, 'acmeAnalyst', { type: 'other', title: 'open' });
    expectProblem(await rest(hub, 'POST', `/reports/${open.id}/case-study`, { as: 'operator', body: caseInput(marker, { tlp: 'green' }) }), 409);
    const unapproved = await closedReport(hub, marker, false);
    expect(expectProblem(await rest(hub, 'POST', `/reports/${unapproved}/case-study`, { as: 'operator', body: caseInput(marker, { tlp: 'green' }) }), 409).detail).toContain('approved');
    const id = await closedReport(hub, `${marker}b`, true);
    const bad = await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'operator', body: { ...caseInput(marker, { tlp: 'purple' }), info_type: 'threat' } });
    expect(expectProblem(bad, 422).errors!.map((e) => e.property)).toEqual(['info_type']);
    const badEnvelope = await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'operator', body: caseInput(marker, { tlp: 'purple', audience: { communities: ['fin-isac'] } }) });
    expect(expectProblem(badEnvelope, 422).errors!.some((e) => e.property.startsWith('envelope'))).toBe(true);
    // never beyond the recipients the reporter consented to (fin-isac only): not another community, not public
    const wider = await rest(hub, 'POST', `/reports/${id}/case-study`, { as: 'operator', body: caseInput(marker, { tlp: 'clear', audience: { public: true, communities: ['fin-isac', 'energy-isac'] } }) });
    expect(expectProblem(wider, 422).errors!.map((e) => [e.property, e.message])).toEqual([
      ['envelope.audience.public', 'a case study is not public: keep it within the recipients the reporter consented to (fin-isac)'],
      ['envelope.audience.communities', "'energy-isac' is not within the recipients the reporter consented to (fin-isac)"],
    ]);
    const preview = await rest(hub, 'POST', `/reports/${id}/case-study/preview`, { as: 'operator', body: caseInput(marker, { tlp: 'green', audience: { communities: ['energy-isac'] } }) });
    expect(preview.body.errors.map((e: { property: string }) => e.property)).toEqual(['envelope.audience.communities']);
    expect((await rest(hub, 'GET', `/reports/${id}`, { as: 'operator' })).body.report.case_study).toBeNull();
  });
});
