/**
 * Early-warning benchmark (issue 8): the matching index with 1,000,000 indicators (real values
 * from ../shared/data/iocs when present, topped up with generated ones of the same shapes),
 * simple lookups per second on one core (the best of three rounds: the machine may be shared), a generated Suricata EVE file matched end to end
 * (generated into a temporary directory, deleted after), and the full pattern evaluator side by
 * side with the OASIS Python matcher (stix2-matcher) when it is installed.
 *
 *   npm run bench:match -- [--indicators 1000000] [--eve-mb 1024] [--seconds 3]
 *
 * Prints figures; it asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { MatchIndex, type IndexHit, type LookupType } from '../src/match/indicator-index.js';
import { fileChunks, parserFor } from '../src/match/logs.js';
import { matchStream } from '../src/match/run.js';
import { matchPattern, parsePattern, type Observation } from '../src/pattern/index.js';
import { PYTHON_MATCHER, realValues, rng, synthetic, type Value } from './match-data.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const INDICATORS = Number(args.get('indicators') ?? 1_000_000);
const EVE_MB = Number(args.get('eve-mb') ?? 1024);
const SECONDS = Number(args.get('seconds') ?? 3);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const heapMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const patternOf = (v: Value) => (v.type === 'file' ? `[file:hashes.'${v.algorithm ?? 'SHA-256'}' = ${quote(v.value)}]` : `[${v.type}:value = ${quote(v.value)}]`);

console.log(`kyojo match bench: ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);

// ---- 1. the index ---------------------------------------------------------------------
const real = realValues();
const values: Value[] = real.slice(0, INDICATORS);
const random = rng(42);
for (let i = values.length; i < INDICATORS; i++) values.push(synthetic(i, random));
const heap0 = heapMiB();
const index = new MatchIndex<string>();
let t = performance.now();
for (let i = 0; i < values.length; i++) index.add(parsePattern(patternOf(values[i]!)), `indicator--${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
index.finish();
const buildS = (performance.now() - t) / 1000;
console.log(`\nindex: ${fmt(values.length)} indicators (${fmt(Math.min(real.length, INDICATORS))} real values from ../shared/data/iocs, the rest generated) `
  + `built in ${buildS.toFixed(1)} s (${fmt(values.length / buildS)}/s, patterns parsed), heap +${fmt(heapMiB() - heap0)} MiB`);
console.log(`  ${JSON.stringify(index.stats())}`);

// ---- 2. lookups -------------------------------------------------------------------------
/** Observed values: mostly misses, some hits (1 in 20), the mix of a network log. */
const probes: { type: LookupType; value: string }[] = [];
for (let i = 0; i < 1_000_000; i++) {
  if (i % 20 === 0) {
    const v = values[Math.floor(random() * values.length)]!;
    probes.push({ type: v.type, value: v.type === 'ipv4-addr' && v.value.includes('/') ? v.value.replace(/\.\d+\/\d+$/, '.77') : v.value });
    continue;
  }
  const r = random();
  if (r < 0.6) probes.push({ type: 'ipv4-addr', value: `${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}` });
  else if (r < 0.85) probes.push({ type: 'domain-name', value: `www${Math.floor(random() * 1e6)}.shop${Math.floor(random() * 1e4)}.example.com` });
  else if (r < 0.95) probes.push({ type: 'url', value: `http://cdn${Math.floor(random() * 1e4)}.example.net/assets/${Math.floor(random() * 1e6)}.js` });
  else probes.push({ type: 'file', value: Math.floor(random() * 2 ** 52).toString(16).padStart(64, '0') });
}
const nowUs = Date.now() * 1000;
const out: IndexHit<string>[] = [];
/** Lookups per second over `list`, the best of three rounds of SECONDS each (the machine is shared). */
function lookupRate(label: string, list: typeof probes): void {
  let best = 0;
  let hitShare = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    let hits = 0;
    const end = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    while (performance.now() < end) {
      for (let k = 0; k < 100_000; k++) {
        const p = list[(n + k) % list.length]!;
        out.length = 0;
        index.lookup(p.type, p.value, nowUs, out);
        hits += out.length;
      }
      n += 100_000;
    }
    best = Math.max(best, n / ((performance.now() - t0) / 1000));
    hitShare = hits / n;
  }
  console.log(`${label.padEnd(62)} ${fmt(best).padStart(12)} lookups/s  (${(hitShare * 100).toFixed(1)}% hit)`);
}
console.log('');
for (let k = 0; k < 2_000_000; k++) { // warm-up: let the JIT settle before anything is timed
  const p = probes[k % probes.length]!;
  out.length = 0;
  index.lookup(p.type, p.value, nowUs, out);
}
lookupRate('lookups, mixed (60% IPv4, 25% domains, 10% URLs, 5% hashes)', probes);
lookupRate('lookups, IPv4 only', probes.filter((p) => p.type === 'ipv4-addr'));
lookupRate('lookups, domains only (sub-domain walk)', probes.filter((p) => p.type === 'domain-name'));
lookupRate('lookups, URLs only', probes.filter((p) => p.type === 'url'));
lookupRate('lookups, hashes only', probes.filter((p) => p.type === 'file'));
lookupRate('lookups, mixed, misses only', probes.filter((_, k) => k % 20 !== 0));
lookupRate('lookups, mixed, hits only', probes.filter((_, k) => k % 20 === 0));

