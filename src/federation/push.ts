/**
 * Push (docs/federation.md "Push"): walk this hub's date_added order from the peer's durable push
 * cursor and POST to the peer's collection what `predicateFor(peerViewerOf(peer), now)` shows —
 * through `store.shared.query`, the one rule; nothing here widens it. Per step:
 *
 * 1. R: the versions after the cursor, as the hub holds them (a system predicate that sees every
 *    version, embargoes included), up to a batch; `hi` = R's last date_added.
 * 2. S: what the peer's predicate shows now in (cursor, hi]: sent, except versions the peer
 *    itself provided (they came from it), each shaped by servedToPeer (form, TLP, profile).
 * 3. E: what the peer's predicate would show once embargoes end; E \ S is deferred until the
 *    version's embargo ends and then re-checked with the predicate of that moment.
 * 4. R \ E, for objects this hub's members provided that the peer was sent and whose latest
 *    version the peer no longer qualifies for: a revocation (the version last sent, `revoked:
 *    true`, modified now) is sent. Nothing is stored here for it (docs/federation.md).
 * 5. Batches of at most 1,000 objects and a byte budget (POSTs in flight: `concurrency`); each returned status
 *    is followed until complete; then what was sent is recorded and the cursor moves
 *    (compare-and-set) to hi.
 * Transport errors throw: nothing is recorded, the cursor stays, the step is repeated later
 * (a Kyojo peer answers the repeat with `already present`).
 */
import { predicateFor } from '../policy/predicate.js';
import { parseTimestampMicros } from '../stix/timestamps.js';
import type { Peer } from '../store/peers-types.js';
import type { SharedRow, Store, VisibilityPredicate } from '../store/types.js';
import { notSentToStandardPeer, peerViewerOf, revocationFor, sentTlpRank, servedToPeer } from './egress.js';
import type { SyncDeps } from './pull.js';
import { TaxiiClientError, type TaxiiClient, type TaxiiStatus } from './taxii-client.js';

/** Sees every version, embargoed or not: only to learn what exists in a date_added range, never to send. */
const SYSTEM_PREDICATE: VisibilityPredicate = {
  seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Number.MAX_SAFE_INTEGER,
};
const AFTER_EMBARGOES = new Date(Math.floor(Number.MAX_SAFE_INTEGER / 1000));

export interface PushOptions {
  /** objects per POST (at most 1,000) */
  batchObjects?: number;
  /** bytes per POST body (also capped by the peer's max_content_length) */
  batchBytes?: number;
  /** steps per pass before yielding to the other peers */
  maxSteps?: number;
  /** local versions looked at per step (default 4,000: several batches) */
  stepRows?: number;
  /** POSTs in flight at once (default 1: on SQLite a second one starves the peer's other writers) */
  concurrency?: number;
  /** how long to follow a pending status, ms */
  statusWaitMs?: number;
}

export interface PushResult {
  pushed: number;
  refused: number;
  revocations: number;
  firstRefusal: string | null;
  caughtUp: boolean;
}

type Obj = Record<string, unknown>;
const key = (r: { id: string; versionKey: string }) => `${r.id}\u0000${r.versionKey}`;

function embargoEndUs(row: SharedRow): number | null {
  try {
    const c = JSON.parse(row.classificationJson) as { embargoUntil?: unknown };
    if (typeof c.embargoUntil !== 'string') return null;
    return parseTimestampMicros(c.embargoUntil) ?? Number.MAX_SAFE_INTEGER;
  } catch {
    return null;
  }
}

async function rangeOf(store: Store, predicate: VisibilityPredicate, after: number, hi: number, limit: number, ids?: string[]): Promise<SharedRow[]> {
  const page = await store.shared.query({ scope: { kind: 'all' }, predicate, addedAfter: after, versions: { all: true }, limit, ...(ids ? { ids } : {}) });
  return page.rows.filter((r) => r.dateAdded <= hi);
}

