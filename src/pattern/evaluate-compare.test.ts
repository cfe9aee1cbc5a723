import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { matchPattern, parsePattern, type Observation } from './index.js';

const MD5 = '79054025255fb1a26e4bc422aef54eb4';
const SHA256 = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f';

/** One observation holding one of most SCO kinds, referring to each other by key. */
const HOST: Record<string, unknown> = {
  file: {
    type: 'file', name: 'foo.dll', size: 25536, created: '2014-01-13T07:03:17Z', mime_type: 'application/x-pdf',
    hashes: { MD5, 'SHA-256': SHA256 }, magic_number_hex: 'ffd8', parent_directory_ref: 'dir',
    extensions: { 'windows-pebinary-ext': { sections: [{ name: '.text', entropy: 7.5 }, { name: '.data', entropy: 3.2 }] } },
    x_flag: true, x_ratio: 1.5, x_nfc: 'caf\u00e9', x_nfd: 'cafe\u0301', x_astral: '\u{1F600}', x_lines: 'abc\n', x_multi: 'a\nb',
    x_ograve: '\u00f2', x_ocomb: 'o\u0300',
  },
  dir: { type: 'directory', path: 'C:\\Windows\\System32\\foo', contains_refs: ['file'] },
  ip4: { type: 'ipv4-addr', value: '198.51.100.7' },
  ip6: { type: 'ipv6-addr', value: '2001:db8:dead:beef::1' },
  nt: { type: 'network-traffic', src_ref: 'ip4', dst_ref: 'ip6', protocols: ['ipv4', 'tcp'], src_port: 49152 },
  dom: { type: 'domain-name', value: 'www.5z8.info', resolves_to_refs: ['ip4', 'missing'] },
  art: { type: 'artifact', mime_type: 'application/octet-stream', payload_bin: Buffer.from('this is a test').toString('base64') },
  pcap: {
    type: 'artifact', mime_type: 'application/vnd.tcpdump.pcap',
    payload_bin: Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0x0a]).toString('base64'),
  },
  proc: { type: 'process', name: 'proccy', pid: 4, command_line: 'C:\\certutil.exe>-add GlobalSign.cer -c -s -r localMachine Root' },
  key: { type: 'windows-registry-key', key: 'HKEY_LOCAL_MACHINE\\foo\\bar', values: [{ name: 'x', data: 'y' }] },
  usb: { type: 'x-usb-device', usbdrive: { serial_number: '575833314133343231313937' } },
};

/** An e-mail observation: its own, so that HOST holds a single file. */
const MAIL: Record<string, unknown> = {
  mail: { type: 'email-message', from_ref: 'addr', subject: 'Conference Info', body_multipart: [{ body: 'hi' }, { body_raw_ref: 'att' }] },
  addr: { type: 'email-addr', value: 'jdoe@example.com' },
  att: { type: 'file', name: 'Final Report 2024.exe' },
};

const observe = (objects: Observation['objects']): Observation[] => [{
  objects, first_observed: '2020-01-01T00:00:00Z', last_observed: '2020-01-01T00:00:00Z', number_observed: 1,
}];

function matches(pattern: string, objects: Observation['objects'] = HOST): boolean {
  return matchPattern(parsePattern(pattern), observe(objects)).matched;
}

