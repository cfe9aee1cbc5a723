/** Contract: the report desk (Store.desk): reports and their guarded workflow updates, threads, activity, staff, recipients, settings, statistics. */
import { expect, it } from 'vitest';
import type { ContractContext } from './contract.js';
import { T0 } from './contract-fixtures.js';
import type { NewDeskReport } from './desk-types.js';
import type { Store } from './types.js';

async function seed(store: Store): Promise<void> {
  for (const [id, slug] of [['org-a', 'a'], ['org-b', 'b']]) {
    await store.identity.createOrganization({ id: id!, slug: slug!, name: slug!, kind: 'company', sector: 'finance', country: null, createdAt: T0 });
  }
  await store.identity.createUser({ id: 'user-1', email: 'one@a.example', orgId: 'org-a', role: 'analyst', tier: 'practitioner', passwordHash: null, disabled: false, createdAt: T0 });
}

const report = (id: string, orgId: string, createdAt: string, extra: Partial<NewDeskReport> = {}): NewDeskReport => ({
  id, orgId, createdBy: 'user-1', type: 'ransomware', status: 'new', title: `Report ${id}`, sector: 'finance',
  body: { business_impact: 'stopped 二日間', affected: { environments: ['saas'] } }, consent: [], approval: null, assigneeId: null,
  routed: [], caseStudy: null, createdAt, updatedAt: createdAt, ...extra,
});

