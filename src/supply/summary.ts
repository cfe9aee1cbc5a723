/**
 * The supply-chain status of a buyer organization, for its board report (src/board-report):
 * how many suppliers it asked, by the level they reached (in assessments they share with it),
 * expiring soon, expired, with gaps, overdue. Built from the same rows as the buyer's table, so
 * it never counts what the suppliers do not share with the buyer.
 */
import type { Store } from '../store/types.js';
import { chainRows, summarize, type SupplyChainSummary } from './chain.js';

export type { SupplyChainSummary } from './chain.js';

export async function supplyChainSummary(store: Store, buyerOrgId: string, now: Date = new Date()): Promise<SupplyChainSummary> {
  return summarize(await chainRows(store, buyerOrgId, now));
}
