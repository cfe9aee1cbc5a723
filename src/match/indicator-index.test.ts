/** The matching index: every simple shape, IP blocks, sub-domains, case, URLs, expiry and the evaluator fallback. */
import { describe, expect, it } from 'vitest';
import { parsePattern } from '../pattern/index.js';
import { MatchIndex, type LookupType } from './indicator-index.js';

function indexOf(patterns: Record<string, string>, validUntil: Record<string, number> = {}): MatchIndex<string> {
  const index = new MatchIndex<string>();
  for (const [name, p] of Object.entries(patterns)) index.add(parsePattern(p), name, validUntil[name] ?? null);
  return index;
}

const hits = (index: MatchIndex<string>, type: LookupType, value: string, nowUs?: number) =>
  index.lookup(type, value, nowUs).map((h) => `${h.entry}:${h.match}:${h.term}`).sort();

describe('MatchIndex', () => {
  const index = indexOf({
    v4: "[ipv4-addr:value = '198.51.100.7']",
    v4slash32: "[ipv4-addr:value = '203.0.113.9/32']",
    net16: "[ipv4-addr:value = '10.1.0.0/16']",
    net24: "[ipv4-addr:value = '10.1.2.0/24']",
    net8: "[ipv4-addr:value = '10.0.0.0/8']",
    other24: "[ipv4-addr:value = '10.200.0.0/24']",
    v6: "[ipv6-addr:value = '2001:db8::1']",
    v6net: "[ipv6-addr:value = '2001:db8:aa::/48']",
    dom: "[domain-name:value = 'Evil.Example']",
    url: "[url:value = 'HTTP://Mal.Example:80/Path?q=1']",
    md5: "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']",
    sha256: "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    mail: "[email-addr:value = 'CEO@Phish.Example']",
    ored: "[ipv4-addr:value = '192.0.2.1' OR domain-name:value IN ('a.example', 'b.example')]",
  });

  it('finds exact IPv4 addresses, with or without /32', () => {
    expect(hits(index, 'ipv4-addr', '198.51.100.7')).toEqual(['v4:exact:198.51.100.7']);
    expect(hits(index, 'ipv4-addr', '203.0.113.9')).toEqual(['v4slash32:exact:203.0.113.9']);
    expect(hits(index, 'ipv4-addr', '198.51.100.8')).toEqual([]);
    expect(hits(index, 'ipv4-addr', '198.051.100.7')).toEqual([]);
    expect(hits(index, 'ipv4-addr', 'not an address')).toEqual([]);
  });

  it('finds every enclosing IPv4 block, nested or not', () => {
    expect(hits(index, 'ipv4-addr', '10.1.2.3')).toEqual(['net16:cidr:10.1.0.0/16', 'net24:cidr:10.1.2.0/24', 'net8:cidr:10.0.0.0/8']);
    expect(hits(index, 'ipv4-addr', '10.1.3.3')).toEqual(['net16:cidr:10.1.0.0/16', 'net8:cidr:10.0.0.0/8']);
    expect(hits(index, 'ipv4-addr', '10.200.0.255')).toEqual(['net8:cidr:10.0.0.0/8', 'other24:cidr:10.200.0.0/24']);
    expect(hits(index, 'ipv4-addr', '10.255.255.255')).toEqual(['net8:cidr:10.0.0.0/8']);
    expect(hits(index, 'ipv4-addr', '11.0.0.0')).toEqual([]);
    expect(hits(index, 'ipv4-addr', '9.255.255.255')).toEqual([]);
    // an observed block inside an indicator's block, or equal to it
    expect(hits(index, 'ipv4-addr', '10.1.2.0/24')).toEqual(['net16:cidr:10.1.0.0/16', 'net24:exact:10.1.2.0/24', 'net8:cidr:10.0.0.0/8']);
  });

  it('finds IPv6 addresses in any notation and inside blocks', () => {
    expect(hits(index, 'ipv6-addr', '2001:0db8:0:0:0:0:0:1')).toEqual(['v6:exact:2001:0db8:0:0:0:0:0:1']);
    expect(hits(index, 'ipv6-addr', '2001:db8:aa:1::5')).toEqual(['v6net:cidr:2001:db8:aa::/48']);
    expect(hits(index, 'ipv6-addr', '2001:db8:ab::1')).toEqual([]);
  });

  it('finds a domain and its sub-domains, case-insensitively, never its parents or look-alikes', () => {
    expect(hits(index, 'domain-name', 'evil.example')).toEqual(['dom:exact:evil.example']);
    expect(hits(index, 'domain-name', 'EVIL.example.')).toEqual(['dom:exact:evil.example']);
    expect(hits(index, 'domain-name', 'a.b.evil.example')).toEqual(['dom:subdomain:evil.example']);
    expect(hits(index, 'domain-name', 'example')).toEqual([]);
    expect(hits(index, 'domain-name', 'notevil.example')).toEqual([]);
    expect(hits(index, 'domain-name', 'evil.example.com')).toEqual([]);
  });

  it('finds deep indicator domains and single-label ones (a TLD as indicator) past the tail pre-check', () => {
    const i = indexOf({ deep: "[domain-name:value = 'a.b.deep.example']", tld: "[domain-name:value = 'zip']" });
    expect(hits(i, 'domain-name', 'x.a.b.deep.example')).toEqual(['deep:subdomain:a.b.deep.example']);
    expect(hits(i, 'domain-name', 'b.deep.example')).toEqual([]);
    expect(hits(i, 'domain-name', 'files.zip')).toEqual(['tld:subdomain:zip']);
    expect(hits(i, 'domain-name', 'zip')).toEqual(['tld:exact:zip']);
    expect(hits(i, 'domain-name', 'files.zip.example')).toEqual([]);
  });

  it('normalises URL schemes, hosts and default ports but not paths', () => {
    expect(hits(index, 'url', 'http://mal.example/Path?q=1')).toEqual(['url:exact:http://mal.example/Path?q=1']);
    expect(hits(index, 'url', 'http://MAL.EXAMPLE:80/Path?q=1')).toEqual(['url:exact:http://mal.example/Path?q=1']);
    expect(hits(index, 'url', 'http://mal.example/path?q=1')).toEqual([]);
    expect(hits(index, 'url', 'https://mal.example/Path?q=1')).toEqual([]);
    expect(hits(index, 'url', 'http://mal.example./Path?q=1')).toEqual(['url:exact:http://mal.example/Path?q=1']);
    expect(hits(index, 'url', 'http://other.example/Path?q=1')).toEqual([]);
  });

  it('compares hashes and email addresses case-insensitively', () => {
    expect(hits(index, 'file', 'd41d8cd98f00b204e9800998ecf8427e')).toEqual(['md5:exact:d41d8cd98f00b204e9800998ecf8427e']);
    expect(hits(index, 'file', 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F')).toHaveLength(1);
    expect(hits(index, 'email-addr', 'ceo@phish.example')).toEqual(['mail:exact:ceo@phish.example']);
  });

  it('files every value of an ORed pattern', () => {
    expect(hits(index, 'ipv4-addr', '192.0.2.1')).toEqual(['ored:exact:192.0.2.1']);
    expect(hits(index, 'domain-name', 'x.b.example')).toEqual(['ored:subdomain:b.example']);
  });

  it('reports an indicator once per lookup even when several of its values match', () => {
    const i = indexOf({ both: "[ipv4-addr:value = '10.0.0.1' OR ipv4-addr:value = '10.0.0.0/8']" });
    expect(hits(i, 'ipv4-addr', '10.0.0.1')).toEqual(['both:exact:10.0.0.1']);
  });

  it('agrees with a plain scan on a large IPv4 index (the /24 pre-check)', () => {
    const i = new MatchIndex<string>();
    const exact: string[] = [];
    for (let k = 0; k < 1500; k++) {
      const v = `${(k * 37) % 223 + 1}.${(k * 91) % 256}.${(k * 53) % 256}.${k % 256}`;
      exact.push(v);
      i.add(parsePattern(`[ipv4-addr:value = '${v}']`), v);
    }
    i.add(parsePattern("[ipv4-addr:value = '100.64.0.0/10']"), 'cgn');
    i.add(parsePattern("[ipv4-addr:value = '255.255.255.240/28']"), 'top');
    i.add(parsePattern("[ipv4-addr:value = '0.0.0.0/8']"), 'zero');
    for (const v of exact) expect(i.lookup('ipv4-addr', v).map((h) => h.entry)).toContain(v);
    expect(i.lookup('ipv4-addr', '100.127.255.255').map((h) => h.entry)).toEqual(['cgn']);
    expect(i.lookup('ipv4-addr', '255.255.255.255').map((h) => h.entry)).toEqual(['top']);
    expect(i.lookup('ipv4-addr', '0.1.2.3').map((h) => h.entry)).toEqual(['zero']);
    const set = new Set(exact);
    for (let k = 0; k < 5000; k++) {
      const v = `${(k * 13) % 256}.${(k * 7) % 256}.${(k * 29) % 256}.${(k * 3) % 256}`;
      const [a, b] = v.split('.').map(Number) as [number, number];
      const expected = [...(set.has(v) ? [v] : []), ...(a === 100 && b >= 64 && b < 128 ? ['cgn'] : []), ...(a === 0 ? ['zero'] : [])];
      expect(i.lookup('ipv4-addr', v).map((h) => h.entry).sort(), v).toEqual(expected.sort());
    }
  });

  it('stops matching once valid_until has passed', () => {
    const i = indexOf({ a: "[ipv4-addr:value = '192.0.2.5']", b: "[ipv4-addr:value = '192.0.2.0/24']" }, { a: 2_000, b: 2_000 });
    expect(hits(i, 'ipv4-addr', '192.0.2.5', 1_999)).toHaveLength(2);
    expect(hits(i, 'ipv4-addr', '192.0.2.5', 2_000)).toEqual([]);
  });

  it('leaves other patterns to the evaluator, filed by the types they mention', () => {
    const i = indexOf({
      like: "[domain-name:value LIKE '%.duckdns.org']",
      and: "[network-traffic:dst_port = 4444 AND network-traffic:protocols[*] = 'tcp']",
      ssdeep: "[file:hashes.SSDEEP = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']",
      simple: "[ipv4-addr:value = '192.0.2.99']",
    });
    expect(i.stats()).toMatchObject({ indicators: 4, patterns: 2, ipv4: 1, raw: 1 });
    expect(i.hasPatternsFor(['domain-name'])).toBe(true);
    expect(i.hasPatternsFor(['ipv4-addr'])).toBe(false);
    const obs = (objects: Record<string, unknown>) => [{ objects }];
    const ev = (objects: Record<string, unknown>, types: string[]) => i.evaluate(obs(objects), types).map((h) => `${h.entry}:${h.match}`);
    expect(ev({ 0: { type: 'domain-name', value: 'x.duckdns.org' } }, ['domain-name'])).toEqual(['like:pattern']);
    expect(ev({ 0: { type: 'network-traffic', dst_port: 4444, protocols: ['ipv4', 'tcp'] } }, ['network-traffic'])).toEqual(['and:pattern']);
    expect(ev({ 0: { type: 'network-traffic', dst_port: 4444, protocols: ['udp'] } }, ['network-traffic'])).toEqual([]);
    // a simple pattern on a value no map holds is compared as written
    expect(hits(i, 'file', '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C')).toEqual(['ssdeep:exact:3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']);
    expect(hits(i, 'file', '3:axgbicflgvnhbgcl6wcrfqev:axghsnhxlsr2c')).toEqual([]);
    // a candidate is only evaluated when the observation holds one of its types
    expect(ev({ 0: { type: 'domain-name', value: 'x.duckdns.org' } }, ['file'])).toEqual([]);
  });
});

describe('MatchIndex pre-checks on large indexes', () => {
  it('never hides a match: domains, URLs and hashes agree with the small index', () => {
    const big = new MatchIndex<string>();
    const small = new MatchIndex<string>();
    const patterns = [
      "[domain-name:value = 'Evil.Example']", "[domain-name:value = 'bücher.example']", "[url:value = 'HTTP://Mal.Example:80/p']",
      "[url:value = 'http://user@host.example:8080/x?y']", "[url:value = 'http://[2001:db8::1]/z']", "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']",
    ];
    for (const p of patterns) {
      big.add(parsePattern(p), p);
      small.add(parsePattern(p), p);
    }
    for (let k = 0; k < 1200; k++) {
      big.add(parsePattern(`[domain-name:value = 'd${k}.filler.example']`), 'filler');
      big.add(parsePattern(`[url:value = 'http://u${k}.filler.example/']`), 'filler');
      big.add(parsePattern(`[file:hashes.'SHA-256' = '${k.toString(16).padStart(64, 'f')}']`), 'filler');
    }
    const probes: [LookupType, string][] = [
      ['domain-name', 'EVIL.example.'], ['domain-name', 'a.b.Evil.Example'], ['domain-name', 'x.bücher.example'], ['domain-name', 'nothing.example'],
      ['url', 'http://MAL.example/p'], ['url', 'http://mal.example./p'], ['url', 'http://user@HOST.example:8080/x?y'], ['url', 'http://[2001:db8::1]/z'],
      ['url', 'http://other.example/p'], ['file', 'd41d8cd98f00b204e9800998ecf8427e'], ['file', 'D41D8CD98F00B204E9800998ECF8427E'], ['file', '0'.repeat(32)],
    ];
    for (const [type, value] of probes) {
      expect(big.lookup(type, value).map((h) => h.entry).filter((e) => e !== 'filler'), value).toEqual(small.lookup(type, value).map((h) => h.entry));
    }
    expect(small.lookup('url', 'http://MAL.example/p')).toHaveLength(1);
    expect(small.lookup('domain-name', 'x.bücher.example')).toHaveLength(1);
  });
});
