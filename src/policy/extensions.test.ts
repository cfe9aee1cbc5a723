import { describe, expect, it } from 'vitest';
import { TLP1_MARKING_IDS, TLP2_MARKING_IDS } from '../stix/markings.js';
import { validateStixObject } from '../stix/validate.js';
import { INDICATOR_ID, VALID } from '../stix/fixtures/valid-objects.js';
import {
  KYOJO_CLASSIFICATION_EXTENSION, KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_IDENTITY, KYOJO_IDENTITY_ID,
  KYOJO_SHARING_EXTENSION, KYOJO_SHARING_EXTENSION_ID, KYOJO_STIX_OBJECTS, classificationExtension,
  envelopeFromObjectExtensions, stripIngressExtension, withClassificationExtension, withoutClassificationExtension,
} from './extensions.js';
import type { ObjectEnvelopeContext } from './extensions.js';
import { ctx, env } from './test-fixtures.js';

const octx = (over: Partial<ObjectEnvelopeContext> = {}): ObjectEnvelopeContext => ({ ...ctx(), defaultTlp: 'amber', ...over });
/** The fixture indicator (it has created_by_ref), without its TLP 1.0 GREEN marking unless given. */
function indicator(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { object_marking_refs: _m, ...base } = structuredClone(VALID.indicator!);
  return { ...base, ...extra };
}
const SHARING = `extensions.${KYOJO_SHARING_EXTENSION_ID}`;
const CLASSIF = `extensions.${KYOJO_CLASSIFICATION_EXTENSION_ID}`;

describe('Kyojo extension definitions', () => {
  it('are valid STIX 2.1 objects created by the Kyojo identity', () => {
    expect(KYOJO_STIX_OBJECTS.map((o) => o.id)).toEqual([KYOJO_IDENTITY_ID, KYOJO_SHARING_EXTENSION_ID, KYOJO_CLASSIFICATION_EXTENSION_ID]);
    for (const o of KYOJO_STIX_OBJECTS) expect(validateStixObject(o), o.id).toMatchObject({ ok: true });
    expect(KYOJO_SHARING_EXTENSION.created_by_ref).toBe(KYOJO_IDENTITY_ID);
    expect(KYOJO_CLASSIFICATION_EXTENSION.extension_types).toEqual(['property-extension']);
    expect(KYOJO_IDENTITY.identity_class).toBe('system');
  });

  it('carry their JSON Schema as text in `schema`, naming every property', () => {
    const s = JSON.parse(KYOJO_CLASSIFICATION_EXTENSION.schema as string);
    expect(Object.keys(s.properties)).toEqual(['extension_type', 'purpose', 'info_type', 'tier', 'timing', 'embargo_until', 'channels']);
    expect(s.properties.info_type.enum).toEqual(['best-practice', 'vulnerability', 'analysis', 'threat', 'incident']);
    const t = JSON.parse(KYOJO_SHARING_EXTENSION.schema as string);
    expect(Object.keys(t.properties)).toEqual(['extension_type', 'audience', 'min_clearance', 'conditions', 'attribution']);
    expect(t.additionalProperties).toBe(false);
  });
});

