import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObservationExpr, Qualifier } from './ast.js';
import { formatPattern } from './format.js';
import { matchPattern, type Observation } from './index.js';

/**
 * Differential test: the lazy, pruned evaluator against an eager brute force written
 * straight from the semantics (every binding of every sub-expression, then filters), on
 * small random patterns over small random sets of observations.
 */

interface Seen { name: 'a' | 'b' | 'c'; first: number; last: number; n: number }
interface Brute { obs: number[]; maxFirst: number; minLast: number }

const T0 = Date.UTC(2020, 0, 1);
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

function fits(obs: number[], seen: Seen[]): boolean {
  const counts = new Map<number, number>();
  for (const o of obs) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].every(([o, n]) => n <= seen[o]!.n);
}

function join(a: Brute, b: Brute): Brute {
  return { obs: [...a.obs, ...b.obs], maxFirst: Math.max(a.maxFirst, b.maxFirst), minLast: Math.min(a.minLast, b.minLast) };
}

function brute(e: ObservationExpr, seen: Seen[]): Brute[] {
  switch (e.kind) {
    case 'observation': {
      const name = (e.comparison as { value: { value: string } }).value.value;
      return seen.flatMap((s, i) => (s.name === name ? [{ obs: [i], maxFirst: s.first, minLast: s.last }] : []));
    }
    case 'or': return [...brute(e.left, seen), ...brute(e.right, seen)];
    case 'and': case 'followedby': {
      const ls = brute(e.left, seen);
      const rs = brute(e.right, seen);
      return ls.flatMap((l) => rs.filter((r) => e.kind === 'and' || l.maxFirst <= r.minLast).map((r) => join(l, r)))
        .filter((b) => fits(b.obs, seen));
    }
    case 'qualified': return e.qualifiers.reduce((bs, q) => qualify(bs, q, seen), brute(e.expr, seen));
  }
}

function qualify(bindings: Brute[], q: Qualifier, seen: Seen[]): Brute[] {
  switch (q.kind) {
    case 'within': return bindings.filter((b) => b.obs.length === 1 || b.maxFirst - b.minLast < q.seconds);
    case 'startstop': {
      const [start, stop] = [(Date.parse(q.start) - T0) / 1000, (Date.parse(q.stop) - T0) / 1000];
      return bindings.filter((b) => b.obs.every((o) => seen[o]!.first < stop && seen[o]!.last >= start));
    }
    case 'repeats': {
      let combos: { from: number; b: Brute }[] = bindings.map((b, i) => ({ from: i, b }));
      for (let k = 1; k < q.times; k++) {
        combos = combos.flatMap(({ from, b }) => bindings.slice(from).map((x, j) => ({ from: from + j, b: join(b, x) })))
          .filter(({ b }) => fits(b.obs, seen));
      }
      return combos.map(({ b }) => b);
    }
  }
}

const seenArb: fc.Arbitrary<Seen> = fc.record({
  name: fc.constantFrom('a' as const, 'a' as const, 'b' as const, 'b' as const, 'c' as const),
  first: fc.integer({ min: 0, max: 10 }).map((t) => t * 10),
  duration: fc.constantFrom(0, 0, 5, 30),
  n: fc.constantFrom(1, 1, 2),
}).map(({ name, first, duration, n }) => ({ name, first, last: first + duration, n }));

const qualifierArb: Record<Qualifier['kind'], fc.Arbitrary<Qualifier>> = {
  within: fc.constantFrom(5, 10, 15, 30, 100).map((seconds) => ({ kind: 'within', seconds })),
  repeats: fc.integer({ min: 1, max: 3 }).map((times) => ({ kind: 'repeats', times })),
  startstop: fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 6 }))
    .map(([s, len]) => ({ kind: 'startstop', start: iso(s * 10), stop: iso((s + len) * 10) })),
};

const leafArb = fc.constantFrom('a', 'a', 'b', 'c').map((v): ObservationExpr => ({
  kind: 'observation',
  comparison: { kind: 'compare', path: { objectType: 'domain-name', steps: [{ kind: 'key', key: 'value' }] }, op: '=', negated: false, value: { type: 'string', value: v } },
}));

const patternArb: fc.Arbitrary<ObservationExpr> = fc.letrec<{ e: ObservationExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'medium', maxDepth: 4 },
    { arbitrary: leafArb, weight: 2 },
    { arbitrary: fc.record({ kind: fc.constantFrom('and' as const, 'or' as const, 'followedby' as const), left: tie('e'), right: tie('e') }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('qualified' as const),
        expr: tie('e'),
        qualifiers: fc.shuffledSubarray(['within', 'repeats', 'startstop'] as const, { minLength: 1 })
          .chain((kinds) => fc.tuple(...kinds.map((k) => qualifierArb[k]))),
      }),
      weight: 2,
    },
  ),
})).e;

describe('matchPattern against a brute-force evaluator', () => {
  it('agrees on whether the pattern matches, and returns bindings the brute force also finds (property)', () => {
    fc.assert(fc.property(patternArb, fc.array(seenArb, { minLength: 1, maxLength: 7 }), (ast, seen) => {
      const observations: Observation[] = seen.map((s) => ({
        objects: { 0: { type: 'domain-name', value: s.name } }, first_observed: iso(s.first), last_observed: iso(s.last), number_observed: s.n,
      }));
      const expected = brute(ast, seen);
      const got = matchPattern(ast, observations, { maxBindings: 3, budget: 1e7 });
      expect(got.matched, formatPattern(ast)).toBe(expected.length > 0);
      const known = new Set(expected.map((b) => [...b.obs].sort().join(',')));
      for (const b of got.bindings) expect(known.has(b.map((e) => e.observation).sort().join(','))).toBe(true);
    }), { numRuns: 10000 });
  });
});
