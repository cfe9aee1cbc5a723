import { describe, expect, it } from 'vitest';
import { ipv6Groups, ipv6Text } from './ioc-net.js';
import { IocTextError, MAX_IOC_LINE_CHARS, MAX_IOC_TEXT_BYTES, parseIocText, type IocType } from './ioc-text.js';

/** [type, value] of every item of a one-line text. */
const found = (text: string) => parseIocText(text).items.map((i) => [i.type, i.value]);

describe('parseIocText: what it finds', () => {
  it.each<[string, string, [IocType, string][]]>([
    // plain forms
    ['IPv4', 'C2 at 45.77.12.34.', [['ipv4-addr', '45.77.12.34']]],
    ['IPv4 with port', 'beacon to 45.77.12.34:8443', [['ipv4-addr', '45.77.12.34']]],
    ['IPv4 CIDR', 'block 45.77.12.0/24', [['ipv4-addr', '45.77.12.0/24']]],
    ['IPv4 range', '45.77.12.1-45.77.12.9', [['ipv4-addr', '45.77.12.1'], ['ipv4-addr', '45.77.12.9']]],
    ['IPv6 full', 'src 2a03:2880:f12f:0083:face:b00c:0000:25de', [['ipv6-addr', '2a03:2880:f12f:83:face:b00c:0:25de']]],
    ['IPv6 compressed, upper case', 'dst 2A03:2880::25DE', [['ipv6-addr', '2a03:2880::25de']]],
    ['IPv6 longest zero run compressed', '2a03:0:0:1:0:0:0:1', [['ipv6-addr', '2a03:0:0:1::1']]],
    ['IPv6 with prefix', 'net 2a03:2880::/32', [['ipv6-addr', '2a03:2880::/32']]],
    ['IPv4-mapped IPv6', '::ffff:8.8.8.8', [['ipv6-addr', '::ffff:8.8.8.8']]],
    ['domain', 'resolves evil-cdn.example.net today', [['domain-name', 'evil-cdn.example.net']]],
    ['domain, upper case, trailing dot', 'EVIL.Example.COM.', [['domain-name', 'evil.example.com']]],
    ['punycode domain', 'xn--80ak6aa92e.com', [['domain-name', 'xn--80ak6aa92e.com']]],
    ['punycode TLD', 'shop.xn--p1ai', [['domain-name', 'shop.xn--p1ai']]],
    ['URL', 'get https://evil.example.net/a/b.php?x=1&y=2#f', [['url', 'https://evil.example.net/a/b.php?x=1&y=2#f']]],
    ['URL scheme and host lower-cased, path kept', 'HTTP://Evil.Example.NET/Path/File.EXE', [['url', 'http://evil.example.net/Path/File.EXE']]],
    ['URL with port and user', 'ftp://anon@files.example.org:2121/drop.zip', [['url', 'ftp://anon@files.example.org:2121/drop.zip']]],
    ['URL on an IPv6 host', 'http://[2a03:2880::1]:8080/x', [['url', 'http://[2a03:2880::1]:8080/x']]],
    ['URL in parentheses', '(see http://evil.example.net/a)', [['url', 'http://evil.example.net/a']]],
    ['URL with balanced parentheses', 'http://evil.example.net/wiki/A_(b).', [['url', 'http://evil.example.net/wiki/A_(b)']]],
    ['URL in angle brackets', '<https://evil.example.net/x>', [['url', 'https://evil.example.net/x']]],
    ['email', 'From: "CEO" <ceo.office@Evil-Mail.example.com>', [['email-addr', 'ceo.office@evil-mail.example.com']]],
    ['email with plus', 'reply-to: a.b+c@phish.example.org;', [['email-addr', 'a.b+c@phish.example.org']]],
    ['MD5', 'md5: 44D88612FEA8A8F36DE82E1278ABB02F', [['file:md5', '44d88612fea8a8f36de82e1278abb02f']]],
    ['SHA-1', 'sha1=3395856ce81f2b7382dee72602f798b642f14140', [['file:sha1', '3395856ce81f2b7382dee72602f798b642f14140']]],
    ['SHA-256', '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f', [['file:sha256', '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']]],
    ['SHA-512', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', [['file:sha512', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e']]],
    ['CSV line', '2026-11-20,45.77.12.34,evil.example.net,44d88612fea8a8f36de82e1278abb02f', [['ipv4-addr', '45.77.12.34'], ['domain-name', 'evil.example.net'], ['file:md5', '44d88612fea8a8f36de82e1278abb02f']]],
    // defanged forms
    ['hxxp', 'hxxp://evil.example.net/x', [['url', 'http://evil.example.net/x']]],
    ['hXXps', 'hXXps://evil.example.net/', [['url', 'https://evil.example.net/']]],
    ['h**p', 'h**p://evil.example.net', [['url', 'http://evil.example.net']]],
    ['fxp', 'fxp://files.example.org/a', [['url', 'ftp://files.example.org/a']]],
    ['[://]', 'https[://]evil.example.net', [['url', 'https://evil.example.net']]],
    ['[:]//', 'hxxps[:]//evil[.]example[.]net/a', [['url', 'https://evil.example.net/a']]],
    ['[/]', 'http://evil.example.net[/]x', [['url', 'http://evil.example.net/x']]],
    ['IPv4 [.]', '45.77.12[.]34', [['ipv4-addr', '45.77.12.34']]],
    ['IPv4 all [.]', '45[.]77[.]12[.]34', [['ipv4-addr', '45.77.12.34']]],
    ['IPv4 (.)', '45(.)77(.)12(.)34', [['ipv4-addr', '45.77.12.34']]],
    ['IPv6 [:]', '2a03[:]2880[:][:]1', [['ipv6-addr', '2a03:2880::1']]],
    ['domain [.]', 'evil[.]example[.]net', [['domain-name', 'evil.example.net']]],
    ['domain (.)', 'evil(.)example(.)net', [['domain-name', 'evil.example.net']]],
    ['domain {.}', 'evil{.}example{.}net', [['domain-name', 'evil.example.net']]],
    ['domain [dot]', 'evil[dot]example[DOT]net', [['domain-name', 'evil.example.net']]],
    ['domain (dot) with spaces', 'evil (dot) example (dot) net', [['domain-name', 'evil.example.net']]],
    ['domain \\.', 'evil\\.example\\.net', [['domain-name', 'evil.example.net']]],
    ['domain " . " before a common TLD', 'evil . example . com', [['domain-name', 'evil.example.com']]],
    ['email [@]', 'phish[@]evil[.]example[.]net', [['email-addr', 'phish@evil.example.net']]],
    ['email (at) (dot)', 'phish (at) evil (dot) example (dot) jp', [['email-addr', 'phish@evil.example.jp']]],
    ['email [at]', 'phish[at]evil.example.net', [['email-addr', 'phish@evil.example.net']]],
    // Japanese text around IOCs, full-width characters
    ['Japanese around an IP and a domain', '攻撃元IPは45.77.12.34で、ドメインはmalicious-site.xyzでした。', [['ipv4-addr', '45.77.12.34'], ['domain-name', 'malicious-site.xyz']]],
    ['Japanese directly after a URL', '詳細はhttps://evil.example.net/a/bを参照してください', [['url', 'https://evil.example.net/a/b']]],
    ['Japanese brackets', '「evil.example.net」と（45.77.12.34）', [['domain-name', 'evil.example.net'], ['ipv4-addr', '45.77.12.34']]],
    ['full-width IPv4', '不審な通信先：１．２．３．４', [['ipv4-addr', '1.2.3.4']]],
    ['full-width domain', 'ｅｖｉｌ．ｅｘａｍｐｌｅ．ｎｅｔ', [['domain-name', 'evil.example.net']]],
    ['full-width defanged brackets', 'evil［.］example［.］net', [['domain-name', 'evil.example.net']]],
    ['full-width hash', 'ＭＤ５：４４Ｄ８８６１２ＦＥＡ８Ａ８Ｆ３６ＤＥ８２Ｅ１２７８ＡＢＢ０２Ｆ', [['file:md5', '44d88612fea8a8f36de82e1278abb02f']]],
  ])('%s', (_label, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['file names', 'open report.pdf, invoice.exe, README.md, setup.msi, dropper.py and archive.tar.gz'],
    ['version numbers', 'version 1.2.3, v1.2.3.4, build 10.0.19041.1, Chrome/120.0.6099.109'],
    ['abbreviations and prose', 'e.g. this, i.e. that, U.S.A., Ph.D, Mr.Smith said. The end.Then'],
    ['code', 'window.open(url) and document.write(x); std::vector<int>, Foo::Bar'],
    ['times and MAC addresses', 'at 12:30:45 from 00:1a:2b:3c:4d:5e'],
    ['short and long hex runs', 'id deadbeef, uuid 123e4567-e89b-12d3-a456-426614174000'],
    ['a hex run inside a longer word', 'x44d88612fea8a8f36de82e1278abb02f'],
    ['a dot with spaces in prose', 'I was done . Then I left.'],
    ['an IPv6 without digits', 'dead::beef and cafe::babe'],
    ['a host-less URL', 'http:// and https://'],
  ])('finds nothing in %s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('parseIocText: originals, lines, notes, duplicates, ignored', () => {
  it('keeps the text as written, with its 1-based line', () => {
    const r = parseIocText('first line\r\nC2: hxxps://evil[.]example[.]net/x and ４５．７７．１２．３４\nlast: phish (at) evil (dot) example (dot) jp');
    expect(r.items).toEqual([
      { type: 'url', value: 'https://evil.example.net/x', original: 'hxxps://evil[.]example[.]net/x', line: 2 },
      { type: 'ipv4-addr', value: '45.77.12.34', original: '４５．７７．１２．３４', line: 2 },
      { type: 'email-addr', value: 'phish@evil.example.jp', original: 'phish (at) evil (dot) example (dot) jp', line: 3 },
    ]);
  });

  it('does not report a URL\'s host or an email\'s domain again, nor a hash inside a URL', () => {
    const r = parseIocText('http://evil.example.net/44d88612fea8a8f36de82e1278abb02f and x@mail.example.org, http://45.77.12.34/a');
    expect(r.items.map((i) => i.type)).toEqual(['url', 'email-addr', 'url']);
  });

  it('deduplicates by type and value, keeping the first occurrence', () => {
    const r = parseIocText('EVIL.example.net\nevil[.]example[.]net 45.77.12.34\n45.77.12[.]34\n44D88612FEA8A8F36DE82E1278ABB02F 44d88612fea8a8f36de82e1278abb02f');
    expect(r.items.map((i) => [i.value, i.line, i.original])).toEqual([
      ['evil.example.net', 1, 'EVIL.example.net'],
      ['45.77.12.34', 2, '45.77.12.34'],
      ['44d88612fea8a8f36de82e1278abb02f', 4, '44D88612FEA8A8F36DE82E1278ABB02F'],
    ]);
  });

  it.each([
    ['10.1.2.3'], ['172.16.0.1'], ['172.31.255.255'], ['192.168.1.1'], ['127.0.0.1'], ['169.254.1.1'], ['100.64.0.1'],
    ['0.0.0.0'], ['192.0.2.10'], ['198.51.100.7'], ['203.0.113.5'], ['224.0.0.1'], ['255.255.255.255'],
    ['::1'], ['fe80::1'], ['fd12:3456::1'], ['2001:db8::1'], ['ff02::1'], ['::ffff:192.168.0.1'],
  ])('keeps the private or reserved address %s as an item with note "private"', (addr) => {
    const [item] = parseIocText(`addr ${addr} here`).items;
    expect(item).toMatchObject({ note: 'private' });
  });

  it.each([['8.8.8.8'], ['172.32.0.1'], ['100.128.0.1'], ['2a03:2880::1'], ['::ffff:8.8.8.8']])('has no note for the public address %s', (addr) => {
    const [item] = parseIocText(addr).items;
    expect(item).toBeDefined();
    expect(item!.note).toBeUndefined();
  });

  it('notes a URL on a private address', () => {
    expect(parseIocText('http://192.168.1.1/admin').items[0]).toMatchObject({ type: 'url', note: 'private' });
  });

  it('lists look-alikes in ignored, with the reason', () => {
    const r = parseIocText('report.pdf 999.1.2.3 01.2.3.4 1.2.3.4/33\n'
      + '44d88612fea8a8f36de82e1278abb02f4 00000000000000000000000000000000 12345678901234567890123456789012\nreport.pdf');
    expect(r.items).toEqual([]);
    expect(r.ignored.map((i) => [i.line, i.text])).toEqual([
      [1, 'report.pdf'], [1, '999.1.2.3'], [1, '01.2.3.4'], [1, '1.2.3.4/33'],
      [2, '44d88612fea8a8f36de82e1278abb02f4'], [2, '00000000000000000000000000000000'], [2, '12345678901234567890123456789012'],
    ]);
    const reasons = r.ignored.map((i) => i.reason);
    expect(reasons[0]).toContain('file name');
    expect(reasons[1]).toContain('999 is not an IPv4 octet');
    expect(reasons[2]).toContain('leading zero');
    expect(reasons[3]).toContain('prefix length');
    expect(reasons[4]).toContain('33 characters');
    expect(reasons[5]).toContain('placeholder');
    expect(reasons[6]).toContain('decimal');
  });

  it('answers empty lists for empty text', () => {
    expect(parseIocText('')).toEqual({ items: [], ignored: [] });
    expect(parseIocText('\n\n  \n')).toEqual({ items: [], ignored: [] });
  });
});

describe('parseIocText: limits', () => {
  it('refuses a line over the limit, naming it', () => {
    const text = `ok 1.2.3.4\n${'a'.repeat(MAX_IOC_LINE_CHARS + 1)}`;
    expect(() => parseIocText(text)).toThrow(IocTextError);
    expect(() => parseIocText(text)).toThrow(/line 2 is 10001 characters long/);
    expect(parseIocText('a'.repeat(MAX_IOC_LINE_CHARS)).items).toEqual([]);
  });

  it('refuses a text over 1 MB', () => {
    const line = `${'x'.repeat(999)}\n`;
    const text = line.repeat(Math.ceil((MAX_IOC_TEXT_BYTES + 1) / line.length));
    expect(() => parseIocText(text)).toThrow(/at most 1048576 bytes \(1 MB\)/);
  });
});

describe('IPv6 text form (RFC 5952)', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['::ffff:c000:0201', '::ffff:192.0.2.1'],
  ])('%s is %s', (input, expected) => {
    expect(ipv6Text(ipv6Groups(input)!)).toBe(expected);
  });
});
