/** Small formatting helpers of the posture pages (pure; unit-tested). */

/** Today as YYYY-MM-DD in UTC (dates the hub compares in UTC). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Who may see a shared assessment, in plain words: `all` when "all my customers" is on,
 * else the names chosen; `none` when nothing is shared (revoked).
 */
export function shareScope(allCustomers: boolean, organizations: readonly { name: string }[]): { kind: 'all' } | { kind: 'some'; names: string[] } | { kind: 'none' } {
  if (allCustomers) return { kind: 'all' };
  if (organizations.length === 0) return { kind: 'none' };
  return { kind: 'some', names: organizations.map((o) => o.name) };
}