// ---- 3. EVE end to end -------------------------------------------------------------------
const hot = values.filter((v) => v.type !== 'file').slice(0, 1000);
// what the benchmark alone held: the matcher in `kyojo match` has only the index
probes.length = 0;
real.length = 0;
values.length = 0;
heapMiB();
const dir = mkdtempSync(join(tmpdir(), 'kyojo-bench-eve-'));
try {
  const file = join(dir, 'eve.json');
  t = performance.now();
  const ws = createWriteStream(file, { highWaterMark: 8 << 20 });
  let written = 0;
  let lineNo = 0;
  while (written < EVE_MB * 1e6) {
    const chunk: string[] = [];
    for (let k = 0; k < 5000; k++) chunk.push(eveLine(lineNo++, hot));
    const text = chunk.join('');
    written += Buffer.byteLength(text);
    if (!ws.write(text)) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
  const size = statSync(file).size;
  console.log(`\nEVE: generated ${fmt(lineNo)} events, ${(size / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const head = Buffer.alloc(4096);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const first = head.toString('utf8').split('\n')[0]!;
  for (let run = 1; run <= 2; run++) {
    const s = await matchStream(index, fileChunks(file), parserFor('eve', first), {
      show: (id) => ({ id }), out: sink,
    });
    console.log(`EVE end to end (run ${run}): ${(s.bytes / 1e6 / s.seconds).toFixed(0)} MB/s, ${fmt(s.lines / s.seconds)} events/s, `
      + `${fmt(s.observables)} observables, ${fmt(s.hits)} hits on ${fmt(s.byIndicator.size)} indicators, ${s.seconds.toFixed(1)} s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function eveLine(i: number, hot: Value[]): string {
  const ts = new Date(Date.UTC(2026, 2, 1) + i * 3).toISOString().replace('Z', '000+0000');
  const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const h = i % 500 === 0 ? hot[(i / 500) % hot.length] : undefined;
  const ip = h?.type === 'ipv4-addr' && !h.value.includes('/') ? h.value : `${1 + (i % 222)}.${(i * 7) & 255}.${(i * 13) & 255}.${(i * 31) & 255}`;
  const dom = h?.type === 'domain-name' ? h.value : `host${i % 100000}.site${i % 977}.example.com`;
  const head = `{"timestamp":"${ts}","flow_id":${1_000_000_000_000 + i},"in_iface":"eth0",`;
  switch (i % 20) {
    case 0: case 1: case 2: case 3: case 4:
      return `${head}"event_type":"dns","src_ip":"${src}","src_port":${40000 + (i % 20000)},"dest_ip":"10.0.0.53","dest_port":53,"proto":"UDP","dns":{"version":2,"type":"answer","id":${i & 65535},"flags":"8180","qr":true,"rd":true,"ra":true,"rrname":"${dom}","rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"${dom}","rrtype":"A","ttl":300,"rdata":"${ip}"}]}}\n`;
    case 5: case 6: case 7:
      return `${head}"event_type":"http","src_ip":"${src}","src_port":${40000 + (i % 20000)},"dest_ip":"${ip}","dest_port":80,"proto":"TCP","tx_id":0,"http":{"hostname":"${dom}","url":"/static/js/app.${i % 9973}.js?v=${i % 97}","http_user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","http_content_type":"application/javascript","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":${i % 100000}}}\n`;
    case 8: case 9: case 10:
      return `${head}"event_type":"tls","src_ip":"${src}","src_port":${40000 + (i % 20000)},"dest_ip":"${ip}","dest_port":443,"proto":"TCP","tls":{"subject":"CN=${dom}","issuerdn":"C=US, O=Let's Encrypt, CN=R3","serial":"04:A1:B2:C3:D4:E5:F6","fingerprint":"ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01","sni":"${dom}","version":"TLS 1.3","notbefore":"2026-01-01T00:00:00","notafter":"2026-04-01T00:00:00","ja3":{"hash":"e7d705a3286e19ea42f587b344ee6865","string":"771,4865-4866-4867,0-23-65281-10-11-35-16-5-13-18-51-45-43-27,29-23-24,0"}}}\n`;
    case 11:
      return `${head}"event_type":"fileinfo","src_ip":"${ip}","src_port":80,"dest_ip":"${src}","dest_port":${40000 + (i % 20000)},"proto":"TCP","http":{"hostname":"${dom}","url":"/download/f${i}.bin"},"app_proto":"http","fileinfo":{"filename":"/download/f${i}.bin","magic":"data","gaps":false,"state":"CLOSED","md5":"${(i * 2654435761 % 2 ** 32).toString(16).padStart(32, 'a')}","sha256":"${(i * 40503 % 2 ** 32).toString(16).padStart(64, 'b')}","stored":false,"size":${i % 1_000_000},"tx_id":0}}\n`;
    case 12:
      return `${head}"event_type":"alert","src_ip":"${src}","src_port":${40000 + (i % 20000)},"dest_ip":"${ip}","dest_port":443,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2013028,"rev":7,"signature":"ET POLICY curl User-Agent Outbound","category":"Attempted Information Leak","severity":2},"app_proto":"tls","flow":{"pkts_toserver":4,"pkts_toclient":3,"bytes_toserver":400,"bytes_toclient":2000,"start":"${ts}"}}\n`;
    default:
      return `${head}"event_type":"flow","src_ip":"${src}","src_port":${40000 + (i % 20000)},"dest_ip":"${ip}","dest_port":${i % 3 === 0 ? 443 : 80},"proto":"TCP","app_proto":"${i % 3 === 0 ? 'tls' : 'http'}","flow":{"pkts_toserver":${i % 50},"pkts_toclient":${i % 40},"bytes_toserver":${i % 5000},"bytes_toclient":${i % 90000},"start":"${ts}","end":"${ts}","age":${i % 60},"state":"closed","reason":"timeout","alerted":false},"tcp":{"tcp_flags":"1b","tcp_flags_ts":"1b","tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,"state":"closed"}}\n`;
  }
}

// ---- 4. the evaluator side by side with the OASIS Python matcher ---------------------------
console.log('');
const PAIRS: [string, Observation[]][] = [
  ["[ipv4-addr:value = '203.0.113.7']", [{ objects: { 0: { type: 'ipv4-addr', value: '203.0.113.7' } }, first_observed: '2026-03-01T00:00:00Z', last_observed: '2026-03-01T00:00:00Z', number_observed: 1 }]],
  ["[domain-name:value LIKE '%.duckdns.org']", [{ objects: { 0: { type: 'domain-name', value: 'x1.duckdns.org' } }, first_observed: '2026-03-01T00:00:00Z', last_observed: '2026-03-01T00:00:00Z', number_observed: 1 }]],
  ["[network-traffic:dst_ref.value = '203.0.113.7' AND network-traffic:dst_port = 443]", [{ objects: { 0: { type: 'ipv4-addr', value: '203.0.113.7' }, 1: { type: 'network-traffic', dst_ref: '0', dst_port: 443, protocols: ['tcp'] } }, first_observed: '2026-03-01T00:00:00Z', last_observed: '2026-03-01T00:00:00Z', number_observed: 1 }]],
  ["[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f'] FOLLOWEDBY [domain-name:value = 'c2.example'] WITHIN 300 SECONDS", [
    { objects: { 0: { type: 'file', hashes: { MD5: '44d88612fea8a8f36de82e1278abb02f' } } }, first_observed: '2026-03-01T00:00:00Z', last_observed: '2026-03-01T00:00:00Z', number_observed: 1 },
    { objects: { 0: { type: 'domain-name', value: 'c2.example' } }, first_observed: '2026-03-01T00:01:00Z', last_observed: '2026-03-01T00:01:00Z', number_observed: 1 },
  ]],
];
const ourRate = (() => {
  const asts = PAIRS.map(([p]) => parsePattern(p));
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) for (let k = 0; k < 1000; k++) { const j = k % PAIRS.length; matchPattern(asts[j]!, PAIRS[j]![1]); n++; }
  return n / ((performance.now() - t0) / 1000);
})();
console.log(`${'evaluator: 4 patterns over their observed-data (hits)'.padEnd(52)} ${fmt(ourRate).padStart(12)} evaluations/s`);
try {
  execFileSync('python3', ['-c', 'import stix2matcher'], { stdio: 'ignore' });
  const pdir = mkdtempSync(join(tmpdir(), 'kyojo-bench-py-'));
  try {
    const input = join(pdir, 'pairs.json');
    writeFileSync(input, JSON.stringify(PAIRS.map(([p, obs]) => [p, obs.map((o, i) => ({ type: 'observed-data', id: `observed-data--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, spec_version: '2.1', created: '2026-03-01T00:00:00.000Z', modified: '2026-03-01T00:00:00.000Z', ...o }))])));
    writeFileSync(join(pdir, 'run.py'), PYTHON_MATCHER);
    const py = Number(execFileSync('python3', [join(pdir, 'run.py'), input, String(SECONDS)], { encoding: 'utf8' }).trim());
    console.log(`${'OASIS stix2-matcher (Python), same inputs'.padEnd(52)} ${fmt(py).padStart(12)} evaluations/s  (Kyojo ${(ourRate / py).toFixed(1)}x)`);
  } finally {
    rmSync(pdir, { recursive: true, force: true });
  }
} catch {
  console.log('OASIS stix2-matcher (Python): not installed here (pip install stix2-matcher needs PyPI); no ratio measured');
}
if (!existsSync(join(import.meta.dirname, '..', '..', 'shared', 'data', 'iocs'))) console.log('(../shared/data/iocs absent: every indicator generated)');
