/**
 * The stream's fan-out decides exactly as the store: for generated versions (every TLP, audience
 * kind, clearance, sectors, terms, embargo, attribution, identities, relationships and sightings
 * with hidden endpoints, channels with and without `stream`) and a range of viewers, what each
 * client is handed for a batch equals `shared.query` for that batch through the viewer's
 * predicate. SQLite, and PostgreSQL when reachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { predicateFor } from '../policy/predicate.js';
import type { UserViewer } from '../policy/viewer.js';
import { key } from '../store/contract-fixtures.js';
import { sver } from '../store/contract-shared.js';
import { openStore } from '../store/open.js';
import { freshPostgresUrl } from '../store/postgres/test-db.js';
import type { SharedRow, SharedVersionInput, Store, StoredEnvelope } from '../store/types.js';
import { SYSTEM_PREDICATE } from './feed.js';
import { factsOf, visibleOf } from './stream-facts.js';
import { StreamHub, streamAllowed, type StreamSink } from './stream-hub.js';
import type { Feed } from './types.js';

const log = pino({ level: 'silent' });
const NOW_US = Date.now() * 1000;
const YEAR_US = 365 * 24 * 3600 * 1_000_000;
const future = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
const past = new Date(Date.now() - 24 * 3600 * 1000).toISOString();

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}

const AUDIENCE = ['public', 'c:fin', 'c:energy', 'o:o-acme', 'o:o-bank', 'o:o-power', 'u:u-bank1', 'u:u-acme1'];
const ORGS = ['o-acme', 'o-bank', 'o-power'];

function envelope(r: ReturnType<typeof rng>): Partial<StoredEnvelope> {
  const channels = r.chance(0.2) ? ['portal', 'email'] : r.chance(0.5) ? ['portal', 'email', 'api', 'stream'] : undefined;
  return {
    tlpRank: r.pick([0, 1, 2, 3, 4]),
    audienceKeys: AUDIENCE.filter(() => r.chance(0.3)),
    minClearance: r.pick([0, 0, 0, 1, 2, 3] as const),
    embargoUntilUs: r.chance(0.15) ? NOW_US + YEAR_US : r.chance(0.1) ? NOW_US - YEAR_US : null,
    attribution: r.pick(['public', 'public', 'operators', 'none'] as const),
    providerOrgId: r.pick(ORGS),
    sectors: r.chance(0.2) ? [r.pick(['finance', 'energy'])] : [],
    terms: r.chance(0.15) ? ['t1'] : [],
    classificationJson: JSON.stringify(channels ? { purpose: [], channels } : { purpose: [] }),
  };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The object's JSON with its endpoints as refs, as ingest stores them (endpointRefs of the same object). */
function withRefs(v: SharedVersionInput, type: string, endpoints: string[]): SharedVersionInput {
  if (endpoints.length === 0) return v;
  const o = JSON.parse(v.json) as Record<string, unknown>;
  if (type === 'relationship') Object.assign(o, { relationship_type: 'related-to', source_ref: endpoints[0], target_ref: endpoints[1] ?? endpoints[0] });
  else Object.assign(o, { sighting_of_ref: endpoints[0], where_sighted_refs: endpoints.slice(1) });
  return { ...v, json: JSON.stringify(o), endpoints: [...new Set(endpoints)] };
}

/**
 * Versions of every kind; relationships and sightings point at earlier objects (identities under
 * hidden attribution, objects with several versions, relationships), at objects the hub does not
 * hold, and the JSON carries the refs.
 */
function versions(seed: number, n: number): SharedVersionInput[] {
  const r = rng(seed);
  const out: SharedVersionInput[] = [];
  const held: string[] = [];
  const missing = (k: number) => `malware--${uuid(900_000 + k)}`;
  for (let i = 1; i <= n; i++) {
    const type = r.pick(['indicator', 'indicator', 'malware', 'identity', 'identity', 'relationship', 'sighting']);
    const id = `${type}--${uuid(seed * 1000 + i)}`;
    const target = () => (held.length === 0 || r.chance(0.15) ? missing(i) : r.pick(held));
    const endpoints = type === 'relationship' || type === 'sighting' ? [target(), target()] : [];
    const version = (k: string) => withRefs(sver(id, k, { env: envelope(r), endpoints, jsonAnonymous: r.chance(0.5) ? '{"anonymous":true}' : null }), type, endpoints);
    out.push(version(key(1 + (i % 50))));
    if (r.chance(0.3)) out.push(version(key(51 + (i % 8))));
    held.push(id);
  }
  return out;
}

