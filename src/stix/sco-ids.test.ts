import { describe, expect, it } from 'vitest';
import { isStixId } from './ids.js';
import { scoId, uuidV5 } from './sco-ids.js';

describe('deterministic SCO ids', () => {
  it('computes RFC 4122 version 5 UUIDs', () => {
    // the DNS namespace example of Python's uuid documentation
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  // expected ids computed independently (Python: uuid.uuid5(namespace, json.dumps(props, sort_keys, compact)))
  it.each([
    ['ipv4-addr', { value: '198.51.100.3' }, 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'],
    ['domain-name', { value: 'evil.example.net' }, 'domain-name--019168e7-4562-57d4-8b16-5cc016798e7a'],
    ['file', { hashes: { 'SHA-256': '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' } }, 'file--00f91c70-2975-500a-919c-fe3a0d6c125a'],
    ['url', { value: 'https://例え.jp/パス' }, 'url--b4204cf6-054a-54e1-b468-beaa7d74becb'],
  ])('%s %j', (type, props, expected) => {
    expect(scoId(type, props)).toBe(expected);
    expect(isStixId(expected)).toBe(true);
  });

  it('refuses an invalid type and an empty set of properties', () => {
    expect(() => scoId('Bad Type', { value: 'x' })).toThrow(RangeError);
    expect(() => scoId('ipv4-addr', {})).toThrow(/UUIDv4/);
  });
});