/** [pattern, does it match HOST, or the given objects]. Patterns are written as they appear in STIX (backslashes doubled). */
const CASES: readonly (readonly [string, boolean, Record<string, unknown>?])[] = [
  // = and != on strings: code point equality, case-sensitive, no normalisation (§9.6.2)
  ["[file:name = 'foo.dll']", true], ["[file:name = 'FOO.DLL']", false], ["[file:name != 'bar.dll']", true],
  ["[file:name != 'foo.dll']", false], ["[file:name NOT = 'foo.dll']", false], ["[file:name NOT = 'x']", true],
  ["[file:x_nfd = 'caf\u00e9']", false], ["[file:x_nfc = 'caf\u00e9']", true],
  // absent property: false whatever the operator (§9.6)
  ["[file:missing = 'x']", false], ["[file:missing != 'x']", false], ["[file:missing NOT = 'x']", false],
  ["[file:missing NOT IN ('x')]", false], ["[file:hashes.missing NOT LIKE 'x']", false],
  // ordering of strings by code point (§9.6.2), astral after U+FF5E, longer after prefix
  ['[file:x_astral > \'\uff5e\']', true], ["[file:name > 'foo']", true], ["[file:name < 'foo.dlm']", true],
  ["[file:name >= 'foo.dll']", true], ["[file:name <= 'foo.dl']", false], ["[file:x_ocomb > 'oz']", true],
  ["[file:x_ocomb < 'z']", true], ["[file:x_ograve > 'z']", true],
  // numbers: integer and float compare by value (§9.2)
  ['[file:size = 25536]', true], ['[file:size = 25536.0]', true], ['[file:x_ratio = 1]', false], ['[file:x_ratio > 1]', true],
  ['[file:x_ratio < 1.75]', true], ['[file:size > 256]', true], ['[file:size < 1024]', false], ['[file:size <= 25536]', true],
  ['[file:size >= 25537]', false], ['[file:size != 4112]', true], ['[file:size NOT > 256]', false], ['[file:size NOT <= 100]', true],
  // incompatible types: false, but != is true (§9.6.1)
  ["[file:size = '25536']", false], ["[file:size != '25536']", true], ["[file:size < '3']", false], ["[file:size NOT < '3']", true],
  ['[file:name > 5]', false], ['[file:name != 5]', true], ['[file:x_flag = 1]', false], ['[file:x_flag != 1]', true],
  ['[file:hashes = 1]', false], ['[file:hashes != 1]', true],
  // booleans
  ['[file:x_flag = true]', true], ['[file:x_flag = false]', false], ['[file:x_flag != false]', true],
  // timestamps compare as instants with a property holding a STIX timestamp
  ["[file:created = t'2014-01-13T07:03:17Z']", true], ["[file:created = t'2014-01-13T07:03:17.000Z']", true],
  ["[file:created > t'2014-01-13T07:03:16.999999Z']", true], ["[file:created < t'2014-01-01T00:00:00Z']", false],
  ["[file:created = '2014-01-13T07:03:17Z']", true], ["[file:created = '2014-01-13T07:03:17.000Z']", false],
  ["[file:name = t'2014-01-13T07:03:17Z']", false], ["[file:name != t'2014-01-13T07:03:17Z']", true],
  // hex / binary: decoded bytes, unsigned, longer greater (§9.6.3, §9.6.4)
  ["[file:magic_number_hex = h'ffd8']", true], ["[file:magic_number_hex = h'FFD8']", true],
  ["[file:magic_number_hex = b'/9g=']", true], ["[file:magic_number_hex = '\u00ff\u00d8']", true],
  ["[file:magic_number_hex = 'ffd8']", false], ["[file:magic_number_hex > h'ff']", true], ["[file:magic_number_hex < h'ffd9']", true],
  ["[file:magic_number_hex > h'00ffff']", true], ["[file:magic_number_hex = '\u65e5\u672c']", false],
  ["[file:magic_number_hex != '\u65e5\u672c']", true], ["[file:name = h'666f6f2e646c6c']", true], ["[file:name = b'Zm9vLmRsbA==']", true],
  // §9.6.4 example
  ["[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']", false], ["[artifact:payload_bin = 'this is a test']", true],
  ["[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", true], ["[artifact:payload_bin = h'7468697320697320612074657374']", true],
  // IN
  ["[process:name IN ('proccy', 'proximus', 'badproc')]", true], ["[process:name IN ('a', 'b')]", false],
  ["[process:name NOT IN ('a', 'b')]", true], ["[process:name NOT IN ('proccy')]", false], ['[process:name IN ()]', false],
  ['[process:name NOT IN ()]', true], ['[file:size IN (1, 25536.0)]', true], ["[file:size IN ('25536')]", false],
  [`[process:name IN (${Array.from({ length: 20 }, (_, i) => `'p${i}'`).join(', ')}, 'proccy')]`, true],
  [`[process:name IN (${Array.from({ length: 20 }, (_, i) => `'p${i}'`).join(', ')})]`, false],
  ["[ipv4-addr:value IN ('10.0.0.1', '198.51.100.7/32')]", true],
  [`[ipv4-addr:value IN (${Array.from({ length: 10 }, (_, i) => `'10.0.0.${i}'`).join(', ')}, '198.51.100.7/32')]`, true],
  // LIKE: % any run, _ one character, whole value, NFC
  ["[file:name LIKE 'foo%']", true], ["[file:name LIKE '%.dll']", true], ["[file:name LIKE 'f_o.dll']", true],
  ["[file:name LIKE 'f_.dll']", false], ["[file:name LIKE 'FOO%']", false], ["[file:name LIKE '%']", true],
  ["[file:name LIKE 'foo_dll']", true], ["[file:name LIKE 'fo.%']", false], ["[file:name LIKE 'foo']", false],
  ["[file:name NOT LIKE 'bar%']", true], ["[file:x_multi LIKE 'a%b']", true], ["[file:x_nfd LIKE 'caf\u00e9']", true],
  ["[file:x_astral LIKE '_']", true], ["[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']", true],
  ['[file:size LIKE \'2%\']', false],
  // MATCHES: PCRE search, DOTALL, NFC; binary data without the Unicode flag
  ["[file:name MATCHES '^foo']", true], ["[file:name MATCHES 'oo\\\\.d']", true], ["[file:name MATCHES 'DLL$']", false],
  ["[file:name MATCHES '(?i)DLL$']", true], ["[file:name MATCHES '\\\\.dll$']", true], ["[file:x_multi MATCHES '^a.b$']", true],
  ["[file:x_lines MATCHES '^abc$']", true], ["[file:x_lines MATCHES '\\\\Aabc\\\\z']", false], ["[file:x_lines MATCHES '\\\\Aabc\\\\Z']", true],
  ["[file:x_nfd MATCHES '^caf\u00e9$']", true], ["[file:name NOT MATCHES '^foo']", false], ["[file:name MATCHES '[[:alpha:]]{3}\\\\.']", true],
  ["[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$']", true, MAIL],
  ["[artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']", true],
  ["[artifact:payload_bin MATCHES '^\\\\xc3']", false], ["[artifact:payload_bin MATCHES '^this is']", true],
  ["[artifact:payload_bin MATCHES '\u65e5']", false],
  ["[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$']", true],
  // a number is not text: MATCHES is false, and NOT negates that result like any comparison (§9.6.1)
  ['[file:size MATCHES \'2\']', false], ["[file:size NOT MATCHES '2']", true],
  // ISSUBSET / ISSUPERSET (§9.6.1)
  ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", true], ["[ipv4-addr:value ISSUBSET '198.51.100.0/30']", false],
  ["[ipv4-addr:value ISSUBSET '198.51.100.7']", true], ["[ipv4-addr:value ISSUPERSET '198.51.100.7/32']", true],
  ["[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", false], ["[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", true],
  ["[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", true],
  ["[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']", false], ["[network-traffic:src_ref.value ISSUBSET '198.51.100.0/24']", true],
  // IP values compare as address blocks for = (the spec's own examples use /32)
  ["[ipv4-addr:value = '198.51.100.7/32']", true], ["[ipv4-addr:value = '198.51.100.7']", true],
  ["[ipv4-addr:value = '198.51.100.0/24']", false], ["[ipv4-addr:value != '198.51.100.7/32']", false],
  ["[ipv6-addr:value = '2001:0db8:dead:beef:0:0:0:1']", true], ["[ipv6-addr:value = '2001:db8:dead:beef::1/128']", true],
  ["[domain-name:resolves_to_refs[*].value = '198.51.100.7/32']", true],
  // EXISTS
  ['[EXISTS windows-registry-key:values]', true], ['[EXISTS file:missing]', false], ['[EXISTS file:hashes.MD5]', true],
  ['[EXISTS network-traffic:src_ref.value]', true], ['[EXISTS domain-name:resolves_to_refs[1].value]', false],
  // object paths: dictionaries, lists, [*], [n], out of range, extensions
  ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[1].entropy > 7.0]", false],
  ["[file:extensions.'windows-pebinary-ext'.sections[0].entropy > 7.0]", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[5].entropy > 0]", false],
  ["[file:extensions.'windows-pebinary-ext'.sections[-1].entropy > 0]", false],
  ["[network-traffic:protocols[0] = 'ipv4']", true], ["[network-traffic:protocols[*] = 'tcp']", true],
  ["[network-traffic:protocols = 'tcp']", false], ["[network-traffic:protocols[*] != 'tcp']", true],
  ["[network-traffic:protocols[*] NOT = 'tcp']", false], ["[network-traffic:protocols[*] NOT = 'udp']", true],
  [`[file:hashes.'SHA-256' = '${SHA256}']`, true], [`[file:hashes.MD5 = '${MD5}']`, true], [`[file:hashes.md5 = '${MD5}']`, false],
  [`[file:hashes.MD5 = '${MD5.toUpperCase()}']`, false], ["[x-usb-device:usbdrive.serial_number = '575833314133343231313937']", true],
  // references within the observation (§9.7.4)
  ["[network-traffic:src_ref.value = '198.51.100.7']", true], ["[network-traffic:dst_ref.type = 'ipv6-addr']", true],
  ["[file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32\\\\foo']", true], ["[directory:contains_refs[*].name = 'foo.dll']", true],
  ["[email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']", true, MAIL],
  ["[email-message:from_ref = 'addr']", true, MAIL], ["[email-message:from_ref.type = 'email-addr']", true, MAIL],
  ["[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']", false, MAIL],
  ["[email-message:from_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']", true, MAIL],
  ['[domain-name:resolves_to_refs[1].type = \'x\']', false], ["[directory:contains_refs.name = 'foo.dll']", false],
  // one root object for the whole observation expression (§9.5)
  ["[file:name = 'foo.dll' AND file:size = 25536]", true],
  ["[file:name = 'Final Report 2024.exe' AND file:size = 25536]", false, { ...HOST, ...MAIL }],
  ["[file:name = 'Final Report 2024.exe' OR file:size = 25536]", true, { ...HOST, ...MAIL }],
  ["[(file:name = 'pdf.exe' OR file:size = 25536) AND file:created = t'2014-01-13T07:03:17Z']", true],
  ["[ipv4-addr:value = '198.51.100.7' OR domain-name:value = 'nothing']", true],
  ["[(ipv4-addr:value = '1.1.1.1' OR domain-name:value = 'www.5z8.info') AND domain-name:resolves_to_refs[0].value = '198.51.100.7']", true],
  ["[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']", false],
];

