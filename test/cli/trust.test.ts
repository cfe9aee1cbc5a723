import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrustService } from '../../src/identity/trust.js';
import { openStore } from '../../src/store/open.js';
import type { AuditEntry, Store } from '../../src/store/types.js';
import { runCli } from '../support/cli.js';

let dir: string;
const k = (...args: string[]) => runCli(['--data', dir, ...args]);

/** YYYY-MM-DD `days` from today (UTC). */
const day = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const endOf = (date: string): string => `${date}T23:59:59.999Z`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyojo-cli-trust-'));
  for (const [slug, kind, sector] of [['acme', 'company', 'finance'], ['nisc', 'government', 'government']] as const) {
    expect((await k('org', 'add', slug, '--name', slug, '--kind', kind, '--sector', sector)).code).toBe(0);
  }
  expect((await k('user', 'add', 'cert@acme.example', '--org', 'acme', '--role', 'analyst')).code).toBe(0);
  expect((await k('user', 'add', 'boss@acme.example', '--org', 'acme', '--role', 'reader')).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function withHub<T>(fn: (store: Store, trust: TrustService) => Promise<T>, now?: Date): Promise<T> {
  const store = await openStore({ dataDir: dir });
  try {
    return await fn(store, new TrustService(store, now ? () => now : undefined));
  } finally {
    await store.close();
  }
}

async function trustOf(email: string, now?: Date) {
  return withHub(async (store, trust) => trust.trustOf((await store.identity.getUser({ email }))!), now);
}

async function auditLog(): Promise<Array<Pick<AuditEntry, 'actor' | 'actorUserId' | 'action' | 'subject' | 'details'>>> {
  return withHub(async (store) => (await store.trust.listAudit({ limit: 100 })).map(({ actor, actorUserId, action, subject, details }) => ({ actor, actorUserId, action, subject, details })));
}

/** Exit code and the one stderr line of a failing command. */
async function fails(args: string[], code: 1 | 2, message: RegExp): Promise<void> {
  const r = await k(...args);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^kyojo: /);
}

