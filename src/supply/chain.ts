/**
 * The buyer's view of its supply chain: one row per request it has not withdrawn, with what the
 * supplier shares with it (through the consent rule, src/policy/supply-access.ts), as a table
 * and as map data (suppliers grouped by tier, relationship and status), plus the counts the
 * board report shows (summary.ts).
 */
import type { SupplyAssessment, SupplyRequest } from '../store/supply-types.js';
import type { Store } from '../store/types.js';
import { isExpired, requestState, supplierFacts } from './facts.js';
import { orgRefs, requestJson, type OrgRef } from './json.js';

export const EXPIRING_SOON_DAYS = 60;

export type RowStatus = 'invited' | 'pending' | 'shared' | 'expired' | 'declined';

export interface ChainRow {
  request: SupplyRequest;
  /** the supplier's newest submitted assessment this buyer may see */
  assessment: SupplyAssessment | undefined;
  status: RowStatus;
  overdue: boolean;
  fulfilled: boolean;
  expiringSoon: boolean;
  gaps: number;
}

const gapsOf = (a: SupplyAssessment): number => (Array.isArray(a.result?.gaps) ? (a.result.gaps as unknown[]).length : 0);

export async function chainRows(store: Store, buyerOrgId: string, now: Date): Promise<ChainRow[]> {
  const requests = (await store.supply.listRequestsByBuyer(buyerOrgId)).filter((r) => r.status !== 'withdrawn');
  const facts = await supplierFacts(store, requests.flatMap((r) => (r.supplierOrgId ? [r.supplierOrgId] : [])));
  const soon = new Date(now.getTime() + EXPIRING_SOON_DAYS * 86_400_000).toISOString();
  return requests.map((request) => {
    const { visible, fulfilled, overdue } = requestState(request, facts, now);
    const expired = visible !== undefined && isExpired(visible, now);
    const status: RowStatus = request.status === 'declined' ? 'declined'
      : visible ? (expired ? 'expired' : 'shared')
        : request.supplierOrgId === null ? 'invited' : 'pending';
    return {
      request, assessment: visible, status, overdue, fulfilled,
      expiringSoon: visible !== undefined && !expired && visible.expiresAt !== null && visible.expiresAt <= soon,
      gaps: visible ? gapsOf(visible) : 0,
    };
  });
}

function assessmentBrief(row: ChainRow) {
  const a = row.assessment;
  if (!a) return null;
  const result = a.result ?? {};
  return {
    id: a.id, level: a.level, level_reached: a.levelReached,
    score: typeof result.score === 'number' ? result.score : null,
    band: result.band ?? null,
    submitted_at: a.submittedAt, expires_at: a.expiresAt, expired: row.status === 'expired', expiring_soon: row.expiringSoon, gaps: row.gaps,
  };
}

export async function chainTable(store: Store, buyerOrgId: string, now: Date) {
  const rows = await chainRows(store, buyerOrgId, now);
  const orgs = await orgRefs(store, [buyerOrgId, ...rows.map((r) => r.request.supplierOrgId)]);
  return {
    rows: rows.map((row) => ({ request: requestJson(row.request, orgs, row), assessment: assessmentBrief(row), status: row.status })),
    summary: summarize(rows),
  };
}

export async function chainMap(store: Store, buyerOrgId: string, now: Date) {
  const rows = await chainRows(store, buyerOrgId, now);
  const orgs = await orgRefs(store, [buyerOrgId, ...rows.map((r) => r.request.supplierOrgId)]);
  const name = (r: SupplyRequest, refs: Map<string, OrgRef>) => (r.supplierOrgId && refs.get(r.supplierOrgId)?.name) || r.supplierEmail;
  const tiers = new Map<number, Map<string, { relationship: string | null; status: RowStatus; suppliers: unknown[] }>>();
  const sorted = [...rows].sort((x, y) => x.request.tier - y.request.tier
    || (x.request.relationship ?? '').localeCompare(y.request.relationship ?? '')
    || x.status.localeCompare(y.status)
    || name(x.request, orgs).localeCompare(name(y.request, orgs)));
  for (const row of sorted) {
    const r = row.request;
    const groups = tiers.get(r.tier) ?? new Map();
    tiers.set(r.tier, groups);
    const key = JSON.stringify([r.relationship, row.status]);
    const group = groups.get(key) ?? { relationship: r.relationship, status: row.status, suppliers: [] };
    groups.set(key, group);
    group.suppliers.push({
      request_id: r.id, name: name(r, orgs), level_requested: r.level, level_reached: row.assessment?.levelReached ?? null, overdue: row.overdue,
    });
  }
  return {
    buyer: orgs.get(buyerOrgId) ?? null,
    tiers: [...tiers.entries()].map(([tier, groups]) => ({ tier, groups: [...groups.values()] })),
  };
}

export interface SupplyChainSummary {
  suppliers: number;
  by_level_reached: Record<string, number>;
  shared: number;
  pending: number;
  declined: number;
  expiring_soon: number;
  expired: number;
  with_gaps: number;
  overdue: number;
}

export function summarize(rows: ChainRow[]): SupplyChainSummary {
  const byLevel: Record<string, number> = { 'level-4': 0, 'level-3': 0, none: 0 };
  for (const row of rows) {
    const level = row.status === 'shared' ? (row.assessment?.levelReached ?? 'none') : 'none';
    byLevel[level] = (byLevel[level] ?? 0) + 1;
  }
  const count = (f: (r: ChainRow) => boolean) => rows.filter(f).length;
  return {
    suppliers: rows.length,
    by_level_reached: byLevel,
    shared: count((r) => r.status === 'shared'),
    pending: count((r) => r.status === 'pending' || r.status === 'invited'),
    declined: count((r) => r.status === 'declined'),
    expiring_soon: count((r) => r.expiringSoon),
    expired: count((r) => r.status === 'expired'),
    with_gaps: count((r) => r.status === 'shared' && r.gaps > 0),
    overdue: count((r) => r.overdue),
  };
}
