import { describe, expect, it } from 'vitest';
import { validateStixObject } from '../stix/index.js';
import { buildRecipientObjects, type ReportContent } from './stix.js';

const content = (over: Partial<ReportContent> = {}): ReportContent => ({
  type: 'ransomware', sector: 'finance',
  text: { title: 'File server encrypted at [ORG-1]', business_impact: 'payments stopped', response: 'restored', 'ransomware.family': 'LockBit 3.0', 'ransomware.extension': '.lockbit3' },
  environments: ['on-premises'], essentialServiceBreached: true, techniques: ['T1486', 'T1059.001'], ddosAttack: null,
  observables: [{ type: 'ipv4-addr', value: '203.0.113.5' }, { type: 'file:sha256', value: 'a'.repeat(64) }],
  detectedAt: '2026-11-20T09:30:00+09:00', startedAt: '2026-11-19T23:00:00+09:00', ...over,
});

const NOW = new Date('2026-11-21T00:00:00.000Z');

describe('buildRecipientObjects', () => {
  it('builds valid STIX 2.1 for both scopes; the incident and damage text only at scope damage', () => {
    const technique = buildRecipientObjects(content(), 'technique', NOW);
    const damage = buildRecipientObjects(content(), 'damage', NOW);
    for (const o of [...technique.objects, ...technique.observables, ...damage.objects, ...damage.observables]) {
      const r = validateStixObject(o);
      expect(r.ok, JSON.stringify(o)).toBe(true);
    }
    const types = (os: { type?: unknown }[]) => [...new Set(os.map((o) => o.type))].sort();
    expect(types(technique.objects)).toEqual(['attack-pattern', 'indicator', 'malware', 'observed-data', 'relationship', 'report']);
    expect(types(damage.objects)).toEqual(['attack-pattern', 'incident', 'indicator', 'malware', 'observed-data', 'relationship', 'report']);
    expect(JSON.stringify(technique)).not.toContain('payments stopped');
    expect(JSON.stringify(technique)).not.toContain('[ORG-1]');
    const incident = damage.objects.find((o) => o.type === 'incident')!;
    expect(incident.description).toBe('Business impact: payments stopped\nEnvironments: on-premises\nEssential service level breached: yes\nResponse so far: restored');
    const ap = technique.objects.find((o) => o.type === 'attack-pattern' && JSON.stringify(o).includes('T1059.001'))!;
    expect(ap.external_references).toEqual([{ source_name: 'mitre-attack', external_id: 'T1059.001', url: 'https://attack.mitre.org/techniques/T1059/001/' }]);
    const od = technique.objects.find((o) => o.type === 'observed-data')!;
    expect([od.first_observed, od.last_observed]).toEqual(['2026-11-19T14:00:00.000Z', '2026-11-20T00:30:00.000Z']);
    const report = technique.objects.find((o) => o.type === 'report')!;
    expect((report.object_refs as string[]).length).toBe(technique.objects.length - 1 + technique.observables.length);
  });

  it('names the DDoS technique and shares nothing at technique scope when there is nothing technical', () => {
    const ddos = buildRecipientObjects(content({ type: 'ddos', techniques: [], ddosAttack: 'T1498', observables: [], text: {} }), 'technique', NOW);
    expect(ddos.objects.filter((o) => o.type === 'attack-pattern').map((o) => o.name)).toEqual(['Network Denial of Service']);
    const empty = buildRecipientObjects(content({ type: 'consultation', techniques: [], observables: [], text: { title: 'question' } }), 'technique', NOW);
    expect(empty).toEqual({ objects: [], observables: [] });
  });
});