describe('kyojo clearance', () => {
  it('grant gives the level through the end of the day, audited as the cli; revoke removes it at once', async () => {
    const until = day(30);
    const r = await k('clearance', 'grant', 'CERT@acme.example', '--level', '2', '--until', until, '--issuer', 'nisc');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`clearance level 2 granted to cert@acme.example until the end of ${until} UTC`);
    expect(r.stderr).toContain('note: organization acme has no valid facility approval');
    expect((await trustOf('cert@acme.example')).clearance).toEqual({ level: 2, validUntil: endOf(until) });
    expect((await trustOf('boss@acme.example')).clearance).toBeNull();
    // after the last day the grant no longer counts
    expect((await trustOf('cert@acme.example', new Date(Date.parse(endOf(until)) + 1))).clearance).toBeNull();

    const revoked = await k('clearance', 'revoke', 'cert@acme.example');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toContain('1 clearance grant of cert@acme.example revoked');
    expect((await trustOf('cert@acme.example')).clearance).toBeNull();

    const grantId = (await withHub((s) => s.trust.listAudit({ limit: 1 })))[0]?.details.grant;
    expect(await auditLog()).toEqual([
      { actor: 'cli', actorUserId: null, action: 'clearance.grant', subject: 'cert@acme.example', details: { level: 2, until: endOf(until), issuer: 'nisc', grant: grantId } },
      { actor: 'cli', actorUserId: null, action: 'clearance.revoke', subject: 'cert@acme.example', details: { count: 1 } },
    ]);
  });

  it('the highest level wins; a grant without --issuer has none', async () => {
    expect((await k('clearance', 'grant', 'cert@acme.example', '--level', '1', '--until', day(300))).code).toBe(0);
    expect((await k('clearance', 'grant', 'cert@acme.example', '--level', '3', '--until', day(10))).code).toBe(0);
    expect((await trustOf('cert@acme.example')).clearance).toEqual({ level: 3, validUntil: endOf(day(10)) });
    expect((await auditLog()).map((e) => e.details.issuer)).toEqual([null, null]);
  });

  it('approve-org sets the facility approval until the end of the day, renews it, and revoke-org ends it', async () => {
    const r = await k('clearance', 'approve-org', 'acme', '--until', day(0));
    expect(r.code, r.stderr).toBe(0);
    expect((await trustOf('cert@acme.example')).orgApprovedUntil).toBe(endOf(day(0))); // today counts until its end
    expect((await k('clearance', 'approve-org', 'acme', '--until', day(365))).code).toBe(0);
    expect((await trustOf('boss@acme.example')).orgApprovedUntil).toBe(endOf(day(365)));
    // a grant now reports no missing approval
    const g = await k('clearance', 'grant', 'cert@acme.example', '--level', '1', '--until', day(5));
    expect(g.stderr).not.toContain('note:');

    expect((await k('clearance', 'revoke-org', 'acme')).code).toBe(0);
    expect((await trustOf('cert@acme.example')).orgApprovedUntil).toBeNull();
    expect((await auditLog()).map((e) => [e.action, e.subject, e.details])).toEqual([
      ['facility.approve', 'acme', { until: endOf(day(0)) }],
      ['facility.approve', 'acme', { until: endOf(day(365)), previousUntil: endOf(day(0)) }],
      ['clearance.grant', 'cert@acme.example', expect.objectContaining({ level: 1 })],
      ['facility.revoke', 'acme', {}],
    ]);
  });

  it('list shows approvals and live grants with their state, optionally for one organization', async () => {
    expect((await k('clearance', 'approve-org', 'acme', '--until', day(100))).code).toBe(0);
    expect((await k('clearance', 'grant', 'cert@acme.example', '--level', '2', '--until', day(50), '--issuer', 'nisc')).code).toBe(0);
    await withHub(async (store) => {
      const nisc = (await store.identity.getOrganization({ slug: 'nisc' }))!;
      await store.trust.approveOrg({ orgId: nisc.id, approvedUntil: '2020-03-31T23:59:59.999Z', approvedAt: '2019-01-01T00:00:00.000Z', approvedByUserId: null });
    });
    const all = await k('clearance', 'list');
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toEqual([
      `facility\tacme\t${day(100)}\tvalid`,
      'facility\tnisc\t2020-03-31\texpired',
      `grant\tcert@acme.example\tacme\t2\t${day(50)}\tnisc\tvalid`,
    ]);
    expect((await k('clearance', 'list', '--org', 'nisc')).stdout).toBe('facility\tnisc\t2020-03-31\texpired\n');
    expect((await k('clearance', 'revoke-org', 'acme')).code).toBe(0);
    expect((await k('clearance', 'list', '--org', 'acme')).stdout).toBe(`facility\tacme\t${day(100)}\trevoked\ngrant\tcert@acme.example\tacme\t2\t${day(50)}\tnisc\tvalid\n`);
  });

  it('refuses bad input with one line: exit 2 for malformed options, 1 for refused operations, changing nothing', async () => {
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', '4', '--until', day(5)], 2, /--level.*'4' is not 1, 2 or 3/);
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', 'two', '--until', day(5)], 2, /--level/);
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', '2', '--until', '2027-02-30'], 2, /not a date: use YYYY-MM-DD/);
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', '2'], 2, /--until/);
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', '2', '--until', day(-1)], 1, new RegExp(`until ${day(-1)} is in the past`));
    await fails(['clearance', 'grant', 'nobody@acme.example', '--level', '2', '--until', day(5)], 1, /no user 'nobody@acme.example'/);
    await fails(['clearance', 'grant', 'cert@acme.example', '--level', '2', '--until', day(5), '--issuer', 'nope'], 1, /no organization 'nope'/);
    await fails(['clearance', 'revoke', 'cert@acme.example'], 1, /cert@acme.example holds no live clearance grant/);
    await fails(['clearance', 'revoke', 'nobody@acme.example'], 1, /no user/);
    await fails(['clearance', 'approve-org', 'acme', '--until', day(-3)], 1, /facility approval until .* is in the past/);
    await fails(['clearance', 'approve-org', 'acme', '--until', 'next-year'], 2, /not a date/);
    await fails(['clearance', 'approve-org', 'nope', '--until', day(5)], 1, /no organization 'nope'/);
    await fails(['clearance', 'approve-org', 'acme'], 2, /--until/);
    await fails(['clearance', 'revoke-org', 'acme'], 1, /organization acme has no live facility approval/);
    await fails(['clearance', 'revoke-org', 'nope'], 1, /no organization 'nope'/);
    await fails(['clearance', 'list', '--org', 'nope'], 1, /no organization 'nope'/);
    expect((await trustOf('cert@acme.example')).clearance).toBeNull();
    expect(await auditLog()).toEqual([]);
  });
});

