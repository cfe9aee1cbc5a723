/**
 * The federation loop (docs/federation.md "Running"): in `kyojo serve`, every peer is synced
 * (pull, then push, as its direction says) whenever this hub stores something new — the Feed of
 * issue 6 wakes it when present — and otherwise every `pollMs` (1 s), so what a peer may receive
 * leaves within about a second of its publication. `kyojo sync` runs the same step once.
 *
 * - One process at a time per peer: a store lease (10 s, renewed after every page and step), so replicas and a
 *   `kyojo sync` beside a server never push the same step twice.
 * - Faults: any error of a step is recorded on the peer (last error, consecutive failures) and
 *   the peer is retried after an exponential backoff with jitter (1 s … 5 min); other peers and
 *   the hub's own service are not affected. Nothing moves a cursor but a completed step.
 */
import { randomUUID } from 'node:crypto';
import { intFrom, type HubConfig } from '../config.js';
import type { Peer } from '../store/peers-types.js';
import type { Store } from '../store/types.js';
import { pullPeer, type PullResult } from './pull.js';
import { PeerPusher, type PushOptions, type PushResult } from './push.js';
import { openCredentials } from './peers.js';
import { TaxiiClient } from './taxii-client.js';

export interface FederationLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FederationOptions {
  /** between syncs of an idle peer, ms (default 1000) */
  pollMs?: number;
  /** first backoff after a failure, ms (default 1000); doubles per consecutive failure up to maxBackoffMs */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** per HTTP request, ms */
  timeoutMs?: number;
  /** largest response body read, bytes */
  maxBodyBytes?: number;
  push?: PushOptions;
  pageLimit?: number;
  now?: () => Date;
}

export interface SyncReport {
  peer: string;
  pull: PullResult | null;
  push: PushResult | null;
  /** the lease was held by another process: nothing was done */
  busy: boolean;
}

/** a killed process's lease lapses this soon; a live one renews it after every page and step */
const LEASE_MS = 10_000;

interface Running {
  timer: NodeJS.Timeout | null;
  busy: boolean;
  backoffUntil: number;
  failures: number;
  client: TaxiiClient | null;
  clientKey: string;
  pusher: PeerPusher | null;
  /** it receives from this hub: new versions here wake it */
  pushes: boolean;
  /** woken while a sync ran: sync again at once */
  dirty: boolean;
}

