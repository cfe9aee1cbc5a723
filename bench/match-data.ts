/** Indicator values for bench/match.ts: real ones from ../shared/data/iocs, generated ones of the same shapes. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LookupType } from '../src/match/indicator-index.js';

export interface Value {
  type: LookupType;
  value: string;
  algorithm?: string;
}

const IOCS = join(import.meta.dirname, '..', '..', 'shared', 'data', 'iocs');

function lines(path: string): string[] {
  const p = join(IOCS, path);
  return existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#')) : [];
}

/** About 500,000 real values (addresses, blocks, domains, URLs, hashes), or none when the data is absent. */
export function realValues(): Value[] {
  const out: Value[] = [];
  for (const l of lines('ipsum/ipsum.txt')) out.push({ type: 'ipv4-addr', value: l.split('\t')[0]! });
  for (const l of lines('blocklistproject/malware.ip')) if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(l.trim())) out.push({ type: 'ipv4-addr', value: l.trim() });
  for (const f of ['blocklistproject/phishing-nl.txt', 'blocklistproject/ransomware-nl.txt']) for (const l of lines(f)) out.push({ type: 'domain-name', value: l.trim() });
  for (const l of lines('eset-malware-ioc/eset_sample_hashes.csv').slice(1)) {
    const [hash, kind] = l.split(',');
    const algorithm = kind === 'md5' ? 'MD5' : kind === 'sha1' ? 'SHA-1' : kind === 'sha256' ? 'SHA-256' : undefined;
    if (hash && algorithm) out.push({ type: 'file', value: hash, algorithm });
  }
  for (const l of lines('maltrail-malicious-suspicious/maltrail_malicious_suspicious_sample.csv').slice(1)) {
    const [v, kind] = l.split(',');
    if (!v) continue;
    // maltrail's URL trails without a host ('/path/') match any host: not an indicator value
    if (kind === 'url') {
      if (!v.startsWith('/')) out.push({ type: 'url', value: v.includes('://') ? v : `http://${v}` });
    }
    else if (kind === 'ipv4:port') out.push({ type: 'ipv4-addr', value: v.split(':')[0]! });
    else if (kind === 'ipv4' || kind === 'ipv4-cidr') out.push({ type: 'ipv4-addr', value: v });
    else if (kind === 'domain') out.push({ type: 'domain-name', value: v });
  }
  return out;
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['secure', 'login', 'update', 'cdn', 'mail', 'account', 'verify', 'pay', 'cloud', 'drive', 'auth', 'portal', 'sync', 'bank', 'office'];
const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'ru', 'cn', 'io', 'biz'];
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

/** A generated indicator value: addresses (a few blocks), domains, URLs, hashes, emails, IPv6. */
export function synthetic(i: number, r: () => number): Value {
  const x = r();
  const octet = () => Math.floor(r() * 256);
  const domain = () => `${WORDS[i % WORDS.length]}-${Math.floor(r() * 1e6).toString(36)}.${TLDS[Math.floor(r() * TLDS.length)]}`;
  if (x < 0.38) return { type: 'ipv4-addr', value: `${1 + Math.floor(r() * 222)}.${octet()}.${octet()}.${octet()}` };
  if (x < 0.39) return { type: 'ipv4-addr', value: `${1 + Math.floor(r() * 222)}.${octet()}.${octet()}.0/24` };
  if (x < 0.68) return { type: 'domain-name', value: domain() };
  if (x < 0.78) return { type: 'url', value: `http://${domain()}/${hex(r, 8)}/index.php?id=${Math.floor(r() * 1e5)}` };
  if (x < 0.88) return { type: 'file', value: hex(r, 64), algorithm: 'SHA-256' };
  if (x < 0.96) return { type: 'file', value: hex(r, 32), algorithm: 'MD5' };
  if (x < 0.98) return { type: 'email-addr', value: `${WORDS[i % WORDS.length]}${i}@${domain()}` };
  return { type: 'ipv6-addr', value: `2001:db8:${hex(r, 4)}:${hex(r, 4)}::${hex(r, 3)}` };
}

/** Times stix2-matcher over the same (pattern, observed-data) pairs, patterns compiled once as ours are. */
export const PYTHON_MATCHER = `import json, sys, time
import stix2matcher.matcher as m
pairs = json.load(open(sys.argv[1]))
secs = float(sys.argv[2])
try:
    compiled = [(m.Pattern(p, stix_version='2.1'), obs) for p, obs in pairs]
    run = lambda c, obs: c.match(obs)
except (AttributeError, TypeError):
    compiled = pairs
    run = lambda p, obs: m.match(p, obs, stix_version='2.1')
for c, obs in compiled:
    assert run(c, obs), 'expected a match'
n = 0
t0 = time.perf_counter()
end = t0 + secs
while time.perf_counter() < end:
    for c, obs in compiled:
        run(c, obs)
        n += 1
print(n / (time.perf_counter() - t0))
`;
