/**
 * The STIX objects the hub itself provides, so that recipients can resolve what the objects
 * they receive refer to:
 * - the official TLP 2.0 marking definitions and their extension definition, and the Kyojo
 *   identity and extension definitions;
 * - one identity per community (communityIdentityId), the `created_by_ref` of objects whose
 *   provider is hidden.
 * All are public TLP:CLEAR, served by the hub-wide collection (`/taxii2/hub/collections/all/`)
 * to every viewer; a community's collection holds only what was shared with that community, so
 * they are not in it. (A community identity names the community, never a member.)
 * They are stored as ordinary shared versions whose provider is the hub (HUB_PROVIDER), added
 * when the hub starts and when a community is created; re-adding them is a no-op ('identical').
 */
import { CHANNELS, type Classification } from '../policy/envelope.js';
import { KYOJO_IDENTITY_ID, KYOJO_STIX_OBJECTS } from '../policy/extensions.js';
import { PUBLIC_KEY } from '../policy/predicate.js';
import { canonicalJson, validateStixObject } from '../stix/index.js';
import { TLP_STIX_OBJECTS } from '../stix/markings.js';
import type { Community, SharedVersionInput, StoredEnvelope, Store } from '../store/types.js';
import { communityIdentityId } from './identities.js';

/** The provider (organization and user id) of what the hub itself publishes; no organization has it. */
export const HUB_PROVIDER = 'kyojo-hub';

const CREATED = '2026-11-26T00:00:00.000Z';

const CLASSIFICATION: Classification = { purpose: [], infoType: null, tier: [], timing: null, embargoUntil: null, channels: [...CHANNELS] };

function envelope(tlpRank: number, audienceKeys: string[]): StoredEnvelope {
  return {
    tlpRank, audienceKeys, minClearance: 0, embargoUntilUs: null, attribution: 'public',
    providerOrgId: HUB_PROVIDER, providerUserId: HUB_PROVIDER, sectors: [], terms: [],
    classificationJson: JSON.stringify(CLASSIFICATION),
  };
}

function version(obj: unknown, env: StoredEnvelope): SharedVersionInput {
  const r = validateStixObject(obj);
  if (!r.ok) throw new Error(`hub STIX object invalid: ${JSON.stringify(r.errors).slice(0, 300)}`);
  const m = r.meta;
  return {
    id: m.id, type: m.type, specVersion: m.specVersion, created: m.created, modified: m.modified, versionKey: m.versionKey,
    json: canonicalJson(r.object), jsonAnonymous: null, envelope: env, endpoints: [],
  };
}

/** The identity standing for a community when a provider's attribution is hidden. */
export function communityIdentity(c: Community): Record<string, unknown> {
  return {
    type: 'identity', spec_version: '2.1', id: communityIdentityId(c.id), created: CREATED, modified: CREATED,
    created_by_ref: KYOJO_IDENTITY_ID,
    name: `${c.name} (member, via Kyojo)`,
    description: `A member of ${c.name} who shared this through the Kyojo hub without being named.`,
    identity_class: 'group',
  };
}

/** Adds the hub's own objects (and the given communities' identities); idempotent. */
export async function publishHubObjects(store: Store, communities: readonly Community[]): Promise<void> {
  const pub = envelope(0, [PUBLIC_KEY]);
  await store.shared.add([
    ...[...TLP_STIX_OBJECTS, ...KYOJO_STIX_OBJECTS].map((o) => version(o, pub)),
    ...communities.map((c) => version(communityIdentity(c), pub)),
  ]);
}
