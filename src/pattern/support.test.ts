import { describe, expect, it } from 'vitest';
import { ipEqual, ipSubset, parseIpBlock, parsePattern, simpleTerms } from './index.js';
import { compileLike, compileMatches, translatePcre } from './regex.js';

describe('PCRE to JavaScript', () => {
  it.each([
    ['.+\\@example\\.com$', 'x@example.com', true], // PCRE quotes any punctuation; JS `u` mode does not
    ['a\\-b', 'a-b', true], ['[\\w\\-]+$', 'a-b', true], ['\\Aabc', 'abc', true], ['\\Aabc', 'xabc', false],
    ['abc\\z', 'abc\n', false], ['abc\\Z', 'abc\n', true], ['abc$', 'abc\n', true], ['abc$', 'abc\nx', false],
    ['(?m)^b$', 'a\nb\nc', true], ['(?i)ABC', 'abc', true], ['(?s)a.c', 'a\nc', true], ['a.c', 'a\nc', true],
    ['\\x{263a}', '\u263a', true], ['\\x41', 'A', true], ['\\101', 'A', true], ['\\0101', '\x081', true], ['(a)\\1', 'aa', true], ['\\o{101}', 'A', true],
    ['\\e', '\x1b', true], ['\\Qa.b*\\E', 'a.b*', true], ['\\Qa.b*\\E', 'axbb', false], ['\\Qa-b', 'a-b', true],
    ['(?P<n>ab)(?P=n)', 'abab', true], ['(?<n>ab)\\k<n>', 'abab', true], ['(ab)\\g{1}', 'abab', true], ['(?<n>ab)\\k{n}', 'abab', true],
    ['a(?#comment)b', 'ab', true], ['[[:digit:]]+', 'x42', true], ['[^[:alpha:]]', 'abc', false], ['[]a]', ']', true],
    ['a{', 'a{', true], ['a{2}', 'aa', true], ['a{2,}', 'aaa', true], ['x}', 'x}', true], ['\\h+', ' \t', true],
    ['a\\Rb', 'a\r\nb', true], ['a+?b', 'aab', true], ['(?=a)a', 'a', true], ['(?<!x)a', 'ba', true], ['é', 'e\u0301', true],
  ] as const)('%s on %j → %s', (pcre, text, expected) => {
    expect(compileMatches(pcre, true).test(text.normalize('NFC'))).toBe(expected);
  });

  it.each([
    ['a++', 'a possessive quantifier'], ['a{2}+', 'a possessive quantifier'], ['(?>a)', 'an atomic group'],
    ['(?|a)', 'a branch reset group'], ['(?(1)a|b)', 'a conditional group'], ['(?R)', 'recursion'], ['(?1)', 'recursion'],
    ['(*FAIL)', 'a backtracking verb'], ['a\\Kb', '\\K is not supported'], ['a(?i)b', 'an inline option group'],
    ['(?x) a', 'the (?x) extended mode'], ['[[:^alpha:]]', 'the POSIX class'], ['\\g{-1}', 'a relative back-reference'], ['a\\', 'end with a backslash'],
  ])('refuses %s', (pcre, message) => {
    expect(() => compileMatches(pcre, true)).toThrow(message);
  });

  it('compiles without the u flag for binary data, refusing code points above \\xff', () => {
    expect(translatePcre('\\x{ff}\\@', false)).toEqual({ source: '\\xff\\@', flags: 's' });
    expect(compileMatches('^\\xd4\\xc3', false).test('\u00d4\u00c3')).toBe(true);
    expect(() => compileMatches('\\x{263a}', false)).toThrow(/above \\xff/);
  });

  it('LIKE: % and _ over code points, everything else literal, the whole value', () => {
    expect(compileLike('a%c', true).test('a\nbc')).toBe(true);
    expect(compileLike('a_c', true).test('a\u{1F600}c')).toBe(true);
    expect(compileLike('a_c', true).test('abbc')).toBe(false);
    expect(compileLike('(a+)[b]$.*', true).test('(a+)[b]$.*')).toBe(true);
    expect(compileLike('ab', true).test('xab')).toBe(false);
  });
});

