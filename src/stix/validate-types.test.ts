/** Validator: the required properties and cross-property rules of each object type (spec §4–§7). */
import { describe, expect, it } from 'vitest';
import { formatIssue, validateStixObject } from './validate.js';
import {
  EXT_DEF_ID, FILE_ID, IDENTITY_ID, INDICATOR_ID, IPV4_ID, MALWARE_ID, TLP_GREEN, VALID, valid,
} from './fixtures/valid-objects.js';

function accepted(o: unknown): void {
  const r = validateStixObject(o);
  if (!r.ok) throw new Error(r.errors.map(formatIssue).join('\n'));
  expect(r.ok).toBe(true);
}

function refused(o: unknown, properties: string[], message?: RegExp): void {
  const r = validateStixObject(o);
  if (r.ok) throw new Error('expected the object to be refused');
  expect(r.errors.map((e) => e.property)).toEqual(properties);
  if (message) expect(r.errors[0]?.message).toMatch(message);
}

type Case = [label: string, type: string, changes: Record<string, unknown>, property: string, message: RegExp];

describe('the fixtures', () => {
  it.each(Object.keys(VALID))('accepts a valid %s', (type) => {
    accepted(valid(type));
  });
});

describe('required properties', () => {
  const required: [string, string][] = [
    ['attack-pattern', 'name'], ['campaign', 'name'], ['course-of-action', 'name'], ['grouping', 'context'],
    ['grouping', 'object_refs'], ['identity', 'name'], ['incident', 'name'], ['indicator', 'pattern'],
    ['indicator', 'pattern_type'], ['indicator', 'valid_from'], ['infrastructure', 'name'], ['intrusion-set', 'name'],
    ['malware', 'is_family'], ['malware-analysis', 'product'], ['note', 'content'], ['note', 'object_refs'],
    ['observed-data', 'first_observed'], ['observed-data', 'last_observed'], ['observed-data', 'number_observed'],
    ['opinion', 'opinion'], ['opinion', 'object_refs'], ['report', 'name'], ['report', 'published'],
    ['report', 'object_refs'], ['threat-actor', 'name'], ['tool', 'name'], ['vulnerability', 'name'],
    ['relationship', 'relationship_type'], ['relationship', 'source_ref'], ['relationship', 'target_ref'],
    ['sighting', 'sighting_of_ref'], ['autonomous-system', 'number'], ['directory', 'path'], ['domain-name', 'value'],
    ['email-addr', 'value'], ['email-message', 'is_multipart'], ['ipv4-addr', 'value'], ['ipv6-addr', 'value'],
    ['mac-addr', 'value'], ['mutex', 'name'], ['network-traffic', 'protocols'], ['software', 'name'], ['url', 'value'],
    ['language-content', 'object_ref'], ['language-content', 'contents'], ['extension-definition', 'name'],
    ['extension-definition', 'schema'], ['extension-definition', 'version'], ['extension-definition', 'extension_types'],
    ['extension-definition', 'created_by_ref'],
  ];
  it.each(required)('%s requires %s', (type, prop) => {
    refused(valid(type, { [prop]: undefined }), [prop], /is required/);
  });
});

