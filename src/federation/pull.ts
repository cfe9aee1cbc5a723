/**
 * Pull (docs/federation.md "Pull"): page through each of the peer's collections from its durable
 * cursor, store what arrives through receiveFromPeer, and move the cursor only after the page is
 * committed here. The cursor is the page's X-TAXII-Date-Added-Last, sent as `added_after` on the
 * next pass; within a pass the server's `next` token is followed with the pass's `added_after`
 * unchanged. A crash between commit and cursor re-reads the page: identical versions are no-ops.
 *
 * While a pass is unfinished (`more`), the cursor stays one microsecond before that timestamp:
 * servers may give many objects one date_added (medallion, the OASIS reference server, gives every
 * object of one POST the same), and an exclusive `added_after` at the boundary would skip those
 * of them on later pages. Re-reading the boundary's objects costs only no-ops. Every request
 * carries a `limit` (medallion fails on a `next` without one).
 */
import type { Principal } from '../identity/principal.js';
import type { Peer } from '../store/peers-types.js';
import type { Community, Store } from '../store/types.js';
import type { Tlp } from '../stix/markings.js';
import { formatMicros, parseTimestampMicros } from '../stix/timestamps.js';
import { receiveFromPeer, tally } from './receive.js';
import type { TaxiiClient } from './taxii-client.js';

export interface SyncDeps {
  store: Store;
  defaultTlp: Tlp;
  now?: () => Date;
  /** called after each page or step: renews the peer's lease (throws when it was lost) */
  progress?: () => Promise<void>;
}

export interface PullResult {
  pulled: number;
  present: number;
  refused: number;
  firstRefusal: string | null;
  /** every collection answered more: false */
  caughtUp: boolean;
}

/** The principal that ingests what is pulled: the peer's system user, acting for the peer's organization. */
export async function peerPublisher(store: Store, peer: Peer): Promise<{ publisher: Principal; community: Community }> {
  const [user, org, community] = await Promise.all([
    store.identity.getUser({ id: peer.userId }),
    store.identity.getOrganization({ id: peer.orgId }),
    store.identity.getCommunity({ id: peer.communityId }),
  ]);
  if (!user || !org || !community) throw new Error(`peer ${peer.name}: its organization, user or community is missing`);
  return { publisher: { user, org, communityIds: new Set([community.id]), tokenId: null }, community };
}

const DEFAULT_PAGE = 1000;

/**
 * The instant one microsecond before a TAXII timestamp, in the same form (six fraction digits);
 * a timestamp finer than microseconds is truncated, which is already before it. Unreadable
 * timestamps come back unchanged.
 */
export function justBefore(ts: string): string {
  const us = parseTimestampMicros(ts);
  if (us === undefined) return ts;
  const fraction = /\.(\d+)Z$/.exec(ts)?.[1] ?? '';
  const finer = fraction.length > 6 && /[1-9]/.test(fraction.slice(6));
  return formatMicros(finer ? us : us - 1);
}

export async function pullPeer(
  deps: SyncDeps,
  peer: Peer,
  client: TaxiiClient,
  opts: { pageLimit?: number; maxPages?: number } = {},
): Promise<PullResult> {
  const { store } = deps;
  const out: PullResult = { pulled: 0, present: 0, refused: 0, firstRefusal: null, caughtUp: true };
  const { publisher, community } = await peerPublisher(store, peer);
  let pages = 0;
  const maxPages = opts.maxPages ?? 100;
  for (const collection of peer.collections) {
    const start = (await store.peers.state(peer.id))?.pullCursors[collection] ?? null;
    let next: string | null = null;
    if (pages >= maxPages) {
      out.caughtUp = false;
      return out;
    }
    pages++;
    const limit = opts.pageLimit ?? DEFAULT_PAGE;
    let pending = client.getObjects(collection, { addedAfter: start, next, limit });
    for (;;) {
      const page = await pending;
      // the next page is fetched while this one is stored; a server may hand out the same `next`
      // token for every page of one listing (medallion does), so only the page budget bounds it
      const prefetch = page.more && page.next !== null && pages < maxPages;
      if (prefetch) {
        next = page.next;
        pages++;
        pending = client.getObjects(collection, { addedAfter: start, next, limit });
        pending.catch(() => undefined); // awaited in the next round, unless this page fails first
      }
      if (page.objects.length > 0) {
        const t = tally(await receiveFromPeer(store, peer, page.objects, { publisher, community, defaultTlp: deps.defaultTlp, now: deps.now }));
        out.pulled += t.stored;
        out.present += t.present;
        out.refused += t.refused;
        out.firstRefusal ??= t.firstRefusal;
      }
      if (page.dateAddedLast !== null) {
        await store.peers.setPullCursor(peer.id, collection, page.more ? justBefore(page.dateAddedLast) : page.dateAddedLast);
      }
      await deps.progress?.();
      if (!page.more) break;
      if (!prefetch) {
        // more, but no usable next or the page budget is spent: go on from the new cursor in the next pass
        out.caughtUp = false;
        if (pages >= maxPages) return out;
        break;
      }
    }
  }
  return out;
}