describe('envelopeFromObjectExtensions', () => {
  it('takes the TLP from object_marking_refs and the audience from the API root', () => {
    const r = envelopeFromObjectExtensions(indicator({ object_marking_refs: [TLP2_MARKING_IDS.green] }), octx());
    expect(r).toEqual({ ok: true, tlpDefaulted: false, envelope: env() });
  });

  it("maps TLP 1.0 markings and applies the hub's default when there is none, saying so", () => {
    const white = envelopeFromObjectExtensions(indicator({ object_marking_refs: [TLP1_MARKING_IDS.white] }), octx());
    expect(white).toMatchObject({ ok: true, tlpDefaulted: false, envelope: { tlp: 'clear' } });
    const none = envelopeFromObjectExtensions(indicator(), octx());
    expect(none).toMatchObject({ ok: true, tlpDefaulted: true, envelope: { tlp: 'amber' } });
    const other = envelopeFromObjectExtensions(indicator(), octx({ defaultTlp: 'green' }));
    expect(other).toMatchObject({ ok: true, tlpDefaulted: true, envelope: { tlp: 'green' } });
  });

  it('reads the sharing and classification extensions', () => {
    const r = envelopeFromObjectExtensions(indicator({
      object_marking_refs: [TLP2_MARKING_IDS['amber+strict']],
      extensions: {
        [KYOJO_SHARING_EXTENSION_ID]: {
          extension_type: 'property-extension', audience: { organizations: ['bank'], users: ['ana@bank.example'] },
          min_clearance: 1, conditions: { terms: ['nda-2026'] }, attribution: 'none',
        },
        [KYOJO_CLASSIFICATION_EXTENSION_ID]: {
          extension_type: 'property-extension', purpose: ['response'], info_type: 'incident', timing: 'flash',
          embargo_until: '2026-12-01T00:00:00.000Z',
        },
      },
    }), octx());
    expect(r).toEqual({
      ok: true, tlpDefaulted: false,
      envelope: env({
        tlp: 'amber+strict',
        audience: { public: false, communities: [], organizations: ['o-bank'], users: ['u-bank-ana'] },
        minClearance: 1, conditions: { terms: ['nda-2026'], sectors: [] }, attribution: 'none',
        classification: { purpose: ['response'], infoType: 'incident', tier: [], timing: 'flash', embargoUntil: '2026-12-01T00:00:00.000Z', channels: ['portal', 'email', 'api', 'stream'] },
      }),
    });
  });

  it('reports errors with paths from the object', () => {
    const r = envelopeFromObjectExtensions(indicator({
      object_marking_refs: [TLP2_MARKING_IDS.green],
      extensions: {
        [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', tlp: 'clear', audience: { communities: ['nope'] } },
        [KYOJO_CLASSIFICATION_EXTENSION_ID]: { extension_type: 'toplevel-property-extension', timing: 'later' },
      },
    }), octx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { property: `${SHARING}.tlp`, message: 'is not taken from the extension: the TLP is read from object_marking_refs' },
      { property: `${CLASSIF}.extension_type`, message: "must be 'property-extension'" },
      { property: `${SHARING}.audience.communities[0]`, message: "unknown community 'nope'" },
      { property: `${CLASSIF}.timing`, message: '"later" is not one of: flash, routine, periodic' },
    ]);
  });

  it('checks the TLP bounds against the markings, and malformed markings', () => {
    const red = envelopeFromObjectExtensions(indicator({ object_marking_refs: [TLP2_MARKING_IDS.red] }), octx());
    expect(red).toMatchObject({ ok: false, errors: [{ property: `${SHARING}.audience`, message: expect.stringMatching(/^TLP:RED may only be shared with named users/) }] });
    const bad = envelopeFromObjectExtensions(indicator({ object_marking_refs: 'x' }), octx());
    expect(bad).toMatchObject({ ok: false, errors: [{ property: 'object_marking_refs' }] });
  });
});

describe('extension rewriting', () => {
  const withBoth = indicator({
    extensions: {
      [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', attribution: 'none' },
      [KYOJO_CLASSIFICATION_EXTENSION_ID]: { extension_type: 'property-extension', timing: 'flash' },
    },
  });

  it('stripIngressExtension removes only the sharing extension, without changing the input', () => {
    const out = stripIngressExtension(withBoth);
    expect(Object.keys(out.extensions as object)).toEqual([KYOJO_CLASSIFICATION_EXTENSION_ID]);
    expect(Object.keys(withBoth.extensions as object)).toHaveLength(2);
    const only = stripIngressExtension(indicator({ extensions: { [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension' } } }));
    expect('extensions' in only).toBe(false);
    const plain = indicator();
    expect(stripIngressExtension(plain)).toBe(plain);
  });

  it('classificationExtension omits empty lists and nulls', () => {
    expect(classificationExtension(env().classification)).toEqual({ extension_type: 'property-extension', channels: ['portal', 'email', 'api', 'stream'] });
    expect(classificationExtension({ purpose: ['policy'], infoType: 'analysis', tier: ['executive'], timing: 'periodic', embargoUntil: '2027-01-01T00:00:00Z', channels: ['portal'] }))
      .toEqual({ extension_type: 'property-extension', purpose: ['policy'], info_type: 'analysis', tier: ['executive'], timing: 'periodic', embargo_until: '2027-01-01T00:00:00Z', channels: ['portal'] });
  });

  it('withClassificationExtension adds or replaces it, and the result validates', () => {
    const c = { ...env().classification, infoType: 'threat' as const };
    const out = withClassificationExtension(withBoth, c);
    expect((out.extensions as Record<string, unknown>)[KYOJO_CLASSIFICATION_EXTENSION_ID]).toEqual(classificationExtension(c));
    expect((out.extensions as Record<string, unknown>)[KYOJO_SHARING_EXTENSION_ID]).toBeDefined();
    const sco = withClassificationExtension(structuredClone(VALID['ipv4-addr']!), c);
    for (const o of [withClassificationExtension(indicator(), c), sco]) expect(validateStixObject(o)).toMatchObject({ ok: true });
    expect(withClassificationExtension(KYOJO_SHARING_EXTENSION, c)).toBe(KYOJO_SHARING_EXTENSION);
    expect(withoutClassificationExtension(withClassificationExtension(indicator(), c))).toEqual(indicator());
    expect(indicator().id).toBe(INDICATOR_ID);
  });

  it('an object posted with both extensions validates as STIX', () => {
    expect(validateStixObject(withBoth)).toMatchObject({ ok: true });
  });
});