describe('matchPattern: comparison expressions against one observation', () => {
  it.each(CASES.map(([pattern, expected, objects]) => ({ pattern, expected, objects })))('$pattern → $expected', ({ pattern, expected, objects }) => {
    expect(matches(pattern, objects)).toBe(expected);
  });
});

describe('matchPattern: objects and roots', () => {
  it('needs one network-traffic referring to both addresses (the §9.5 example)', () => {
    const objects = {
      0: { type: 'network-traffic', src_ref: '1' }, 1: { type: 'ipv4-addr', value: '203.0.113.10' },
      2: { type: 'network-traffic', dst_ref: '3' }, 3: { type: 'ipv4-addr', value: '198.51.100.58' },
    };
    expect(matches("[ network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58' ]", objects)).toBe(false);
    expect(matches("[ network-traffic:src_ref.value = '203.0.113.10' OR network-traffic:dst_ref.value = '198.51.100.58' ]", objects)).toBe(true);
  });

  it('reports the keys of the root objects that matched', () => {
    const r = matchPattern(parsePattern("[file:name LIKE '%e%'] "), observe({ ...HOST, ...MAIL }));
    expect(r.bindings).toEqual([[{ observation: 0, objects: ['att'] }]]);
    const both = matchPattern(parsePattern("[file:name LIKE '%.%']"), observe({ ...HOST, ...MAIL }));
    expect(both.bindings[0]![0]!.objects).toEqual(['file', 'att']);
  });

  it('accepts STIX 2.1 SCO lists, dereferencing by id', () => {
    const objects = [
      { type: 'network-traffic', id: 'network-traffic--1', src_ref: 'ipv4-addr--2' },
      { type: 'ipv4-addr', id: 'ipv4-addr--2', value: '203.0.113.10' },
      { type: 'domain-name', value: 'no-id.example' },
    ];
    const r = matchPattern(parsePattern("[network-traffic:src_ref.value = '203.0.113.10']"), observe(objects));
    expect(r).toEqual({ matched: true, bindings: [[{ observation: 0, objects: ['network-traffic--1'] }]] });
    expect(matchPattern(parsePattern("[domain-name:value = 'no-id.example']"), observe(objects)).bindings[0]![0]!.objects).toEqual(['2']);
  });

  it('ignores entries that are not objects and survives reference cycles', () => {
    const objects = { a: null, b: 'x', c: { type: 'x-node', next_ref: 'c', n: 1 } } as Record<string, unknown>;
    expect(matches('[x-node:next_ref.next_ref.next_ref.n = 1]', objects)).toBe(true);
  });
});
