/**
 * Traffic Light Protocol markings (FIRST TLP 2.0; STIX 2.1 TLP 1.0 markings accepted and mapped).
 *
 * - TLP 2.0: the five official marking-definition objects and the TLP 2.0 extension-definition,
 *   copied exactly from OASIS cti-stix-common-objects
 *   (`objects/marking-definition/…__tlp2-*.json`, `extension-definition-specifications/tlp-2.0`).
 *   Licence of that repository (BSD-3-Clause), whose notice must be retained:
 *
 *     Redistribution and use in source and binary forms, with or without modification, are
 *     permitted provided that the following conditions are met:
 *     * Redistributions of source code must retain the above copyright notice, this list of
 *       conditions and the following disclaimer.
 *     * Redistributions in binary form must reproduce the above copyright notice, this list of
 *       conditions and the following disclaimer in the documentation and/or other materials
 *       provided with the distribution.
 *     * Neither the name of [This-Open-Repository] nor the names of its contributors may be used
 *       to endorse or promote products derived from this software without specific prior
 *       written permission.
 *     THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS
 *     OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 *     MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 *     COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 *     EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 *     SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 *     HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 *     TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 *     SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 *
 * - TLP 1.0: the four marking-definition objects of STIX 2.1 §7.2.1.4 (the only permitted
 *   `tlp`-type marking definitions), as printed in the specification.
 *
 * Only object markings (`object_marking_refs`) carry the TLP of an object for the hub;
 * granular markings are kept as they are but never decide access.
 */
import type { StixObject } from './types.js';

/** FIRST TLP 2.0 levels, as written in the hub's envelope. */
export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** From least to most restrictive. */
export const TLP_ORDER: readonly Tlp[] = Object.freeze(['clear', 'green', 'amber', 'amber+strict', 'red']);

const RANK: Readonly<Record<Tlp, number>> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** Position in TLP_ORDER (0 = clear … 4 = red); -1 when `v` is not a TLP level. */
export function tlpRank(v: unknown): number {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(RANK, v) ? RANK[v as Tlp] : -1;
}

export function isTlp(v: unknown): v is Tlp {
  return tlpRank(v) >= 0;
}

/** True when `a` is at least as restrictive as `b` (e.g. tlpAtLeast('red', 'amber') is true). */
export function tlpAtLeast(a: Tlp, b: Tlp): boolean {
  return RANK[a] >= RANK[b];
}

/** The display label, e.g. 'TLP:AMBER+STRICT'. */
export function tlpLabel(t: Tlp): string {
  return `TLP:${t.toUpperCase()}`;
}

export const TLP2_EXTENSION_DEFINITION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects). */
export const TLP2_MARKING_IDS: Readonly<Record<Tlp, string>> = Object.freeze({
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
});

/** TLP 1.0 marking-definition ids (STIX 2.1 §7.2.1.4). */
export const TLP1_MARKING_IDS: Readonly<Record<'white' | 'green' | 'amber' | 'red', string>> = Object.freeze({
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
});

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function tlp2Marking(id: string, name: string, level: string): StixObject {
  // Property order as published.
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    name,
    extensions: {
      [TLP2_EXTENSION_DEFINITION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
    },
  };
}