export function deskContract(ctx: ContractContext): void {
  it('numbers reports in order, keeps every field, lists newest first with filters and paging', async () => {
    const { store } = ctx;
    await seed(store);
    const r1 = await store.desk.addReport(report('r1', 'org-a', '2026-01-01T00:00:01.000Z'));
    const r2 = await store.desk.addReport(report('r2', 'org-b', '2026-01-02T00:00:00.000Z', { type: 'ddos', title: 'DDoS 100%_wide' }));
    const r3 = await store.desk.addReport(report('r3', 'org-a', '2026-02-01T00:00:00.000Z', { status: 'closed', assigneeId: 'user-1' }));
    expect(r2.number).toBeGreaterThan(r1.number);
    expect(r3.number).toBeGreaterThan(r2.number);
    expect(await store.desk.getReport('r1')).toEqual(r1);
    expect(await store.desk.getReport('nope')).toBeUndefined();
    const ids = async (q: Partial<Parameters<Store['desk']['listReports']>[0]>) => (await store.desk.listReports({ limit: 10, ...q })).map((r) => r.id);
    expect(await ids({})).toEqual(['r3', 'r2', 'r1']);
    expect(await ids({ orgId: 'org-a' })).toEqual(['r3', 'r1']);
    expect(await ids({ statuses: ['new'] })).toEqual(['r2', 'r1']);
    expect(await ids({ types: ['ddos'] })).toEqual(['r2']);
    expect(await ids({ assigneeId: 'user-1' })).toEqual(['r3']);
    expect(await ids({ titleContains: 'ddos 100%_' })).toEqual(['r2']);
    expect(await ids({ titleContains: '%' })).toEqual(['r2']);
    expect(await ids({ limit: 1 })).toEqual(['r3']);
    expect(await ids({ beforeNumber: r3.number, limit: 1 })).toEqual(['r2']);
  });

  it('applies a workflow change only while its guard holds (status and updated_at)', async () => {
    const { store } = ctx;
    await seed(store);
    const r = await store.desk.addReport(report('r1', 'org-a', T0));
    const later = '2026-01-01T00:01:00.000Z';
    const triaged = await store.desk.updateReport('r1', { status: 'triaged', updatedAt: later, assigneeId: 'user-1' }, { statuses: ['new'], updatedAt: r.updatedAt });
    expect(triaged).toMatchObject({ status: 'triaged', updatedAt: later, assigneeId: 'user-1', number: r.number });
    // the same change again: the report is no longer new, nor at the old updated_at
    expect(await store.desk.updateReport('r1', { status: 'triaged' }, { statuses: ['new'] })).toBeUndefined();
    expect(await store.desk.updateReport('r1', { title: 'x' }, { updatedAt: r.updatedAt })).toBeUndefined();
    const consent = [{ recipient: 'isac', scope: 'technique' as const, attribution: 'none' as const }];
    const changed = await store.desk.updateReport('r1', {
      consent, approval: { approvedAt: later, approvedBy: 'user-1', digest: 'd' },
      routed: [{ recipient: 'isac', at: later, scope: 'technique', attribution: 'none', objects: ['x--1'] }],
      caseStudy: { stixId: 'report--1', publishedAt: later }, body: { help_requested: 'yes' },
    });
    expect(changed).toMatchObject({ consent, approval: { digest: 'd' }, caseStudy: { stixId: 'report--1' }, body: { help_requested: 'yes' } });
    expect(await store.desk.getReport('r1')).toEqual(changed);
    expect((await store.desk.updateReport('r1', { approval: null, caseStudy: null }))!.approval).toBeNull();
  });

  it('keeps threads and activity per report in order', async () => {
    const { store } = ctx;
    await seed(store);
    await store.desk.addReport(report('r1', 'org-a', T0));
    for (const [i, body] of ['first', 'second', '三番目'].entries()) {
      await store.desk.addMessage({ id: `m${i}`, reportId: i === 1 ? 'r2' : 'r1', authorId: 'user-1', side: 'reporter', body, createdAt: T0 });
    }
    expect((await store.desk.listMessages('r1')).map((m) => m.body)).toEqual(['first', '三番目']);
    const a = await store.desk.addActivity({ reportId: 'r1', at: T0, actorId: 'user-1', actorEmail: 'one@a.example', side: 'reporter', action: 'created', details: { x: 1 } });
    const b = await store.desk.addActivity({ reportId: 'r1', at: T0, actorId: null, actorEmail: 'cli', side: 'desk', action: 'triaged', details: {} });
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(await store.desk.listActivity('r1')).toEqual([a, b]);
    expect(await store.desk.listActivity('r2')).toEqual([]);
  });

  it('grants and revokes desk staff once; stores recipients, settings and profiles', async () => {
    const { store } = ctx;
    await seed(store);
    expect(await store.desk.isStaff('user-1')).toBe(false);
    expect(await store.desk.grantStaff({ userId: 'user-1', grantedAt: T0, grantedBy: 'op@hub' })).toBe(true);
    expect(await store.desk.grantStaff({ userId: 'user-1', grantedAt: T0, grantedBy: 'op@hub' })).toBe(false);
    expect(await store.desk.isStaff('user-1')).toBe(true);
    expect(await store.desk.listStaff()).toEqual([{ userId: 'user-1', grantedAt: T0, grantedBy: 'op@hub' }]);
    expect(await store.desk.revokeStaff('user-1')).toBe(true);
    expect(await store.desk.revokeStaff('user-1')).toBe(false);

    const rec = { slug: 'police', name: 'Police', kind: 'police' as const, description: 'd', communityIds: [], orgIds: ['org-b'], tlp: 'amber' as const, techniqueOnly: true, updatedAt: T0 };
    await store.desk.putRecipient(rec);
    await store.desk.putRecipient({ ...rec, slug: 'isac', kind: 'sector-isac', techniqueOnly: false, communityIds: ['c1'], orgIds: [] });
    await store.desk.putRecipient({ ...rec, name: 'Police 2' });
    expect((await store.desk.listRecipients()).map((r) => [r.slug, r.name, r.techniqueOnly])).toEqual([['isac', 'Police', false], ['police', 'Police 2', true]]);
    expect(await store.desk.deleteRecipient('isac')).toBe(true);
    expect(await store.desk.deleteRecipient('isac')).toBe(false);

    expect(await store.desk.getSetting('rules')).toBeUndefined();
    await store.desk.putSetting('rules', '{"a":1}', T0);
    await store.desk.putSetting('rules', '{"a":2}', T0);
    expect(await store.desk.getSetting('rules')).toBe('{"a":2}');

    const profile = { names: ['A社'], products: [], domains: ['a.example'], people: ['山田'] };
    await store.desk.putProfile('org-a', profile, T0);
    expect(await store.desk.getProfile('org-a')).toEqual(profile);
    expect(await store.desk.getProfile('org-b')).toBeUndefined();
  });

  it('counts reports and distinct organizations by type, sector and month within a range', async () => {
    const { store } = ctx;
    await seed(store);
    await store.desk.addReport(report('r1', 'org-a', '2026-01-05T00:00:00.000Z'));
    await store.desk.addReport(report('r2', 'org-a', '2026-01-06T00:00:00.000Z'));
    await store.desk.addReport(report('r3', 'org-b', '2026-02-01T00:00:00.000Z', { type: 'ddos', sector: 'energy' }));
    expect(await store.desk.countReports('type', {})).toEqual([
      { key: 'ddos', reports: 1, organizations: 1 }, { key: 'ransomware', reports: 2, organizations: 1 },
    ]);
    expect(await store.desk.countReports('month', {})).toEqual([
      { key: '2026-01', reports: 2, organizations: 1 }, { key: '2026-02', reports: 1, organizations: 1 },
    ]);
    expect(await store.desk.countReports('sector', { from: '2026-01-06T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' })).toEqual([
      { key: 'finance', reports: 1, organizations: 1 },
    ]);
  });
}
