/**
 * Matching observables and observations against an index: which observed value (or which
 * observation, for patterns left to the evaluator) hit which indicator, and how.
 */
import type { IndexHit, MatchIndex, MatchKind } from './indicator-index.js';
import { lookupsOfSco, observationOf, type Observable, type ObservationInput } from './observables.js';

export interface Hit<T> {
  /** the observed value that matched; null for a pattern the evaluator matched over an observation */
  observable: Observable | null;
  /** position of the observation in the input (observations), or of the observable (observables) */
  at: number;
  entry: T;
  match: MatchKind;
  term: string;
}

function push<T>(out: Hit<T>[], hits: IndexHit<T>[], observable: Observable | null, at: number): void {
  for (const h of hits) out.push({ observable, at, entry: h.entry, match: h.match, term: h.term });
}

/**
 * Each observable on its own: direct lookups, then, where complex patterns mention its type, the
 * evaluator over the observable as a one-object observation.
 */
export function matchObservables<T>(index: MatchIndex<T>, items: readonly Observable[], nowUs = Date.now() * 1000): Hit<T>[] {
  const out: Hit<T>[] = [];
  items.forEach((o, at) => {
    const direct = index.lookup(o.type, o.value, nowUs);
    push(out, direct, o, at);
    if (index.hasPatternsFor([o.type])) {
      push(out, index.evaluate([observationOf([o])], [o.type], nowUs, direct).slice(direct.length), o, at);
    }
  });
  return out;
}

/**
 * Observations (observed-data, or SCOs sent together): every SCO's direct lookups, then complex
 * patterns over each observation, and over all of them together (a pattern may join
 * observations with AND or FOLLOWEDBY).
 */
export function matchObservations<T>(index: MatchIndex<T>, inputs: readonly ObservationInput[], nowUs = Date.now() * 1000): Hit<T>[] {
  const out: Hit<T>[] = [];
  const allTypes = new Set<string>();
  const seenByPattern = new Set<number>();
  inputs.forEach((input, at) => {
    const types = new Set<string>();
    for (const [, sco] of input.scos) {
      if (typeof sco.type === 'string') types.add(sco.type);
      for (const o of lookupsOfSco(sco)) push(out, index.lookup(o.type, o.value, nowUs), o, at);
    }
    types.forEach((t) => allTypes.add(t));
    if (index.hasPatternsFor(types)) {
      for (const h of index.evaluate([input.observation], types, nowUs)) {
        seenByPattern.add(h.index);
        out.push({ observable: null, at, entry: h.entry, match: h.match, term: h.term });
      }
    }
  });
  if (inputs.length > 1 && index.hasPatternsFor(allTypes)) {
    for (const h of index.evaluate(inputs.map((i) => i.observation), allTypes, nowUs)) {
      if (!seenByPattern.has(h.index)) out.push({ observable: null, at: -1, entry: h.entry, match: h.match, term: h.term });
    }
  }
  return out;
}
