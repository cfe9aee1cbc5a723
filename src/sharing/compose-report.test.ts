import { describe, expect, it } from 'vitest';
import { validateStixObject } from '../stix/validate.js';
import { scoId } from '../stix/sco-ids.js';
import type { StixObject } from '../stix/types.js';
import { composeReport, observableFor, patternLiteral, stixPatternFor } from './compose-report.js';

const NOW = new Date('2026-11-26T09:30:00.000Z');
const IOCS = [
  'C2: hxxps://evil[.]example[.]net/gate.php and 45.77.12[.]34',
  'also 2a03:2880::25de, phish[@]mail.example.org, drop.example.com',
  'md5 44d88612fea8a8f36de82e1278abb02f sha1 3395856ce81f2b7382dee72602f798b642f14140',
  'sha256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
  'sha512 cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
].join('\n');

const byType = (objects: StixObject[], type: string) => objects.filter((o) => o.type === type);

describe('composeReport', () => {
  const draft = { report: { name: 'Phishing wave', description: 'Seen at three members.' }, iocs: IOCS, envelope: { tlp: 'amber' } };
  const { objects, errors } = composeReport(draft, NOW);

  it('builds an indicator, an observable and a based-on relationship per IOC, and a report of them all', () => {
    expect(errors).toEqual([]);
    expect(byType(objects, 'indicator')).toHaveLength(9);
    expect(byType(objects, 'relationship')).toHaveLength(9);
    expect(objects).toHaveLength(9 * 3 + 1);
    const report = objects[objects.length - 1]!;
    expect(report).toMatchObject({
      type: 'report', spec_version: '2.1', name: 'Phishing wave', description: 'Seen at three members.',
      report_types: ['threat-report'], published: NOW.toISOString(), created: NOW.toISOString(), modified: NOW.toISOString(),
    });
    expect(report.object_refs).toEqual(objects.slice(0, -1).map((o) => o.id));
  });

  it('gives every object to the hub validator as valid, without created_by_ref', () => {
    for (const o of objects) {
      const r = validateStixObject(o);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect(o.created_by_ref).toBeUndefined();
    }
  });

  it('writes each pattern from the value, with hash names quoted where STIX requires it', () => {
    expect(byType(objects, 'indicator').map((i) => i.pattern)).toEqual([
      "[url:value = 'https://evil.example.net/gate.php']",
      "[ipv4-addr:value = '45.77.12.34']",
      "[ipv6-addr:value = '2a03:2880::25de']",
      "[email-addr:value = 'phish@mail.example.org']",
      "[domain-name:value = 'drop.example.com']",
      "[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']",
      "[file:hashes.'SHA-1' = '3395856ce81f2b7382dee72602f798b642f14140']",
      "[file:hashes.'SHA-256' = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']",
      "[file:hashes.'SHA-512' = 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e']",
    ]);
  });

  it('sets validity, types and names of the indicators', () => {
    const until = new Date(NOW.getTime() + 90 * 86_400_000).toISOString();
    for (const i of byType(objects, 'indicator')) {
      expect(i).toMatchObject({
        spec_version: '2.1', pattern_type: 'stix', pattern_version: '2.1', indicator_types: ['malicious-activity'],
        valid_from: NOW.toISOString(), valid_until: until, created: NOW.toISOString(),
      });
    }
    expect(byType(objects, 'indicator')[1]!.name).toBe('45.77.12.34');
  });

  it('gives observables their deterministic ids and links each indicator to its own', () => {
    expect(byType(objects, 'ipv4-addr')).toEqual([{ type: 'ipv4-addr', spec_version: '2.1', id: scoId('ipv4-addr', { value: '45.77.12.34' }), value: '45.77.12.34' }]);
    expect(byType(objects, 'file').map((f) => f.hashes)).toEqual([
      { MD5: '44d88612fea8a8f36de82e1278abb02f' },
      { 'SHA-1': '3395856ce81f2b7382dee72602f798b642f14140' },
      { 'SHA-256': '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' },
      { 'SHA-512': expect.stringMatching(/^cf83/) },
    ]);
    expect(byType(objects, 'file')[2]!.id).toBe('file--00f91c70-2975-500a-919c-fe3a0d6c125a');
    // a second composition names the same observables, and new indicators
    const again = composeReport(draft, NOW).objects;
    expect(byType(again, 'url').map((o) => o.id)).toEqual(byType(objects, 'url').map((o) => o.id));
    expect(byType(again, 'indicator')[0]!.id).not.toBe(byType(objects, 'indicator')[0]!.id);
    const ids = new Map(objects.map((o) => [o.id, o]));
    for (const r of byType(objects, 'relationship')) {
      expect(r.relationship_type).toBe('based-on');
      const indicator = ids.get(r.source_ref as string)!;
      const observable = ids.get(r.target_ref as string)!;
      expect(indicator.type).toBe('indicator');
      expect(observable.id).toBe(observableFor(...typeAndValue(indicator)).id);
    }
  });

  it('takes report types and validity days from the draft, and leaves out an empty description', () => {
    const r = composeReport({ report: { name: ' X ', description: '  ', report_types: ['malware', 'malware', 'campaign'] }, iocs: '45.77.12.34', indicator_valid_days: 1 }, NOW);
    expect(r.errors).toEqual([]);
    const report = r.objects[r.objects.length - 1]!;
    expect(report.name).toBe('X');
    expect(report.description).toBeUndefined();
    expect(report.report_types).toEqual(['malware', 'campaign']);
    expect(r.objects[0]!.valid_until).toBe('2026-11-27T09:30:00.000Z');
    expect(composeReport({ report: { name: 'X' }, iocs: '45.77.12.34', indicator_valid_days: 3650 }, NOW).errors).toEqual([]);
  });
});

