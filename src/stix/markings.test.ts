import { describe, expect, it } from 'vitest';
import {
  TLP1_MARKING_DEFINITIONS, TLP1_MARKING_IDS, TLP2_EXTENSION_DEFINITION, TLP2_MARKING_DEFINITIONS, TLP2_MARKING_IDS,
  TLP_ORDER, TLP_STIX_OBJECTS, isTlp, isTlpMarkingId, markingIdOf, tlpAtLeast, tlpLabel, tlpOfMarkingId,
  tlpOfMarkingRefs, tlpRank,
} from './markings.js';
import type { Tlp } from './markings.js';
import { validateStixObject } from './validate.js';

// The published texts (OASIS cti-stix-common-objects, BSD-3-Clause; STIX 2.1 §7.2.1.4), byte-for-byte
// modulo whitespace, so a typo in markings.ts cannot hide behind a shared helper.
const PUBLISHED_TLP2 = [
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"clear"}}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb","created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"green"}}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"red"}}}',
];
const PUBLISHED_EXT =
  '{"id":"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d","type":"extension-definition","spec_version":"2.1","name":"TLP 2.0","description":"This defines TLP 2.0 as a STIX extension","created":"2022-10-01T00:00:00.000Z","modified":"2022-10-01T00:00:00.000Z","created_by_ref":"identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01","schema":"https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0","version":"1.0.0","extension_types":["property-extension"]}';
const SPEC_TLP1 = [
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:WHITE","definition":{"tlp":"white"}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:AMBER","definition":{"tlp":"amber"}}',
  '{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:RED","definition":{"tlp":"red"}}',
];

describe('official TLP marking definitions', () => {
  it('are the published TLP 2.0 objects, property order included', () => {
    expect(TLP_ORDER.map((t) => JSON.stringify(TLP2_MARKING_DEFINITIONS[t]))).toEqual(PUBLISHED_TLP2);
    expect(JSON.stringify(TLP2_EXTENSION_DEFINITION)).toBe(PUBLISHED_EXT);
  });

  it('are the TLP 1.0 objects of the STIX 2.1 specification', () => {
    expect(Object.values(TLP1_MARKING_DEFINITIONS).map((o) => JSON.stringify(o))).toEqual(SPEC_TLP1);
  });

  it('all validate as STIX 2.1 and are served together (10 objects, unique ids)', () => {
    expect(TLP_STIX_OBJECTS).toHaveLength(10);
    expect(new Set(TLP_STIX_OBJECTS.map((o) => o.id)).size).toBe(10);
    for (const o of TLP_STIX_OBJECTS) expect(validateStixObject(o), o.id).toMatchObject({ ok: true });
  });

  it('are frozen so no caller can alter the served copies', () => {
    expect(Object.isFrozen(TLP2_MARKING_DEFINITIONS.red)).toBe(true);
    expect(() => {
      (TLP2_MARKING_DEFINITIONS.red as Record<string, unknown>).name = 'TLP:CLEAR';
    }).toThrow(TypeError);
    expect(TLP2_MARKING_DEFINITIONS.red.name).toBe('TLP:RED');
  });

  it('markingIdOf gives the TLP 2.0 id and tlpOfMarkingId reads both versions', () => {
    expect(markingIdOf('amber+strict')).toBe('marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003');
    for (const t of TLP_ORDER) expect(tlpOfMarkingId(markingIdOf(t))).toBe(t);
    expect(tlpOfMarkingId(TLP1_MARKING_IDS.white)).toBe('clear');
    expect(tlpOfMarkingId(TLP1_MARKING_IDS.amber)).toBe('amber');
    expect(tlpOfMarkingId('marking-definition--62fd3f9b-15f3-4ebc-802c-91fce9536bcf')).toBeUndefined();
    expect(isTlpMarkingId(TLP2_MARKING_IDS.green)).toBe(true);
    expect(isTlpMarkingId(42)).toBe(false);
  });
});

describe('TLP order', () => {
  it('runs from clear to red', () => {
    expect(TLP_ORDER).toEqual(['clear', 'green', 'amber', 'amber+strict', 'red']);
    expect(TLP_ORDER.map(tlpRank)).toEqual([0, 1, 2, 3, 4]);
    expect(tlpRank('white')).toBe(-1);
    expect(tlpRank('toString')).toBe(-1);
    expect(isTlp('amber+strict')).toBe(true);
    expect(isTlp('AMBER')).toBe(false);
    expect(tlpLabel('amber+strict')).toBe('TLP:AMBER+STRICT');
  });

  it('tlpAtLeast compares restrictiveness over every pair', () => {
    for (const a of TLP_ORDER) {
      for (const b of TLP_ORDER) {
        expect(tlpAtLeast(a, b), `${a} >= ${b}`).toBe(TLP_ORDER.indexOf(a) >= TLP_ORDER.indexOf(b));
      }
    }
    expect(tlpAtLeast('red', 'amber+strict')).toBe(true);
    expect(tlpAtLeast('green', 'amber')).toBe(false);
  });
});

describe('tlpOfMarkingRefs', () => {
  const STATEMENT = 'marking-definition--62fd3f9b-15f3-4ebc-802c-91fce9536bcf';
  it.each<[string, unknown, Tlp | null]>([
    ['absent', undefined, null],
    ['empty list', [], null],
    ['only a statement marking', [STATEMENT], null],
    ['TLP 2.0 clear', [TLP2_MARKING_IDS.clear], 'clear'],
    ['TLP 2.0 amber+strict beside a statement', [STATEMENT, TLP2_MARKING_IDS['amber+strict']], 'amber+strict'],
    ['TLP 1.0 white maps to clear', [TLP1_MARKING_IDS.white], 'clear'],
    ['TLP 1.0 green', [TLP1_MARKING_IDS.green], 'green'],
    ['TLP 1.0 amber maps to amber (not amber+strict)', [TLP1_MARKING_IDS.amber], 'amber'],
    ['TLP 1.0 red', [TLP1_MARKING_IDS.red], 'red'],
    ['1.0 and 2.0 amber together', [TLP1_MARKING_IDS.amber, TLP2_MARKING_IDS.amber], 'amber'],
    ['conflicting green and red: the most restrictive', [TLP2_MARKING_IDS.green, TLP1_MARKING_IDS.red], 'red'],
    ['conflicting, stricter first', [TLP2_MARKING_IDS['amber+strict'], TLP1_MARKING_IDS.white], 'amber+strict'],
  ])('%s', (_name, refs, tlp) => {
    const r = tlpOfMarkingRefs(refs);
    expect(r.tlp).toBe(tlp);
    expect(r.error).toBeUndefined();
  });

  it('reports a malformed value', () => {
    expect(tlpOfMarkingRefs(TLP2_MARKING_IDS.red)).toEqual({ tlp: null, error: expect.stringMatching(/must be a list/) });
    expect(tlpOfMarkingRefs([TLP2_MARKING_IDS.red, 7])).toEqual({
      tlp: null, error: expect.stringMatching(/object_marking_refs\[1\]/),
    });
    expect(tlpOfMarkingRefs(null).error).toMatch(/list/);
  });
});
