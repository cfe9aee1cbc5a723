/** `kyojo desk staff add|remove|list`: the first desk staff appointed from the command line, audited as `cli`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string;
const k = (...args: string[]) => runCli(['--data', dir, ...args]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyojo-desk-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('adds, lists and removes desk staff, each change in the audit log; unknown users are refused', async () => {
  expect((await k('org', 'add', 'hub-op', '--name', 'Hub operations', '--kind', 'isac', '--sector', 'other')).code).toBe(0);
  expect((await k('user', 'add', 'desk@hub.example', '--org', 'hub-op', '--role', 'analyst')).code).toBe(0);
  const added = await k('desk', 'staff', 'add', 'desk@hub.example');
  expect(added.code, added.stderr).toBe(0);
  expect(added.stderr).toContain('desk@hub.example is desk staff');
  const list = await k('desk', 'staff', 'list');
  expect(list.stdout.trim().split('\t').filter((_, i) => i !== 2)).toEqual(['desk@hub.example', 'hub-op', 'cli']);
  const unknown = await k('desk', 'staff', 'add', 'nobody@hub.example');
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toContain('No such user');
  expect((await k('desk', 'staff', 'remove', 'desk@hub.example')).code).toBe(0);
  expect((await k('desk', 'staff', 'list')).stdout).toBe('');
  expect((await k('desk', 'staff', 'remove', 'desk@hub.example')).code).not.toBe(0);
  const audit = (await k('audit')).stdout.split('\n').filter((l) => l.includes('desk.staff'));
  expect(audit.map((l) => l.split('\t').slice(2, 5))).toEqual([['cli', 'desk.staff.grant', 'desk@hub.example'], ['cli', 'desk.staff.revoke', 'desk@hub.example']]);
});