/** The IOC type and value an indicator was built from, read back from its pattern. */
function typeAndValue(indicator: StixObject): Parameters<typeof observableFor> {
  const m = /^\[(.+?) = '(.*)'\]$/.exec(indicator.pattern as string)!;
  const path = m[1]!;
  const hash: Record<string, Parameters<typeof observableFor>[0]> = {
    'file:hashes.MD5': 'file:md5', "file:hashes.'SHA-1'": 'file:sha1', "file:hashes.'SHA-256'": 'file:sha256', "file:hashes.'SHA-512'": 'file:sha512',
  };
  return [hash[path] ?? (path.replace(/:value$/, '') as Parameters<typeof observableFor>[0]), m[2]!];
}

describe('STIX pattern quoting', () => {
  it('escapes backslashes and quotes in string literals', () => {
    expect(patternLiteral("it's")).toBe("'it\\'s'");
    expect(patternLiteral('C:\\temp\\x')).toBe("'C:\\\\temp\\\\x'");
    expect(patternLiteral("\\'")).toBe("'\\\\\\''");
    expect(stixPatternFor('url', "http://x.example/a'b\\c")).toBe("[url:value = 'http://x.example/a\\'b\\\\c']");
  });
});

describe('composeReport errors', () => {
  const ok = { report: { name: 'R' }, iocs: '45.77.12.34' };
  it.each<[string, unknown, { property: string; message: RegExp }[]]>([
    ['not an object', [1], [{ property: '', message: /must be a JSON object/ }]],
    ['no report', { iocs: '45.77.12.34' }, [{ property: 'report', message: /is required/ }]],
    ['no name', { ...ok, report: {} }, [{ property: 'report.name', message: /give the report a name/ }]],
    ['a blank name', { ...ok, report: { name: '  ' } }, [{ property: 'report.name', message: /is required/ }]],
    ['a long name', { ...ok, report: { name: 'n'.repeat(501) } }, [{ property: 'report.name', message: /at most 500/ }]],
    ['a description that is not text', { ...ok, report: { name: 'R', description: 5 } }, [{ property: 'report.description', message: /text/ }]],
    ['an unknown report property', { ...ok, report: { name: 'R', labels: [] } }, [{ property: 'report.labels', message: /not a property of the report/ }]],
    ['empty report types', { ...ok, report: { name: 'R', report_types: [] } }, [{ property: 'report.report_types', message: /1 to 20/ }]],
    ['a blank report type', { ...ok, report: { name: 'R', report_types: ['threat-report', ''] } }, [{ property: 'report.report_types[1]', message: /1 to 100 characters/ }]],
    ['0 days', { ...ok, indicator_valid_days: 0 }, [{ property: 'indicator_valid_days', message: /from 1 to 3650/ }]],
    ['3651 days', { ...ok, indicator_valid_days: 3651 }, [{ property: 'indicator_valid_days', message: /from 1 to 3650/ }]],
    ['fractional days', { ...ok, indicator_valid_days: 1.5 }, [{ property: 'indicator_valid_days', message: /whole number/ }]],
    ['days as text', { ...ok, indicator_valid_days: '90' }, [{ property: 'indicator_valid_days', message: /whole number/ }]],
    ['no iocs', { report: { name: 'R' } }, [{ property: 'iocs', message: /is required/ }]],
    ['iocs that are not text', { ...ok, iocs: ['45.77.12.34'] }, [{ property: 'iocs', message: /is required/ }]],
    ['text without an IOC', { ...ok, iocs: 'nothing here, see report.pdf' }, [{ property: 'iocs', message: /holds no IOC.*1 look-alike was ignored: report\.pdf/ }]],
    ['a line too long', { ...ok, iocs: 'x'.repeat(10_001) }, [{ property: 'iocs', message: /line 1 is 10001 characters long/ }]],
    ['several at once', { report: { name: '' }, indicator_valid_days: -1 }, [
      { property: 'report.name', message: /required/ }, { property: 'indicator_valid_days', message: /1 to 3650/ }, { property: 'iocs', message: /required/ },
    ]],
  ])('%s', (_label, draft, expected) => {
    const r = composeReport(draft, NOW);
    expect(r.objects).toEqual([]);
    expect(r.errors).toEqual(expected.map((e) => ({ property: e.property, message: expect.stringMatching(e.message) })));
  });

  it('refuses more IOCs than a report holds', () => {
    const text = Array.from({ length: 5001 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.1`).join('\n');
    expect(composeReport({ ...ok, iocs: text }, NOW).errors).toEqual([{ property: 'iocs', message: expect.stringMatching(/holds 5001 IOCs; a report may hold at most 5000/) }]);
  });
});
