/**
 * `kyojo match FILE` on small fixtures of each format (test/fixtures/match/): CSV, JSON lines,
 * Zeek TSV (conn, dns, http) and Zeek JSON, Suricata EVE; hits as JSON lines, a summary on
 * stderr, and only what the acting user may see.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'match');
const id = (n: number) => `indicator--0000${String(n).padStart(4, '0')}-0000-4000-8000-000000000000`;

let dir: string;
const k = (...args: string[]) => runCli(['--data', dir, ...args]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kyojo-match-cli-'));
  const steps = [
    ['org', 'add', 'acme', '--name', 'ACME Bank', '--kind', 'company', '--sector', 'finance'],
    ['org', 'add', 'power', '--name', 'Power Co', '--kind', 'company', '--sector', 'energy'],
    ['community', 'add', 'fin-isac', '--name', 'Financials ISAC', '--kind', 'isac', '--sector', 'finance'],
    ['community', 'add', 'energy-isac', '--name', 'Energy ISAC', '--kind', 'isac', '--sector', 'energy'],
    ['community', 'join', 'fin-isac', 'acme'],
    ['community', 'join', 'energy-isac', 'power'],
    ['user', 'add', 'cert@acme.example', '--org', 'acme', '--role', 'analyst'],
    ['user', 'add', 'cert@power.example', '--org', 'power', '--role', 'analyst'],
    ['import', join(FIX, 'indicators-fin.json'), '--community', 'fin-isac', '--as', 'cert@acme.example'],
    ['import', join(FIX, 'indicators-energy.json'), '--community', 'energy-isac', '--as', 'cert@power.example'],
  ];
  for (const s of steps) {
    const r = await k(...s);
    expect(r.code, `${s.join(' ')}: ${r.stderr}`).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type HitLine = { line: number; observable: { type: string; value: string } | null; match: string; term: string; indicator: { id: string; name: string; tlp: string; provider: string | null } };

async function matchFile(file: string, as = 'cert@acme.example', ...extra: string[]): Promise<{ hits: [number, number, string][]; raw: HitLine[]; stderr: string }> {
  const r = await k('match', join(FIX, file), '--as', as, ...extra);
  expect(r.code, r.stderr).toBe(0);
  const raw = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as HitLine);
  return { hits: raw.map((h) => [h.line, Number(h.indicator.id.slice(15, 19)), h.match]), raw, stderr: r.stderr };
}

describe('kyojo match', () => {
  it('reads CSV: values in any column, types detected, the header matching nothing', async () => {
    const { hits, raw, stderr } = await matchFile('hosts.csv');
    expect(hits).toEqual([[2, 1, 'exact'], [3, 3, 'subdomain'], [5, 9, 'cidr']]);
    expect(raw[0]).toMatchObject({ observable: { type: 'ipv4-addr', value: '203.0.113.10' }, term: '203.0.113.10', indicator: { id: id(1), name: 'C2 address', tlp: 'green', provider: 'acme' } });
    expect(stderr).toContain('indexed 9 indicators cert@acme.example may see');
    expect(stderr).toMatch(/matched .*hosts\.csv \(csv\) against 9 indicators cert@acme\.example may see: 6 lines, \d+ observables, 3 hits on 3 indicators/);
  });

  it('reads JSON lines of observables, SCOs and observed-data, evaluating other patterns', async () => {
    const { hits } = await matchFile('observables.jsonl');
    expect(hits).toEqual([[1, 2, 'cidr'], [3, 5, 'exact'], [4, 7, 'exact'], [5, 8, 'pattern']]);
  });

  it('reads Zeek TSV logs by their #fields header (conn, dns, http)', async () => {
    expect((await matchFile('conn.log')).hits).toEqual([[9, 1, 'exact'], [11, 2, 'cidr']]);
    expect((await matchFile('dns.log')).hits).toEqual([[8, 3, 'subdomain'], [8, 1, 'exact'], [8, 2, 'cidr'], [10, 8, 'pattern']]);
    expect((await matchFile('http.log')).hits).toEqual([[8, 3, 'exact'], [8, 4, 'exact']]);
  });

  it('reads Zeek JSON logs', async () => {
    const { hits, stderr } = await matchFile('ssl.json');
    expect(hits).toEqual([[1, 3, 'subdomain'], [2, 9, 'cidr']]);
    expect(stderr).toContain('(zeek)');
  });

  it('reads Suricata EVE JSON: addresses, DNS names and answers, HTTP host and URL, TLS SNI, file hashes', async () => {
    const { hits, stderr } = await matchFile('eve.json');
    expect(hits).toEqual([
      [1, 3, 'subdomain'], [1, 3, 'subdomain'], [1, 2, 'cidr'],
      [2, 3, 'exact'], [2, 4, 'exact'],
      [3, 8, 'pattern'],
      [4, 6, 'exact'],
      [7, 1, 'exact'],
    ]);
    expect(stderr).toContain('(eve)');
    const unique = await matchFile('eve.json', 'cert@acme.example', '--unique');
    expect(unique.hits.filter(([l]) => l === 1)).toEqual([[1, 3, 'subdomain'], [1, 2, 'cidr']]);
  });

  it('matches only what the acting user may see', async () => {
    const { hits, stderr } = await matchFile('eve.json', 'cert@power.example');
    expect(hits).toEqual([[6, 20, 'exact']]);
    expect(stderr).toContain('indexed 1 indicators cert@power.example may see');
    expect((await matchFile('hosts.csv', 'cert@power.example')).hits).toEqual([[4, 20, 'exact']]);
  });

  it('reads stdin with --format, and refuses what it cannot read', async () => {
    const r = await runCli(['--data', dir, 'match', '-', '--format', 'csv', '--as', 'cert@acme.example'], '203.0.113.10\n198.51.100.1\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as HitLine).indicator.id)).toEqual([id(1), id(2)]);
    expect((await k('match', join(FIX, 'nope.csv'))).stderr).toContain('cannot read');
    expect((await k('match', join(FIX, 'hosts.csv'), '--format', 'pcap')).stderr).toContain('--format must be one of csv, jsonl, zeek, eve');
    expect((await k('match', '-')).stderr).toContain('reading stdin needs --format');
  });
});
