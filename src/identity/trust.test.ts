import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayView } from '../policy/decide.js';
import { env } from '../policy/test-fixtures.js';
import { userViewer } from '../policy/viewer.js';
import { openStore } from '../store/open.js';
import { ConflictError, type Store, type User } from '../store/types.js';
import { IdentityService } from './service.js';
import { CLI_ACTOR, MAX_TERMS_BYTES, TrustService, checkLevel, endOfDayUtc, userActor } from './trust.js';
import { IdentityInputError } from './validation.js';

let dir: string;
let store: Store;
let clock: Date;
let trust: TrustService;
let identity: IdentityService;
let alice: User;
let op: User;

const setNow = (iso: string) => (clock = new Date(iso));
const audit = async () => (await store.trust.listAudit({ limit: 100 })).map(({ actor, actorUserId, action, subject, details }) => ({ actor, actorUserId, action, subject, details }));

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kyojo-trust-'));
  store = await openStore({ dataDir: dir });
  setNow('2026-06-15T12:00:00.000Z');
  identity = new IdentityService(store, () => clock);
  trust = new TrustService(store, () => clock);
  await identity.addOrganization({ slug: 'acme', name: 'ACME', kind: 'company', sector: 'finance' });
  await identity.addOrganization({ slug: 'nisc', name: 'NISC', kind: 'government', sector: 'government' });
  alice = await identity.addUser({ email: 'Alice@acme.example', org: 'acme', role: 'analyst' });
  op = await identity.addUser({ email: 'op@nisc.example', org: 'nisc', role: 'operator' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refused(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(IdentityInputError);
  expect((err as Error).message).toMatch(message);
}

describe('date and level parsing', () => {
  it('reads YYYY-MM-DD as the end of that day UTC and refuses anything else', () => {
    expect(endOfDayUtc('2026-12-31')).toBe('2026-12-31T23:59:59.999Z');
    expect(endOfDayUtc('2028-02-29')).toBe('2028-02-29T23:59:59.999Z');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '31/12/2026', '2026-12-31T00:00:00Z', '', 'tomorrow']) {
      expect(() => endOfDayUtc(bad), bad).toThrow(/is not a date: use YYYY-MM-DD/);
    }
  });

  it('accepts levels 1, 2 and 3 only', () => {
    expect([1, 2, 3, '2'].map(checkLevel)).toEqual([1, 2, 3, 2]);
    for (const bad of [0, 4, 2.5, -1, NaN, '2.5', 'x', '', '0x2']) expect(() => checkLevel(bad), String(bad)).toThrow(/is not 1, 2 or 3/);
  });
});

