/**
 * Report statistics (issue 7): counts by type, sector and month. Operators and desk staff see
 * every figure; everyone else only figures that at least MIN_ORGANIZATIONS distinct
 * organizations stand behind (the hub's aggregate rule, DESIGN.md), with the number left out.
 * Periods (`from`, `to`) are for them only: a member comparing two periods a day apart would
 * learn a count that fewer organizations stand behind; a member's figures cover every report.
 */
import { MIN_ORGANIZATIONS } from '../match/system.js';
import { seesAllDeskStatistics, type DeskCaller } from '../policy/desk-access.js';
import type { DeskCount } from '../store/desk-types.js';
import type { Store } from '../store/types.js';
import { forbidden, invalid } from './errors.js';

export interface DeskStatistics {
  scope: 'all' | 'k-anonymous';
  min_organizations: number;
  by_type: { key: string; reports: number }[];
  by_sector: { key: string; reports: number }[];
  by_month: { key: string; reports: number }[];
  suppressed: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function day(v: unknown, property: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw invalid('The range is invalid.', [{ property, message: 'must be a date YYYY-MM-DD' }]);
  }
  return `${v}T00:00:00.000Z`;
}

/** `to` is inclusive (the whole day). */
export async function statistics(store: Store, c: DeskCaller, q: { from?: unknown; to?: unknown }): Promise<DeskStatistics> {
  const from = day(q.from, 'from');
  const toDay = day(q.to, 'to');
  const to = toDay === undefined ? undefined : new Date(Date.parse(toDay) + 86_400_000).toISOString();
  const all = seesAllDeskStatistics(c);
  if (!all && (from !== undefined || toDay !== undefined)) {
    throw forbidden('Periods are for desk staff: a member\'s figures cover every report, so that two periods cannot be subtracted.');
  }
  let suppressed = 0;
  const shown = (rows: DeskCount[]) => rows.filter((r) => {
    if (all || r.organizations >= MIN_ORGANIZATIONS) return true;
    suppressed++;
    return false;
  }).map((r) => ({ key: r.key, reports: r.reports }));
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const [byType, bySector, byMonth] = await Promise.all([
    store.desk.countReports('type', range), store.desk.countReports('sector', range), store.desk.countReports('month', range),
  ]);
  return {
    scope: all ? 'all' : 'k-anonymous', min_organizations: MIN_ORGANIZATIONS,
    by_type: shown(byType), by_sector: shown(bySector), by_month: shown(byMonth), suppressed,
  };
}
