import { describe, expect, it } from 'vitest';
import { isStixId, objectPath, safeHttpUrl } from './url';

describe('safeHttpUrl', () => {
  it('keeps absolute http and https URLs', () => {
    expect(safeHttpUrl('https://attack.mitre.org/techniques/T1566/')).toBe('https://attack.mitre.org/techniques/T1566/');
    expect(safeHttpUrl('http://example.com')).toBe('http://example.com/');
    expect(safeHttpUrl('  HTTPS://Example.com/a?b=c  ')).toBe('https://example.com/a?b=c');
  });
  it('refuses every other scheme and malformed or relative URLs', () => {
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com/x',
      '//evil.example/x',
      '/relative/path',
      'https://',
      'https:// example.com',
      'http://exa\nmple.com',
      'hxxp://malicious.example',
      '',
    ]) {
      expect(safeHttpUrl(bad), bad).toBeNull();
    }
    expect(safeHttpUrl(42)).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});

describe('STIX ids and object paths', () => {
  it('recognises STIX identifiers', () => {
    expect(isStixId('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toBe(true);
    expect(isStixId('x-mitre-tactic--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f')).toBe(true);
    expect(isStixId('indicator--not-a-uuid')).toBe(false);
    expect(isStixId('javascript:alert(1)')).toBe(false);
  });
  it('builds object page paths with an optional version', () => {
    const id = 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    expect(objectPath(id)).toBe(`/objects/${id}`);
    expect(objectPath(id, '2026-11-26T00:00:00.000Z')).toBe(`/objects/${id}?version=2026-11-26T00%3A00%3A00.000Z`);
  });
});
