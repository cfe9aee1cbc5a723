/**
 * Levels of the supply-chain questionnaire: which confirmation each needs, and the level an
 * assessment reached. Level 3 is self-assessed and confirmed by an expert (a third-party
 * evaluation confirms it too); level 4 needs a third-party evaluation. A level is reached when
 * the engine says it is met (its required questions answered, its score at least its pass
 * percentage), it is not above the level answered at, and its confirmation is recorded.
 */
import { scoreAnswers, type Answers, type Questionnaire } from '../assess/index.js';

export type ConfirmationKind = 'expert' | 'third-party';

/** The confirmation kinds that satisfy a level. */
export function confirmationsFor(level: string): readonly ConfirmationKind[] {
  return level === 'level-3' ? ['expert', 'third-party'] : ['third-party'];
}

export function levelReached(q: Questionnaire, a: { level: string; answers: Answers; confirmation: { kind?: unknown } | null }): string | null {
  const order = (q.levels ?? []).map((l) => l.id);
  const upTo = order.indexOf(a.level);
  const kind = a.confirmation?.kind;
  if (upTo < 0 || typeof kind !== 'string') return null;
  // the engine judges every level over the answers given (a level-4 assessment holds the level-3 answers too)
  const met = new Set((scoreAnswers(q, a.answers).level ?? []).filter((l) => l.met).map((l) => l.id));
  let reached: string | null = null;
  for (const id of order.slice(0, upTo + 1)) {
    if (met.has(id) && confirmationsFor(id).includes(kind as ConfirmationKind)) reached = id;
  }
  return reached;
}
