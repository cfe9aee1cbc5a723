/** The per-viewer index cache: reuse, rebuild when a visible indicator arrives, TTL, memory bound; what a build skips. */
import { describe, expect, it } from 'vitest';
import type { SharedQuery, SharedRow, SharedScanOptions, Store, VisibilityPredicate } from '../store/types.js';
import { buildIndex, MatchService } from './service.js';

const pred = (org: string): VisibilityPredicate => ({ seesAll: false, ownOrgId: org, keys: [], clearance: 0, sector: null, acceptedTerms: [], nowUs: Date.now() * 1000 });

function row(n: number, org: string, extra: Record<string, unknown> = {}): SharedRow & { org: string } {
  const obj = { type: 'indicator', id: `indicator--${n}`, pattern: `[ipv4-addr:value = '192.0.2.${n}']`, pattern_type: 'stix', ...extra };
  return {
    id: obj.id, type: 'indicator', specVersion: '2.1', created: null, modified: null, versionKey: '', dateAdded: n, json: JSON.stringify(obj),
    jsonAnonymous: null, attribution: 'public', providerOrgId: org, tlpRank: 1, classificationJson: '{}', org,
  };
}

/** A store holding rows visible to the organization that provided them. */
function fakeStore(rows: (SharedRow & { org: string })[]) {
  const calls = { scans: 0, queries: 0 };
  const visible = (p: VisibilityPredicate) => rows.filter((r) => r.org === p.ownOrgId);
  const store = {
    shared: {
      async *scan(o: SharedScanOptions) {
        calls.scans++;
        yield visible(o.predicate);
      },
      async query(q: SharedQuery) {
        calls.queries++;
        return { rows: visible(q.predicate).filter((r) => r.dateAdded > (q.addedAfter ?? 0)).slice(0, q.limit), more: false };
      },
    },
  } as unknown as Store;
  return { store, calls };
}

describe('MatchService', () => {
  it('reuses an index per predicate and rebuilds it only when an indicator that viewer may see arrives', async () => {
    const rows = [row(1, 'a'), row(2, 'b')];
    const { store, calls } = fakeStore(rows);
    const svc = new MatchService(store);
    expect((await svc.indexFor(pred('a'))).size).toBe(1);
    expect((await svc.indexFor(pred('a'))).size).toBe(1);
    expect(calls.scans).toBe(1);
    rows.push(row(3, 'b')); // invisible to a: no rebuild
    await svc.indexFor(pred('a'));
    expect(calls.scans).toBe(1);
    rows.push(row(4, 'a'));
    expect((await svc.indexFor(pred('a'))).lookup('ipv4-addr', '192.0.2.4')).toHaveLength(1);
    expect(calls.scans).toBe(2);
  });

  it('rebuilds after the TTL and keeps the indexes within their memory bound', async () => {
    let now = 0;
    const { store, calls } = fakeStore([row(1, 'a'), row(2, 'b'), row(3, 'b')]);
    const svc = new MatchService(store, { ttlMs: 1000, clock: () => now, maxEntries: 2 });
    await svc.indexFor(pred('a'));
    now = 1000;
    await svc.indexFor(pred('a'));
    expect(calls.scans).toBe(2);
    await svc.indexFor(pred('b')); // 1 + 2 > 2: a's index goes
    await svc.indexFor(pred('b'));
    expect(calls.scans).toBe(3);
    await svc.indexFor(pred('a'));
    expect(calls.scans).toBe(4);
  });

  it('skips revoked, expired, non-STIX and invalid indicators when building', async () => {
    const { store } = fakeStore([
      row(1, 'a'), row(2, 'a', { revoked: true }), row(3, 'a', { valid_until: '2020-01-01T00:00:00Z' }),
      row(4, 'a', { pattern_type: 'sigma' }), row(5, 'a', { pattern: '[broken' }), row(6, 'a', { valid_until: '2999-01-01T00:00:00Z' }),
    ]);
    const built = await buildIndex(store, pred('a'));
    expect([built.read, built.skipped, built.index.size, built.maxDateAdded]).toEqual([6, 4, 2, 6]);
  });
});
