import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/service.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../support/cli.js';
import { served } from '../taxii/helpers.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sample-bundle.json');

let dir: string;
const k = (...args: string[]) => runCli(['--data', dir, ...args]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyojo-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seedHub(): Promise<void> {
  expect((await k('org', 'add', 'acme', '--name', 'ACME Bank', '--kind', 'company', '--sector', 'finance', '--country', 'jp')).code).toBe(0);
  expect((await k('community', 'add', 'fin-isac', '--name', 'Financials ISAC', '--kind', 'isac', '--sector', 'finance')).code).toBe(0);
  expect((await k('community', 'join', 'fin-isac', 'acme')).code).toBe(0);
  expect((await k('user', 'add', 'CERT@acme.example', '--org', 'acme', '--role', 'analyst')).code).toBe(0);
}

describe('kyojo administration commands', () => {
  it('creates organizations, communities, memberships and users that list back', async () => {
    await seedHub();
    const orgs = await k('org', 'list');
    expect(orgs.stdout.trim()).toBe('acme\tcompany\tfinance\tJP\tACME Bank');
    const communities = await k('community', 'list');
    const [slug, kind, sector, members] = communities.stdout.trim().split('\t');
    expect([slug, kind, sector, members]).toEqual(['fin-isac', 'isac', 'finance', '1']);
    const users = await k('user', 'list', '--org', 'acme');
    expect(users.stdout.trim()).toBe('cert@acme.example\tacme\tanalyst\tpractitioner');
  });

  it('token add prints only the token, which then authenticates, and revoke stops it', async () => {
    await seedHub();
    const r = await k('token', 'add', 'cert@acme.example', '--name', 'soar');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const secret = lines[0]!;
    expect(secret).toMatch(/^kyojo_[A-Za-z0-9_-]{43}$/);

    const store = await openStore({ dataDir: dir });
    try {
      const identity = new IdentityService(store);
      const viaBearer = await identity.authenticate(`Bearer ${secret}`);
      expect(viaBearer?.user.email).toBe('cert@acme.example');
      const basic = Buffer.from(`cert@acme.example:${secret}`).toString('base64');
      expect((await identity.authenticate(`Basic ${basic}`))?.org.slug).toBe('acme');
      const wrongEmail = Buffer.from(`other@acme.example:${secret}`).toString('base64');
      expect(await identity.authenticate(`Basic ${wrongEmail}`)).toBeUndefined();
      // the secret is not stored, only its hash
      const tokens = await store.identity.listTokens(viaBearer!.user.id);
      expect(tokens.map((t) => t.tokenHash)).not.toContain(secret);
    } finally {
      await store.close();
    }

    const list = await k('token', 'list', 'cert@acme.example');
    const tokenId = list.stdout.split('\t')[0]!;
    expect(list.stdout.split('\t')[1]).toBe('soar');
    expect((await k('token', 'revoke', tokenId)).code).toBe(0);
    const store2 = await openStore({ dataDir: dir });
    try {
      expect(await new IdentityService(store2).authenticate(`Bearer ${secret}`)).toBeUndefined();
    } finally {
      await store2.close();
    }
  });

  it('sets a password from stdin that verifies with argon2id', async () => {
    await seedHub();
    const r = await runCli(['--data', dir, 'user', 'add', 'boss@acme.example', '--org', 'acme', '--role', 'reader', '--tier', 'executive', '--password-stdin'], 'correct horse battery staple\n');
    expect(r.code).toBe(0);
    const store = await openStore({ dataDir: dir });
    try {
      const identity = new IdentityService(store);
      expect((await identity.authenticatePassword('boss@acme.example', 'correct horse battery staple'))?.user.tier).toBe('executive');
      expect(await identity.authenticatePassword('boss@acme.example', 'wrong password!!')).toBeUndefined();
      expect((await store.identity.getUser({ email: 'boss@acme.example' }))?.passwordHash).toMatch(/^\$argon2id\$/);
    } finally {
      await store.close();
    }
  });

  it.each([
    [['org', 'add', 'Bad Slug', '--name', 'x', '--kind', 'company', '--sector', 'finance'], /organization 'Bad Slug' is not a valid slug/],
    [['org', 'add', 'acme2', '--name', 'x', '--kind', 'bank', '--sector', 'finance'], /kind 'bank' is not one of: company, sme/],
    [['org', 'add', 'acme2', '--name', 'x', '--kind', 'company', '--sector', 'finance', '--country', 'JPN'], /country 'JPN'/],
    [['org', 'add', 'acme', '--name', 'again', '--kind', 'company', '--sector', 'finance'], /acme/],
    [['community', 'join', 'nope', 'acme'], /no community 'nope'/],
    [['community', 'join', 'fin-isac', 'nope'], /no organization 'nope'/],
    [['user', 'add', 'not-an-email', '--org', 'acme', '--role', 'analyst'], /'not-an-email' is not a valid email address/],
    [['user', 'add', 'x@acme.example', '--org', 'acme', '--role', 'king'], /role 'king' is not one of/],
    [['user', 'add', 'cert@acme.example', '--org', 'acme', '--role', 'analyst'], /cert@acme\.example/],
    [['token', 'add', 'ghost@acme.example'], /no user 'ghost@acme.example'/],
    [['token', 'revoke', 'no-such-token'], /no live token 'no-such-token'/],
    [['import', '/nonexistent/file.json', '--community', 'fin-isac', '--as', 'cert@acme.example'], /\/nonexistent\/file\.json/],
    [['import', FIXTURE, '--community', 'nope', '--as', 'cert@acme.example'], /no community 'nope'/],
  ])('refuses %j with a one-line error and exit code 1', async (args, message) => {
    await seedHub();
    const r = await k(...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.startsWith('kyojo: ')).toBe(true);
  });

  it('answers usage errors with exit code 2', async () => {
    const missing = await k('org', 'add', 'acme');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--name <name>'/);
    const unknown = await k('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});

describe('kyojo import and export', () => {
  it('imports a bundle, reports what happened, and exports it back byte-equivalent', async () => {
    await seedHub();
    const r = await k('import', FIXTURE, '--community', 'fin-isac', '--as', 'cert@acme.example');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('imported into fin-isac: 6 added, 0 replaced, 0 already present, 0 refused');
    const again = await k('import', FIXTURE, '--as', 'cert@acme.example');
    expect(again.stderr).toContain('0 added, 0 replaced, 6 already present, 0 refused');

    const out = await k('export', '--community', 'fin-isac', '--as', 'cert@acme.example');
    expect(out.code).toBe(0);
    const bundle = JSON.parse(out.stdout) as { type: string; id: string; objects: { id: string }[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    const source = JSON.parse((await import('node:fs')).readFileSync(FIXTURE, 'utf8')) as { objects: { id: string }[] };
    expect(bundle.objects.map((o) => o.id).sort()).toEqual(source.objects.map((o) => o.id).sort());
    const byId = new Map(source.objects.map((o) => [o.id, o]));
    // as the provider receives them: the default TLP:AMBER marking and the classification extension added
    for (const o of bundle.objects) expect(o).toEqual(served(byId.get(o.id)!));

    const onlyIndicators = JSON.parse((await k('export', '--type', 'indicator', '--as', 'cert@acme.example')).stdout) as { objects: { type: string }[] };
    expect(onlyIndicators.objects.map((o) => o.type)).toEqual(['indicator', 'indicator']);
  });

  it('exports for a viewer only what the rule lets it see', async () => {
    await seedHub();
    expect((await k('import', FIXTURE, '--community', 'fin-isac', '--as', 'cert@acme.example')).code).toBe(0);
    // an organization outside fin-isac: the TLP:AMBER community objects are not for it
    expect((await k('org', 'add', 'power', '--name', 'Power Co', '--kind', 'company', '--sector', 'energy')).code).toBe(0);
    expect((await k('user', 'add', 'soc@power.example', '--org', 'power', '--role', 'analyst')).code).toBe(0);
    const outsider = JSON.parse((await k('export', '--as', 'soc@power.example')).stdout) as { objects: { id: string }[] };
    const fixtureIds = new Set((JSON.parse(readFileSync(FIXTURE, 'utf8')) as { objects: { id: string }[] }).objects.map((o) => o.id));
    expect(outsider.objects.filter((o) => fixtureIds.has(o.id))).toEqual([]);
    // a second member organization of fin-isac sees all six
    expect((await k('org', 'add', 'bank', '--name', 'Bank', '--kind', 'company', '--sector', 'finance')).code).toBe(0);
    expect((await k('community', 'join', 'fin-isac', 'bank')).code).toBe(0);
    expect((await k('user', 'add', 'cert@bank.example', '--org', 'bank', '--role', 'reader')).code).toBe(0);
    const member = JSON.parse((await k('export', '--community', 'fin-isac', '--as', 'cert@bank.example')).stdout) as { objects: { id: string }[] };
    expect(member.objects.filter((o) => fixtureIds.has(o.id))).toHaveLength(6);
  });

  it('imports JSON lines, refusing invalid objects by name while keeping valid ones', async () => {
    await seedHub();
    const file = join(dir, 'mixed.jsonl');
    const good = { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--1f26c055-6336-5bc5-b98d-13d6226742dd', value: '203.0.113.9' };
    const bad = { type: 'indicator', spec_version: '2.1', id: 'indicator--0f26c055-6336-4bc5-b98d-13d6226742dd', created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00Z' };
    writeFileSync(file, JSON.stringify(good) + '\n' + JSON.stringify(bad) + '\n');
    const r = await k('import', file, '--as', 'cert@acme.example');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 added, 0 replaced, 0 already present, 1 refused');
    expect(r.stderr).toMatch(/refused: .*indicator--0f26c055-6336-4bc5-b98d-13d6226742dd.*pattern/);
  });

  it('imports and exports as the first operator unless told otherwise, and says so', async () => {
    await seedHub();
    expect((await k('org', 'add', 'hub-op', '--name', 'Hub operations', '--kind', 'isac', '--sector', 'other')).code).toBe(0);
    const noOperator = await k('import', FIXTURE);
    expect(noOperator.code).toBe(1);
    expect(noOperator.stderr).toMatch(/no operator to import as/);
    expect((await k('user', 'add', 'op@hub-op.example', '--org', 'hub-op', '--role', 'operator')).code).toBe(0);
    const r = await k('import', FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('acting as op@hub-op.example (the first operator');
    expect(r.stderr).toContain('6 added');
    // an analyst of a member organization sees what the operator shared with fin-isac
    const out = await k('export', '--community', 'fin-isac', '--as', 'cert@acme.example');
    expect((JSON.parse(out.stdout) as { objects: unknown[] }).objects).toHaveLength(6);
    const opView = await k('export');
    expect(opView.stderr).toContain('acting as op@hub-op.example');
  });

  it('fails when nothing in the input could be imported', async () => {
    await seedHub();
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{"type":"indicator"}]}');
    const r = await k('import', file, '--as', 'cert@acme.example');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kyojo: nothing was imported/);
  });
});