/** Follows a pending status until complete (bounded); throws when it never completes. */
async function completed(client: TaxiiClient, first: TaxiiStatus, waitMs: number): Promise<TaxiiStatus> {
  let s = first;
  let delay = 50;
  const until = Date.now() + waitMs;
  while (s.status !== 'complete') {
    if (Date.now() > until) throw new TaxiiClientError(`status ${s.id} still pending after ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
    s = await client.getStatus(s.id);
  }
  return s;
}

export class PeerPusher {
  private maxContentLength: number | null | undefined;

  constructor(private readonly deps: SyncDeps, private readonly peer: Peer, private readonly client: TaxiiClient, private readonly opts: PushOptions = {}) {}

  private get now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** POSTs objects in batches within the limits; returns counts once every status is complete. */
  private async send(objects: Obj[]): Promise<{ refused: number; firstRefusal: string | null }> {
    if (this.maxContentLength === undefined) {
      this.maxContentLength = await this.client.maxContentLength().catch(() => null);
    }
    const maxObjects = Math.min(1000, this.opts.batchObjects ?? 1000);
    const maxBytes = Math.min(this.opts.batchBytes ?? 8 * 1024 * 1024, (this.maxContentLength ?? Infinity) - 1024);
    const collection = this.peer.collections[0]!;
    let refused = 0;
    let firstRefusal: string | null = null;
    const batches: string[][] = [];
    let batch: string[] = [];
    let bytes = 0;
    for (const obj of objects) {
      const o = JSON.stringify(obj);
      const size = Buffer.byteLength(o) + 1;
      if (batch.length > 0 && (batch.length >= maxObjects || bytes + size > maxBytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(o);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    // up to `concurrency` POSTs in flight (the peer parses one while it commits another); the
    // step fails as a whole if any does, and is sent again (a Kyojo peer answers `already present`)
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const b = batches[next++]!;
        const s = await completed(this.client, await this.client.addSerialized(collection, b), this.opts.statusWaitMs ?? 60_000);
        refused += s.failureCount;
        if (s.failureCount > 0) firstRefusal ??= s.failures[0] ? `${s.failures[0].id}: ${s.failures[0].message ?? 'refused'}` : 'refused';
      }
    };
    const results = await Promise.allSettled(Array.from({ length: Math.min(this.opts.concurrency ?? 1, batches.length) }, worker));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { refused, firstRefusal };
  }

  /** One pass: deferred versions now due, then steps until caught up or maxSteps. */
  async pass(): Promise<PushResult> {
    const { store } = this.deps;
    const peer = this.peer;
    const viewer = peerViewerOf(peer);
    const out: PushResult = { pushed: 0, refused: 0, revocations: 0, firstRefusal: null, caughtUp: false };
    const limit = this.opts.stepRows ?? 4000;

    // deferred versions whose embargo has ended: the predicate of now decides again
    const now = this.now;
    const due = await store.peers.dueDeferred(peer.id, now.getTime() * 1000, limit);
    if (due.length > 0) {
      const wanted = new Set(due.map((d) => key({ id: d.stixId, versionKey: d.versionKey })));
      const page = await store.shared.query({ scope: { kind: 'all' }, predicate: predicateFor(viewer, now), ids: [...new Set(due.map((d) => d.stixId))], versions: { all: true }, limit: 10_000 });
      const rows = page.rows.filter((r) => wanted.has(key(r)) && r.providerOrgId !== peer.orgId && !(peer.profile === 'standard' && notSentToStandardPeer(r.id)));
      const objects: Obj[] = [];
      const sent: { stixId: string; versionKey: string; tlpRank: number }[] = [];
      for (const row of rows) {
        const o = servedToPeer(row, viewer, peer);
        if (o === null) continue;
        objects.push(o);
        sent.push({ stixId: row.id, versionKey: row.versionKey, tlpRank: sentTlpRank(o) });
      }
      const r = await this.send(objects);
      await store.peers.markSent(peer.id, sent);
      await store.peers.clearDeferred(peer.id, due);
      out.pushed += objects.length - r.refused;
      out.refused += r.refused;
      out.firstRefusal ??= r.firstRefusal;
    }

    for (let step = 0; step < (this.opts.maxSteps ?? 20); step++) {
      const cursor = (await store.peers.state(peer.id))?.pushCursor;
      if (cursor === undefined) return out; // removed meanwhile
      const all = await store.shared.query({ scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, addedAfter: cursor, versions: { all: true }, limit });
      if (all.rows.length === 0) {
        out.caughtUp = true;
        return out;
      }
      const hi = all.rows[all.rows.length - 1]!.dateAdded;
      const stepNow = this.now;
      const visible = await rangeOf(store, predicateFor(viewer, stepNow), cursor, hi, limit);
      // only when a version in range is under embargo can "after embargoes" differ from now
      const embargoes = all.rows.some((r) => r.dateAdded <= hi && embargoEndUs(r) !== null);
      const eventually = embargoes ? await rangeOf(store, predicateFor(viewer, AFTER_EMBARGOES), cursor, hi, limit) : visible;
      const visibleKeys = new Set(visible.map(key));
      const eventualKeys = new Set(eventually.map(key));

      const sendRows = visible.filter((r) => r.providerOrgId !== peer.orgId && !(peer.profile === 'standard' && notSentToStandardPeer(r.id)));
      const objects: Obj[] = [];
      const sent: { stixId: string; versionKey: string; tlpRank: number }[] = [];
      for (const r of sendRows) {
        const o = servedToPeer(r, viewer, peer);
        if (o === null) continue;
        objects.push(o);
        sent.push({ stixId: r.id, versionKey: r.versionKey, tlpRank: sentTlpRank(o) });
      }
      const deferred = eventually
        .filter((r) => !visibleKeys.has(key(r)) && r.providerOrgId !== peer.orgId)
        .flatMap((r) => {
          const end = embargoEndUs(r);
          return end !== null && end > stepNow.getTime() * 1000 ? [{ stixId: r.id, versionKey: r.versionKey, dueUs: end }] : [];
        });
      const revocations = await this.revocations(all.rows.filter((r) => r.dateAdded <= hi && !eventualKeys.has(key(r))), viewer);

      const r = await this.send([...objects, ...revocations.map((x) => x.object)]);
      await store.peers.markSent(peer.id, sent);
      for (const x of revocations) await store.peers.markRevoked(peer.id, x.stixId, x.versionKey, x.tlpRank);
      await store.peers.defer(peer.id, deferred);
      if (!(await store.peers.advancePushCursor(peer.id, cursor, hi))) return out; // another process moved it
      await this.deps.progress?.();
      out.pushed += objects.length + revocations.length - r.refused;
      out.refused += r.refused;
      out.revocations += revocations.length;
      out.firstRefusal ??= r.firstRefusal;
      if (!all.more) {
        out.caughtUp = true;
        return out;
      }
    }
    return out;
  }

  /**
   * Revocations for versions the peer does not qualify for: only objects this hub's members
   * provided (not another peer's), that the peer was sent and not yet sent a revocation for,
   * and whose latest version the peer's predicate no longer shows (embargoes aside).
   */
  private async revocations(hidden: SharedRow[], viewer: ReturnType<typeof peerViewerOf>): Promise<{ stixId: string; versionKey: string; tlpRank: number; object: Obj }[]> {
    const { store } = this.deps;
    if (hidden.length === 0) return [];
    const peerOrgs = await store.peers.orgIds();
    const ids = [...new Set(hidden.filter((r) => !peerOrgs.has(r.providerOrgId)).map((r) => r.id))];
    if (ids.length === 0) return [];
    const sent = await store.peers.sentOf(this.peer.id, ids);
    const candidates = ids.filter((id) => sent.has(id) && !sent.get(id)!.revoked);
    if (candidates.length === 0) return [];
    const stillSeen = await store.shared.query({ scope: { kind: 'all' }, predicate: predicateFor(viewer, AFTER_EMBARGOES), ids: candidates, versions: { last: true }, limit: 10_000 });
    const seen = new Set(stillSeen.rows.map((r) => r.id));
    const out: { stixId: string; versionKey: string; tlpRank: number; object: Obj }[] = [];
    const now = this.now;
    for (const id of candidates) {
      if (seen.has(id)) continue;
      const s = sent.get(id)!;
      const page = await store.shared.query({ scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, ids: [id], versions: { keys: [s.versionKey] }, limit: 1 });
      const row = page.rows[0];
      if (!row) continue;
      const revoked = revocationFor(row, viewer, this.peer, s.tlpRank, now);
      if (revoked === null) continue;
      out.push({ stixId: id, versionKey: s.versionKey, tlpRank: s.tlpRank, object: revoked });
    }
    return out;
  }
}