describe('property types', () => {
  const cases: Case[] = [
    ['indicator pattern not a string', 'indicator', { pattern: 42 }, 'pattern', /must be a string/],
    ['indicator valid_from not a timestamp', 'indicator', { valid_from: 'yesterday' }, 'valid_from', /STIX timestamp/],
    ['malware is_family not a boolean', 'malware', { is_family: 'yes' }, 'is_family', /boolean/],
    ['observed-data number_observed 0', 'observed-data', { number_observed: 0 }, 'number_observed', /between 1 and 999999999/],
    ['observed-data number_observed too large', 'observed-data', { number_observed: 1_000_000_000 }, 'number_observed', /between 1 and 999999999/],
    ['observed-data number_observed fractional', 'observed-data', { number_observed: 2.5 }, 'number_observed', /integer/],
    ['opinion outside the enumeration', 'opinion', { opinion: 'maybe' }, 'opinion', /must be one of: strongly-disagree, disagree, neutral, agree, strongly-agree/],
    ['report with empty object_refs', 'report', { object_refs: [] }, 'object_refs', /empty list/],
    ['grouping object_refs not a list', 'grouping', { object_refs: INDICATOR_ID }, 'object_refs', /list/],
    ['note object_refs with a non-id', 'note', { object_refs: [MALWARE_ID, 'malware'] }, 'object_refs[1]', /STIX identifier/],
    ['sighting count negative', 'sighting', { count: -1 }, 'count', /between 0 and 999999999/],
    ['sighting where_sighted_refs to malware', 'sighting', { where_sighted_refs: [MALWARE_ID] }, 'where_sighted_refs[0]', /identity or location/],
    ['sighting observed_data_refs to an indicator', 'sighting', { observed_data_refs: [INDICATOR_ID] }, 'observed_data_refs[0]', /observed-data/],
    ['sighting of an SCO', 'sighting', { sighting_of_ref: IPV4_ID }, 'sighting_of_ref', /an SDO/],
    ['relationship from a marking definition', 'relationship', { source_ref: TLP_GREEN }, 'source_ref', /an SDO or SCO/],
    ['relationship to a relationship', 'relationship', { target_ref: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad' }, 'target_ref', /an SDO or SCO/],
    ['relationship_type with uppercase', 'relationship', { relationship_type: 'Indicates' }, 'relationship_type', /a–z, 0–9 and hyphen/],
    ['malware sample_refs to an indicator', 'malware', { sample_refs: [INDICATOR_ID] }, 'sample_refs[0]', /file or artifact/],
    ['malware operating_system_refs to a tool', 'malware', { operating_system_refs: ['tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'] }, 'operating_system_refs[0]', /software/],
    ['location latitude above 90', 'location', { latitude: 91, longitude: 0 }, 'latitude', /between -90 and 90/],
    ['location longitude below -180', 'location', { latitude: 0, longitude: -181 }, 'longitude', /between -180 and 180/],
    ['network-traffic port above 65535', 'network-traffic', { dst_port: 70000 }, 'dst_port', /between 0 and 65535/],
    ['network-traffic src_ref to a file', 'network-traffic', { src_ref: FILE_ID }, 'src_ref', /ipv4-addr, ipv6-addr, mac-addr or domain-name/],
    ['file size negative', 'file', { size: -1 }, 'size', /between 0 and/],
    ['file MD5 of the wrong length', 'file', { hashes: { MD5: 'abc' } }, 'hashes.MD5', /32 hexadecimal/],
    ['file hash algorithm name too short', 'file', { hashes: { md: 'abc' } }, 'hashes.md', /3–250 characters/],
    ['file magic number not hex', 'file', { magic_number_hex: 'ZZ' }, 'magic_number_hex', /hexadecimal/],
    ['artifact payload_bin not base64', 'artifact', { payload_bin: 'not base64!' }, 'payload_bin', /base64/],
    ['artifact unknown encryption algorithm', 'artifact', { encryption_algorithm: 'rot13', decryption_key: 'k' }, 'encryption_algorithm', /AES-256-GCM/],
    ['autonomous-system number fractional', 'autonomous-system', { number: 1.5 }, 'number', /integer/],
    ['directory contains_refs to an IP', 'directory', { contains_refs: [IPV4_ID] }, 'contains_refs[0]', /file or directory/],
    ['domain-name resolving to a URL', 'domain-name', { resolves_to_refs: ['url--c1477287-23ac-5971-a010-5c287877fa60'] }, 'resolves_to_refs[0]', /domain-name, ipv4-addr or ipv6-addr/],
    ['email-message to_refs to a URL', 'email-message', { to_refs: ['url--c1477287-23ac-5971-a010-5c287877fa60'] }, 'to_refs[0]', /email-addr/],
    ['registry value with an unknown data type', 'windows-registry-key', { values: [{ name: 'Foo', data_type: 'REG_FOO' }] }, 'values[0].data_type', /REG_NONE/],
    ['registry value without any property', 'windows-registry-key', { values: [{}] }, 'values[0]', /at least one of: name, data, data_type/],
    ['x509 v3 extensions empty', 'x509-certificate', { x509_v3_extensions: {} }, 'x509_v3_extensions', /at least one of/],
    ['user-account timestamp invalid', 'user-account', { account_created: '2016-13-01T00:00:00Z' }, 'account_created', /STIX timestamp/],
    ['process pid not an integer', 'process', { pid: '1221' }, 'pid', /integer/],
    ['ipv4 address out of range', 'ipv4-addr', { value: '300.1.1.1' }, 'value', /IPv4 address/],
    ['ipv4 CIDR prefix too long', 'ipv4-addr', { value: '10.0.0.0/33' }, 'value', /IPv4/],
    ['ipv6 address malformed', 'ipv6-addr', { value: '2001:db8::zz' }, 'value', /IPv6 address/],
    ['mac address in uppercase', 'mac-addr', { value: 'D2:FB:49:24:37:18' }, 'value', /lowercase, colon-delimited MAC-48/],
    ['mac address without leading zeros', 'mac-addr', { value: 'd2:fb:49:24:37:8' }, 'value', /MAC-48/],
    ['language-content key not a language code', 'language-content', { contents: { 'not a language': { name: 'x' } } }, 'contents["not a language"]', /RFC 5646/],
    ['language-content translation not an object', 'language-content', { contents: { de: 'Bank Angriff' } }, 'contents.de', /object mirroring/],
    ['extension-definition with an unknown extension type', 'extension-definition', { extension_types: ['plugin'] }, 'extension_types[0]', /must be one of: new-sdo, new-sco, new-sro, property-extension, toplevel-property-extension/],
    ['extension-definition with no extension types', 'extension-definition', { extension_types: [] }, 'extension_types', /empty list/],
    ['extension-definition created_by_ref to a tool', 'extension-definition', { created_by_ref: 'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, 'created_by_ref', /identity/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });
});

describe('cross-property rules', () => {
  const cases: Case[] = [
    ['campaign last_seen before first_seen', 'campaign', { last_seen: '2015-12-31T23:59:59Z' }, 'last_seen', /later than or equal to first_seen/],
    ['threat-actor last_seen before first_seen', 'threat-actor', { first_seen: '2016-02-01T00:00:00Z', last_seen: '2016-01-01T00:00:00Z' }, 'last_seen', /first_seen/],
    ['sighting last_seen before first_seen', 'sighting', { last_seen: '2015-01-01T00:00:00Z' }, 'last_seen', /first_seen/],
    ['indicator valid_until equal to valid_from', 'indicator', { valid_until: '2016-04-06T20:03:00Z' }, 'valid_until', /later than valid_from/],
    ['indicator valid_until before valid_from', 'indicator', { valid_until: '2016-01-01T00:00:00Z' }, 'valid_until', /later than valid_from/],
    ['malware family without a name', 'malware', { name: undefined }, 'name', /required when is_family is true/],
    ['malware-analysis without result or analysis_sco_refs', 'malware-analysis', { result: undefined }, '', /at least one of result or analysis_sco_refs/],
    ['location with nothing to place it', 'location', { region: undefined, name: 'Somewhere' }, '', /region, country, or latitude and longitude/],
    ['location latitude without longitude', 'location', { latitude: 10 }, 'longitude', /required when latitude is present/],
    ['location precision without coordinates', 'location', { precision: 100 }, 'precision', /requires latitude and longitude/],
    ['observed-data last_observed before first_observed', 'observed-data', { last_observed: '2015-12-21T18:59:59Z' }, 'last_observed', /first_observed/],
    ['observed-data with objects and object_refs', 'observed-data', { objects: { '0': { type: 'ipv4-addr', value: '198.51.100.3' } } }, 'objects', /must not be present when object_refs is present/],
    ['observed-data with neither objects nor object_refs', 'observed-data', { object_refs: undefined }, 'object_refs', /is required \(or the deprecated objects\)/],
    ['relationship stop_time equal to start_time', 'relationship', { start_time: '2016-01-01T00:00:00Z', stop_time: '2016-01-01T00:00:00.000Z' }, 'stop_time', /later than start_time/],
    ['artifact with payload_bin and url', 'artifact', { url: 'https://example.com/a.zip', hashes: { MD5: '6ee4541d3e0b5e2d5b7c4a5f1c0d9b2e' } }, 'url', /must not be present when payload_bin/],
    ['artifact with neither payload_bin nor url', 'artifact', { payload_bin: undefined }, '', /one of payload_bin or url/],
    ['artifact url without hashes', 'artifact', { payload_bin: undefined, url: 'https://example.com/a.zip' }, 'hashes', /required when url is present/],
    ['artifact decryption_key without encryption_algorithm', 'artifact', { decryption_key: 'infected' }, 'decryption_key', /without encryption_algorithm/],
    ['email body on a multipart message', 'email-message', { is_multipart: true }, 'body', /must not be present when is_multipart is true/],
    ['email body_multipart on a single-part message', 'email-message', { body: undefined, body_multipart: [{ body: 'x' }] }, 'body_multipart', /is_multipart is false/],
    ['email MIME part without body or body_raw_ref', 'email-message', { is_multipart: true, body: undefined, body_multipart: [{ content_type: 'text/plain' }] }, 'body_multipart[0]', /one of body or body_raw_ref/],
    ['file with neither hashes nor name', 'file', { hashes: undefined, name: undefined, size: 10 }, '', /hashes or name/],
    ['network-traffic with neither src_ref nor dst_ref', 'network-traffic', { src_ref: undefined }, '', /src_ref or dst_ref/],
    ['network-traffic active with an end', 'network-traffic', { is_active: true, end: '2016-01-01T00:00:00Z' }, 'end', /is_active is true/],
    ['network-traffic ending before it starts', 'network-traffic', { start: '2016-01-02T00:00:00Z', end: '2016-01-01T00:00:00Z' }, 'end', /later than or equal to start/],
    ['process with no process property', 'process', { pid: undefined, command_line: undefined }, '', /at least one process property/],
    ['user-account with no account property', 'user-account', { user_id: undefined, account_login: undefined }, '', /at least one user-account property/],
    ['registry key with no property', 'windows-registry-key', { key: undefined, values: undefined }, '', /at least one windows-registry-key property/],
    ['x509 certificate with no property', 'x509-certificate', { issuer: undefined, validity_not_before: undefined, validity_not_after: undefined, subject_public_key_exponent: undefined }, '', /at least one x509-certificate property/],
    ['statement marking without a statement', 'marking-definition', { definition: { text: 'x' } }, 'definition.statement', /is required/],
    ['TLP marking with an unknown level', 'marking-definition', { definition_type: 'tlp', definition: { tlp: 'purple' } }, 'definition.tlp', /white, green, amber, red/],
    ['TLP marking with a non-standard id', 'marking-definition', { definition_type: 'tlp', definition: { tlp: 'green' } }, 'id', /TLP:GREEN marking definition must have the id marking-definition--34098fce/],
    ['marking that marks itself', 'marking-definition', { object_marking_refs: ['marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd'] }, 'object_marking_refs', /itself/],
    ['extension_properties without a toplevel extension', 'extension-definition', { extension_properties: ['rank'] }, 'extension_properties', /toplevel-property-extension/],
  ];
  it.each(cases)('refuses %s', (_label, type, changes, property, message) => {
    refused(valid(type, changes), [property], message);
  });

  it('refuses a marking definition with neither definition nor extensions, naming both properties', () => {
    refused(valid('marking-definition', { definition_type: undefined, definition: undefined }), ['definition_type', 'definition'], /required when extensions is absent/);
  });

  it('refuses language content with no translations', () => {
    refused(valid('language-content', { contents: {} }), ['contents'], /empty dictionary/);
  });

  it.each([
    ['last_seen equal to first_seen', 'campaign', { last_seen: '2016-01-01T00:00:00.000Z' }],
    ['a malware instance without a name', 'malware', { is_family: false, name: undefined }],
    ['malware-analysis with analysis_sco_refs only', 'malware-analysis', { result: undefined, analysis_sco_refs: [FILE_ID] }],
    ['a location by coordinates', 'location', { region: undefined, latitude: 48.8566, longitude: 2.3522, precision: 1000 }],
    ['a location by country', 'location', { region: undefined, country: 'jp' }],
    ['deprecated observed-data objects instead of object_refs', 'observed-data', {
      object_refs: undefined,
      objects: { '0': { type: 'ipv4-addr', value: '198.51.100.3' }, '1': { type: 'network-traffic', dst_ref: '0', protocols: ['tcp'] } },
    }],
    ['an artifact by url with hashes', 'artifact', { payload_bin: undefined, url: 'https://example.com/a.zip', hashes: { 'SHA-256': 'ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a' } }],
    ['a multipart email', 'email-message', { is_multipart: true, body: undefined, body_multipart: [{ content_type: 'text/plain', body: 'hi' }, { body_raw_ref: FILE_ID }] }],
    ['a file with hashes only', 'file', { name: undefined }],
    ['network-traffic with dst_ref only', 'network-traffic', { src_ref: undefined, dst_ref: IPV4_ID }],
    ['an IPv4 CIDR block', 'ipv4-addr', { value: '10.2.4.5/24' }],
    ['an IPv6 CIDR block', 'ipv6-addr', { value: '2001:db8::/32' }],
    ['a defanged SCO', 'url', { defanged: true }],
    ['a process described only by an extension', 'process', { pid: undefined, command_line: undefined, extensions: { 'windows-process-ext': { aslr_enabled: true } } }],
    ['a marking definition by extension only', 'marking-definition', {
      id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN', definition_type: undefined, definition: undefined,
      created: '2022-10-01T00:00:00.000Z',
      extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'green' } },
    }],
    ['a toplevel property extension', 'extension-definition', { extension_types: ['toplevel-property-extension'], extension_properties: ['toxicity', 'rank'] }],
    ['language content without object_modified', 'language-content', { object_modified: undefined }],
    ['an empty description string', 'relationship', { description: '' }],
    ['an uppercase UUID', 'tool', { id: 'tool--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F' }],
    ['a leap-second timestamp', 'indicator', { valid_until: '2016-12-31T23:59:60Z' }],
  ])('accepts %s', (_label, type, changes) => {
    accepted(valid(type, changes as Record<string, unknown>));
  });
});

describe('spec-defined objects', () => {
  it.each([
    ['white', 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'],
    ['green', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
    ['amber', 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    ['red', 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
  ])('accepts the standard TLP:%s marking definition (§7.2.1.4)', (tlp, id) => {
    accepted({
      type: 'marking-definition', spec_version: '2.1', id, created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp',
      name: `TLP:${tlp.toUpperCase()}`, definition: { tlp },
    });
  });

  it('accepts a custom object declared by a new-sdo extension (§7.3)', () => {
    accepted({
      type: 'my-favorite-sdo', spec_version: '2.1', id: 'my-favorite-sdo--ac97aae4-83f1-46ca-a351-7aeb76678189',
      created: '2014-02-20T09:16:08.989000Z', modified: '2014-02-20T09:16:08.989000Z', name: 'This is the name of my favorite',
      some_property_name1: 'value1', extensions: { 'extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62': { extension_type: 'new-sdo' } },
    });
  });

  it('accepts a custom SCO declared by a new-sco extension without created/modified', () => {
    accepted({
      type: 'x-acme-sensor-reading', id: 'x-acme-sensor-reading--1b40e321-ae73-5637-bd97-33c35a86b80d', value: 42,
      extensions: { [EXT_DEF_ID]: { extension_type: 'new-sco' } },
    });
  });

  it('treats any other unknown type as a custom SDO that needs created and modified', () => {
    refused(
      { type: 'x-acme-thing', spec_version: '2.1', id: 'x-acme-thing--1b40e321-ae73-4637-bd97-33c35a86b80d', created: '2020-01-01T00:00:00.000Z' },
      ['modified'],
      /is required/,
    );
  });

  it('accepts an indicator with every common property in use', () => {
    accepted(valid('indicator', {
      description: 'desc', revoked: false, created_by_ref: IDENTITY_ID,
      external_references: [{ source_name: 'acme', url: 'https://example.com/r', hashes: { 'SHA-256': 'ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a' } }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'initial-access' }],
      granular_markings: [{ selectors: ['description'], marking_ref: TLP_GREEN }],
      extensions: { [EXT_DEF_ID]: { extension_type: 'property-extension', rank: 5 } },
      x_acme_score: 7,
    }));
  });
});
