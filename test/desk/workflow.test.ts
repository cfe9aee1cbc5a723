/**
 * The report desk over HTTP: who sees a report (its organization and desk staff; anybody else
 * gets the same 404 as for an unknown id), input validation, the workflow new → triaged →
 * routed/closed with assignment, the thread, the activity history, and statistics that show
 * members only figures at least 5 organizations stand behind. Both backends.
 */
import { expect } from 'vitest';
import { USERS } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { fileReport, minimalReport, perBackend } from './helpers.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

perBackend('desk: access and workflow', (s) => {
  s.it('a report exists for its organization and desk staff only; for anyone else every route answers 404', async (hub) => {
    const r = await fileReport(hub, 'acmeAnalyst', minimalReport({ title: 'Encrypted shares at HQ' }));
    expect(r).toMatchObject({ status: 'new', type: 'ransomware', organization: { slug: 'acme' }, sector: 'finance', created_by: USERS.acmeAnalyst.email });
    expect((await rest(hub, 'GET', `/reports/${r.id}`, { as: 'acmeReader' })).status).toBe(200);
    expect((await rest(hub, 'GET', `/reports/${r.id}`, { as: 'operator' })).body.report.can).toMatchObject({ triage: true, edit: false, download: true });
    const routes: [string, string, unknown?][] = [
      ['GET', ''], ['PATCH', '', { title: 'x' }], ['PUT', '/consent', { consent: [] }], ['GET', '/messages'], ['POST', '/messages', { body: 'hi' }],
      ['GET', '/activity'], ['GET', '/attachments'], ['GET', '/sanitized'], ['POST', '/sanitized/approve', { digest: 'a'.repeat(64) }],
      ['POST', '/triage'], ['POST', '/assign', { assignee: null }], ['POST', '/close', { resolution: 'x' }], ['GET', '/route/preview'], ['POST', '/route', {}],
      ['GET', `/attachments/${UNKNOWN}`],
    ];
    for (const who of ['bankAnalyst', 'powerAnalyst'] as const) {
      for (const [method, path, body] of routes) {
        const res = await rest(hub, method, `/reports/${r.id}${path}`, { as: who, body });
        expect(expectProblem(res, 404).detail, `${who} ${method} ${path}`).toBe('No such report.');
      }
    }
    // the same answer as for an id that does not exist
    expect(expectProblem(await rest(hub, 'GET', `/reports/${UNKNOWN}`, { as: 'acmeAnalyst' }), 404).detail).toBe('No such report.');
    const listed = async (who: 'acmeReader' | 'bankAnalyst' | 'operator') => (await rest(hub, 'GET', '/reports?limit=100', { as: who })).body.items.map((i: { id: string }) => i.id);
    expect(await listed('acmeReader')).toContain(r.id);
    expect(await listed('operator')).toContain(r.id);
    expect(await listed('bankAnalyst')).not.toContain(r.id);
    // organization=mine: desk staff see their own organization's only; a reporter's list is unchanged
    const mineOnly = async (who: 'acmeReader' | 'operator') => (await rest(hub, 'GET', '/reports?organization=mine&limit=100', { as: who })).body.items.map((i: { id: string }) => i.id);
    expect(await mineOnly('operator')).not.toContain(r.id);
    expect(await mineOnly('acmeReader')).toEqual(await listed('acmeReader'));
    expect(expectProblem(await rest(hub, 'GET', '/reports?organization=all', { as: 'operator' }), 400).errors![0]!.property).toBe('organization');
    // the staff grant, not the operator role, opens the queue
    expect((await rest(hub, 'DELETE', '/desk/staff/op@hub-op.example', { as: 'operator' })).status).toBe(204);
    expectProblem(await rest(hub, 'GET', `/reports/${r.id}`, { as: 'operator' }), 404);
    expect(await listed('operator')).not.toContain(r.id);
    expect((await rest(hub, 'PUT', '/desk/staff/op@hub-op.example', { as: 'operator' })).status).toBe(204);
    expect((await rest(hub, 'GET', `/reports/${r.id}`, { as: 'operator' })).status).toBe(200);
    // only operators grant; every grant is audited
    expectProblem(await rest(hub, 'PUT', `/desk/staff/${USERS.bankAnalyst.email}`, { as: 'bankAnalyst' }), 403);
    // recipients' configuration (communities and organizations by slug) is for operators only
    expectProblem(await rest(hub, 'GET', '/desk/recipients', { as: 'bankAnalyst' }), 403);
    const recipients = (await rest(hub, 'GET', '/desk/recipients', { as: 'operator' })).body.recipients as { slug: string; communities: string[]; organizations: string[] }[];
    expect(recipients.map((x) => [x.slug, x.communities, x.organizations])).toEqual([['fin-isac', ['fin-isac'], []], ['gov', [], ['power']]]);
    const audit = await rest(hub, 'GET', '/admin/audit?limit=500', { as: 'operator' });
    expect(audit.body.entries.filter((e: { action: string }) => e.action.startsWith('desk.staff')).map((e: { action: string }) => e.action))
      .toEqual(expect.arrayContaining(['desk.staff.grant', 'desk.staff.revoke']));
  });

  s.it('refuses invalid reports with every error by property, and files a consultation with a title only', async (hub) => {
    const bad = await rest(hub, 'POST', '/reports', {
      as: 'acmeAnalyst',
      body: {
        type: 'ransomware', detected_at: '2026-11-20 09:30', ddos: { attack: 'T1498' }, techniques: ['T14'], colour: 'red',
        affected: { environments: ['mainframe'] }, consent: [{ recipient: 'nobody', scope: 'all', attribution: 'none' }],
      },
    });
    const p = expectProblem(bad, 422);
    expect(p.errors!.map((e) => e.property).sort()).toEqual([
      'affected.environments[0]', 'colour', 'consent[0].recipient', 'consent[0].scope', 'ddos', 'detected_at', 'techniques[0]', 'title',
    ]);
    expect(p.errors!.find((e) => e.property === 'detected_at')!.message).toContain('time zone');
    const c = await fileReport(hub, 'bankAnalyst', { type: 'consultation', title: 'Is this phishing kit known?', help_requested: 'advice' });
    expect(c).toMatchObject({ type: 'consultation', help_requested: 'advice', ransomware: null, detected_at: null });
    const zoned = await fileReport(hub, 'bankAnalyst', minimalReport({ detected_at: '2026-11-20T09:30:00+09:00', ransomware: { family: 'LockBit', extension: '.lockbit' } }));
    expect(zoned).toMatchObject({ detected_at: '2026-11-20T09:30:00+09:00', ransomware: { family: 'LockBit', extension: '.lockbit' } });
  });

  s.it('runs the workflow: triage, assignment, thread, close, reopen, with the activity history', async (hub) => {
    const r = await fileReport(hub, 'acmeAnalyst', minimalReport());
    expect(expectProblem(await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'acmeAnalyst' }), 403).detail).toContain('desk staff');
    const t = await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'operator', body: { note: 'looks real' } });
    expect(t.body.report.status).toBe('triaged');
    expectProblem(await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'operator' }), 409);
    expect(expectProblem(await rest(hub, 'POST', `/reports/${r.id}/assign`, { as: 'operator', body: { assignee: USERS.bankAnalyst.email } }), 422).errors![0]!.property).toBe('assignee');
    expect((await rest(hub, 'POST', `/reports/${r.id}/assign`, { as: 'operator', body: { assignee: USERS.operator.email } })).body.report.assignee).toBe(USERS.operator.email);
    const mine = await rest(hub, 'GET', '/reports?assignee=me&status=triaged', { as: 'operator' });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(r.id);
    expect((await rest(hub, 'POST', `/reports/${r.id}/messages`, { as: 'acmeReader', body: { body: '暗号化されたのは共有フォルダです' } })).status).toBe(201);
    expect((await rest(hub, 'POST', `/reports/${r.id}/messages`, { as: 'operator', body: { body: 'Please upload the note.' } })).status).toBe(201);
    expectProblem(await rest(hub, 'POST', `/reports/${r.id}/messages`, { as: 'operator', body: { body: '  ' } }), 422);
    const thread = await rest(hub, 'GET', `/reports/${r.id}/messages`, { as: 'acmeAnalyst' });
    expect(thread.body.messages.map((m: { author: { email: string; side: string }; body: string }) => [m.author.email, m.author.side, m.body])).toEqual([
      [USERS.acmeReader.email, 'reporter', '暗号化されたのは共有フォルダです'],
      [USERS.operator.email, 'desk', 'Please upload the note.'],
    ]);
    expect(expectProblem(await rest(hub, 'POST', `/reports/${r.id}/route`, { as: 'operator', body: {} }), 422).detail).toContain('not consented');
    expectProblem(await rest(hub, 'POST', `/reports/${r.id}/close`, { as: 'operator', body: {} }), 422);
    expect((await rest(hub, 'POST', `/reports/${r.id}/close`, { as: 'operator', body: { resolution: 'advice given' } })).body.report).toMatchObject({ status: 'closed', resolution: 'advice given' });
    expectProblem(await rest(hub, 'PATCH', `/reports/${r.id}`, { as: 'acmeAnalyst', body: { title: 'late edit' } }), 409);
    expect((await rest(hub, 'POST', `/reports/${r.id}/reopen`, { as: 'operator' })).body.report.status).toBe('triaged');
    const activity = await rest(hub, 'GET', `/reports/${r.id}/activity`, { as: 'acmeReader' });
    expect(activity.body.entries.map((e: { action: string; actor: { email: string; side: string } }) => `${e.action} ${e.actor.side} ${e.actor.email}`)).toEqual([
      `created reporter ${USERS.acmeAnalyst.email}`,
      `triaged desk ${USERS.operator.email}`,
      `assigned desk ${USERS.operator.email}`,
      `message reporter ${USERS.acmeReader.email}`,
      `message desk ${USERS.operator.email}`,
      `closed desk ${USERS.operator.email}`,
      `reopened desk ${USERS.operator.email}`,
    ]);
    expect(activity.body.entries[1].details).toEqual({ note: 'looks real' });
  });

  s.it('edits keep the report whole, and a change since the approval makes it no longer current', async (hub) => {
    const r = await fileReport(hub, 'acmeAnalyst', minimalReport({ business_impact: 'ACME Bank payments stopped', response: 'restored' }));
    const preview = await rest(hub, 'GET', `/reports/${r.id}/sanitized`, { as: 'acmeAnalyst' });
    expect(preview.body.fields.find((f: { field: string }) => f.field === 'business_impact').after).toBe('[ORG-1] payments stopped');
    expectProblem(await rest(hub, 'POST', `/reports/${r.id}/sanitized/approve`, { as: 'operator', body: { digest: preview.body.digest } }), 403);
    const ok = await rest(hub, 'POST', `/reports/${r.id}/sanitized/approve`, { as: 'acmeReader', body: { digest: preview.body.digest } });
    expect(ok.body.report.approval).toMatchObject({ approved_by: USERS.acmeReader.email, digest: preview.body.digest, current: true });
    const edited = await rest(hub, 'PATCH', `/reports/${r.id}`, { as: 'acmeAnalyst', body: { business_impact: 'ACME Bank ATMs stopped' } });
    expect(edited.body.report).toMatchObject({ business_impact: 'ACME Bank ATMs stopped', response: 'restored', approval: { current: false } });
    // approving the stale preview is refused
    expectProblem(await rest(hub, 'POST', `/reports/${r.id}/sanitized/approve`, { as: 'acmeAnalyst', body: { digest: preview.body.digest } }), 409);
  });

  s.it('statistics: operators see every figure; members only those at least 5 organizations stand behind', async (hub) => {
    for (let i = 1; i <= 5; i++) {
      await hub.ctx.identity.addOrganization({ slug: `ddos-victim-${i}`, name: `Victim ${i}`, kind: 'company', sector: 'energy', country: 'JP' });
      await hub.ctx.identity.addUser({ email: `soc@victim${i}.example`, org: `ddos-victim-${i}`, role: 'analyst' });
      const token = (await hub.ctx.identity.addToken(`soc@victim${i}.example`)).secret;
      expect((await rest(hub, 'POST', '/reports', { as: { token }, body: { type: 'ddos', title: 'Flood', ddos: { attack: 'T1498', peak: '10 Gbps' } } })).status).toBe(201);
    }
    const member = (await rest(hub, 'GET', '/reports/statistics', { as: 'bankAnalyst' })).body;
    const operator = (await rest(hub, 'GET', '/reports/statistics', { as: 'operator' })).body;
    expect(member).toMatchObject({ scope: 'k-anonymous', min_organizations: 5 });
    expect(operator.scope).toBe('all');
    const ddos = (b: typeof member) => b.by_type.find((x: { key: string }) => x.key === 'ddos');
    expect(ddos(member).reports).toBe(5);
    expect(ddos(operator).reports).toBe(5);
    // ransomware reports came from acme and bank only: a figure for operators, withheld from members
    expect(operator.by_type.find((x: { key: string }) => x.key === 'ransomware').reports).toBeGreaterThan(0);
    expect(member.by_type.find((x: { key: string }) => x.key === 'ransomware')).toBeUndefined();
    expect(member.suppressed).toBeGreaterThan(0);
    expect(member.by_sector.find((x: { key: string }) => x.key === 'energy').reports).toBe(5);
    expect(member.by_sector.find((x: { key: string }) => x.key === 'finance')).toBeUndefined();
    expectProblem(await rest(hub, 'GET', '/reports/statistics?from=yesterday', { as: 'operator' }), 422);
    // members get no periods: two periods a day apart would subtract to figures behind fewer organizations
    expect(expectProblem(await rest(hub, 'GET', '/reports/statistics?from=2026-01-01', { as: 'bankAnalyst' }), 403).detail).toContain('Periods are for desk staff');
    expect((await rest(hub, 'GET', '/reports/statistics?from=2000-01-01', { as: 'operator' })).body.by_type.find((x: { key: string }) => x.key === 'ddos').reports).toBe(5);
  });
});
