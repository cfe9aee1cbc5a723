import { describe, expect, it } from 'vitest';
import type { Benchmark } from '../api/posture-types';
import { benchmarkReference } from './posture-benchmark';
import { boardReportUrls, reportLang } from './posture-board';
import { formatBytes } from './format';
import { shareScope, todayUtc } from './posture-format';
import { emptyBody, emptyContact, profileBody } from './posture-profile';

describe('formatBytes', () => {
  it('uses B, KB and MB with one decimal above bytes', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(1023, 'en')).toBe('1,023 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024 + 104858, 'en')).toBe('5.1 MB');
    expect(formatBytes(-1, 'en')).toBe('—');
  });
});

describe('todayUtc', () => {
  it('is the UTC date, not the local one', () => {
    expect(todayUtc(new Date('2026-11-26T23:30:00-05:00'))).toBe('2026-11-27');
  });
});

describe('shareScope', () => {
  it('says all, some (by name) or none', () => {
    expect(shareScope(true, [{ name: 'A' }])).toEqual({ kind: 'all' });
    expect(shareScope(false, [{ name: 'A' }, { name: 'B' }])).toEqual({ kind: 'some', names: ['A', 'B'] });
    expect(shareScope(false, [])).toEqual({ kind: 'none' });
  });
});

describe('profileBody', () => {
  it('trims, nulls empty optional fields and drops rows left blank', () => {
    const body = profileBody({
      size: '',
      ciso: { name: ' Taro ', title: 'CISO', email: 'taro@acme.example ', phone: ' ', appointed_on: '' },
      bodies: [{ ...emptyBody(), name: ' ACME-CSIRT ', email: '' }, emptyBody()],
      contacts: [{ ...emptyContact(), name: 'Desk', email: 'desk@acme.example', phone: '03-0000-0000' }, emptyContact()],
    });
    expect(body).toEqual({
      size: null,
      ciso: { name: 'Taro', title: 'CISO', email: 'taro@acme.example', phone: null, appointed_on: null },
      bodies: [{ kind: 'csirt', name: 'ACME-CSIRT', email: null, phone: null, notes: null }],
      contacts: [{ purpose: 'incident', name: 'Desk', email: 'desk@acme.example', phone: '03-0000-0000' }],
    });
    expect(profileBody({ size: 'small', ciso: null, bodies: [], contacts: [] })).toEqual({ size: 'small', ciso: null, bodies: [], contacts: [] });
  });
});

describe('benchmarkReference', () => {
  const base: Benchmark = {
    questionnaire: { id: 'management-maturity', version: 1 },
    sector: 'finance',
    minimum: 5,
    organizations: 6,
    shown: true,
    average: { score: 58.1, byCategory: [{ category: 'm1', score: 61.7 }, { category: 'm2', score: 40 }] },
    own: null,
  };
  it('maps the average by category when the hub shows it', () => {
    expect(benchmarkReference(base, 'Finance average')).toEqual({ byCategory: { m1: 61.7, m2: 40 }, organizations: 6, minimum: 5, label: 'Finance average' });
  });
  it('withholds it below the minimum, even if figures came along', () => {
    expect(benchmarkReference({ ...base, shown: false, average: null, organizations: 3 }, 'x').byCategory).toBeNull();
    expect(benchmarkReference({ ...base, organizations: 4 }, 'x')).toEqual({ byCategory: null, organizations: 4, minimum: 5, label: 'x' });
  });
});

describe('board report', () => {
  it('takes ?lang= first, else the portal language', () => {
    expect(reportLang('en', 'ja')).toBe('en');
    expect(reportLang(null, 'ja-JP')).toBe('ja');
    expect(reportLang('fr', 'en-US')).toBe('en');
  });
  it('names the data, HTML and PDF routes of one language', () => {
    expect(boardReportUrls('ja')).toEqual({ data: '/board-report/data?lang=ja', html: '/api/v1/board-report?lang=ja', pdf: '/api/v1/board-report.pdf?lang=ja' });
  });
});
