/**
 * STIX pattern engine benchmark: parse rate over realistic indicator patterns and
 * evaluation rate of matchPattern over observed-data. Real indicator values come from
 * ../shared/data/iocs when present, synthetic ones otherwise.
 *
 *   node --import tsx bench/pattern.ts [--patterns 100000] [--seconds 1]
 *
 * Prints figures; it asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { formatPattern, matchPattern, parsePattern, simpleTerms, type Observation, type PatternAst } from '../src/pattern/index.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const PATTERNS = Number(args.get('patterns') ?? 100_000);
const SECONDS = Number(args.get('seconds') ?? 1);
const IOCS = join(import.meta.dirname, '..', '..', 'shared', 'data', 'iocs');

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Indicator patterns as hubs receive them: one value each, the shapes of bench/data.ts. */
function simplePatterns(n: number): { patterns: string[]; real: boolean } {
  const lines = (p: string) => (existsSync(join(IOCS, p)) ? readFileSync(join(IOCS, p), 'utf8').split('\n') : []);
  const out: string[] = [];
  for (const l of lines('ipsum/ipsum.txt')) if (l && !l.startsWith('#')) out.push(`[ipv4-addr:value = '${l.split('\t')[0]}']`);
  for (const l of lines('blocklistproject/malware.ip')) if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(l)) out.push(`[ipv4-addr:value = '${l}']`);
  for (const l of lines('blocklistproject/phishing-nl.txt')) if (l && !l.startsWith('#')) out.push(`[domain-name:value = ${quote(l.trim())}]`);
  for (const l of lines('eset-malware-ioc/eset_sample_hashes.csv').slice(1)) {
    const [hash, type] = l.split(',');
    if (type === 'sha256') out.push(`[file:hashes.'SHA-256' = '${hash}']`);
    if (type === 'md5') out.push(`[file:hashes.MD5 = '${hash}']`);
  }
  for (const l of lines('maltrail-malicious-suspicious/maltrail_malicious_suspicious_sample.csv').slice(1)) {
    const [value, type] = l.split(',');
    if (value && type === 'url') out.push(`[url:value = ${quote(`http://${value}`)}]`);
  }
  const real = out.length > 0;
  if (!real) for (let i = 0; i < n; i++) out.push(`[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`);
  // Interleave the sources so every slice has the same mix.
  const mixed: string[] = [];
  const step = Math.max(1, Math.floor(out.length / n));
  for (let i = 0; mixed.length < n; i = (i + step) % out.length) mixed.push(out[i]!);
  return { patterns: mixed, real };
}

const H = (c: string, n: number) => c.repeat(n);
/** Hand-written patterns using the rest of the language, as found in CTI feeds. */
const COMPLEX = [
  `[file:hashes.MD5 = '${H('a', 32)}' OR file:hashes.'SHA-1' = '${H('b', 40)}' OR file:hashes.'SHA-256' = '${H('c', 64)}']`,
  "[network-traffic:dst_ref.value = '203.0.113.7' AND network-traffic:dst_port = 443 AND network-traffic:protocols[*] = 'tcp']",
  "[url:value MATCHES '^https?://[a-z0-9.-]+\\\\.example/(login|verify)\\\\.php']",
  "[domain-name:value LIKE '%.duckdns.org' OR domain-name:value LIKE '%.no-ip.biz']",
  "[ipv4-addr:value ISSUBSET '198.51.100.0/24' OR ipv6-addr:value ISSUBSET '2001:db8::/32']",
  "[process:name IN ('mimikatz.exe', 'procdump.exe', 'psexec.exe') AND process:command_line MATCHES '(?i)lsass']",
  `([file:hashes.MD5 = '${H('d', 32)}'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run']) WITHIN 300 SECONDS`,
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'c2.example'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Invoice.+\\\\.(exe|scr)$']",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:validity_not_after < t'2024-01-01T00:00:00Z'] START t'2023-01-01T00:00:00Z' STOP t'2024-01-01T00:00:00Z'",
];

