/**
 * What a peer receives (DESIGN.md "One rule decides who sees what"; docs/federation.md). The peer
 * is a viewer, the policy's PeerViewer; which versions it receives is decided only by
 * `predicateFor(peerViewerOf(peer), now)` compiled by `store.shared.query` — nothing here
 * chooses versions. This module shapes each version the query returned:
 *
 * 1. The form: the anonymous one (`jsonAnonymous`) whenever attribution is hidden from the peer
 *    (`attribution` operators or none: a peer is never an operator nor the provider); when that
 *    form is missing the version is not sent (fail closed).
 * 2. Access control never leaves: the Kyojo sharing extension is removed (ingest strips it
 *    already; this is the second lock). Audience, clearance, conditions and the provider are
 *    not in the stored JSON at all.
 * 3. TLP: the stored envelope's TLP (never RED or AMBER+STRICT: the predicate gives peers at most
 *    AMBER, and a higher rank here refuses the version again) is expressed with the official
 *    TLP 2.0 marking; a stricter TLP marking on the object keeps the object's level; with `tlp1`
 *    the TLP 1.0 marking of that level goes alongside (CLEAR → WHITE). Other markings stay.
 * 4. Profile `standard`: plain STIX 2.1 — Kyojo's property extensions (classification, sharing)
 *    are removed from `extensions` (the property goes when it is left empty), a `created_by_ref`
 *    naming Kyojo's identity is removed; push does not send
 *    Kyojo's own objects (its identity and extension definitions) to such a peer, nor the
 *    predefined TLP marking definitions and the TLP 2.0 extension definition, which every STIX 2.1
 *    consumer knows by id (`notSentToStandardPeer`; the OASIS reference server, medallion, fails
 *    on any collection holding an extension-definition, whose `version` it takes for a timestamp).
 *    Profile `kyojo` keeps the classification extension.
 */
import { KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_IDENTITY_ID, KYOJO_SHARING_EXTENSION_ID } from '../policy/extensions.js';
import { attributionHiddenStored } from '../policy/predicate.js';
import type { PeerViewer } from '../policy/viewer.js';
import { TLP1_MARKING_IDS, TLP2_EXTENSION_DEFINITION_ID, TLP2_MARKING_IDS, TLP_ORDER, markingIdOf, tlpOfMarkingId, tlpOfMarkingRefs, tlpRank, type Tlp } from '../stix/markings.js';
import type { Peer } from '../store/peers-types.js';
import type { SharedRow } from '../store/types.js';
import { isObj } from '../stix/checks-core.js';

/** The policy's viewer of a peer: its local community, its maximum TLP, the organizations it stands for. */
export function peerViewerOf(peer: Pick<Peer, 'id' | 'communityId' | 'maxTlp' | 'asOrgIds'>): PeerViewer {
  return {
    kind: 'peer',
    peerId: peer.id,
    communityIds: new Set([peer.communityId]),
    maxTlp: peer.maxTlp,
    namedInAudienceAs: new Set(peer.asOrgIds),
  };
}

const KYOJO_EXTENSION_IDS: ReadonlySet<string> = new Set([KYOJO_CLASSIFICATION_EXTENSION_ID, KYOJO_SHARING_EXTENSION_ID]);
/** Kyojo's own STIX objects: not sent under the standard profile */
const KYOJO_OBJECT_IDS: ReadonlySet<string> = new Set([KYOJO_IDENTITY_ID, ...KYOJO_EXTENSION_IDS]);

const TLP1_OF: Partial<Record<Tlp, string>> = {
  clear: TLP1_MARKING_IDS.white,
  green: TLP1_MARKING_IDS.green,
  amber: TLP1_MARKING_IDS.amber,
};

/** The highest TLP rank that ever leaves the hub (AMBER). */
export const MAX_EGRESS_RANK = 2;

type Obj = Record<string, unknown>;

function withoutExtensions(obj: Obj, drop: ReadonlySet<string>): Obj {
  if (!isObj(obj.extensions) || !Object.keys(obj.extensions).some((k) => drop.has(k))) return obj;
  const kept = Object.fromEntries(Object.entries(obj.extensions).filter(([k]) => !drop.has(k)));
  const { extensions: _old, ...rest } = obj;
  return Object.keys(kept).length > 0 ? { ...rest, extensions: kept } : rest;
}

