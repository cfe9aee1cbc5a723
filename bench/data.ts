/**
 * Benchmark objects: real indicator values from ../shared/data/iocs when present
 * (IPs, phishing domains, URLs, file hashes), synthetic ones otherwise, wrapped in
 * STIX 2.1 indicators with a realistic mix of other object types.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'data', 'iocs');

interface Ioc { kind: 'ipv4' | 'domain' | 'url' | 'sha256' | 'md5'; value: string }

function loadRealIocs(): Ioc[] {
  const out: Ioc[] = [];
  const read = (p: string) => (existsSync(join(SHARED, p)) ? readFileSync(join(SHARED, p), 'utf8').split('\n') : []);
  for (const l of read('ipsum/ipsum.txt')) if (l && !l.startsWith('#')) out.push({ kind: 'ipv4', value: l.split('\t')[0]! });
  for (const l of read('blocklistproject/phishing-nl.txt')) if (l && !l.startsWith('#')) out.push({ kind: 'domain', value: l.trim() });
  for (const l of read('eset-malware-ioc/eset_sample_hashes.csv').slice(1)) {
    const [hash, type] = l.split(',');
    if (hash && (type === 'sha256' || type === 'md5')) out.push({ kind: type, value: hash });
  }
  for (const l of read('maltrail-malicious-suspicious/maltrail_malicious_suspicious_sample.csv').slice(1)) {
    const [value, type] = l.split(',');
    if (value && type === 'url') out.push({ kind: 'url', value: value.replace(/'/g, '') });
  }
  return out;
}

function syntheticIoc(i: number): Ioc {
  return { kind: 'ipv4', value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
}

function pattern(ioc: Ioc): string {
  switch (ioc.kind) {
    case 'ipv4': return `[ipv4-addr:value = '${ioc.value}']`;
    case 'domain': return `[domain-name:value = '${ioc.value}']`;
    case 'url': return `[url:value = '${ioc.value.replace(/\\/g, '\\\\')}']`;
    case 'sha256': return `[file:hashes.'SHA-256' = '${ioc.value}']`;
    case 'md5': return `[file:hashes.MD5 = '${ioc.value}']`;
  }
}

const IDENTITY = 'identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a';

/** Yields `count` objects: ~80% indicators, then malware, ipv4-addr SCOs and relationships. */
export function* benchObjects(count: number): Generator<Record<string, unknown>> {
  const real = loadRealIocs();
  const base = Date.UTC(2026, 0, 1);
  let lastIndicator = '';
  let lastMalware = 'malware--' + randomUUID();
  for (let i = 0; i < count; i++) {
    const ts = new Date(base + i * 1000).toISOString();
    const r = i % 20;
    if (r === 17) {
      lastMalware = 'malware--' + randomUUID();
      yield { type: 'malware', spec_version: '2.1', id: lastMalware, created: ts, modified: ts, name: `family-${i}`, is_family: true, malware_types: ['ransomware'], created_by_ref: IDENTITY };
    } else if (r === 18) {
      yield { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--' + randomUUID(), value: syntheticIoc(i).value };
    } else if (r === 19 && lastIndicator) {
      yield { type: 'relationship', spec_version: '2.1', id: 'relationship--' + randomUUID(), created: ts, modified: ts, relationship_type: 'indicates', source_ref: lastIndicator, target_ref: lastMalware, created_by_ref: IDENTITY };
    } else {
      const ioc = real.length > 0 ? real[i % real.length]! : syntheticIoc(i);
      lastIndicator = 'indicator--' + randomUUID();
      yield {
        type: 'indicator', spec_version: '2.1', id: lastIndicator, created: ts, modified: ts,
        name: `${ioc.kind} ${ioc.value}`.slice(0, 200), description: 'Observed in malicious activity reported to the hub.',
        indicator_types: ['malicious-activity'], pattern: pattern(ioc), pattern_type: 'stix', valid_from: ts,
        created_by_ref: IDENTITY, labels: ['benchmark'], confidence: 70,
        object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'],
      };
    }
  }
}

export function realIocCount(): number {
  return loadRealIocs().length;
}
