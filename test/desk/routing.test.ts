/**
 * Routing with consent, over HTTP on both backends: each recipient receives what the reporter
 * allowed and no more — attack-technique objects only unless damage information was allowed
 * (and the recipient takes it), the sanitized text unless attribution is public, nothing
 * anonymous before the reporter approved the sanitizer's result — and what recipients see is
 * decided by the envelope like any shared object (search, object pages).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestHub, UserKey } from '../support/hub.js';
import { expectProblem, rest } from '../support/rest.js';
import { approveSanitized, fileReport, perBackend } from './helpers.js';

/** Every object the user finds for `q` (latest versions, any type), as served on its object page. */
async function found(hub: TestHub, as: UserKey, q: string): Promise<Record<string, unknown>[]> {
  const s = await rest(hub, 'GET', `/search?q=${encodeURIComponent(q)}&limit=100`, { as });
  expect(s.status).toBe(200);
  const out: Record<string, unknown>[] = [];
  for (const item of s.body.items as { id: string }[]) out.push((await rest(hub, 'GET', `/objects/${item.id}`, { as })).body);
  return out;
}

const types = (pages: Record<string, unknown>[]) => pages.map((p) => (p.object as { type: string }).type).sort();

function report(marker: string, ip: string, consent: unknown[]) {
  return {
    type: 'ransomware', title: `${marker} file server encrypted at ACME Bank`,
    business_impact: `${marker} ACME Bank branch systems stopped for two days`, response: `${marker} restored from backups`,
    ransomware: { family: `${marker}Locker`, extension: '.locked' }, techniques: ['T1486'],
    observables: `${ip}\n${marker.toLowerCase()}-c2.example`, consent,
  };
}

async function triageAndRoute(hub: TestHub, id: string) {
  expect((await rest(hub, 'POST', `/reports/${id}/triage`, { as: 'operator' })).status).toBe(200);
  return rest(hub, 'POST', `/reports/${id}/route`, { as: 'operator', body: {} });
}