function withMarkings(obj: Obj, rank: number, tlp1: boolean): Obj | null {
  const marked = tlpOfMarkingRefs(obj.object_marking_refs);
  if (marked.error !== undefined) return null;
  const level = Math.max(rank, marked.tlp === null ? 0 : tlpRank(marked.tlp));
  if (level > MAX_EGRESS_RANK) return null;
  const tlp = TLP_ORDER[level]!;
  const others = Array.isArray(obj.object_marking_refs) ? obj.object_marking_refs.filter((r) => tlpOfMarkingId(r) === undefined) : [];
  const refs = [...others, markingIdOf(tlp)];
  const one = tlp1 ? TLP1_OF[tlp] : undefined;
  if (one !== undefined) refs.push(one);
  return { ...obj, object_marking_refs: refs };
}

/** Kyojo's identity and extension definitions: meaningless to a peer of the standard profile. */
export function isKyojoObject(id: string): boolean {
  return KYOJO_OBJECT_IDS.has(id);
}

/** The TLP 1.0 and 2.0 marking definitions and the TLP 2.0 extension definition: known by id everywhere. */
const PREDEFINED_IDS: ReadonlySet<string> = new Set([...Object.values(TLP1_MARKING_IDS), ...Object.values(TLP2_MARKING_IDS), TLP2_EXTENSION_DEFINITION_ID]);

/** Not pushed to a peer of the standard profile: Kyojo's own objects and the predefined TLP objects. */
export function notSentToStandardPeer(id: string): boolean {
  return KYOJO_OBJECT_IDS.has(id) || PREDEFINED_IDS.has(id);
}

/** The stored form the peer may read (anonymous when attribution is hidden from it); null when missing or unreadable. */
function formFor(row: SharedRow, viewer: PeerViewer): Obj | null {
  const text = attributionHiddenStored(row, viewer) ? row.jsonAnonymous : row.json;
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObj(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * A version the peer's predicate returned, as the peer receives it; null when it must not be
 * sent after all (hidden attribution without an anonymous form, a TLP above AMBER, unreadable JSON).
 */
export function servedToPeer(row: SharedRow, viewer: PeerViewer, peer: Pick<Peer, 'profile' | 'tlp1'>): Obj | null {
  if (row.tlpRank > MAX_EGRESS_RANK) return null;
  let obj = formFor(row, viewer);
  if (obj === null) return null;
  const standard = peer.profile === 'standard';
  obj = withoutExtensions(obj, standard ? KYOJO_EXTENSION_IDS : new Set([KYOJO_SHARING_EXTENSION_ID]));
  if (standard && obj.created_by_ref === KYOJO_IDENTITY_ID) {
    const { created_by_ref: _kyojo, ...rest } = obj; // Kyojo's identity is not sent to such a peer
    obj = rest;
  }
  // Marking definitions carry no TLP of their own here (the TLP definitions are themselves CLEAR).
  if (obj.type === 'marking-definition') return obj;
  return withMarkings(obj, row.tlpRank, peer.tlp1);
}

/**
 * A revocation of what the peer was last sent: the same object, `revoked: true`, `modified`
 * strictly after the previous version's and at or after `now` (millisecond precision). Null for
 * objects STIX cannot revoke (no `modified`: SCOs, marking definitions).
 */
export function revocationOf(sent: Obj, now: Date): Obj | null {
  if (typeof sent.modified !== 'string' || typeof sent.created !== 'string') return null;
  if (sent.type === 'marking-definition') return null;
  const prev = Date.parse(sent.modified);
  const at = Number.isFinite(prev) && prev >= now.getTime() ? prev + 1 : now.getTime();
  return { ...sent, revoked: true, modified: new Date(at).toISOString() };
}

/** The TLP rank an object was sent with (its TLP marking; none: CLEAR, as for marking definitions). */
export function sentTlpRank(o: Obj): number {
  const t = tlpOfMarkingRefs(o.object_marking_refs).tlp;
  return t === null ? 0 : tlpRank(t);
}

/**
 * The revocation of a version the peer was sent at TLP rank `sentRank`: that version as the peer
 * would receive it now (anonymous if attribution is now hidden), marked as it was sent — not at
 * a TLP the provider has since raised, which would stop the revocation from travelling as far as
 * the version did — then `revoked: true`, modified now. Null when it cannot be revoked.
 */
export function revocationFor(row: SharedRow, viewer: PeerViewer, peer: Pick<Peer, 'profile' | 'tlp1'>, sentRank: number, now: Date): Obj | null {
  if (sentRank > MAX_EGRESS_RANK) return null;
  let obj = formFor(row, viewer);
  if (obj === null) return null;
  if (Array.isArray(obj.object_marking_refs)) obj = { ...obj, object_marking_refs: obj.object_marking_refs.filter((r) => tlpOfMarkingId(r) === undefined) };
  const unmarked = JSON.stringify(obj);
  const shaped = servedToPeer({ ...row, tlpRank: sentRank, json: unmarked, jsonAnonymous: unmarked }, viewer, peer);
  return shaped === null ? null : revocationOf(shaped, now);
}
