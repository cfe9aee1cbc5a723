/**
 * Kyojo's two STIX 2.1 property extensions (§7.3), both published as extension-definition
 * objects created by the fixed Kyojo identity below:
 *
 * - Sharing (KYOJO_SHARING_EXTENSION_ID), ingress only: lets a TAXII client give the envelope
 *   fields it cannot express in STIX — audience (community/organization slugs, user emails),
 *   min_clearance, conditions, attribution — on the object itself. It is access-control data:
 *   the hub reads it and strips it before storing (stripIngressExtension), so it never leaves.
 *   The TLP is not in it: it is read from object_marking_refs.
 * - Classification (KYOJO_CLASSIFICATION_EXTENSION_ID): the 5W1H classification, content that
 *   travels with the object. On ingress it is read; on egress the hub writes the envelope's
 *   classification into it (withClassificationExtension).
 *
 * `schema` (a required string, "either a URL or plain text explaining the definition") holds
 * the JSON Schema of the extension's properties as JSON text, so a recipient can resolve the
 * definition from the object alone, without a URL that must stay reachable.
 */
import { tlpOfMarkingRefs } from '../stix/markings.js';
import type { StixObject } from '../stix/types.js';
import { TIERS } from '../identity/validation.js';
import {
  ATTRIBUTIONS, CHANNELS, CLASSIFICATION_KEYS, EnvelopeParser, INFO_TYPES, PURPOSES, SHARING_KEYS, TIMINGS,
} from './envelope.js';
import type { Classification, EnvelopeContext, EnvelopeResult, Tlp } from './envelope.js';
import { isObj } from '../stix/checks-core.js';

export const KYOJO_IDENTITY_ID = 'identity--b0973840-792d-4d5a-9069-c42ad9577fbc';
export const KYOJO_SHARING_EXTENSION_ID = 'extension-definition--85367b2c-5145-4fad-87f1-43e7ed6af658';
export const KYOJO_CLASSIFICATION_EXTENSION_ID = 'extension-definition--c0a54da4-1c81-4d57-a4f5-29901dda7d52';

const CREATED = '2026-11-26T00:00:00.000Z';

/** The Kyojo software as a STIX identity: the creator of the Kyojo extension definitions. */
export const KYOJO_IDENTITY: StixObject = Object.freeze({
  type: 'identity',
  spec_version: '2.1',
  id: KYOJO_IDENTITY_ID,
  created: CREATED,
  modified: CREATED,
  name: 'Kyojo',
  description: 'Kyojo (共助), a STIX 2.1 / TAXII 2.1 cyber-threat information-sharing hub; publisher of the Kyojo STIX extensions.',
  identity_class: 'system',
});

const list = (items: readonly string[], description?: string) => ({
  type: 'array', minItems: 1, uniqueItems: true, items: { enum: items }, ...(description ? { description } : {}),
});
const strings = (description: string) => ({ type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' }, description });
const extensionType = { const: 'property-extension' };
const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const SHARING_SCHEMA = {
  $schema: SCHEMA_DIALECT,
  title: 'Kyojo sharing envelope (ingress)',
  type: 'object',
  required: ['extension_type'],
  additionalProperties: false,
  properties: {
    extension_type: extensionType,
    audience: {
      type: 'object',
      additionalProperties: false,
      description: 'Who receives the object. Omitted: the community of the TAXII API root posted to.',
      properties: {
        public: { type: 'boolean', description: 'Everyone, including anonymous readers (TLP:CLEAR only).' },
        communities: strings('Community slugs (up to TLP:AMBER).'),
        organizations: strings('Organization slugs (up to TLP:AMBER+STRICT).'),
        users: strings('User email addresses (any TLP).'),
      },
    },
    min_clearance: { enum: [null, 'none', 0, 1, 2, 3], description: 'Minimum clearance level of receiving users.' },
    conditions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        terms: strings('Slugs of terms every receiving user must have accepted.'),
        sectors: strings('Sectors the receiving organization must be in.'),
      },
    },
    attribution: { enum: ATTRIBUTIONS, description: 'Whether recipients learn the provider: public, operators (hub operators only), none.' },
  },
};

const CLASSIFICATION_SCHEMA = {
  $schema: SCHEMA_DIALECT,
  title: 'Kyojo 5W1H classification',
  type: 'object',
  required: ['extension_type'],
  additionalProperties: false,
  properties: {
    extension_type: extensionType,
    purpose: list(PURPOSES, 'Why: what the information serves.'),
    info_type: { enum: INFO_TYPES, description: 'What: the kind of information.' },
    tier: list(TIERS, 'Who: whose desk it is written for.'),
    timing: { enum: TIMINGS, description: 'When: flash (act now), routine or periodic.' },
    embargo_until: { type: 'string', description: 'STIX timestamp before which only the provider receives the object.' },
    channels: list(CHANNELS, 'How: the channels that may carry it. Omitted: all.'),
  },
};

function extensionDefinition(id: string, name: string, description: string, schema: object): StixObject {
  return Object.freeze({
    type: 'extension-definition',
    spec_version: '2.1',
    id,
    created: CREATED,
    modified: CREATED,
    created_by_ref: KYOJO_IDENTITY_ID,
    name,
    description,
    schema: JSON.stringify(schema),
    version: '1.0.0',
    extension_types: Object.freeze(['property-extension']),
  });
}