perBackend('desk: routing with consent', (s) => {
  s.it('technique only: recipients get malware, attack pattern, indicators and observed data, never the incident or damage text', async (hub) => {
    const marker = `Tq${randomUUID().slice(0, 6)}`;
    const r = await fileReport(hub, 'acmeAnalyst', report(marker, '198.51.100.21', [
      { recipient: 'fin-isac', scope: 'technique', attribution: 'none' }, { recipient: 'gov', scope: 'technique', attribution: 'none' },
    ]));
    expect((await approveSanitized(hub, 'acmeAnalyst', r.id)).status).toBe(200);
    const routed = await triageAndRoute(hub, r.id);
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body.report.status).toBe('routed');
    expect(routed.body.routed.map((x: { recipient: string; refused: unknown[] }) => [x.recipient, x.refused])).toEqual([['fin-isac', []], ['gov', []]]);
    for (const who of ['bankAnalyst', 'powerAnalyst'] as const) {
      const byFamily = await found(hub, who, `${marker}Locker`);
      expect(types(byFamily), who).toContain('malware');
      expect(types(await found(hub, who, '198.51.100.21')), who).toEqual(expect.arrayContaining(['indicator', 'ipv4-addr']));
      // no incident, no damage text anywhere
      expect(await found(hub, who, `${marker} branch`), who).toEqual([]);
      expect(await found(hub, who, `${marker} restored`), who).toEqual([]);
      expect((await rest(hub, 'GET', `/search?type=incident&q=${marker}`, { as: who })).body.items).toEqual([]);
    }
    // an organization that is no recipient sees nothing of it
    expect(await found(hub, 'powerAnalyst', marker).then((p) => p.length)).toBeGreaterThan(0);
    await hub.ctx.identity.addOrganization({ slug: `outsider-${marker.toLowerCase()}`, name: 'Outsider', kind: 'company', sector: 'finance', country: 'JP' });
    await hub.ctx.identity.addUser({ email: `x@${marker.toLowerCase()}.example`, org: `outsider-${marker.toLowerCase()}`, role: 'analyst' });
    const token = (await hub.ctx.identity.addToken(`x@${marker.toLowerCase()}.example`)).secret;
    expect((await rest(hub, 'GET', `/search?q=${marker}`, { as: { token } })).body.items).toEqual([]);
    // routed once: a second routing is refused
    expect(expectProblem(await rest(hub, 'POST', `/reports/${r.id}/route`, { as: 'operator', body: {} }), 409).detail).toContain('routed');
  });

  s.it('damage allowed: the sector ISAC gets the sanitized incident, the technique-only government contact still does not', async (hub) => {
    const marker = `Dm${randomUUID().slice(0, 6)}`;
    const r = await fileReport(hub, 'acmeAnalyst', report(marker, '198.51.100.22', [
      { recipient: 'fin-isac', scope: 'damage', attribution: 'none' }, { recipient: 'gov', scope: 'damage', attribution: 'none' },
    ]));
    // nothing anonymous before the reporter approved
    expect((await rest(hub, 'POST', `/reports/${r.id}/triage`, { as: 'operator' })).status).toBe(200);
    // the plan is the desk's: the reporter side sees the sanitized preview, not the routing plan
    expect(expectProblem(await rest(hub, 'GET', `/reports/${r.id}/route/preview`, { as: 'acmeAnalyst' }), 403).detail).toContain('desk staff');
    const blocked = await rest(hub, 'GET', `/reports/${r.id}/route/preview`, { as: 'operator' });
    expect(blocked.body.recipients.map((x: { recipient: string; scope: string; blocked: string | null; blocked_code: string | null }) => [x.recipient, x.scope, x.blocked, x.blocked_code])).toEqual([
      ['fin-isac', 'damage', 'the reporter has not approved the sanitized text', 'not-approved'],
      ['gov', 'technique', 'the reporter has not approved the sanitized text', 'not-approved'],
    ]);
    expect(blocked.body.recipients[0].objects).toEqual([]);
    expect(expectProblem(await rest(hub, 'POST', `/reports/${r.id}/route`, { as: 'operator', body: {} }), 409).detail).toContain('not approved');
    expect((await approveSanitized(hub, 'acmeAnalyst', r.id)).status).toBe(200);
    const ready = await rest(hub, 'GET', `/reports/${r.id}/route/preview`, { as: 'operator' });
    expect(ready.body.recipients.map((x: { ready: boolean; blocked_code: string | null }) => [x.ready, x.blocked_code])).toEqual([[true, null], [true, null]]);
    expect((await rest(hub, 'POST', `/reports/${r.id}/route`, { as: 'operator', body: {} })).status).toBe(200);

    const incidents = (await found(hub, 'bankAnalyst', `${marker} branch`)).filter((p) => (p.object as { type: string }).type === 'incident');
    expect(incidents).toHaveLength(1);
    const incident = incidents[0]!.object as { name: string; description: string; created_by_ref?: string };
    expect(incident.name).toBe(`${marker} file server encrypted at [ORG-1]`);
    expect(incident.description).toContain(`Business impact: ${marker} [ORG-1] branch systems stopped for two days`);
    expect(incident.description).toContain(`Response so far: ${marker} restored from backups`);
    expect(JSON.stringify(incidents[0])).not.toMatch(/acme/i);
    expect((incidents[0]!.summary as { provider: unknown }).provider).toBeNull();
    // the government contact takes technique information only
    expect(types(await found(hub, 'powerAnalyst', `${marker}Locker`))).toContain('malware');
    expect(await found(hub, 'powerAnalyst', `${marker} branch`)).toEqual([]);
    // the reporter's organization sees what was shared in its name
    expect((await found(hub, 'acmeReader', `${marker} branch`)).length).toBeGreaterThan(0);
  });

  s.it('public attribution: no approval needed, the report as filed, the provider named', async (hub) => {
    const marker = `Pb${randomUUID().slice(0, 6)}`;
    const r = await fileReport(hub, 'acmeAnalyst', report(marker, '198.51.100.23', [{ recipient: 'fin-isac', scope: 'damage', attribution: 'public' }]));
    const routed = await triageAndRoute(hub, r.id);
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    const incident = (await found(hub, 'bankAnalyst', `${marker} branch`)).find((p) => (p.object as { type: string }).type === 'incident')!;
    expect((incident.object as { description: string }).description).toContain(`${marker} ACME Bank branch systems stopped`);
    expect((incident.summary as { provider: { slug: string } }).provider.slug).toBe('acme');
    expect(routed.body.report.routed).toEqual([expect.objectContaining({ recipient: 'fin-isac', scope: 'damage', attribution: 'public' })]);
    const audit = await rest(hub, 'GET', '/admin/audit?limit=500', { as: 'operator' });
    expect(audit.body.entries.some((e: { action: string; subject: string }) => e.action === 'desk.route' && e.subject === r.id)).toBe(true);
  });
});