describe('kyojo terms', () => {
  it('adds terms from a file, lists them, and records acceptance once', async () => {
    const text = '# 政府提供情報の取扱い\n\nUse within your organization only.\n';
    writeFileSync(join(dir, 'terms.md'), text);
    const add = await k('terms', 'add', 'gov-provision-2026', '--title', 'Government provision 2026', '--file', join(dir, 'terms.md'));
    expect(add.code, add.stderr).toBe(0);
    const sha = createHash('sha256').update(text).digest('hex');
    expect(add.stderr).toContain(sha);
    const list = await k('terms', 'list');
    const [slug, title, digest, created] = list.stdout.trim().split('\t');
    expect([slug, title, digest]).toEqual(['gov-provision-2026', 'Government provision 2026', sha]);
    expect(Date.parse(created!)).not.toBeNaN();
    expect((await withHub((s) => s.trust.getTerms('gov-provision-2026')))?.body).toBe(text);

    expect((await trustOf('cert@acme.example')).acceptedTerms).toEqual(new Set());
    const first = await k('terms', 'accept', 'cert@acme.example', 'gov-provision-2026');
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('cert@acme.example accepted terms gov-provision-2026');
    const again = await k('terms', 'accept', 'CERT@acme.example', 'gov-provision-2026');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('had already accepted');
    expect((await trustOf('cert@acme.example')).acceptedTerms).toEqual(new Set(['gov-provision-2026']));
    expect((await trustOf('boss@acme.example')).acceptedTerms).toEqual(new Set());
  });

  it('refuses a missing file, a duplicate or malformed slug, empty text, unknown terms or users', async () => {
    writeFileSync(join(dir, 'a.md'), 'A');
    writeFileSync(join(dir, 'empty.md'), '\n');
    expect((await k('terms', 'add', 'nda', '--title', 'NDA', '--file', join(dir, 'a.md'))).code).toBe(0);
    await fails(['terms', 'add', 'nda', '--title', 'NDA v2', '--file', join(dir, 'a.md')], 1, /terms slug "nda" already exists/);
    await fails(['terms', 'add', 'other', '--title', 'X', '--file', join(dir, 'missing.md')], 1, /cannot read terms file .*missing\.md/);
    await fails(['terms', 'add', 'Bad_Slug', '--title', 'X', '--file', join(dir, 'a.md')], 1, /not a valid slug/);
    await fails(['terms', 'add', 'empty', '--title', 'X', '--file', join(dir, 'empty.md')], 1, /terms text is empty/);
    await fails(['terms', 'add', 'notitle', '--file', join(dir, 'a.md')], 2, /--title/);
    await fails(['terms', 'accept', 'cert@acme.example', 'nope'], 1, /no terms 'nope'/);
    await fails(['terms', 'accept', 'nobody@acme.example', 'nda'], 1, /no user/);
    expect((await k('terms', 'list')).stdout.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(['nda']);
  });
});

describe('kyojo audit', () => {
  it('prints the latest entries tab-separated, or those after a seq', async () => {
    for (const level of ['1', '2', '3']) expect((await k('clearance', 'grant', 'cert@acme.example', '--level', level, '--until', day(9))).code).toBe(0);
    expect((await k('clearance', 'revoke', 'cert@acme.example')).code).toBe(0);
    await withHub((_s, trust) => trust.auditProviderLookup({ name: 'op@hub.example', userId: 'u-op' }, 'indicator--1', 'org-x'));

    const all = (await k('audit')).stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(all.map((f) => f.length)).toEqual([6, 6, 6, 6, 6]);
    expect(all.map((f) => [f[2], f[3], f[4]])).toEqual([
      ['cli', 'clearance.grant', 'cert@acme.example'],
      ['cli', 'clearance.grant', 'cert@acme.example'],
      ['cli', 'clearance.grant', 'cert@acme.example'],
      ['cli', 'clearance.revoke', 'cert@acme.example'],
      ['op@hub.example', 'provider.lookup', 'indicator--1'],
    ]);
    expect(JSON.parse(all[3]![5]!)).toEqual({ count: 3 });
    expect(JSON.parse(all[4]![5]!)).toEqual({ providerOrgId: 'org-x' });
    expect(Date.parse(all[0]![1]!)).not.toBeNaN();
    const seqs = all.map((f) => Number(f[0]));

    expect((await k('audit', '--limit', '2')).stdout.trim().split('\n').map((l) => Number(l.split('\t')[0]))).toEqual(seqs.slice(3));
    expect((await k('audit', '--after', String(seqs[0]), '--limit', '2')).stdout.trim().split('\n').map((l) => Number(l.split('\t')[0]))).toEqual(seqs.slice(1, 3));
    await fails(['audit', '--limit', '0'], 2, /--limit/);
    await fails(['audit', '--after', '-1'], 2, /--after/);
  });
});
