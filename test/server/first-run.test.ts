import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execCli, startServeProcess } from '../support/cli.js';

describe('first run of `kyojo serve` on an empty data directory', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'kyojo-first-')), 'data');
  let server: Awaited<ReturnType<typeof startServeProcess>>;

  beforeAll(async () => {
    server = await startServeProcess(['--data', dir], { DATABASE_URL: '' });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('creates the store, prints its URL and how to create the first operator', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(dir, 'kyojo.db'))).toBe(true);
    expect(server.output()).toContain('No operator account yet');
    expect(server.output()).toContain('kyojo user add you@example.org --org hub --role operator');
    expect(server.output()).toContain('kyojo user invite you@example.org');
    expect(server.output()).toContain(`portal:              ${server.url}/`);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', backend: 'sqlite' });
  });

  it('lets the admin commands work on the same data while it runs', async () => {
    const env = { KYOJO_DATA: dir, DATABASE_URL: '' };
    expect((await execCli(['org', 'add', 'hub', '--name', 'Hub', '--kind', 'isac', '--sector', 'other'], env)).code).toBe(0);
    expect((await execCli(['user', 'add', 'op@hub.example', '--org', 'hub', '--role', 'operator'], env)).code).toBe(0);
    const token = (await execCli(['token', 'add', 'op@hub.example'], env)).stdout.trim();
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'op@hub.example', role: 'operator', organization: { slug: 'hub' } });
    const anonymous = await fetch(`${server.url}/api/v1/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  });

  it('invites the operator by a one-time link that sets the portal password', async () => {
    const env = { KYOJO_DATA: dir, DATABASE_URL: '', KYOJO_PUBLIC_URL: server.url };
    expect((await execCli(['user', 'add', 'first@hub.example', '--org', 'hub', '--role', 'operator'], env)).code).toBe(0);
    const invite = await execCli(['user', 'invite', 'first@hub.example'], env);
    expect(invite.code, invite.stderr).toBe(0);
    const link = invite.stdout.trim();
    expect(link).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/set-password/[A-Za-z0-9_-]{43}$`));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const secret = link.split('/').pop()!;
    const set = await fetch(`${server.url}/api/v1/password-links/${secret}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long first password' }),
    });
    expect(set.status).toBe(204);
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'first@hub.example', password: 'a long first password' }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-cookie')).toMatch(/^kyojo_session=/);
  });

  it('refuses a port already in use with a one-line error', async () => {
    const port = new URL(server.url).port;
    const r = await execCli(['serve', '--port', port, '--data', dir], { DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kyojo: .*EADDRINUSE/);
  });
});