describe('IP blocks', () => {
  it.each([
    ['198.51.100.7', 4, 32], ['198.51.100.0/24', 4, 24], ['0.0.0.0/0', 4, 0], ['2001:db8::1', 6, 128], ['::', 6, 128],
    ['::ffff:192.0.2.1', 6, 128], ['2001:0db8:dead:beef:0000:0000:0000:0000/64', 6, 64], ['1:2:3:4:5:6:7:8', 6, 128],
  ] as const)('parses %s', (text, family, prefix) => {
    expect(parseIpBlock(text)).toMatchObject({ family, prefix });
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/01', '1::2::3', '1:2:3:4:5:6:7:8:9',
    '12345::', 'g::1', '::1/129', 'fe80::1%eth0', 'example.com'])('refuses %j', (text) => {
    expect(parseIpBlock(text)).toBeUndefined();
  });

  it('compares blocks', () => {
    const p = (s: string) => parseIpBlock(s)!;
    expect(ipSubset(p('198.51.100.0/27'), p('198.51.100.0/24'))).toBe(true);
    expect(ipSubset(p('198.51.100.0/24'), p('198.51.100.0/27'))).toBe(false);
    expect(ipSubset(p('198.51.100.7'), p('198.51.100.7'))).toBe(true);
    expect(ipSubset(p('10.0.0.1'), p('0.0.0.0/0'))).toBe(true);
    expect(ipSubset(p('::ffff:10.0.0.1'), p('10.0.0.0/8'))).toBe(false);
    expect(ipSubset(p('2001:db8::1'), p('2001:db8::/32'))).toBe(true);
    expect(ipEqual(p('198.51.100.7'), p('198.51.100.7/32'))).toBe(true);
    expect(ipEqual(p('198.51.100.7/24'), p('198.51.100.0/24'))).toBe(true);
    expect(ipEqual(p('2001:db8:0:0::1'), p('2001:0DB8::1'))).toBe(true);
  });
});

describe('simpleTerms', () => {
  const sha = 'a'.repeat(64);
  it.each([
    ["[ipv4-addr:value = '198.51.100.1']", [{ type: 'ipv4-addr', path: 'value', value: '198.51.100.1' }]],
    ["[ipv4-addr:value = '198.51.100.0/24' OR ipv6-addr:value = '2001:db8::/32']",
      [{ type: 'ipv4-addr', path: 'value', value: '198.51.100.0/24' }, { type: 'ipv6-addr', path: 'value', value: '2001:db8::/32' }]],
    ["[domain-name:value = 'evil.example' OR (url:value = 'http://evil.example/x' OR email-addr:value = 'a@evil.example')]", [
      { type: 'domain-name', path: 'value', value: 'evil.example' }, { type: 'url', path: 'value', value: 'http://evil.example/x' },
      { type: 'email-addr', path: 'value', value: 'a@evil.example' }]],
    [`[file:hashes.'SHA-256' = '${sha}' OR file:hashes.MD5 = '${'b'.repeat(32)}']`,
      [{ type: 'file', path: 'hashes.SHA-256', value: sha }, { type: 'file', path: 'hashes.MD5', value: 'b'.repeat(32) }]],
    ["[domain-name:value IN ('a.example', 'b.example', 'a.example')]",
      [{ type: 'domain-name', path: 'value', value: 'a.example' }, { type: 'domain-name', path: 'value', value: 'b.example' }]],
  ] as const)('%s', (pattern, terms) => {
    expect(simpleTerms(parsePattern(pattern))).toEqual(terms);
  });

  it.each([
    "[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '5.6.7.8']",
    "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS",
    "[ipv4-addr:value != '1.2.3.4']",
    "[ipv4-addr:value NOT = '1.2.3.4']",
    "[ipv4-addr:value ISSUBSET '1.2.3.0/24']",
    "[domain-name:value LIKE '%.example']",
    "[domain-name:value = 'a.example' AND domain-name:resolves_to_refs[*].value = '1.2.3.4']",
    "[ipv4-addr:value = '1.2.3.4' OR file:name = 'x.exe']",
    "[file:name = 'x.exe']",
    "[network-traffic:dst_ref.value = '1.2.3.4']",
    "[file:hashes.'SHA-256'[0] = 'x']",
    '[domain-name:value IN ()]',
    "[domain-name:value NOT IN ('a.example')]",
    '[file:size = 1]',
  ])('%s is not simple', (pattern) => {
    expect(simpleTerms(parsePattern(pattern))).toBeNull();
  });
});
