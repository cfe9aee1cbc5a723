import { describe, expect, it } from 'vitest';
import { normalizeSearchText, SEARCH_TEXT_MAX_BYTES, searchTextOf, searchTextOfJson } from './search-text.js';

describe('searchTextOf', () => {
  it('takes the readable texts and identifiers, lower-cased, one per line', () => {
    const text = searchTextOf({
      type: 'intrusion-set', id: 'intrusion-set--1', name: 'APT-Example', description: 'Targets BANKS in 東京',
      aliases: ['Example Panda', 42, ''], x_mitre_aliases: ['G9999'], labels: ['Espionage'],
      external_references: [{ source_name: 'mitre-attack', external_id: 'G9999', url: 'https://example.com/NOT-INCLUDED' }, 'junk', null],
      created_by_ref: 'identity--NOT-INCLUDED',
    });
    expect(text.split('\n')).toEqual(['apt-example', 'targets banks in 東京', 'example panda', 'g9999', 'espionage', 'mitre-attack', 'g9999']);
  });

  it('takes patterns, SCO values, hashes, and the texts of notes and opinions', () => {
    expect(searchTextOf({ type: 'indicator', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix' })).toBe("[ipv4-addr:value = '198.51.100.7']");
    expect(searchTextOf({ type: 'domain-name', value: 'Evil.Example' })).toBe('evil.example');
    expect(searchTextOf({ type: 'file', name: 'a.exe', hashes: { 'SHA-256': 'ABCDEF', MD5: 12 } })).toBe('a.exe\nabcdef');
    expect(searchTextOf({ type: 'note', abstract: 'Summary', content: 'Body TEXT' })).toBe('summary\nbody text');
    expect(searchTextOf({ type: 'opinion', opinion: 'agree', explanation: 'not included' })).toBe('');
  });

  it('ignores what is not a string where a string is expected', () => {
    expect(searchTextOf({ name: 7, description: { x: 'y' }, aliases: 'Single', hashes: ['x'], external_references: { source_name: 'x' } })).toBe('single');
    expect(searchTextOf({})).toBe('');
    expect(searchTextOfJson('{"name":"X"}')).toBe('x');
    expect(['[1]', '"name"', 'null', '{bad'].map(searchTextOfJson)).toEqual(['', '', '', '']);
  });

  it('caps the text at 64 KiB of UTF-8 without splitting a character', () => {
    const ascii = searchTextOf({ description: 'A'.repeat(100_000) });
    expect(ascii).toBe('a'.repeat(SEARCH_TEXT_MAX_BYTES));
    const kana = searchTextOf({ description: 'あ'.repeat(30_000) }); // 3 bytes each
    expect(kana).toBe('あ'.repeat(Math.floor(SEARCH_TEXT_MAX_BYTES / 3)));
    const emoji = normalizeSearchText('x' + '😀'.repeat(20_000)); // 4 bytes each, after one byte
    expect(Buffer.byteLength(emoji, 'utf8')).toBeLessThanOrEqual(SEARCH_TEXT_MAX_BYTES);
    expect(emoji).toBe('x' + '😀'.repeat(Math.floor((SEARCH_TEXT_MAX_BYTES - 1) / 4)));
    expect(normalizeSearchText('Short ÄÖ')).toBe('short äö');
    expect(normalizeSearchText('nul\0byte')).toBe('nul byte');
  });
});
