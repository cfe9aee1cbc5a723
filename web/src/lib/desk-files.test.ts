import { describe, expect, it } from 'vitest';
import { attachmentPath, fileProblem } from './desk-files';
import { formatBytes } from './format';

describe('formatBytes', () => {
  it('says sizes in binary multiples', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024, 'en')).toBe('25 MB');
    expect(formatBytes(150 * 1024 * 1024, 'en')).toBe('150 MB');
  });
});

describe('fileProblem', () => {
  const max = 1000;
  it('accepts an ordinary log', () => {
    expect(fileProblem({ name: 'vpn-2026-11-20.log', size: 10 }, max)).toBeNull();
    expect(fileProblem({ name: 'ランサムノート.txt', size: 1000 }, max)).toBeNull();
    // as the hub: dots inside a name and dot files are fine
    expect(fileProblem({ name: 'dump..2026.log', size: 5 }, max)).toBeNull();
    expect(fileProblem({ name: '.bash_history', size: 5 }, max)).toBeNull();
  });
  it('refuses what the hub would refuse', () => {
    expect(fileProblem({ name: 'big.pcap', size: 1001 }, max)).toEqual({ key: 'tooLarge', max });
    expect(fileProblem({ name: 'empty.log', size: 0 }, max)).toEqual({ key: 'empty' });
    for (const name of ['../etc/passwd', 'a\\b.txt', 'a/b', '..', '.', 'con', 'NUL.txt', 'lpt1', 'com0.log', 'bad\u0007.log', 'invoice\u202Efdp.exe', 'trailing.', 'space ', '', '...', 'x'.repeat(201)]) {
      expect(fileProblem({ name, size: 5 }, max), name).toEqual({ key: 'badName' });
    }
  });
});

describe('attachmentPath', () => {
  it('encodes both ids', () => {
    expect(attachmentPath('r 1', 'a/2')).toBe('/api/v1/reports/r%201/attachments/a%2F2');
  });
});
