import { describe, expect, it } from 'vitest';
import { TLP1_MARKING_IDS, TLP2_MARKING_IDS } from '../stix/markings.js';
import { validateStixObject } from '../stix/validate.js';
import { IDENTITY_ID, INDICATOR_ID, MALWARE_ID, VALID } from '../stix/fixtures/valid-objects.js';
import { attributionHidden, isProviderIdentityHidden, redactForRecipient } from './egress.js';
import type { Attribution, Envelope } from './envelope.js';
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_SHARING_EXTENSION_ID, classificationExtension } from './extensions.js';
import { PUBLIC_VIEWER } from './viewer.js';
import type { Viewer } from './viewer.js';
import { bankUser, env, orgViewer, peer } from './test-fixtures.js';

type Obj = Record<string, unknown>;
const PROVIDER_ID = IDENTITY_ID; // the fixtures' created_by_ref stands for acme here
const OTHER_PROVIDER_ID = 'identity--0f6c4ba0-6e7e-4d15-a3cc-7a0b1f5c2d11'; // an acme user's identity
const COMMUNITY_ID = 'identity--5a3e7a5c-2b70-4b0c-9a53-4f7f5f0c1e01';
const PROVIDER_IDS: ReadonlySet<string> = new Set([PROVIDER_ID, OTHER_PROVIDER_ID]);
const THIRD_PARTY = 'identity--e50ab59c-5c4f-4d40-bf6a-d58418d89bcd';

const analyst = bankUser();
const operator = bankUser({ userId: 'u-op', orgId: 'o-gov', role: 'operator' });
const acme = bankUser({ userId: 'u-acme-cert', orgId: 'o-acme' });
const clone = (k: string, extra: Obj = {}): Obj => ({ ...structuredClone(VALID[k]!), ...extra });
const withAttribution = (attribution: Attribution, over: Partial<Envelope> = {}) => env({ attribution, ...over });
const redact = (o: Obj, e: Envelope, v: Viewer = analyst, community: string | null = COMMUNITY_ID) =>
  redactForRecipient(o, e, v, community, PROVIDER_IDS);

function valid(o: Obj | null): Obj {
  expect(o).not.toBeNull();
  const r = validateStixObject(o);
  expect(r.ok ? [] : r.errors).toEqual([]);
  return o as Obj;
}

describe('attributionHidden', () => {
  it.each<[Attribution, Viewer, boolean]>([
    ['public', analyst, false],
    ['public', PUBLIC_VIEWER, false],
    ['operators', analyst, true],
    ['operators', operator, false],
    ['operators', peer(), true],
    ['operators', orgViewer(), true],
    ['operators', acme, false],
    ['none', analyst, true],
    ['none', operator, true],
    ['none', PUBLIC_VIEWER, true],
    ['none', acme, false],
    ['none', orgViewer({ orgId: 'o-acme' }), false],
  ])('%s to %o → %s', (attribution, v, hidden) => {
    expect(attributionHidden(withAttribution(attribution), v)).toBe(hidden);
  });
});

