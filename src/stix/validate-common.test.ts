/** Validator: object identity, spec_version, versioning timestamps and the common properties (spec §2, §3). */
import { describe, expect, it } from 'vitest';
import { formatIssue, validateStixObject } from './validate.js';
import type { ValidationResult } from './types.js';
import { versionKey } from './timestamps.js';
import { EXT_DEF_ID, IDENTITY_ID, MALWARE_ID, TLP_GREEN, valid } from './fixtures/valid-objects.js';

function errorsOf(r: ValidationResult) {
  if (r.ok) throw new Error('expected the object to be refused');
  return r.errors;
}

/** Asserts the object is refused with exactly these properties named, the first message matching. */
function refused(o: unknown, properties: string[], message?: RegExp): void {
  const errors = errorsOf(validateStixObject(o));
  expect(errors.map((e) => e.property)).toEqual(properties);
  if (message) expect(errors[0]?.message).toMatch(message);
}

type Case = [label: string, type: string, changes: Record<string, unknown>, property: string, message: RegExp];

describe('shape, type and id', () => {
  it.each([
    ['null', null],
    ['an array', [{ type: 'indicator' }]],
    ['a string', 'indicator'],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s as a whole', (_label, input) => {
    const [e] = errorsOf(validateStixObject(input));
    expect(e).toEqual({ objectId: null, property: '', message: expect.stringMatching(/must be a JSON object/) });
  });

  const cases: Case[] = [
    ['missing type', 'indicator', { type: undefined }, 'type', /is required/],
    ['uppercase type', 'indicator', { type: 'Indicator' }, 'type', /STIX type name/],
    ['numeric type', 'indicator', { type: 42 }, 'type', /STIX type name/],
    ['type with double hyphen', 'indicator', { type: 'x--foo' }, 'type', /single hyphens/],
    ['a bundle', 'indicator', { type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, '', /is a bundle/],
    ['missing id', 'indicator', { id: undefined }, 'id', /is required/],
    ['malformed id', 'indicator', { id: 'indicator--1234' }, 'id', /STIX identifier/],
    ['id of another type', 'indicator', { id: MALWARE_ID }, 'id', /must start with the object's type \('indicator--'\)/],
    ['id whose type only starts like the type', 'tool', { id: 'tools--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, 'id', /must start/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });

  it('reports a bad type and a bad id together', () => {
    refused(valid('indicator', { type: 'x--foo', id: 'x--foo--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }), ['type', 'id'], /single hyphens/);
  });

  it('names the object in every issue', () => {
    const [e] = errorsOf(validateStixObject(valid('indicator', { pattern: undefined })));
    expect(e?.objectId).toBe('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f');
  });
});

describe('spec_version: only STIX 2.1', () => {
  it('refuses a STIX 2.0 indicator (no spec_version) with one clear error', () => {
    const v20 = {
      type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2016-04-06T20:03:48.000Z',
      modified: '2016-04-06T20:03:48.000Z', labels: ['malicious-activity'], pattern: "[file:name = 'x.exe']",
      valid_from: '2016-01-01T00:00:00Z',
    };
    refused(v20, ['spec_version'], /is required; only STIX 2\.1 objects are accepted/);
  });
  it.each([
    ['"2.0"', '2.0'],
    ['the number 2.1', 2.1],
    ['"2.1 " with a space', '2.1 '],
  ])('refuses spec_version %s', (_label, sv) => {
    refused(valid('indicator', { spec_version: sv }), ['spec_version'], /must be "2\.1"; only STIX 2\.1/);
  });
  it('lets SCOs omit spec_version (default 2.1) but not carry another one', () => {
    const r = validateStixObject(valid('ipv4-addr', { spec_version: undefined }));
    expect(r.ok && r.meta.specVersion).toBe('2.1');
    refused(valid('ipv4-addr', { spec_version: '2.0' }), ['spec_version'], /only STIX 2\.1/);
  });
  it('requires spec_version on marking definitions, language content, extension definitions and custom objects', () => {
    for (const t of ['marking-definition', 'language-content', 'extension-definition', 'relationship', 'x-example-com-customobject']) {
      refused(valid(t, { spec_version: undefined }), ['spec_version']);
    }
  });
});

describe('created and modified (§3.2, §3.6)', () => {
  const cases: Case[] = [
    ['SDO without created', 'campaign', { created: undefined }, 'created', /is required/],
    ['SDO without modified', 'campaign', { modified: undefined }, 'modified', /is required/],
    ['SRO without created', 'relationship', { created: undefined }, 'created', /is required/],
    ['custom object without modified', 'x-example-com-customobject', { modified: undefined }, 'modified', /is required/],
    ['language-content without modified', 'language-content', { modified: undefined }, 'modified', /is required/],
    ['marking-definition without created', 'marking-definition', { created: undefined }, 'created', /is required/],
    ['created not a timestamp', 'campaign', { created: '2016-04-06' }, 'created', /STIX timestamp/],
    ['created in a local time zone', 'campaign', { created: '2016-04-06T20:03:00.000+09:00' }, 'created', /STIX timestamp/],
    ['created without milliseconds', 'campaign', { created: '2016-04-06T20:03:00Z' }, 'created', /millisecond precision/],
    ['modified with one fraction digit', 'campaign', { modified: '2016-05-12T08:17:27.1Z' }, 'modified', /millisecond/],
    ['modified before created', 'campaign', { modified: '2016-04-06T20:02:59.999Z' }, 'modified', /later than or equal to created/],
    ['versioned SCO modified before created', 'file', { created: '2020-01-01T00:00:00.000Z', modified: '2019-01-01T00:00:00.000Z' }, 'modified', /later than or equal/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });
  it('accepts modified equal to created written with another precision', () => {
    expect(validateStixObject(valid('campaign', { created: '2016-04-06T20:03:00.000Z', modified: '2016-04-06T20:03:00.000000Z' })).ok).toBe(true);
  });
  it('accepts a marking definition without modified', () => {
    expect(validateStixObject(valid('marking-definition')).ok).toBe(true);
  });
});

describe('common properties', () => {
  const ind = 'indicator';
  const cases: Case[] = [
    ['created_by_ref not an id', ind, { created_by_ref: 'ACME' }, 'created_by_ref', /STIX identifier/],
    ['created_by_ref not an identity', ind, { created_by_ref: MALWARE_ID }, 'created_by_ref', /of type identity/],
    ['labels not a list', ind, { labels: 'phishing' }, 'labels', /must be a list/],
    ['labels empty', ind, { labels: [] }, 'labels', /empty list/],
    ['labels with a number', ind, { labels: ['a', 2] }, 'labels[1]', /must be a string/],
    ['confidence above 100', ind, { confidence: 101 }, 'confidence', /between 0 and 100/],
    ['confidence negative', ind, { confidence: -1 }, 'confidence', /between 0 and 100/],
    ['confidence fractional', ind, { confidence: 50.5 }, 'confidence', /integer/],
    ['confidence as a string', ind, { confidence: '80' }, 'confidence', /integer/],
    ['lang not a language tag', ind, { lang: 'English language' }, 'lang', /RFC 5646/],
    ['revoked not a boolean', ind, { revoked: 'true' }, 'revoked', /boolean/],
    ['external_references not a list', ind, { external_references: { source_name: 'x' } }, 'external_references', /list/],
    ['external reference not an object', ind, { external_references: ['cve'] }, 'external_references[0]', /external-reference/],
    ['external reference without source_name', ind, { external_references: [{ external_id: 'CVE-1' }] }, 'external_references[0].source_name', /is required/],
    ['external reference with only source_name', ind, { external_references: [{ source_name: 'cve' }] }, 'external_references[0]', /at least one of description, url or external_id/],
    ['external reference url not a string', ind, { external_references: [{ source_name: 'x', url: 5 }] }, 'external_references[0].url', /string/],
    ['external reference with a short SHA-256', ind, { external_references: [{ source_name: 'x', url: 'https://x', hashes: { 'SHA-256': 'abc' } }] }, 'external_references[0].hashes["SHA-256"]', /64 hexadecimal/],
    ['external reference with empty hashes', ind, { external_references: [{ source_name: 'x', url: 'https://x', hashes: {} }] }, 'external_references[0].hashes', /empty dictionary/],
    ['object_marking_refs not a list', ind, { object_marking_refs: TLP_GREEN }, 'object_marking_refs', /list/],
    ['object_marking_refs with an identity', ind, { object_marking_refs: [TLP_GREEN, IDENTITY_ID] }, 'object_marking_refs[1]', /of type marking-definition/],
    ['kill chain phase without phase_name', ind, { kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain' }] }, 'kill_chain_phases[0].phase_name', /is required/],
    ['kill chain phase name not a string', ind, { kill_chain_phases: [{ kill_chain_name: 'x', phase_name: 3 }] }, 'kill_chain_phases[0].phase_name', /string/],
    ['defanged on an SDO', ind, { defanged: false }, 'defanged', /only be used on SCOs/],
    ['defanged not a boolean on an SCO', 'url', { defanged: 'yes' }, 'defanged', /boolean/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });
});

describe('granular markings (§7.2.3)', () => {
  const gm = (m: Record<string, unknown>) => valid('indicator', { description: 'text', granular_markings: [m] });
  it('accepts data and language markings whose selectors exist', () => {
    const o = valid('indicator', {
      description: 'text',
      external_references: [{ source_name: 'capec', external_id: 'CAPEC-163' }],
      granular_markings: [
        { selectors: ['description', 'labels.[0]', 'external_references.[0].source_name'], marking_ref: TLP_GREEN },
        { selectors: ['name'], lang: 'ja' },
      ],
    });
    expect(validateStixObject(o).ok).toBe(true);
  });
  it.each([
    ['both marking_ref and lang', { selectors: ['description'], marking_ref: TLP_GREEN, lang: 'en' }, 'granular_markings[0]', /exactly one of marking_ref or lang/],
    ['neither marking_ref nor lang', { selectors: ['description'] }, 'granular_markings[0]', /exactly one/],
    ['no selectors', { marking_ref: TLP_GREEN }, 'granular_markings[0].selectors', /is required/],
    ['empty selectors', { selectors: [], marking_ref: TLP_GREEN }, 'granular_markings[0].selectors', /empty list/],
    ['selector of an absent property', { selectors: ['pattern_version'], marking_ref: TLP_GREEN }, 'granular_markings[0].selectors[0]', /does not refer to content present/],
    ['selector index out of range', { selectors: ['labels.[3]'], marking_ref: TLP_GREEN }, 'granular_markings[0].selectors[0]', /does not refer/],
    ['marking_ref to an identity', { selectors: ['description'], marking_ref: IDENTITY_ID }, 'granular_markings[0].marking_ref', /marking-definition/],
    ['lang not a language tag', { selectors: ['description'], lang: 'Deutsch!' }, 'granular_markings[0].lang', /RFC 5646/],
  ] as [string, Record<string, unknown>, string, RegExp][])('refuses %s', (_label, m, property, message) => {
    refused(gm(m), [property], message);
  });
});

describe('extensions (§3.2, §7.3, §11.3)', () => {
  const extKey = `extensions[${JSON.stringify(EXT_DEF_ID)}]`;
  it('accepts a property extension defined by an extension-definition', () => {
    const o = valid('indicator', { extensions: { [EXT_DEF_ID]: { extension_type: 'property-extension', rank: 5, toxicity: 8 } } });
    expect(validateStixObject(o).ok).toBe(true);
  });
  it('accepts a predefined SCO extension and a deprecated custom SCO extension', () => {
    expect(validateStixObject(valid('file', { extensions: { 'ntfs-ext': { sid: '1234567' } } })).ok).toBe(true);
    expect(validateStixObject(valid('file', { extensions: { 'x-example-com-foo': { foo_val: 'foo', bar_val: 'bar' } } })).ok).toBe(true);
    // OpenCTI's property extension carries short names such as `id` and `type`
    const opencti = { extension_type: 'property-extension', id: 'b5e8a1a4-6c1f-4b4e-9a3e-0c2c1d1f2a3b', type: 'Indicator', score: 50 };
    expect(validateStixObject(valid('indicator', { extensions: { [EXT_DEF_ID]: opencti } })).ok).toBe(true);
    const http = { 'http-request-ext': { request_method: 'get', request_value: '/download.html', request_header: { Host: 'example.com' } } };
    expect(validateStixObject(valid('network-traffic', { extensions: http })).ok).toBe(true);
  });
  const cases: Case[] = [
    ['an empty dictionary', 'indicator', { extensions: {} }, 'extensions', /empty dictionary/],
    ['a list', 'indicator', { extensions: [] }, 'extensions', /dictionary/],
    ['a predefined extension name on an SDO', 'indicator', { extensions: { 'ntfs-ext': { sid: '1' } } }, 'extensions["ntfs-ext"]', /identifier of an extension-definition/],
    ['an extension-definition entry without extension_type', 'indicator', { extensions: { [EXT_DEF_ID]: { rank: 5 } } }, `${extKey}.extension_type`, /is required/],
    ['an unknown extension_type', 'indicator', { extensions: { [EXT_DEF_ID]: { extension_type: 'plugin' } } }, `${extKey}.extension_type`, /must be one of: new-sdo/],
    ['an extension-definition entry that is not an object', 'indicator', { extensions: { [EXT_DEF_ID]: 'property-extension' } }, extKey, /must be an object/],
    ['a badly named extension property', 'indicator', { extensions: { [EXT_DEF_ID]: { extension_type: 'property-extension', Rank: 5 } } }, `${extKey}.Rank`, /extension property names/],
    ['a predefined extension of another SCO type', 'file', { extensions: { 'http-request-ext': { request_method: 'get', request_value: '/' } } }, 'extensions["http-request-ext"]', /predefined extension of network-traffic objects/],
    ['a predefined extension missing a required property', 'network-traffic', { extensions: { 'http-request-ext': { request_method: 'get' } } }, 'extensions["http-request-ext"].request_value', /is required/],
    ['an empty predefined extension', 'file', { extensions: { 'ntfs-ext': {} } }, 'extensions["ntfs-ext"]', /non-empty object/],
    ['a predefined extension without any of its properties', 'file', { extensions: { 'pdf-ext': { x_foo: 1 } } }, 'extensions["pdf-ext"]', /at least one of: version/],
    ['a socket extension with an unknown address family', 'network-traffic', { extensions: { 'socket-ext': { address_family: 'AF_FOO' } } }, 'extensions["socket-ext"].address_family', /must be one of: AF_UNSPEC/],
    ['an SCO extension name with uppercase', 'file', { extensions: { 'X-Foo-Ext': { a_b: 1 } } }, 'extensions["X-Foo-Ext"]', /SCO extension name/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });
});

describe('custom properties and reserved names (§3.1, §3.8, §11.1)', () => {
  it('accepts well-named custom properties, with or without the x_ prefix', () => {
    const o = valid('indicator', { x_acme_score: 7, acme_org_scoring: { impact: 'high' }, x_mitre_data_source_ref: '' });
    expect(validateStixObject(o).ok).toBe(true);
  });
  const cases: Case[] = [
    ['uppercase', 'indicator', { X_Acme: 1 }, 'X_Acme', /3–250 characters of a–z, 0–9 and _/],
    ['hyphenated', 'indicator', { 'x-acme': 1 }, '["x-acme"]', /property names/],
    ['too short', 'indicator', { xy: 1 }, 'xy', /property names/],
    ['too long', 'indicator', { ['x_' + 'a'.repeat(249)]: 1 }, 'x_' + 'a'.repeat(249), /property names/],
    ['starting with a digit', 'indicator', { '1st_seen': 1 }, '["1st_seen"]', /starting with a letter/],
    ['non-ASCII', 'indicator', { x_café: 1 }, '["x_café"]', /property names/],
    ['reserved severity', 'indicator', { severity: 'high' }, 'severity', /reserved property name/],
    ['reserved action on a course of action', 'course-of-action', { action: 'block' }, 'action', /reserved/],
    ['reserved username on an SCO', 'user-account', { username: 'jdoe' }, 'username', /reserved/],
    ['a custom *_ref that is not an id', 'indicator', { acme_owner_ref: 'ACME' }, 'acme_owner_ref', /STIX identifier/],
    ['a custom *_refs that is empty', 'indicator', { acme_related_refs: [] }, 'acme_related_refs', /non-empty list/],
    ['a custom *_refs with a bad entry', 'indicator', { acme_related_refs: [MALWARE_ID, 'x'] }, 'acme_related_refs[1]', /STIX identifier/],
  ];
  it.each(cases)('refuses a property name %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });
  it('refuses a __proto__ property without polluting prototypes', () => {
    const o = JSON.parse(`{"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z","name":"VNC","__proto__":{"polluted":1}}`) as unknown;
    refused(o, ['__proto__'], /property names/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('metadata', () => {
  it('returns the same object and its meta', () => {
    const o = valid('indicator');
    const r = validateStixObject(o);
    if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
    expect(r.object).toBe(o);
    expect(r.meta).toEqual({
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', type: 'indicator', specVersion: '2.1',
      created: '2016-04-06T20:03:00.000Z', modified: '2016-05-12T08:17:27.000Z', versionKey: '2016-05-12T08:17:27.000000000Z',
    });
  });
  it('keys a marking definition by created and an unversioned SCO by the empty string', () => {
    const md = validateStixObject(valid('marking-definition'));
    expect(md.ok && md.meta.versionKey).toBe(versionKey('2016-08-01T00:00:00.000Z'));
    const ip = validateStixObject(valid('ipv4-addr'));
    expect(ip.ok && ip.meta).toEqual({ id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', type: 'ipv4-addr', specVersion: '2.1', created: null, modified: null, versionKey: '' });
  });
  it('keys a versioned SCO by modified', () => {
    const r = validateStixObject(valid('file', { created: '2020-01-01T00:00:00.000Z', modified: '2020-02-01T00:00:00.500Z' }));
    expect(r.ok && r.meta.versionKey).toBe('2020-02-01T00:00:00.500000000Z');
  });
});

describe('formatIssue', () => {
  it('names the object and the property', () => {
    expect(formatIssue({ objectId: 'indicator--1234', property: 'pattern', message: 'is required' })).toBe("indicator--1234: property 'pattern': is required");
    expect(formatIssue({ objectId: 'indicator--1234', property: '', message: 'must have x' })).toBe('indicator--1234: must have x');
    expect(formatIssue({ objectId: null, property: 'id', message: 'is required' })).toBe("(object without id): property 'id': is required");
  });
  it('formats real validator output', () => {
    const [e] = errorsOf(validateStixObject(valid('indicator', { kill_chain_phases: [{ kill_chain_name: 'x' }] })));
    expect(formatIssue(e!)).toBe("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: property 'kill_chain_phases[0].phase_name': is required");
  });
});

describe('collects all errors of an object', () => {
  it('reports several problems at once', () => {
    const errors = errorsOf(validateStixObject(valid('indicator', { pattern: undefined, confidence: 200, labels: [] })));
    expect(errors.map((e) => e.property).sort()).toEqual(['confidence', 'labels', 'pattern']);
  });
  it('caps the list at 20', () => {
    const bad: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) bad[`Bad${i}`] = i;
    const errors = errorsOf(validateStixObject(valid('indicator', bad)));
    expect(errors).toHaveLength(20);
    expect(errors[19]?.property).toBe('Bad19');
  });
});