export const KYOJO_SHARING_EXTENSION: StixObject = extensionDefinition(
  KYOJO_SHARING_EXTENSION_ID,
  'Kyojo sharing envelope',
  'Envelope fields a provider gives a Kyojo hub on TAXII POST: audience, min_clearance, conditions, attribution. ' +
    'The TLP is read from object_marking_refs. Access-control data: the hub removes this extension on ingest ' +
    'and never sends it to recipients. The schema property holds the JSON Schema of the extension.',
  SHARING_SCHEMA,
);

export const KYOJO_CLASSIFICATION_EXTENSION: StixObject = extensionDefinition(
  KYOJO_CLASSIFICATION_EXTENSION_ID,
  'Kyojo 5W1H classification',
  'Why (purpose), what (info_type), who (tier), when (timing, embargo_until) and how (channels) of a shared ' +
    'object; where is the audience and is not carried. Travels with the object. The schema property holds the ' +
    'JSON Schema of the extension.',
  CLASSIFICATION_SCHEMA,
);

/** The STIX objects a hub serves so recipients can resolve Kyojo's extensions. */
export const KYOJO_STIX_OBJECTS: readonly StixObject[] = Object.freeze([
  KYOJO_IDENTITY, KYOJO_SHARING_EXTENSION, KYOJO_CLASSIFICATION_EXTENSION,
]);

/** EnvelopeContext plus the hub's default TLP, for objects without a TLP marking. */
export interface ObjectEnvelopeContext extends EnvelopeContext {
  defaultTlp: Tlp;
}

type Obj = Record<string, unknown>;

/**
 * The envelope of an object posted through TAXII: TLP from object_marking_refs (the hub's
 * default when none; then `tlpDefaulted`), the other fields from the two Kyojo extensions,
 * with the same defaults and errors as parseEnvelopeInput (property paths start at the object).
 */
export function envelopeFromObjectExtensions(obj: Obj, ctx: ObjectEnvelopeContext): EnvelopeResult {
  const p = new EnvelopeParser(ctx);
  const marking = tlpOfMarkingRefs(obj.object_marking_refs);
  if (marking.error !== undefined) p.err('object_marking_refs', marking.error);
  const tlp = marking.tlp ?? ctx.defaultTlp;
  const ext = isObj(obj.extensions) ? obj.extensions : {};
  const part = (id: string, keys: readonly string[]): { o: Obj; path: string } => {
    const path = `extensions.${id}`;
    const v = ext[id];
    if (v === undefined) return { o: {}, path };
    if (!isObj(v)) {
      p.err(path, 'must be an object');
      return { o: {}, path };
    }
    if (v.tlp !== undefined) p.err(`${path}.tlp`, 'is not taken from the extension: the TLP is read from object_marking_refs');
    p.unknownKeys(v, path, ['extension_type', ...keys, ...(v.tlp !== undefined ? ['tlp'] : [])]);
    if (v.extension_type !== 'property-extension') p.err(`${path}.extension_type`, "must be 'property-extension'");
    return { o: v, path };
  };
  const s = part(KYOJO_SHARING_EXTENSION_ID, SHARING_KEYS);
  const c = part(KYOJO_CLASSIFICATION_EXTENSION_ID, CLASSIFICATION_KEYS);
  const envelope = p.build(tlp, s.o, s.path, c.o, c.path);
  return p.finish(envelope, `${s.path}.audience`, marking.tlp === null);
}

function withoutExtension(obj: Obj, id: string): Obj {
  const ext = obj.extensions;
  if (!isObj(ext) || !Object.prototype.hasOwnProperty.call(ext, id)) return obj;
  const { [id]: _dropped, ...rest } = ext;
  const { extensions: _old, ...out } = obj;
  return Object.keys(rest).length > 0 ? { ...out, extensions: rest } : out;
}

/** The object without the hub-private sharing extension (a new object; the input is not changed). */
export function stripIngressExtension<T extends Obj>(obj: T): T {
  return withoutExtension(obj, KYOJO_SHARING_EXTENSION_ID) as T;
}

/** The classification in its extension form: empty lists and nulls are omitted, as STIX requires. */
export function classificationExtension(c: Classification): Obj {
  const e: Obj = { extension_type: 'property-extension' };
  if (c.purpose.length > 0) e.purpose = [...c.purpose];
  if (c.infoType !== null) e.info_type = c.infoType;
  if (c.tier.length > 0) e.tier = [...c.tier];
  if (c.timing !== null) e.timing = c.timing;
  if (c.embargoUntil !== null) e.embargo_until = c.embargoUntil;
  e.channels = [...c.channels];
  return e;
}

/**
 * The object with the classification extension added or replaced (a new object). Extension
 * definitions cannot carry extensions (§7.3.1) and are returned unchanged.
 */
export function withClassificationExtension<T extends Obj>(obj: T, classification: Classification): T {
  if (obj.type === 'extension-definition') return obj;
  const ext = isObj(obj.extensions) ? obj.extensions : {};
  return { ...obj, extensions: { ...ext, [KYOJO_CLASSIFICATION_EXTENSION_ID]: classificationExtension(classification) } };
}

/** The classification extension removed (e.g. before comparing content). */
export function withoutClassificationExtension<T extends Obj>(obj: T): T {
  return withoutExtension(obj, KYOJO_CLASSIFICATION_EXTENSION_ID) as T;
}
