/** Line reading across chunk boundaries, CSV fields, format sniffing, EVE values with escapes, the trends interval. */
import { describe, expect, it } from 'vitest';
import { eveCompact, eveObservables, eveObservablesOf } from './eve.js';
import { csvFields, forEachLine, parserFor, sniffFormat } from './logs.js';
import { normalizeUrl, detectType, ipv4ToInt } from './normalize.js';
import { trendsIntervalFrom } from './trend-watch.js';

async function lines(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  async function* gen() {
    for (const c of chunks) yield Buffer.from(c);
  }
  await forEachLine(gen(), (buf, s, e, latin1) => {
    expect(Buffer.from(latin1.slice(s, e), 'latin1').equals(buf.subarray(s, e))).toBe(true);
    out.push(buf.toString('utf8', s, e));
  });
  return out;
}

describe('log reading', () => {
  it('splits lines across chunk boundaries, keeping a last line without newline', async () => {
    expect(await lines(['ab\ncd', 'e\nf', 'g', '\n\nh'])).toEqual(['ab', 'cde', 'fg', '', 'h']);
    expect(await lines(['x\n'])).toEqual(['x']);
    expect(await lines(['日本', '語\n'])).toEqual(['日本語']);
  });

  it('reads CSV fields with quotes', () => {
    expect(csvFields('a, b ,"c, d","e ""q"""')).toEqual(['a', 'b', 'c, d', 'e "q"']);
    expect(csvFields('')).toEqual(['']);
  });

  it('sniffs formats from the first line', () => {
    expect(sniffFormat('x.log', '#separator \\x09')).toBe('zeek');
    expect(sniffFormat('x.json', '{"event_type":"dns","src_ip":"1.2.3.4"}')).toBe('eve');
    expect(sniffFormat('x.json', '{"ts":1,"uid":"C1","id.orig_h":"1.2.3.4"}')).toBe('zeek');
    expect(sniffFormat('x.json', '{"type":"ipv4-addr","value":"1.2.3.4"}')).toBe('jsonl');
    expect(sniffFormat('x.txt', '1.2.3.4')).toBe('csv');
  });

  it('reads EVE values with escapes and non-ASCII, and agrees with the parsed path', () => {
    const event = { event_type: 'http', src_ip: '10.0.0.1', dest_ip: '192.0.2.1', http: { hostname: 'bücher.example', url: '/a\\"b/\u00e9?x="1"' } };
    const line = Buffer.from(JSON.stringify(event));
    expect(eveCompact(line.toString())).toBe(true);
    expect(eveCompact('{"event_type": "dns"}')).toBe(false);
    const fast = eveObservables(line.toString('latin1'), line, 0, line.length);
    expect(fast).toEqual(eveObservablesOf(event));
    expect(fast.map((o) => o.value)).toEqual(['10.0.0.1', '192.0.2.1', 'bücher.example', 'http://bücher.example/a\\"b/é?x="1"']);
    const spaced = parserFor('eve', '{"event_type": "dns"}');
    const b = Buffer.from('{"event_type": "dns", "src_ip": "10.0.0.1", "dns": {"queries": [{"rrname": "q.example"}]}}');
    expect(spaced.parse(b, 0, b.length, b.toString('latin1'))?.observables.map((o) => o.value)).toEqual(['10.0.0.1', 'q.example']);
  });
});

describe('normalisation', () => {
  it('types values by their look and normalises URLs', () => {
    expect(['1.2.3.4', '10.0.0.0/8', '2001:db8::1', 'evil.example', 'http://x.example', 'a@b.example', 'a'.repeat(64), '42', 'hello']
      .map(detectType)).toEqual(['ipv4-addr', 'ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file', undefined, undefined]);
    expect(normalizeUrl('HTTPS://User@Host.Example:443')).toBe('https://User@host.example/');
    expect(normalizeUrl('http://h.example:8080/P?Q#F')).toBe('http://h.example:8080/P?Q#F');
    expect(normalizeUrl('not a url')).toBeUndefined();
    expect(ipv4ToInt('255.0.10.1')).toBe(((255 * 256 + 0) * 256 + 10) * 256 + 1);
    expect([ipv4ToInt('1.2.3'), ipv4ToInt('1.2.3.256'), ipv4ToInt('01.2.3.4'), ipv4ToInt('1..3.4')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('KYOJO_TRENDS_INTERVAL', () => {
  it('defaults to an hour, 0 turns the watch off, nonsense is refused', () => {
    expect(trendsIntervalFrom({})).toBe(3_600_000);
    expect(trendsIntervalFrom({ KYOJO_TRENDS_INTERVAL: '0' })).toBe(0);
    expect(trendsIntervalFrom({ KYOJO_TRENDS_INTERVAL: '600' })).toBe(600_000);
    expect(() => trendsIntervalFrom({ KYOJO_TRENDS_INTERVAL: '5' })).toThrow(/KYOJO_TRENDS_INTERVAL/);
    expect(() => trendsIntervalFrom({ KYOJO_TRENDS_INTERVAL: 'hourly' })).toThrow(/KYOJO_TRENDS_INTERVAL/);
  });
});
