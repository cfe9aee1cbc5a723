/**
 * The sector average for the radar: the latest submitted assessment (of the same questionnaire
 * version) of each organization of the sector, the caller's own included, averaged only where
 * at least five organizations stand behind it (statistics.ts, the policy's rule).
 */
import { getQuestionnaire } from '../assess/index.js';
import type { Store } from '../store/types.js';
import { resultOf } from './assessments.js';
import { figureOf, MINIMUM } from './statistics.js';
import { notFound } from './errors.js';

export interface Benchmark {
  questionnaire: { id: string; version: number };
  sector: string;
  minimum: number;
  organizations: number;
  shown: boolean;
  average: { score: number | null; byCategory: { category: string; score: number | null }[] } | null;
  own: { score: number; byCategory: { category: string; score: number }[] } | null;
}

export async function sectorBenchmark(store: Store, org: { id: string; sector: string }, questionnaireId = 'management-maturity'): Promise<Benchmark> {
  const q = getQuestionnaire(questionnaireId);
  if (!q) throw notFound(`No questionnaire ${questionnaireId.slice(0, 80)}.`);
  const [latest, orgs] = await Promise.all([store.posture.latestSubmitted(q.id, q.version), store.identity.listOrganizations()]);
  const inSector = new Set(orgs.filter((o) => o.sector === org.sector).map((o) => o.id));
  const sector = latest.filter((a) => inSector.has(a.orgId));
  const fig = figureOf(org.sector, sector.map(resultOf), q.categories.map((c) => c.id));
  const mine = sector.find((a) => a.orgId === org.id);
  const ownResult = mine ? resultOf(mine) : null;
  return {
    questionnaire: { id: q.id, version: q.version }, sector: org.sector, minimum: MINIMUM, organizations: fig.organizations, shown: fig.shown,
    average: fig.shown ? { score: fig.score, byCategory: fig.byCategory! } : null,
    own: ownResult ? { score: ownResult.score, byCategory: ownResult.byCategory.map((c) => ({ category: c.category, score: c.score })) } : null,
  };
}
