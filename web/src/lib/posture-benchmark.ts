/** The sector benchmark → the radar's reference series, honestly withheld below the minimum. */
import type { Benchmark } from '../api/posture-types';

export interface Reference {
  byCategory: Record<string, number> | null;
  /** how many organizations of the sector have a submitted assessment (the hub gives the count either way) */
  organizations: number;
  minimum: number;
  label: string;
}

/**
 * The sector average by category when the hub shows it (at least `minimum` organizations);
 * otherwise `byCategory` is null and the caller says why (no figure is made up or interpolated).
 */
export function benchmarkReference(b: Benchmark, label: string): Reference {
  const base = { organizations: b.organizations, minimum: b.minimum, label };
  if (!b.shown || !b.average || b.organizations < b.minimum) return { ...base, byCategory: null };
  return { ...base, byCategory: Object.fromEntries(b.average.byCategory.map((c) => [c.category, c.score])) };
}
