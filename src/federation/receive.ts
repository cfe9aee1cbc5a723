/**
 * Versions arriving from a peer, pulled from its collection or POSTed by its account to ours
 * (docs/federation.md "Receiving"). Every object goes through the hub's ingest
 * (`ingestObjects`: validation, envelope, mayWrite, store) as the peer's organization, with the
 * envelope the peer's configuration gives it: TLP from the object's markings (the hub default
 * when it has none), audience the configured community, attribution public, classification from
 * the object's Kyojo classification extension if any. Before that, per object:
 *
 * - the Kyojo sharing extension is refused: a peer does not choose envelopes here;
 * - a TLP above the peer's maximum is refused (RED and AMBER+STRICT always are);
 * - a version already held here whose provider is not the peer (it originated here, or arrived
 *   first through another peer: a ring or a mesh) is recognised and left alone — a no-op
 *   reported as `held`, never a second copy and never a refusal; a version the store holds from
 *   this same peer goes on to ingest, where an identical one is the store's `identical` no-op
 *   and one re-marked with a narrower TLP replaces the envelope;
 * - a new version of an object provided here by someone else is refused: only the provider's
 *   organization adds versions (a peer cannot version or revoke this hub's members' objects).
 * Provenance (which peer, when) is recorded for every version stored or found identical.
 */
import type { Principal } from '../identity/principal.js';
import { TrustService } from '../identity/trust.js';
import { KYOJO_SHARING_EXTENSION_ID } from '../policy/extensions.js';
import { ingestObjects, type IngestItem } from '../sharing/ingest.js';
import { tlpLabel, tlpOfMarkingRefs, tlpRank, type Tlp } from '../stix/markings.js';
import { versionKeyOrNull } from '../stix/timestamps.js';
import type { Peer } from '../store/peers-types.js';
import { UNVERSIONED_KEY, type Community, type Store } from '../store/types.js';
import { isObj } from '../stix/checks-core.js';

export type ReceiveItem = IngestItem | { ok: true; id: string; versionKey: string; outcome: 'held'; message: string };

export interface ReceiveOptions {
  /** whose account delivered them: the peer's system user for pulls, the posting account for pushes */
  publisher: Principal;
  /** the community the versions are shared with (the peer's configured community) */
  community: Community;
  defaultTlp: Tlp;
  now?: () => Date;
}

type Obj = Record<string, unknown>;

function versionKeyOf(o: Obj): string {
  return versionKeyOrNull(o.modified) ?? versionKeyOrNull(o.created) ?? UNVERSIONED_KEY;
}

/** The per-object checks before ingest; a reason refuses the object. */
function precheck(o: unknown, peer: Pick<Peer, 'maxTlp'>, defaultTlp: Tlp): string | null {
  if (!isObj(o)) return null; // ingest's validation says what is wrong with it
  const ext = o.extensions;
  if (isObj(ext) && Object.hasOwn(ext, KYOJO_SHARING_EXTENSION_ID)) {
    return `extensions.${KYOJO_SHARING_EXTENSION_ID}: a peer hub cannot set a Kyojo sharing envelope; its configuration gives the envelope`;
  }
  const marked = tlpOfMarkingRefs(o.object_marking_refs);
  if (marked.error !== undefined) return null; // ingest refuses it with this error
  const tlp = marked.tlp ?? defaultTlp;
  if (tlpRank(tlp) > tlpRank(peer.maxTlp)) {
    return `${tlpLabel(tlp)}${marked.tlp === null ? ' (hub default)' : ''} is above this peer's maximum ${tlpLabel(peer.maxTlp)}`;
  }
  return null;
}

export async function receiveFromPeer(
  store: Store,
  peer: Pick<Peer, 'id' | 'orgId' | 'maxTlp'>,
  objects: readonly unknown[],
  opts: ReceiveOptions,
): Promise<ReceiveItem[]> {
  const now = opts.now ?? (() => new Date());
  const items: (ReceiveItem | undefined)[] = new Array(objects.length);
  const candidates: { index: number; obj: Obj; id: string; versionKey: string }[] = [];
  const toIngest: number[] = [];
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const why = precheck(o, peer, opts.defaultTlp);
    const id = isObj(o) && typeof o.id === 'string' ? o.id : null;
    if (why !== null) items[i] = { ok: false, id, versionKey: isObj(o) ? versionKeyOf(o) : null, reason: why };
    else if (id !== null && isObj(o)) candidates.push({ index: i, obj: o, id, versionKey: versionKeyOf(o) });
    else toIngest.push(i);
  }

  // Held by someone else here: recognised when this very version is held, else refused by mayWrite in ingest.
  const latest = candidates.length > 0 ? await store.shared.envelopesOf([...new Set(candidates.map((c) => c.id))]) : new Map();
  for (const c of candidates) {
    const held = latest.get(c.id);
    if (held !== undefined && held.envelope.providerOrgId !== peer.orgId) {
      const same = held.versionKey === c.versionKey || (await store.shared.envelopeOf(c.id, c.versionKey)) !== undefined;
      if (same) {
        items[c.index] = { ok: true, id: c.id, versionKey: c.versionKey, outcome: 'held', message: 'already held here (it originated here or arrived through another peer)' };
        continue;
      }
    }
    toIngest.push(c.index);
  }
  toIngest.sort((a, b) => a - b);

  if (toIngest.length > 0) {
    const ingested = await ingestObjects(store, {
      publisher: opts.publisher,
      community: opts.community,
      defaultTlp: opts.defaultTlp,
      trust: new TrustService(store),
      now,
    }, toIngest.map((i) => objects[i]));
    ingested.forEach((item, j) => (items[toIngest[j]!] = item));
    const at = now().toISOString();
    // what was stored is committed: provenance is a record of it, not a condition (a busy store must not fail the delivery)
    await store.peers.addProvenance(ingested.flatMap((it) => (it.ok ? [{ stixId: it.id, versionKey: it.versionKey, peerId: peer.id, receivedAt: at }] : [])))
      .catch(() => undefined);
  }
  return items as ReceiveItem[];
}

/** Counts of a receive: stored (added or replaced), already here (identical or held), refused. */
export function tally(items: readonly ReceiveItem[]): { stored: number; present: number; refused: number; firstRefusal: string | null } {
  let stored = 0;
  let present = 0;
  let refused = 0;
  let firstRefusal: string | null = null;
  for (const it of items) {
    if (!it.ok) {
      refused++;
      firstRefusal ??= `${it.id ?? '(no id)'}: ${it.reason}`;
    } else if (it.outcome === 'added' || it.outcome === 'replaced') stored++;
    else present++;
  }
  return { stored, present, refused, firstRefusal };
}

/** The items as TAXII's status reports them: a held version is a success, "already present". */
export function asIngestItems(items: readonly ReceiveItem[]): IngestItem[] {
  return items.map((it) => (it.ok && it.outcome === 'held'
    ? { ok: true, id: it.id, versionKey: it.versionKey, outcome: 'identical', dateAdded: 0, message: it.message }
    : it as IngestItem));
}