function viewer(over: Partial<UserViewer>): UserViewer {
  return {
    kind: 'user', userId: 'u-x', orgId: 'o-x', role: 'analyst', communityIds: new Set(), orgSector: 'finance',
    clearance: null, orgApprovedUntil: null, acceptedTerms: new Set(), ...over,
  };
}

const VIEWERS: Record<string, UserViewer> = {
  bankCleared: viewer({ userId: 'u-bank1', orgId: 'o-bank', communityIds: new Set(['fin']), clearance: { level: 2, validUntil: future }, orgApprovedUntil: future, acceptedTerms: new Set(['t1']) }),
  bankPlain: viewer({ userId: 'u-bank2', orgId: 'o-bank', communityIds: new Set(['fin']) }),
  bankExpired: viewer({ userId: 'u-bank3', orgId: 'o-bank', communityIds: new Set(['fin']), clearance: { level: 3, validUntil: past }, orgApprovedUntil: future }),
  acme: viewer({ userId: 'u-acme1', orgId: 'o-acme', communityIds: new Set(['fin']), clearance: { level: 3, validUntil: future }, orgApprovedUntil: future }),
  power: viewer({ userId: 'u-power1', orgId: 'o-power', communityIds: new Set(['energy']), orgSector: 'energy', acceptedTerms: new Set(['t1']) }),
  operator: viewer({ userId: 'u-op', orgId: 'o-hub', role: 'operator', orgSector: 'other' }),
  outsider: viewer({ userId: 'u-out', orgId: 'o-out', orgSector: 'other' }),
};

const noFeed: Feed = { cursor: 0, onRows: () => () => {}, wake: () => {}, start: () => {}, stop: async () => {} };

async function withStore(backend: 'sqlite' | 'postgres', fn: (s: Store) => Promise<void>, skip: (reason: string) => void): Promise<void> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kyojo-stream-hub-'));
    const store = await openStore({ dataDir: dir });
    try {
      await fn(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const db = await freshPostgresUrl();
  if ('skip' in db) return skip(db.skip);
  const store = await openStore({ databaseUrl: db.url });
  try {
    await fn(store);
  } finally {
    await store.close();
    await db.drop();
  }
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`stream fan-out (${backend})`, () => {
    it('hands each client exactly what shared.query shows it, batch by batch', async (t) => {
      await withStore(backend, async (store) => {
        for (const seed of [1, 2, 3]) await store.shared.add(versions(seed, 60));
        const hub = new StreamHub(store, log, noFeed);
        const got = new Map<string, SharedRow[]>();
        for (const [name, v] of Object.entries(VIEWERS)) {
          const sink: StreamSink = { viewer: v, deliver: (rows) => got.set(name, [...(got.get(name) ?? []), ...rows]), fail: () => { throw new Error(`${name} failed`); } };
          hub.add(sink);
        }
        // the feed's batches: everything the system predicate shows, in pages
        const batches: SharedRow[][] = [];
        let after: number | undefined;
        while (true) {
          const page = await store.shared.query({ scope: { kind: 'all' }, predicate: SYSTEM_PREDICATE, versions: { all: true }, limit: 37, ...(after ? { addedAfter: after } : {}) });
          if (page.rows.length > 0) batches.push(page.rows);
          if (!page.more) break;
          after = page.rows.at(-1)!.dateAdded;
        }
        expect(batches.flat().length).toBeGreaterThan(150);
        for (const b of batches) await hub.onBatch(b);
        // both ways of deciding ran: relationships and sightings in memory, and by the store
        const read = await factsOf(store, batches.flat().filter(streamAllowed));
        expect(read.facts.filter((f) => f.endpoints.length > 0).length).toBeGreaterThan(5);
        expect(read.undecided.length).toBeGreaterThan(0);
        let delivered = 0;
        for (const [name, v] of Object.entries(VIEWERS)) {
          const expected: number[] = [];
          for (const b of batches) expected.push(...(await visibleOf(store, predicateFor(v, new Date()), b.filter(streamAllowed))).map((r) => r.dateAdded));
          const actual = (got.get(name) ?? []).map((r) => r.dateAdded);
          expect(actual, name).toEqual(expected);
          delivered += actual.length;
        }
        // the generated data reaches some and not others
        expect(delivered).toBeGreaterThan(0);
        expect(got.get('outsider')?.length ?? 0).toBeLessThan(got.get('operator')?.length ?? 0);
        hub.close();
      }, (reason) => t.skip(reason));
    });
  });
}
