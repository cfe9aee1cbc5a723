import { describe, expect, it } from 'vitest';
import type { DeskRecipient, Report } from '../api/desk-types';
import { consentEntries, formFromReport, formProblems, initialReportForm, splitList, splitZoned, toReportInput, toReportPatch, withConsent, withZone, zoneChoices, zoneOfOffset } from './desk-form';

const isac: DeskRecipient = { slug: 'fin-isac', name: 'Financials ISAC', kind: 'sector-isac', description: '', technique_only: false };
const police: DeskRecipient = { slug: 'police', name: 'Police', kind: 'police', description: '', technique_only: true };
const isao: DeskRecipient = { slug: 'isao', name: 'ISAO', kind: 'isao', description: '', technique_only: false };

describe('time zones', () => {
  it('turns getTimezoneOffset into an ISO offset', () => {
    expect(zoneOfOffset(-540)).toBe('+09:00');
    expect(zoneOfOffset(-330)).toBe('+05:30');
    expect(zoneOfOffset(300)).toBe('-05:00');
    expect(zoneOfOffset(0)).toBe('Z');
  });
  it('offers the browser’s zone first, once', () => {
    const z = zoneChoices('+09:00');
    expect(z[0]).toBe('+09:00');
    expect(z.filter((x) => x === '+09:00')).toHaveLength(1);
    expect(zoneChoices('+03:00').slice(0, 2)).toEqual(['+03:00', '+09:00']);
  });
  it('joins a local time and its zone, refusing malformed input', () => {
    expect(withZone('2026-11-20T09:30', '+09:00')).toBe('2026-11-20T09:30:00+09:00');
    expect(withZone('2026-11-20T09:30:15', 'Z')).toBe('2026-11-20T09:30:15Z');
    expect(withZone('', '+09:00')).toBeNull();
    expect(withZone('2026-11-20', '+09:00')).toBeNull();
    expect(withZone('2026-11-20T09:30', '+9')).toBeNull();
  });
});

describe('splitList', () => {
  it('splits on lines, commas and the Japanese comma, without blanks or repeats', () => {
    expect(splitList('Project Sakura, acme-dc01\n\n 山田 太郎 、acme-dc01')).toEqual(['Project Sakura', 'acme-dc01', '山田 太郎']);
  });
});

describe('toReportInput', () => {
  it('keeps only what was given; type fields only for their type', () => {
    const f = { ...initialReportForm('finance', '+09:00'), type: 'ddos' as const, title: '  Outage  ', ddosPeak: '40 Gbps', ransomFamily: 'LockBit', detectedLocal: '2026-11-20T09:30' };
    const input = toReportInput(f, [isac]);
    expect(input).toEqual({
      type: 'ddos', title: 'Outage', sector: 'finance', detected_at: '2026-11-20T09:30:00+09:00',
      ddos: { attack: 'T1498', peak: '40 Gbps' },
    });
    expect(input.ransomware).toBeUndefined();
  });
  it('sends the common fields, techniques upper-cased and the identifying terms', () => {
    const f = {
      ...initialReportForm('finance', 'Z'), type: 'ransomware' as const, title: 'Encrypted', contactName: 'Taro', contactPhone: '+81-3',
      environments: ['on-premises', 'saas'], systems: 'file server', essential: 'no' as const, ransomExtension: '.locked',
      techniques: 't1486, T1190.001', identifyingTerms: 'Project Sakura\nacme-dc01',
    };
    const input = toReportInput(f, []);
    expect(input.contact).toEqual({ name: 'Taro', phone: '+81-3' });
    expect(input.affected).toEqual({ systems: 'file server', environments: ['on-premises', 'saas'] });
    expect(input.essential_service_breached).toBe(false);
    expect(input.ransomware).toEqual({ extension: '.locked' });
    expect(input.techniques).toEqual(['T1486', 'T1190.001']);
    expect(input.identifying_terms).toEqual(['Project Sakura', 'acme-dc01']);
    expect(input.consent).toBeUndefined();
  });
});

describe('consent', () => {
  it('lists the recipients switched on, in the recipients’ order, never damage for a technique-only one', () => {
    let f = initialReportForm('finance', 'Z');
    f = withConsent(f, 'police', { on: true, scope: 'damage', attribution: 'operators' });
    f = withConsent(f, 'fin-isac', { on: true });
    f = withConsent(f, 'fin-isac', { scope: 'damage', attribution: 'none' });
    f = withConsent(f, 'isao', { on: false, scope: 'damage' });
    expect(consentEntries(f, [isac, police, isao])).toEqual([
      { recipient: 'fin-isac', scope: 'damage', attribution: 'none' },
      { recipient: 'police', scope: 'technique', attribution: 'operators' },
    ]);
  });
  it('defaults to attack technique only, anonymous', () => {
    const f = withConsent(initialReportForm('finance', 'Z'), 'isao', { on: true });
    expect(consentEntries(f, [isao])).toEqual([{ recipient: 'isao', scope: 'technique', attribution: 'none' }]);
  });
});

