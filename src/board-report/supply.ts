/**
 * The supply-chain status in the board report comes from the supplier-assessment service
 * (src/supply/summary.ts): counts over what the suppliers share with this buyer only. When that
 * service fails (or is not deployed) the report says "not available" rather than guessing.
 */
import { supplyChainSummary, type SupplyChainSummary } from '../supply/summary.js';
import type { Store } from '../store/types.js';

export type SupplySummary = SupplyChainSummary;

export async function supplySummaryFor(store: Store, orgId: string, now: Date): Promise<SupplySummary | null> {
  try {
    return await supplyChainSummary(store, orgId, now);
  } catch {
    return null;
  }
}