function tlp1Marking(id: string, level: string): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${level.toUpperCase()}`,
    definition: { tlp: level },
  };
}

/** The official TLP 2.0 marking-definition objects, by level (frozen). */
export const TLP2_MARKING_DEFINITIONS: Readonly<Record<Tlp, StixObject>> = deepFreeze({
  clear: tlp2Marking(TLP2_MARKING_IDS.clear, 'TLP:CLEAR', 'clear'),
  green: tlp2Marking(TLP2_MARKING_IDS.green, 'TLP:GREEN', 'green'),
  amber: tlp2Marking(TLP2_MARKING_IDS.amber, 'TLP:AMBER', 'amber'),
  'amber+strict': tlp2Marking(TLP2_MARKING_IDS['amber+strict'], 'TLP:AMBER+STRICT', 'amber+strict'),
  red: tlp2Marking(TLP2_MARKING_IDS.red, 'TLP:RED', 'red'),
});

/** The TLP 1.0 marking-definition objects of STIX 2.1 (frozen). */
export const TLP1_MARKING_DEFINITIONS: Readonly<Record<'white' | 'green' | 'amber' | 'red', StixObject>> = deepFreeze({
  white: tlp1Marking(TLP1_MARKING_IDS.white, 'white'),
  green: tlp1Marking(TLP1_MARKING_IDS.green, 'green'),
  amber: tlp1Marking(TLP1_MARKING_IDS.amber, 'amber'),
  red: tlp1Marking(TLP1_MARKING_IDS.red, 'red'),
});

/** The TLP 2.0 extension-definition, as published (its creator identity is not published with it). */
export const TLP2_EXTENSION_DEFINITION: StixObject = deepFreeze({
  id: TLP2_EXTENSION_DEFINITION_ID,
  type: 'extension-definition',
  spec_version: '2.1',
  name: 'TLP 2.0',
  description: 'This defines TLP 2.0 as a STIX extension',
  created: '2022-10-01T00:00:00.000Z',
  modified: '2022-10-01T00:00:00.000Z',
  created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
  schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
  version: '1.0.0',
  extension_types: ['property-extension'],
});

/**
 * Every TLP object the hub serves so recipients can resolve the refs it emits and the ones
 * providers used: the TLP 2.0 extension-definition, the five TLP 2.0 and four TLP 1.0 markings.
 */
export const TLP_STIX_OBJECTS: readonly StixObject[] = Object.freeze([
  TLP2_EXTENSION_DEFINITION,
  ...TLP_ORDER.map((t) => TLP2_MARKING_DEFINITIONS[t]),
  ...Object.values(TLP1_MARKING_DEFINITIONS),
]);

const TLP_OF_ID: ReadonlyMap<string, Tlp> = new Map<string, Tlp>([
  ...TLP_ORDER.map((t): [string, Tlp] => [TLP2_MARKING_IDS[t], t]),
  [TLP1_MARKING_IDS.white, 'clear'],
  [TLP1_MARKING_IDS.green, 'green'],
  [TLP1_MARKING_IDS.amber, 'amber'],
  [TLP1_MARKING_IDS.red, 'red'],
]);

/** The TLP 2.0 marking-definition id of a level. */
export function markingIdOf(tlp: Tlp): string {
  return TLP2_MARKING_IDS[tlp];
}

/** The TLP level a marking-definition id stands for (TLP 1.0 white → clear), or undefined. */
export function tlpOfMarkingId(id: unknown): Tlp | undefined {
  return typeof id === 'string' ? TLP_OF_ID.get(id) : undefined;
}

export function isTlpMarkingId(id: unknown): boolean {
  return tlpOfMarkingId(id) !== undefined;
}

/**
 * The TLP of an object from its `object_marking_refs` value.
 * - absent (undefined) or no TLP marking among the refs → `{ tlp: null }` (the caller applies its default);
 * - other markings (statements, custom) are ignored;
 * - several TLP markings → the most restrictive one, never an error: an object labelled both
 *   TLP 1.0 AMBER and TLP 2.0 AMBER (common while producers migrate) is AMBER, and for truly
 *   conflicting labels the stricter one can only narrow who receives it;
 * - not a list, or an entry that is not a string → `{ tlp: null, error }`.
 */
export function tlpOfMarkingRefs(refs: unknown): { tlp: Tlp | null; error?: string } {
  if (refs === undefined) return { tlp: null };
  if (!Array.isArray(refs)) return { tlp: null, error: 'object_marking_refs must be a list of marking-definition ids' };
  let best = -1;
  for (let i = 0; i < refs.length; i++) {
    const r: unknown = refs[i];
    if (typeof r !== 'string') return { tlp: null, error: `object_marking_refs[${i}] must be a marking-definition id` };
    const t = TLP_OF_ID.get(r);
    if (t !== undefined && RANK[t] > best) best = RANK[t];
  }
  return { tlp: best < 0 ? null : (TLP_ORDER[best] as Tlp) };
}