describe('formProblems', () => {
  it('asks for a title', () => {
    expect(formProblems(initialReportForm('finance', 'Z')).map((p) => p.key)).toEqual(['titleRequired']);
  });
  it('notices a start after the detection, across zones', () => {
    const base = { ...initialReportForm('finance', 'Z'), title: 'x' };
    // 09:00 in Tokyo is 00:00 UTC: a start at 01:00 UTC is after it
    expect(formProblems({ ...base, detectedLocal: '2026-11-20T09:00', detectedZone: '+09:00', startedLocal: '2026-11-20T01:00', startedZone: 'Z' })).toEqual([{ field: 'started', key: 'startAfterDetection' }]);
    expect(formProblems({ ...base, detectedLocal: '2026-11-20T09:00', detectedZone: '+09:00', startedLocal: '2026-11-19T23:00', startedZone: 'Z' })).toEqual([]);
  });
  it('names technique ids that are not ATT&CK ids', () => {
    const f = { ...initialReportForm('finance', 'Z'), title: 'x', techniques: 'T1486, phishing, T12' };
    expect(formProblems(f)).toEqual([{ field: 'techniques', key: 'techniqueFormat', values: ['phishing', 'T12'] }]);
  });
});

describe('editing a stored report', () => {
  const stored: Report = {
    id: 'r1', number: 3, type: 'ransomware', status: 'new', title: 'Encrypted', organization: { slug: 'acme', name: 'ACME' }, sector: 'finance',
    created_by: 'a@acme.example', created_at: '2026-11-20T00:00:00Z', updated_at: '2026-11-20T00:00:00Z', assignee: null,
    contact: { name: 'Taro', email: null, phone: null }, detected_at: '2026-11-20T09:30:15+09:00', started_at: '2026-11-19T23:00:00.000+00:00',
    affected: { systems: 'file server', environments: ['saas'] }, discovery: null, intrusion_route: null, business_impact: 'stopped',
    essential_service_breached: true, response: null, help_requested: null,
    ransomware: { note: null, extension: '.locked', family: null, intrusion_method: null }, ddos: null, observables: '203.0.113.5',
    techniques: ['T1486'], identifying_terms: ['Sakura', 'dc01'], observable_items: [],
    consent: [{ recipient: 'fin-isac', scope: 'damage', attribution: 'none' }], approval: null, routed: [], case_study: null,
    can: { edit: true, approve: true, upload: true, triage: false, assign: false, route: false, close: false, reopen: false, case_study: false, download: false },
  };
  it('splits zoned times back into local time and zone', () => {
    expect(splitZoned('2026-11-20T09:30:00+09:00')).toEqual({ local: '2026-11-20T09:30', zone: '+09:00' });
    expect(splitZoned('2026-11-20T09:30:15.250Z')).toEqual({ local: '2026-11-20T09:30:15', zone: 'Z' });
    expect(splitZoned('2026-11-20T09:30:00+00:00')).toEqual({ local: '2026-11-20T09:30', zone: 'Z' });
    expect(splitZoned('2026-11-20T09:30:00')).toBeNull();
    expect(splitZoned(null)).toBeNull();
  });
  it('fills the form from the report and sends it back unchanged as a patch', () => {
    const f = formFromReport(stored, '+09:00');
    expect(f).toMatchObject({ type: 'ransomware', title: 'Encrypted', contactName: 'Taro', detectedLocal: '2026-11-20T09:30:15', detectedZone: '+09:00', startedZone: 'Z', essential: 'yes', ransomExtension: '.locked', techniques: 'T1486', identifyingTerms: 'Sakura\ndc01' });
    const patch = toReportPatch(f, [isac]);
    expect(patch).toMatchObject({
      type: 'ransomware', title: 'Encrypted', sector: 'finance', contact: { name: 'Taro' }, detected_at: '2026-11-20T09:30:15+09:00', started_at: '2026-11-19T23:00:00Z',
      affected: { systems: 'file server', environments: ['saas'] }, discovery: null, business_impact: 'stopped', essential_service_breached: true,
      ransomware: { extension: '.locked' }, ddos: null, observables: '203.0.113.5', techniques: ['T1486'], identifying_terms: ['Sakura', 'dc01'],
      consent: [{ recipient: 'fin-isac', scope: 'damage', attribution: 'none' }],
    });
  });
  it('clears what was emptied, and the ransomware part when the type changes', () => {
    const f = { ...formFromReport(stored, 'Z'), type: 'intrusion' as const, businessImpact: '', techniques: '', essential: 'unknown' as const };
    const patch = toReportPatch(f, [isac]);
    expect(patch).toMatchObject({ type: 'intrusion', business_impact: null, ransomware: null, techniques: [], essential_service_breached: null });
  });
  it('offers a stored zone that is not among the usual ones', () => {
    expect(zoneChoices('+09:00', '+03:30')).toContain('+03:30');
    expect(zoneChoices('+09:00', '+09:00').filter((z) => z === '+09:00')).toHaveLength(1);
  });
});