export class FederationService {
  private readonly holder = randomUUID();
  private readonly peers = new Map<string, Running>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: { store: Store; config: HubConfig; log?: FederationLog },
    private readonly opts: FederationOptions = {},
  ) {}

  private now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }

  /** Starts syncing every configured peer; the peer list is re-read every 5 s (`kyojo peer add` elsewhere). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const refresh = () => {
      this.track(this.refresh()).finally(() => {
        if (!this.stopped) this.refreshTimer = setTimeout(refresh, 5000);
      });
    };
    refresh();
  }

  /** Sync soon every peer this hub pushes to (something was stored). */
  wake(): void {
    for (const [id, r] of this.peers) {
      if (!r.pushes) continue;
      if (r.busy) r.dirty = true;
      else this.schedule(id, 0);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const r of this.peers.values()) if (r.timer) clearTimeout(r.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    for (const r of this.peers.values()) await r.client?.close().catch(() => undefined);
    this.peers.clear();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private async refresh(): Promise<void> {
    const list = await this.deps.store.peers.list().catch(() => null);
    if (list === null || this.stopped) return;
    const ids = new Set(list.filter((p) => !p.passive).map((p) => p.id));
    for (const [id, r] of this.peers) {
      if (!ids.has(id)) {
        if (r.timer) clearTimeout(r.timer);
        await r.client?.close().catch(() => undefined);
        this.peers.delete(id);
      }
    }
    for (const p of list) {
      if (p.passive) continue; // it makes the requests itself
      if (!this.peers.has(p.id)) {
        this.peers.set(p.id, { timer: null, busy: false, backoffUntil: 0, failures: 0, client: null, clientKey: '', pusher: null, pushes: p.direction !== 'pull', dirty: false });
        this.schedule(p.id, 0);
      }
    }
  }

  private schedule(id: string, delayMs: number): void {
    const r = this.peers.get(id);
    if (!r || this.stopped) return;
    if (r.timer) clearTimeout(r.timer);
    const wait = Math.max(delayMs, r.backoffUntil - Date.now(), 0);
    r.timer = setTimeout(() => {
      r.timer = null;
      if (r.busy) return this.schedule(id, this.opts.pollMs ?? 1000);
      r.busy = true;
      this.track(this.loopOnce(id, r)).then((more) => {
        r.busy = false;
        const again = more || r.dirty || r.failures > 0;
        r.dirty = false;
        // more to do (or a backoff, which schedule waits out): at once; else the next poll
        this.schedule(id, again ? 0 : this.opts.pollMs ?? 1000);
      });
    }, wait);
    r.timer.unref?.();
  }

  /** One sync; true when the peer has more to do at once. */
  private async loopOnce(id: string, r: Running): Promise<boolean> {
    const peer = await this.deps.store.peers.get({ id }).catch(() => undefined);
    if (!peer || peer.passive) return false;
    try {
      const report = await this.syncPeer(peer, r);
      r.failures = 0;
      r.backoffUntil = 0;
      return !report.busy && ((report.pull !== null && !report.pull.caughtUp) || (report.push !== null && !report.push.caughtUp));
    } catch (e) {
      r.failures++;
      const base = this.opts.baseBackoffMs ?? 1000;
      const cap = this.opts.maxBackoffMs ?? 300_000;
      const delay = Math.min(cap, base * 2 ** Math.min(r.failures - 1, 20)) * (0.5 + Math.random());
      r.backoffUntil = Date.now() + delay;
      this.deps.log?.warn({ peer: peer.name, err: (e as Error).message, retryInMs: Math.round(delay) }, 'federation: sync failed');
      return false;
    }
  }

  /** One sync of a peer (pull then push, as its direction says), under its lease; errors are recorded and rethrown. */
  async syncOnce(name: string): Promise<SyncReport> {
    const peer = await this.deps.store.peers.get({ name });
    if (!peer) throw new Error(`no peer '${name}'`);
    if (peer.passive) return { peer: peer.name, pull: null, push: null, busy: false };
    const r: Running = { timer: null, busy: true, backoffUntil: 0, failures: 0, client: null, clientKey: '', pusher: null, pushes: false, dirty: false };
    try {
      return await this.syncPeer(peer, r);
    } finally {
      await r.client?.close().catch(() => undefined);
    }
  }

  private clientFor(peer: Peer, r: Running): { client: TaxiiClient; pusher: PeerPusher } {
    const k = JSON.stringify([peer.url, peer.apiRoot, peer.caFile, peer.credentials, peer.collections, peer.profile, peer.tlp1, peer.maxTlp, peer.asOrgIds, peer.communityId]);
    if (r.client === null || r.clientKey !== k) {
      void r.client?.close().catch(() => undefined);
      r.client = new TaxiiClient({
        url: peer.url, apiRoot: peer.apiRoot, caFile: peer.caFile, timeoutMs: this.opts.timeoutMs, maxBodyBytes: this.opts.maxBodyBytes,
        credentials: peer.credentials === null ? null : openCredentials(this.deps.config, peer.id, peer.credentials),
      });
      r.clientKey = k;
      r.pusher = new PeerPusher(this.syncDeps(peer.id), peer, r.client, this.opts.push);
    }
    return { client: r.client, pusher: r.pusher! };
  }

  private syncDeps(peerId?: string) {
    const progress = peerId === undefined ? undefined : async () => {
      const now = this.now();
      if (!(await this.deps.store.peers.claim(peerId, this.holder, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString()))) {
        throw new Error('the peer\'s lease was taken over by another process');
      }
    };
    return { store: this.deps.store, defaultTlp: this.deps.config.defaultTlp, now: this.opts.now, progress };
  }

  private async syncPeer(peer: Peer, r: Running): Promise<SyncReport> {
    const { store } = this.deps;
    const at = () => this.now().toISOString();
    const leaseUntil = () => new Date(this.now().getTime() + LEASE_MS).toISOString();
    if (!(await store.peers.claim(peer.id, this.holder, at(), leaseUntil()))) return { peer: peer.name, pull: null, push: null, busy: true };
    try {
      await store.peers.recordAttempt(peer.id, at());
      const { client, pusher } = this.clientFor(peer, r);
      let pull: PullResult | null = null;
      let push: PushResult | null = null;
      if (peer.direction !== 'push') {
        pull = await pullPeer(this.syncDeps(peer.id), peer, client, { pageLimit: this.opts.pageLimit });
        await store.peers.recordSuccess(peer.id, at(), { pulled: pull.pulled, refused: pull.refused }, peer.direction === 'pull' && pull.caughtUp);
        if (pull.firstRefusal) this.deps.log?.warn({ peer: peer.name, refused: pull.refused, first: pull.firstRefusal }, 'federation: pulled objects refused');
        await store.peers.claim(peer.id, this.holder, at(), leaseUntil());
      }
      if (peer.direction !== 'pull') {
        push = await pusher.pass();
        const caughtUp = (pull === null || pull.caughtUp) && push.caughtUp;
        await store.peers.recordSuccess(peer.id, at(), { pushed: push.pushed, refused: push.refused, revocations: push.revocations }, caughtUp);
        if (push.firstRefusal) this.deps.log?.warn({ peer: peer.name, refused: push.refused, first: push.firstRefusal }, 'federation: the peer refused objects');
      }
      return { peer: peer.name, pull, push, busy: false };
    } catch (e) {
      await store.peers.recordFailure(peer.id, at(), (e as Error).message).catch(() => undefined);
      throw e;
    } finally {
      await store.peers.release(peer.id, this.holder).catch(() => undefined);
    }
  }
}

/**
 * Settings of `kyojo serve`'s federation loop: KYOJO_FEDERATION_POLL_MS (1000), KYOJO_FEDERATION_PAGE
 * (objects per pulled page, 1000), KYOJO_FEDERATION_BATCH (objects per POST, 1000),
 * KYOJO_FEDERATION_PUSH_CONCURRENCY (POSTs in flight per peer, 1: raise it for peers whose store
 * is PostgreSQL; on a SQLite peer a second POST can starve its other writers),
 * KYOJO_FEDERATION_TIMEOUT_MS (per request, 30000).
 */
export function federationOptionsFromEnv(env: NodeJS.ProcessEnv): FederationOptions {
  return {
    pollMs: intFrom('KYOJO_FEDERATION_POLL_MS', env.KYOJO_FEDERATION_POLL_MS, 1000, 50, 3_600_000),
    pageLimit: intFrom('KYOJO_FEDERATION_PAGE', env.KYOJO_FEDERATION_PAGE, 1000, 1, 10_000),
    push: {
      batchObjects: intFrom('KYOJO_FEDERATION_BATCH', env.KYOJO_FEDERATION_BATCH, 1000, 1, 1000),
      concurrency: intFrom('KYOJO_FEDERATION_PUSH_CONCURRENCY', env.KYOJO_FEDERATION_PUSH_CONCURRENCY, 1, 1, 8),
    },
    timeoutMs: intFrom('KYOJO_FEDERATION_TIMEOUT_MS', env.KYOJO_FEDERATION_TIMEOUT_MS, 30_000, 100, 600_000),
  };
}
