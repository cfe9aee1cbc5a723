import { describe, expect, it } from 'vitest';
import type { SanitizedField } from '../api/desk-types';
import { afterSegments, beforeSegments, changeCounts, remainingTerms } from './desk-diff';

const before = 'Taro at Acme Corp saw 10.1.2.3 on Acme Corp hosts';
const changes = [
  { start: 8, end: 17, original: 'Acme Corp', pseudonym: '[ORG-1]', kind: 'organization' },
  { start: 0, end: 4, original: 'Taro', pseudonym: '[PERSON-1]', kind: 'person' },
  { start: 22, end: 30, original: '10.1.2.3', pseudonym: '[IP-1]', kind: 'ip' },
  { start: 34, end: 43, original: 'Acme Corp', pseudonym: '[ORG-1]', kind: 'organization' },
];

describe('beforeSegments', () => {
  it('splits the original at the changes, in order, joining back to the original', () => {
    const s = beforeSegments(before, changes);
    expect(s.map((x) => x.text).join('')).toBe(before);
    expect(s.filter((x) => x.mark).map((x) => [x.text, x.mark!.pseudonym])).toEqual([
      ['Taro', '[PERSON-1]'], ['Acme Corp', '[ORG-1]'], ['10.1.2.3', '[IP-1]'], ['Acme Corp', '[ORG-1]'],
    ]);
  });
  it('survives overlapping and out-of-range changes', () => {
    const s = beforeSegments('abcdef', [
      { start: 1, end: 4, original: 'bcd', pseudonym: '[TERM-1]', kind: 'term' },
      { start: 2, end: 5, original: 'cde', pseudonym: '[TERM-2]', kind: 'term' },
      { start: 5, end: 99, original: 'f', pseudonym: '[TERM-3]', kind: 'term' },
    ]);
    expect(s.map((x) => x.text).join('')).toBe('abcdef');
    expect(s.map((x) => x.text)).toEqual(['a', 'bcd', 'e', 'f']);
  });
  it('is the whole text when nothing changed', () => {
    expect(beforeSegments('plain', [])).toEqual([{ text: 'plain', mark: null }]);
  });
});

describe('afterSegments', () => {
  it('marks the pseudonyms with their kind', () => {
    const s = afterSegments('[PERSON-1] at [ORG-1] saw [IP-12]; [NOT-1] stays');
    expect(s.map((x) => x.text).join('')).toBe('[PERSON-1] at [ORG-1] saw [IP-12]; [NOT-1] stays');
    expect(s.filter((x) => x.mark).map((x) => x.mark!.kind)).toEqual(['person', 'organization', 'ip']);
  });
});

describe('remainingTerms and changeCounts', () => {
  const fields: SanitizedField[] = [
    { field: 'business_impact', before, after: '[PERSON-1] at [ORG-1] saw [IP-1] on Sakura hosts', changes },
    { field: 'response', before: 'x', after: 'rebuilt ACME-DC01', changes: [] },
  ];
  it('finds the reporter’s words left in the result, ignoring case', () => {
    expect(remainingTerms(fields, ['acme-dc01', 'Project Sakura', 'sakura', 'Acme Corp', ' '])).toEqual(['acme-dc01', 'sakura']);
  });
  it('counts the changes by kind', () => {
    expect(changeCounts(fields)).toEqual({ organization: 2, person: 1, ip: 1 });
  });
});
