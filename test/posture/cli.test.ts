/** `kyojo questionnaires` and `kyojo board-report` (in-process, on a SQLite data directory). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dir: string;
const k = (...args: string[]) => runCli(['--data', dir, ...args]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kyojo-posture-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('kyojo questionnaires and board-report', () => {
  it('lists the three questionnaires', async () => {
    const r = await k('questionnaires');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 3).join(' '))).toEqual([
      'sme-self-check v1 self-check', 'management-maturity v1 maturity', 'supply-chain v1 supply-chain',
    ]);
  });

  it("renders a member's board report as HTML on stdout or to a file; refuses a bad language", async () => {
    expect((await k('org', 'add', 'acme', '--name', 'ACME Bank', '--kind', 'company', '--sector', 'finance', '--country', 'jp')).code).toBe(0);
    expect((await k('user', 'add', 'boss@acme.example', '--org', 'acme', '--role', 'reader', '--tier', 'executive')).code).toBe(0);
    const out = await k('board-report', '--as', 'boss@acme.example', '--lang', 'en');
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('<html lang="en">');
    expect(out.stdout).toContain('ACME Bank');
    expect(out.stdout).toContain('No assessment has been submitted yet.');
    const file = join(dir, 'report.html');
    const written = await k('board-report', '--as', 'boss@acme.example', '--out', file);
    expect(written.stderr).toContain(`board report of acme (ja) written to ${file}`);
    expect(readFileSync(file, 'utf8')).toContain('サイバーセキュリティ 取締役会報告');
    const bad = await k('board-report', '--as', 'boss@acme.example', '--lang', 'fr');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--lang must be ja or en');
  });
});
