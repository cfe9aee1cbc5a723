/**
 * The shipped questionnaires. The JSON files are imported (not read from disk) so that tsc
 * copies them into dist with the code and the loader works the same from src and dist.
 * Each is validated once, at module load: a broken data file fails the hub's start, loudly.
 */
import managementMaturityV1 from './questionnaires/management-maturity.v1.json' with { type: 'json' };
import smeSelfCheckV1 from './questionnaires/sme-self-check.v1.json' with { type: 'json' };
import supplyChainV1 from './questionnaires/supply-chain.v1.json' with { type: 'json' };
import { parseQuestionnaire } from './questionnaire-schema.js';
import type { Questionnaire, Text } from './types.js';

const ALL: Questionnaire[] = [
  parseQuestionnaire(smeSelfCheckV1, 'sme-self-check.v1.json'),
  parseQuestionnaire(managementMaturityV1, 'management-maturity.v1.json'),
  parseQuestionnaire(supplyChainV1, 'supply-chain.v1.json'),
];

/** The latest version of each questionnaire. */
export function listQuestionnaires(): { id: string; version: number; kind: Questionnaire['kind']; title: Text }[] {
  const latest = new Map<string, Questionnaire>();
  for (const q of ALL) if ((latest.get(q.id)?.version ?? 0) < q.version) latest.set(q.id, q);
  return [...latest.values()].map((q) => ({ id: q.id, version: q.version, kind: q.kind, title: q.title }));
}

/** A questionnaire by id: the given version, or the latest when version is omitted. */
export function getQuestionnaire(id: string, version?: number): Questionnaire | undefined {
  let best: Questionnaire | undefined;
  for (const q of ALL) {
    if (q.id !== id) continue;
    if (version !== undefined) { if (q.version === version) return q; continue; }
    if (!best || q.version > best.version) best = q;
  }
  return best;
}