describe('TrustService', () => {
  it('approves an organization through the end of the day, renews it, revokes it, and audits each change', async () => {
    const a = await trust.approveOrg('acme', '2026-12-31', CLI_ACTOR);
    expect(a).toMatchObject({ approvedUntil: '2026-12-31T23:59:59.999Z', approvedByUserId: null, revokedAt: null });
    expect((await trust.trustOf(alice)).orgApprovedUntil).toBe('2026-12-31T23:59:59.999Z');
    await trust.approveOrg('acme', '2027-06-30', userActor(op));
    expect((await trust.trustOf(alice)).orgApprovedUntil).toBe('2027-06-30T23:59:59.999Z');
    expect(await trust.revokeOrg('acme', CLI_ACTOR)).toBe(true);
    expect(await trust.revokeOrg('acme', CLI_ACTOR)).toBe(false); // nothing live: nothing audited
    expect((await trust.trustOf(alice)).orgApprovedUntil).toBeNull();
    expect(await audit()).toEqual([
      { actor: 'cli', actorUserId: null, action: 'facility.approve', subject: 'acme', details: { until: '2026-12-31T23:59:59.999Z' } },
      { actor: 'op@nisc.example', actorUserId: op.id, action: 'facility.approve', subject: 'acme', details: { until: '2027-06-30T23:59:59.999Z', previousUntil: '2026-12-31T23:59:59.999Z' } },
      { actor: 'cli', actorUserId: null, action: 'facility.revoke', subject: 'acme', details: {} },
    ]);
  });

  it('refuses an approval in the past, of an unknown organization or with a malformed date, changing nothing', async () => {
    await refused(trust.approveOrg('acme', '2026-06-14', CLI_ACTOR), /facility approval until 2026-06-14 is in the past/);
    await refused(trust.approveOrg('nope', '2027-01-01', CLI_ACTOR), /no organization 'nope'/);
    await refused(trust.approveOrg('acme', '2027-02-30', CLI_ACTOR), /not a date/);
    await refused(trust.revokeOrg('nope', CLI_ACTOR), /no organization 'nope'/);
    expect(await store.trust.listApprovals()).toEqual([]);
    expect(await audit()).toEqual([]);
    // today is still valid until its end
    expect((await trust.approveOrg('acme', '2026-06-15', CLI_ACTOR)).approvedUntil).toBe('2026-06-15T23:59:59.999Z');
  });

  it('grants clearance with level, end and issuer, audited with who and when', async () => {
    const g = await trust.grant('ALICE@acme.example', 2, '2027-03-31', 'nisc', userActor(op));
    expect(g).toMatchObject({ userId: alice.id, level: 2, validUntil: '2027-03-31T23:59:59.999Z', grantedByUserId: op.id, grantedAt: clock.toISOString(), revokedAt: null });
    expect(g.issuerOrgId).toBe((await identity.requireOrganization('nisc')).id);
    expect(await store.trust.activeGrants(alice.id)).toEqual([g]);
    const [entry] = await store.trust.listAudit({ limit: 10 });
    expect(entry).toMatchObject({ at: clock.toISOString(), actor: 'op@nisc.example', actorUserId: op.id, action: 'clearance.grant', subject: 'alice@acme.example' });
    expect(entry?.details).toEqual({ level: 2, until: '2027-03-31T23:59:59.999Z', issuer: 'nisc', grant: g.id });
    await trust.grant('alice@acme.example', 1, '2027-01-01', undefined, CLI_ACTOR);
    expect((await audit())[1]?.details).toMatchObject({ level: 1, issuer: null });
  });

  it('refuses a bad level, a past date, an unknown user or issuer, changing nothing', async () => {
    await refused(trust.grant('alice@acme.example', 4, '2027-01-01', undefined, CLI_ACTOR), /level '4' is not 1, 2 or 3/);
    await refused(trust.grant('alice@acme.example', 0, '2027-01-01', undefined, CLI_ACTOR), /level '0'/);
    await refused(trust.grant('alice@acme.example', 2, '2026-01-01', undefined, CLI_ACTOR), /clearance grant until 2026-01-01 is in the past/);
    await refused(trust.grant('carol@acme.example', 2, '2027-01-01', undefined, CLI_ACTOR), /no user 'carol@acme.example'/);
    await refused(trust.grant('alice@acme.example', 2, '2027-01-01', 'nope', CLI_ACTOR), /no organization 'nope'/);
    expect(await store.trust.activeGrants(alice.id)).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('trustOf picks the highest level still valid, the latest end on a tie, and nothing once expired', async () => {
    expect(await trust.trustOf(alice)).toEqual({ clearance: null, orgApprovedUntil: null, acceptedTerms: new Set() });
    await trust.grant('alice@acme.example', 1, '2028-12-31', undefined, CLI_ACTOR);
    await trust.grant('alice@acme.example', 2, '2026-09-30', undefined, CLI_ACTOR);
    await trust.grant('alice@acme.example', 2, '2026-12-31', undefined, CLI_ACTOR);
    await trust.grant('alice@acme.example', 3, '2026-07-01', undefined, CLI_ACTOR);
    expect((await trust.trustOf(alice)).clearance).toEqual({ level: 3, validUntil: '2026-07-01T23:59:59.999Z' });
    setNow('2026-07-02T00:00:00.000Z'); // the level-3 grant has ended
    expect((await trust.trustOf(alice)).clearance).toEqual({ level: 2, validUntil: '2026-12-31T23:59:59.999Z' });
    setNow('2027-01-01T00:00:00.000Z');
    expect((await trust.trustOf(alice)).clearance).toEqual({ level: 1, validUntil: '2028-12-31T23:59:59.999Z' });
    setNow('2029-01-01T00:00:00.000Z');
    expect((await trust.trustOf(alice)).clearance).toBeNull();
  });

  it('revoke ends every live grant at once and is audited with the count; with none it changes nothing', async () => {
    await trust.grant('alice@acme.example', 3, '2027-01-01', undefined, CLI_ACTOR);
    await trust.grant('alice@acme.example', 1, '2027-01-01', undefined, CLI_ACTOR);
    expect(await trust.revoke('alice@acme.example', userActor(op))).toBe(2);
    expect((await trust.trustOf(alice)).clearance).toBeNull();
    expect(await trust.revoke('alice@acme.example', CLI_ACTOR)).toBe(0);
    const entries = await audit();
    expect(entries.map((e) => e.action)).toEqual(['clearance.grant', 'clearance.grant', 'clearance.revoke']);
    expect(entries[2]).toEqual({ actor: 'op@nisc.example', actorUserId: op.id, action: 'clearance.revoke', subject: 'alice@acme.example', details: { count: 2 } });
    await refused(trust.revoke('carol@acme.example', CLI_ACTOR), /no user/);
  });

  it('adds immutable terms with their SHA-256 and records acceptance idempotently', async () => {
    const t = await trust.addTerms('gov-provision-2026', '  Government provision  ', '# Terms\n\nUse within the organization.\n');
    expect(t).toMatchObject({ slug: 'gov-provision-2026', title: 'Government provision', createdAt: clock.toISOString() });
    expect(t.sha256).toBe(createHash('sha256').update('# Terms\n\nUse within the organization.\n').digest('hex'));
    await expect(trust.addTerms('gov-provision-2026', 'Other', 'other text')).rejects.toBeInstanceOf(ConflictError);
    await refused(trust.addTerms('Bad Slug', 'x', 'y'), /not a valid slug/);
    await refused(trust.addTerms('empty', 'x', ' \n'), /terms text is empty/);
    await refused(trust.addTerms('huge', 'x', 'a'.repeat(MAX_TERMS_BYTES + 1)), /larger than/);
    await refused(trust.addTerms('untitled', ' ', 'y'), /terms title must be 1-200 characters/);

    expect(await trust.acceptTerms('alice@acme.example', 'gov-provision-2026')).toBe(true);
    expect(await trust.acceptTerms('ALICE@acme.example', 'gov-provision-2026')).toBe(false);
    expect((await trust.trustOf(alice)).acceptedTerms).toEqual(new Set(['gov-provision-2026']));
    await refused(trust.acceptTerms('alice@acme.example', 'nope'), /no terms 'nope'/);
    await refused(trust.acceptTerms('carol@acme.example', 'gov-provision-2026'), /no user/);
  });

  it('audits an operator looking up an anonymous provider', async () => {
    const e = await trust.auditProviderLookup(userActor(op), 'indicator--00000000-0000-4000-8000-000000000001', 'org-x');
    expect(e).toMatchObject({ actor: 'op@nisc.example', actorUserId: op.id, action: 'provider.lookup', subject: 'indicator--00000000-0000-4000-8000-000000000001', details: { providerOrgId: 'org-x' } });
    expect(await store.trust.listAudit({ limit: 10 })).toEqual([e]);
  });

  it('feeds the policy: a clearance-2 object is visible with both halves and stops at once on revocation or expiry', async () => {
    const principal = (await identity.principalFor(alice, null))!;
    const version = { type: 'indicator', envelope: env({ tlp: 'amber', audience: { public: false, communities: [], organizations: [alice.orgId], users: [] }, minClearance: 2, providerOrgId: 'o-other', providerUserId: 'u-other' }) };
    const sees = async () => mayView(userViewer(principal, await trust.trustOf(alice)), version, clock);
    expect(await sees()).toBe(false);
    await trust.grant('alice@acme.example', 2, '2026-12-31', undefined, CLI_ACTOR);
    expect(await sees()).toBe(false); // the organization is not an approved handler yet
    await trust.approveOrg('acme', '2026-08-31', CLI_ACTOR);
    expect(await sees()).toBe(true);
    setNow('2026-09-01T00:00:00.000Z'); // the facility approval has ended
    expect(await sees()).toBe(false);
    await trust.approveOrg('acme', '2027-08-31', CLI_ACTOR);
    expect(await sees()).toBe(true);
    await trust.revoke('alice@acme.example', CLI_ACTOR);
    expect(await sees()).toBe(false);
  });
});
