/**
 * The report desk's benchmark: the sanitizer on report-sized text, and a whole report through
 * the desk over HTTP (file → triage → sanitizer approval → anonymous routing to the ISAC → the
 * recipient finds the incident by search) on a test hub.
 *
 *   npm run bench:desk -- [--reports 50] [--backend sqlite|postgres]
 *
 * Prints figures; it asserts nothing. Copy them into docs/performance.md.
 */
import { cpus, totalmem } from 'node:os';
import { DEFAULT_RULES, sanitize } from '../src/sanitize/index.js';
import { startTestHub } from '../test/support/hub.js';
import { median, pct } from './workloads.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const REPORTS = Number(args.get('reports') ?? 50);
const BACKEND = (args.get('backend') ?? 'sqlite') as 'sqlite' | 'postgres';

const profile = { names: ['ACME Bank', 'acme'], products: ['AcmePay'], domains: ['acme.example'], people: ['Taro Yamada'], terms: ['Project Hinoki'] };
const paragraph = 'At ACME Bank, Taro Yamada (taro.yamada@acme.example, +81-3-1234-5678) found that fs01.corp.acme.local (10.20.30.40) '
  + 'talked to 203.0.113.9 after a phishing mail; the dropper sat in C:\\Users\\taro.yamada\\Desktop\\inv.exe and AcmePay was down. ';

function sanitizerFigures(): void {
  for (const kib of [2, 20]) {
    const text = paragraph.repeat(Math.ceil((kib * 1024) / paragraph.length));
    const input = { fields: [{ field: 'discovery', text }, { field: 'business_impact', text }], observables: [], profile, rules: DEFAULT_RULES };
    for (let i = 0; i < 20; i++) sanitize(input); // warm
    const n = kib === 2 ? 2000 : 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sanitize(input);
    const ms = (performance.now() - t0) / n;
    console.log(`sanitizer: a report of 2 × ${kib} KiB of text: ${ms.toFixed(2)} ms each (${Math.round((2 * kib * 1024) / 1024 / (ms / 1000))} KiB/s)`);
  }
}

async function deskFigures(): Promise<void> {
  const hub = await startTestHub({ backend: BACKEND });
  if ('skip' in hub) throw new Error(hub.skip);
  const call = async (who: 'acmeAnalyst' | 'operator' | 'bankAnalyst', method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hub.url}/api/v1${path}`, {
      method, headers: { authorization: hub.auth(who), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text === '' ? {} : JSON.parse(text) as Record<string, unknown>;
  };
  try {
    await call('operator', 'PUT', '/desk/staff/op@hub-op.example');
    await call('operator', 'PUT', '/desk/recipients/fin-isac', { name: 'Financials ISAC', kind: 'sector-isac', communities: ['fin-isac'], tlp: 'green' });
    const steps: Record<string, number[]> = { file: [], triage: [], approve: [], route: [], visible: [] };
    for (let i = 0; i < REPORTS; i++) {
      const marker = `B${i}x${Date.now().toString(36)}`;
      let t = performance.now();
      const lap = (k: string) => {
        const now = performance.now();
        steps[k]!.push(now - t);
        t = now;
      };
      const filed = await call('acmeAnalyst', 'POST', '/reports', {
        type: 'intrusion', title: `${marker} intrusion at ACME Bank`, detected_at: '2026-11-20T09:30:00+09:00',
        discovery: `${marker} ${paragraph}`, business_impact: paragraph, techniques: ['T1566'],
        observables: `203.0.113.${i % 250} evil-${i}.example`, consent: [{ recipient: 'fin-isac', scope: 'damage', attribution: 'none' }],
      }) as { report: { id: string } };
      lap('file');
      const id = filed.report.id;
      await call('operator', 'POST', `/reports/${id}/triage`);
      lap('triage');
      const s = await call('acmeAnalyst', 'GET', `/reports/${id}/sanitized`) as { digest: string };
      await call('acmeAnalyst', 'POST', `/reports/${id}/sanitized/approve`, { digest: s.digest });
      lap('approve');
      await call('operator', 'POST', `/reports/${id}/route`, {});
      lap('route');
      for (;;) {
        const found = await call('bankAnalyst', 'GET', `/search?q=${encodeURIComponent(marker)}`) as { items: unknown[] };
        if (found.items.length > 0) break;
      }
      lap('visible');
    }
    for (const [k, xs] of Object.entries(steps)) console.log(`desk over HTTP (${BACKEND}), ${k}: p50 ${median(xs).toFixed(1)} ms, p99 ${pct(xs, 0.99).toFixed(1)} ms (${xs.length} reports)`);
    const total = steps.file!.map((_, i) => Object.values(steps).reduce((a, xs) => a + xs[i]!, 0));
    console.log(`desk over HTTP (${BACKEND}), filed to found by the recipient, all steps: p50 ${median(total).toFixed(1)} ms, p99 ${pct(total, 0.99).toFixed(1)} ms`);
  } finally {
    await hub.close();
  }
}

async function main(): Promise<void> {
  console.log(`desk benchmark: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ${new Date().toISOString()}`);
  sanitizerFigures();
  await deskFigures();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