describe('redactForRecipient', () => {
  it('strips the ingress extension, adds the classification extension and leaves the input alone', () => {
    const input = clone('indicator', {
      extensions: {
        [KYOJO_SHARING_EXTENSION_ID]: { extension_type: 'property-extension', attribution: 'none' },
        [KYOJO_CLASSIFICATION_EXTENSION_ID]: { extension_type: 'property-extension', timing: 'routine' },
      },
    });
    const before = structuredClone(input);
    const e = env({ classification: { ...env().classification, timing: 'flash', purpose: ['detection'] } });
    const out = valid(redact(input, e));
    expect(out.extensions).toEqual({ [KYOJO_CLASSIFICATION_EXTENSION_ID]: classificationExtension(e.classification) });
    expect(out.created_by_ref).toBe(PROVIDER_ID);
    expect(input).toEqual(before);
  });

  it('under attribution none: created_by_ref becomes the community identity, provider refs are rewritten', () => {
    const sighting = clone('sighting', { created_by_ref: PROVIDER_ID, where_sighted_refs: [PROVIDER_ID, OTHER_PROVIDER_ID, THIRD_PARTY] });
    const out = valid(redact(sighting, withAttribution('none')));
    expect(out.created_by_ref).toBe(COMMUNITY_ID);
    expect(out.where_sighted_refs).toEqual([COMMUNITY_ID, THIRD_PARTY]);
    expect(JSON.stringify(out)).not.toContain(PROVIDER_ID);
    expect(JSON.stringify(out)).not.toContain(OTHER_PROVIDER_ID);
  });

  it('replaces any created_by_ref, even one the hub does not know as the provider', () => {
    const out = valid(redact(clone('indicator', { created_by_ref: THIRD_PARTY }), withAttribution('none')));
    expect(out.created_by_ref).toBe(COMMUNITY_ID);
  });

  it('without a community identity: removes created_by_ref and provider entries of lists', () => {
    const sighting = clone('sighting', { created_by_ref: PROVIDER_ID, where_sighted_refs: [PROVIDER_ID] });
    const out = valid(redact(sighting, withAttribution('none'), analyst, null));
    expect('created_by_ref' in out).toBe(false);
    expect('where_sighted_refs' in out).toBe(false);
    const report = clone('report', { object_refs: [PROVIDER_ID, INDICATOR_ID] });
    expect(valid(redact(report, withAttribution('none'), analyst, null)).object_refs).toEqual([INDICATOR_ID]);
  });

  it('withholds an object that cannot be sent without naming the provider (null)', () => {
    const rel = clone('relationship', { source_ref: MALWARE_ID, target_ref: PROVIDER_ID, relationship_type: 'targets' });
    expect(redact(rel, withAttribution('none'), analyst, null)).toBeNull();
    expect(valid(redact(rel, withAttribution('none'))).target_ref).toBe(COMMUNITY_ID);
    const report = clone('report', { object_refs: [PROVIDER_ID] });
    expect(redact(report, withAttribution('none'), analyst, null)).toBeNull();
    expect(valid(redact(report, withAttribution('none'), analyst)).object_refs).toEqual([COMMUNITY_ID]);
  });

  it('under attribution operators: operators learn the provider, others do not', () => {
    const ind = clone('indicator', { created_by_ref: PROVIDER_ID });
    expect(redact(ind, withAttribution('operators'), operator)?.created_by_ref).toBe(PROVIDER_ID);
    expect(redact(ind, withAttribution('operators'), analyst)?.created_by_ref).toBe(COMMUNITY_ID);
    expect(redact(ind, withAttribution('operators'), peer())?.created_by_ref).toBe(COMMUNITY_ID);
  });

  it("the provider's organization receives its own attribution", () => {
    const ind = clone('indicator', { created_by_ref: PROVIDER_ID });
    expect(redact(ind, withAttribution('none'), acme)?.created_by_ref).toBe(PROVIDER_ID);
  });

  it('does not serve a hidden provider identity object', () => {
    const identity = clone('identity', { id: PROVIDER_ID });
    expect(isProviderIdentityHidden(identity, withAttribution('none'), analyst, PROVIDER_IDS)).toBe(true);
    expect(redact(identity, withAttribution('none'))).toBeNull();
    expect(isProviderIdentityHidden(identity, withAttribution('public'), analyst, PROVIDER_IDS)).toBe(false);
    expect(isProviderIdentityHidden(identity, withAttribution('none'), acme, PROVIDER_IDS)).toBe(false);
    expect(isProviderIdentityHidden(clone('identity', { id: THIRD_PARTY }), withAttribution('none'), analyst, PROVIDER_IDS)).toBe(false);
    expect(isProviderIdentityHidden(clone('indicator', { id: PROVIDER_ID.replace('identity', 'indicator') }), withAttribution('none'), analyst, PROVIDER_IDS)).toBe(false);
  });
});

describe('redactForRecipient: TLP markings', () => {
  const STATEMENT = 'marking-definition--62fd3f9b-15f3-4ebc-802c-91fce9536bcf';
  const unmarked = (): Obj => {
    const { object_marking_refs: _m, ...o } = clone('indicator');
    return o;
  };

  it("adds the envelope's TLP 2.0 marking to an unmarked object (the hub default applied)", () => {
    expect(valid(redact(unmarked(), env({ tlp: 'amber' }))).object_marking_refs).toEqual([TLP2_MARKING_IDS.amber]);
  });

  it('replaces weaker TLP markings, keeping the other markings', () => {
    const o = { ...unmarked(), object_marking_refs: [TLP1_MARKING_IDS.green, STATEMENT] };
    expect(redact(o, env({ tlp: 'amber' }))?.object_marking_refs).toEqual([STATEMENT, TLP2_MARKING_IDS.amber]);
  });

  it('keeps markings that already state the TLP, or a stricter one', () => {
    const same = { ...unmarked(), object_marking_refs: [TLP1_MARKING_IDS.green, STATEMENT] };
    expect(redact(same, env({ tlp: 'green' }))?.object_marking_refs).toEqual([TLP1_MARKING_IDS.green, STATEMENT]);
    const stricter = { ...unmarked(), object_marking_refs: [TLP2_MARKING_IDS.red] };
    expect(redact(stricter, env({ tlp: 'green' }))?.object_marking_refs).toEqual([TLP2_MARKING_IDS.red]);
  });
});
