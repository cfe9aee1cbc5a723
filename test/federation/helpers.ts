/**
 * Federation test helpers: seeded hubs (test/support/hub.ts) linked as peers both ways, as an
 * operator would configure them, publication through POST /api/v1/shares, and full snapshots of
 * what a hub stores.
 *
 * A link X→Y (data flows from X to Y) is two peer records:
 * - push: on Y, passive peer `x` (direction pull; Y accepts X's POSTs) with an account for X; on
 *   X, active peer `y` (direction push) to Y's fin-isac collection with that account's token;
 * - pull: on X, passive peer `y` (direction push; X serves Y's reads) with an account for Y; on
 *   Y, active peer `x` (direction pull) of X's hub-wide collection with that account's token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { FederationService, type FederationOptions } from '../../src/federation/service.js';
import { addPeer } from '../../src/federation/peers.js';
import { HUB_COLLECTION } from '../../src/taxii/access.js';
import type { SharedRow, Store, VisibilityPredicate } from '../../src/store/types.js';
import { startTestHub, type Backend, type TestHub } from '../support/hub.js';

export interface Hub {
  name: string;
  hub: TestHub;
  store: Store;
  service: FederationService;
  /** active peers of this hub, by name */
  active: string[];
  close(): Promise<void>;
}

export async function startNamedHub(name: string, backend: Backend = 'sqlite', opts: FederationOptions = {}): Promise<Hub | { skip: string }> {
  const started = await startTestHub({ backend, config: { secretKey: randomBytes(32) } });
  if ('skip' in started) return started;
  const service = new FederationService({ store: started.ctx.store, config: started.ctx.config }, { pollMs: 100, baseBackoffMs: 50, maxBackoffMs: 500, ...opts });
  return {
    name, hub: started, store: started.ctx.store, service, active: [],
    async close() {
      await service.stop();
      await started.close();
    },
  };
}

/** An account of a peer on `at` (analyst of the peer's organization) and its token secret. */
export async function peerAccount(at: Hub, peerName: string): Promise<string> {
  const email = `${peerName}-${randomUUID().slice(0, 8)}@peers.example`;
  await at.hub.ctx.identity.addUser({ email, org: `peer-${peerName}`, role: 'analyst' });
  return (await at.hub.ctx.identity.addToken(email, 'federation')).secret;
}

export interface LinkOptions {
  how: 'push' | 'pull';
  maxTlp?: 'clear' | 'green' | 'amber';
  /** slugs of organizations on the sending hub the receiving hub stands for */
  asOrgs?: string[];
  profile?: 'kyojo' | 'standard';
  tlp1?: boolean;
}

export async function link(from: Hub, to: Hub, o: LinkOptions): Promise<void> {
  const common = { community: 'fin-isac', maxTlp: o.maxTlp ?? 'amber', profile: o.profile, tlp1: o.tlp1 };
  if (o.how === 'push') {
    await addPeer(to.store, to.hub.ctx.config, { ...common, name: from.name, direction: 'pull', passive: true });
    const token = await peerAccount(to, from.name);
    await addPeer(from.store, from.hub.ctx.config, {
      ...common, name: to.name, direction: 'push', url: to.hub.url, apiRoot: '/taxii2/fin-isac/', collections: [to.hub.collections.finIsac],
      credentials: token, asOrgs: o.asOrgs,
    });
    from.active.push(to.name);
  } else {
    await addPeer(from.store, from.hub.ctx.config, { ...common, name: to.name, direction: 'push', passive: true, asOrgs: o.asOrgs });
    const token = await peerAccount(from, to.name);
    await addPeer(to.store, to.hub.ctx.config, {
      ...common, name: from.name, direction: 'pull', url: from.hub.url, apiRoot: '/taxii2/hub/', collections: [HUB_COLLECTION.id], credentials: token,
    });
    to.active.push(from.name);
  }
}

/** Syncs every active peer of every hub, round after round, until a round moves nothing. */
export async function syncUntilQuiet(hubs: Hub[], maxRounds = 20): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    let moved = 0;
    for (const h of hubs) {
      for (const p of h.active) {
        const r = await h.service.syncOnce(p);
        moved += (r.pull?.pulled ?? 0) + (r.push?.pushed ?? 0) + (r.push?.revocations ?? 0);
        if ((r.pull && !r.pull.caughtUp) || (r.push && !r.push.caughtUp)) moved++;
      }
    }
    if (moved === 0) return round;
  }
  throw new Error(`still moving after ${maxRounds} rounds`);
}

const EVERYTHING: VisibilityPredicate = { seesAll: true, ownOrgId: null, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Number.MAX_SAFE_INTEGER };

/** Every version the hub stores (identities under attribution none included through their provider), in date_added order. */
export async function allRows(store: Store): Promise<SharedRow[]> {
  const rows: SharedRow[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await store.shared.query({ scope: { kind: 'all' }, predicate: EVERYTHING, addedAfter: after, versions: { all: true }, limit: 1000 });
    rows.push(...page.rows);
    if (!page.more) return rows;
    after = page.rows[page.rows.length - 1]!.dateAdded;
  }
}

/** `id@versionKey` of every stored version. */
export async function snapshot(h: Hub): Promise<Set<string>> {
  return new Set((await allRows(h.store)).map((r) => `${r.id}@${r.versionKey}`));
}

export interface Published { id: string; versionKey: string; label: string }

/** Shares objects at a hub through POST /api/v1/shares as acme's analyst; every object must be stored. */
export async function share(h: Hub, envelope: Record<string, unknown>, objects: Record<string, unknown>[], as: 'acmeAnalyst' | 'bankAnalyst' = 'acmeAnalyst'): Promise<void> {
  const res = await fetch(`${h.hub.url}/api/v1/shares`, {
    method: 'POST',
    headers: { authorization: h.hub.auth(as), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ envelope, objects }),
  });
  const body = await res.json() as { stored?: unknown[]; refused?: unknown[] };
  if (res.status !== 200 && res.status !== 201) throw new Error(`share at ${h.name}: ${res.status} ${JSON.stringify(body)}`);
  if ((body.refused ?? []).length > 0) throw new Error(`share at ${h.name}: refused ${JSON.stringify(body.refused)}`);
}

let counter = 0;
/** A valid indicator with a fresh id, marked with the TLP 2.0 marking of `tlp` (none for 'none'). */
export type Stix = Record<string, unknown> & { id: string; modified: string };

export function indicator(label: string, opts: { modified?: string; id?: string; revoked?: boolean; createdBy?: string } = {}): Stix {
  counter++;
  const created = '2026-03-01T00:00:00.000Z';
  return {
    type: 'indicator', spec_version: '2.1', id: opts.id ?? `indicator--${randomUUID()}`, created, modified: opts.modified ?? created,
    name: `${label} #${counter}`, pattern: `[ipv4-addr:value = '203.0.113.${counter % 250}']`, pattern_type: 'stix', valid_from: created,
    indicator_types: ['malicious-activity'], ...(opts.revoked ? { revoked: true } : {}), ...(opts.createdBy ? { created_by_ref: opts.createdBy } : {}),
  };
}

export const versionKeyOf = (ts: string): string => `${ts.slice(0, 19)}.${(ts.slice(20, -1) + '000000000').slice(0, 9)}Z`;
