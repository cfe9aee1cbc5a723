/**
 * What leaves the hub (DESIGN.md: audience, clearance, conditions and, under attribution
 * `none`, the provider's identity never reach a recipient). Every egress path passes each
 * object it may send (mayView said yes) through redactForRecipient, and asks
 * isProviderIdentityHidden before serving an identity object.
 *
 * redactForRecipient rewrites, on a copy (the input is never changed):
 * 1. `extensions`: the hub-private sharing extension is removed (it is normally stripped on
 *    ingest already); the classification extension is set to the envelope's classification.
 *    Extension definitions, which cannot carry extensions, are left as they are.
 * 2. `object_marking_refs`: when the object's TLP markings are less restrictive than the
 *    envelope's TLP (none were given and the hub default applied, or the envelope was narrowed
 *    later), its TLP markings (1.0 and 2.0) are replaced by the envelope's TLP 2.0 marking;
 *    other markings stay. A stricter marking on the object is kept: markings only get stricter.
 * 3. When attribution is hidden from this viewer (attributionHidden):
 *    - `created_by_ref` becomes the community's identity (communityIdentityId), or is removed
 *      when there is none — whatever identity it named, since the hub cannot tell whether an
 *      unknown identity stands for the provider;
 *    - every other top-level `*_ref` naming one of providerIdentityIds becomes the community's
 *      identity; with no community identity the object cannot be sent (null is returned);
 *    - in every top-level `*_refs` list, those ids become the community's identity (once), or
 *      are dropped; a list left empty is removed, except `object_refs` (required): then null.
 *    Free text (name, description, external_references) is the provider's to anonymise; the
 *    hub does not rewrite it.
 * Returns null when the object must not be sent at all (including when it is itself the
 * provider's hidden identity).
 */
import { markingIdOf, tlpAtLeast, tlpOfMarkingId, tlpOfMarkingRefs } from '../stix/markings.js';
import type { Envelope } from './envelope.js';
import { stripIngressExtension, withClassificationExtension } from './extensions.js';
import type { Viewer } from './viewer.js';

/**
 * Whether this viewer must not learn who provided the version: never for the provider's own
 * organization; under `operators`, for everyone but operators; under `none`, for everyone else,
 * operators included (their look-up of an anonymous provider is a separate, audited action).
 */
export function attributionHidden(envelope: Envelope, viewer: Viewer): boolean {
  if (envelope.attribution === 'public') return false;
  if ((viewer.kind === 'user' || viewer.kind === 'organization') && viewer.orgId === envelope.providerOrgId) return false;
  if (envelope.attribution === 'operators') return !(viewer.kind === 'user' && viewer.role === 'operator');
  return true;
}

/**
 * True when `object` is an identity of the provider (one of providerIdentityIds, the identity
 * objects standing for the provider's organization or its users) whose own envelope hides
 * attribution from this viewer: the identity object is then not served.
 */
export function isProviderIdentityHidden(
  object: { type?: unknown; id?: unknown },
  envelope: Envelope,
  viewer: Viewer,
  providerIdentityIds: ReadonlySet<string>,
): boolean {
  return object.type === 'identity' && typeof object.id === 'string' && providerIdentityIds.has(object.id) &&
    attributionHidden(envelope, viewer);
}

type Obj = Record<string, unknown>;

function withEnvelopeTlp(obj: Obj, envelope: Envelope): Obj {
  const marked = tlpOfMarkingRefs(obj.object_marking_refs).tlp;
  if (marked !== null && tlpAtLeast(marked, envelope.tlp)) return obj;
  const kept = Array.isArray(obj.object_marking_refs)
    ? obj.object_marking_refs.filter((r: unknown) => tlpOfMarkingId(r) === undefined)
    : [];
  return { ...obj, object_marking_refs: [...kept, markingIdOf(envelope.tlp)] };
}

function hideProvider(obj: Obj, community: string | null, providerIds: ReadonlySet<string>): Obj | null {
  const out: Obj = { ...obj };
  if (out.created_by_ref !== undefined) {
    if (community !== null) out.created_by_ref = community;
    else delete out.created_by_ref;
  }
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (k.endsWith('_ref') && k !== 'created_by_ref' && typeof v === 'string' && providerIds.has(v)) {
      if (community === null) return null;
      out[k] = community;
    } else if (k.endsWith('_refs') && Array.isArray(v) && v.some((r) => typeof r === 'string' && providerIds.has(r))) {
      const refs: unknown[] = [];
      for (const r of v) {
        const mapped = typeof r === 'string' && providerIds.has(r) ? community : r;
        if (mapped !== null && !refs.includes(mapped)) refs.push(mapped);
      }
      if (refs.length > 0) out[k] = refs;
      else if (k === 'object_refs') return null;
      else delete out[k];
    }
  }
  return out;
}

/** The object as this viewer receives it, or null when it must not be sent (see the header). */
export function redactForRecipient(
  objectJson: Obj,
  envelope: Envelope,
  viewer: Viewer,
  communityIdentityId: string | null,
  providerIdentityIds: ReadonlySet<string>,
): Obj | null {
  if (isProviderIdentityHidden(objectJson, envelope, viewer, providerIdentityIds)) return null;
  let out = withEnvelopeTlp(stripIngressExtension(objectJson), envelope);
  if (attributionHidden(envelope, viewer)) {
    const hidden = hideProvider(out, communityIdentityId, providerIdentityIds);
    if (hidden === null) return null;
    out = hidden;
  }
  return withClassificationExtension(out, envelope.classification);
}