function rate(label: string, unit: string, work: () => number): number {
  let count = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) count += work();
  const perSecond = count / ((performance.now() - t0) / 1000);
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${unit}/s`);
  return perSecond;
}

const T0 = Date.UTC(2024, 5, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const single = (objects: Observation['objects'], s = 0): Observation => ({ objects, first_observed: at(s), last_observed: at(s), number_observed: 1 });

/** A log-like stream: connections to addresses/domains, file and registry events, spread over a day. */
function observations(n: number): Observation[] {
  const out: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const s = i * (86_400 / n);
    switch (i % 4) {
      case 0: out.push(single({ 0: { type: 'network-traffic', dst_ref: '1', dst_port: 443, protocols: ['ipv4', 'tcp'] }, 1: { type: 'ipv4-addr', value: `203.0.113.${i % 250}` } }, s)); break;
      case 1: out.push(single({ 0: { type: 'network-traffic', dst_ref: '1', protocols: ['ipv4', 'udp'] }, 1: { type: 'domain-name', value: i % 40 === 1 ? 'c2.example' : `host${i}.example` } }, s)); break;
      case 2: out.push(single({ 0: { type: 'file', name: `f${i}.exe`, hashes: { MD5: (i % 97).toString(16).padStart(32, '0') } } }, s)); break;
      default: out.push(single({ 0: { type: 'windows-registry-key', key: `HKEY_CURRENT_USER\\Software\\k${i}` } }, s));
    }
  }
  return out;
}

console.log(`kyojo pattern bench: ${new Date().toISOString()}, ${cpus()[0]?.model}, node ${process.version}, ${SECONDS}s per figure`);
const { patterns: simple, real } = simplePatterns(PATTERNS);
const bytes = simple.reduce((n, p) => n + p.length, 0);
console.log(`patterns: ${simple.length.toLocaleString('en-US')} simple (${real ? 'real indicator values from ../shared/data/iocs' : 'synthetic'}), ${COMPLEX.length} complex\n`);

let i = 0;
const parsed = rate('parse, simple indicator patterns', 'patterns', () => {
  for (let k = 0; k < 1000; k++) parsePattern(simple[i++ % simple.length]!);
  return 1000;
});
console.log(`${'  = MB of pattern text per second'.padEnd(58)} ${((parsed * bytes) / simple.length / 1e6).toFixed(1).padStart(12)} MB/s`);
rate('parse, complex patterns (all operators and qualifiers)', 'patterns', () => {
  for (const p of COMPLEX) parsePattern(p);
  return COMPLEX.length;
});
const asts = simple.slice(0, 10_000).map(parsePattern);
rate('format + simpleTerms, simple patterns', 'patterns', () => {
  for (const a of asts) if (formatPattern(a).length === 0 || simpleTerms(a) === null) throw new Error('unexpected');
  return asts.length;
});

console.log('');
const ipHit = parsePattern("[ipv4-addr:value = '203.0.113.7']");
const oneHit = [single({ 0: { type: 'ipv4-addr', value: '203.0.113.7' } })];
const oneMiss = [single({ 0: { type: 'ipv4-addr', value: '203.0.113.8' } })];
rate('evaluate simple pattern, 1 observation, hit', 'evaluations', () => {
  for (let k = 0; k < 1000; k++) matchPattern(ipHit, oneHit);
  return 1000;
});
rate('evaluate simple pattern, 1 observation, miss', 'evaluations', () => {
  for (let k = 0; k < 1000; k++) matchPattern(ipHit, oneMiss);
  return 1000;
});
const stream = observations(1000);
const complexAsts: PatternAst[] = COMPLEX.map(parsePattern);
for (const [label, ast] of [['simple ipv4 pattern', ipHit], ...COMPLEX.map((p, k) => [`complex #${k + 1}`, complexAsts[k]!] as const)] as const) {
  // A miss scans every observation; a hit stops at the first binding.
  const outcome = matchPattern(ast, stream).matched ? 'hit' : 'miss';
  rate(`evaluate ${label} over 1,000 observations (${outcome})`, 'observations', () => {
    matchPattern(ast, stream);
    return stream.length;
  });
}
rate('evaluate 10 complex patterns, each over every observation', 'pattern×obs', () => {
  let n = 0;
  for (let k = 0; k < 100; k++) for (const a of complexAsts) { matchPattern(a, [stream[k]!]); n++; }
  return n;
});
