/**
 * Matching a pattern against observations (§9.4, §9.5): finds bindings, i.e. which
 * observations satisfy which observation expressions, lazily, so the first binding is found
 * without enumerating all of them.
 *
 * Semantics (shared with the OASIS cti-pattern-matcher unless noted):
 * - an observed-data with number_observed = n counts as n observations with its
 *   [first_observed, last_observed] interval; the exact instants are unknown, so temporal
 *   rules hold when some choice of instants inside the intervals satisfies them;
 * - AND / FOLLOWEDBY need different observations, OR yields the left operand's bindings
 *   before the right one's (the short-circuit of §9.5);
 * - FOLLOWEDBY: latest first_observed on the left <= earliest last_observed on the right;
 * - WITHIN x: max(first_observed) - min(last_observed) < x over the binding (the spec's
 *   "MUST NOT be equal to or later than"; the OASIS matcher also accepts = x);
 * - START / STOP: every observation may lie in [start, stop): first < stop, last >= start;
 * - REPEATS n: n bindings of the operand with distinct observations (combinations).
 * Observations without timestamps never satisfy a temporal constraint.
 * START/STOP and WITHIN are pushed down to prune early; a step budget bounds the rest.
 */
import { isStixTimestamp, parseTimestampMicros } from '../stix/timestamps.js';
import type { ObservationExpr, PatternAst } from './ast.js';
import { type ComparisonFn, compileComparison, comparisonTypes, type ObservationView, type ScoLike } from './compare.js';
import { PatternEvaluationLimitError } from './errors.js';

/** One observation: the shape of an observed-data SDO (`objects` as dictionary or list). */
export interface Observation {
  objects: Record<string, unknown> | readonly unknown[];
  first_observed?: string;
  last_observed?: string;
  number_observed?: number;
}

export interface MatchOptions {
  /** Stop after this many bindings (default 1: enough to know that the pattern matched). */
  maxBindings?: number;
  /** Combination steps allowed before PatternEvaluationLimitError (default 1,000,000). */
  budget?: number;
}

/** One observation used by a binding, and the keys (or ids) of the SCOs that matched in it. */
export interface BindingEntry {
  observation: number;
  objects: string[];
}

export interface MatchResult {
  matched: boolean;
  /** Each binding lists its observations in pattern order (left to right, repetitions in turn). */
  bindings: BindingEntry[][];
}

type Node =
  | { kind: 'leaf'; test: ComparisonFn; types: Set<string> }
  | { kind: 'and' | 'or' | 'followedby'; left: Node; right: Node }
  | { kind: 'qualified'; expr: Node; qualifiers: Q[] };
type Q = { kind: 'within'; micros: number } | { kind: 'repeats'; times: number } | { kind: 'startstop'; start: number; stop: number };

interface Obs { roots: [string, ScoLike][]; view: ObservationView; first: number; last: number; cap: number }
interface Binding { entries: BindingEntry[]; maxFirst: number; minLast: number }
interface Ctx { intervals: readonly (readonly [number, number])[]; window: number }
interface State { obs: Obs[]; steps: number; budget: number }

/** Microseconds since the epoch; ±Infinity beyond the safe range (years before 1685 or after 2255). */
function instant(ts: string): number {
  return parseTimestampMicros(ts) ?? (ts < '1970' ? -Infinity : Infinity);
}

const compiled = new WeakMap<object, Node>();

function compile(e: ObservationExpr): Node {
  switch (e.kind) {
    case 'observation': return { kind: 'leaf', test: compileComparison(e.comparison), types: comparisonTypes(e.comparison) };
    case 'qualified': return {
      kind: 'qualified',
      expr: compile(e.expr),
      qualifiers: e.qualifiers.map((q): Q => (q.kind === 'within' ? { kind: 'within', micros: q.seconds * 1e6 }
        : q.kind === 'repeats' ? q : { kind: 'startstop', start: instant(q.start), stop: instant(q.stop) })),
    };
    default: return { kind: e.kind, left: compile(e.left), right: compile(e.right) };
  }
}

function compiledPattern(ast: PatternAst): Node {
  let node = compiled.get(ast);
  if (!node) {
    node = compile(ast);
    compiled.set(ast, node);
  }
  return node;
}

function timeOf(o: Observation, field: 'first_observed' | 'last_observed', i: number): number {
  const v = o[field];
  if (v === undefined) return NaN;
  if (!isStixTimestamp(v)) throw new TypeError(`observation ${i}: ${field} is not a STIX timestamp`);
  return instant(v);
}

function normalize(observations: readonly Observation[]): Obs[] {
  return observations.map((o, i) => {
    if (typeof o !== 'object' || o === null || typeof o.objects !== 'object' || o.objects === null) {
      throw new TypeError(`observation ${i}: objects must be a dictionary or a list of SCOs`);
    }
    const cap = o.number_observed ?? 1;
    if (!Number.isSafeInteger(cap) || cap < 1) throw new TypeError(`observation ${i}: number_observed must be a positive integer`);
    const first = timeOf(o, 'first_observed', i);
    const last = timeOf(o, 'last_observed', i);
    if (first > last) throw new TypeError(`observation ${i}: last_observed is before first_observed`);
    const roots: [string, ScoLike][] = [];
    const isSco = (s: unknown): s is ScoLike => typeof s === 'object' && s !== null && !Array.isArray(s);
    if (Array.isArray(o.objects)) {
      o.objects.forEach((s: unknown, k) => {
        if (isSco(s)) roots.push([typeof s.id === 'string' ? s.id : String(k), s]);
      });
    } else {
      for (const [k, s] of Object.entries(o.objects)) if (isSco(s)) roots.push([k, s]);
    }
    return { roots, view: { objects: o.objects }, first, last, cap };
  });
}

function tick(st: State): void {
  if (++st.steps > st.budget) throw new PatternEvaluationLimitError(st.budget);
}

/** Each observation used at most number_observed times in one binding. */
function fits(a: readonly BindingEntry[], b: readonly BindingEntry[], obs: readonly Obs[]): boolean {
  for (const e of b) {
    let n = 0;
    for (const x of a) if (x.observation === e.observation) n++;
    if (n === 0) continue;
    for (const x of b) if (x.observation === e.observation) n++;
    if (n > obs[e.observation]!.cap) return false;
  }
  return true;
}

function merge(a: Binding, b: Binding, ctx: Ctx, st: State): Binding | null {
  tick(st);
  const maxFirst = Math.max(a.maxFirst, b.maxFirst);
  const minLast = Math.min(a.minLast, b.minLast);
  if (ctx.window !== Infinity && !(maxFirst - minLast < ctx.window)) return null;
  if (!fits(a.entries, b.entries, st.obs)) return null;
  return { entries: a.entries.concat(b.entries), maxFirst, minLast };
}

function* leaf(node: Extract<Node, { kind: 'leaf' }>, ctx: Ctx, st: State): Generator<Binding> {
  for (let i = 0; i < st.obs.length; i++) {
    const o = st.obs[i]!;
    if (!ctx.intervals.every(([start, stop]) => o.first < stop && o.last >= start)) continue;
    const objects: string[] = [];
    for (const [key, sco] of o.roots) {
      if (typeof sco.type === 'string' && node.types.has(sco.type) && node.test(sco, o.view)) objects.push(key);
    }
    if (objects.length) yield { entries: [{ observation: i, objects }], maxFirst: o.first, minLast: o.last };
  }
}

/** Symmetric lazy join: each new binding on one side meets all bindings seen on the other. */
function* join(left: Iterator<Binding>, right: Iterator<Binding>, accept: (l: Binding, r: Binding) => Binding | null): Generator<Binding> {
  const ls: Binding[] = [];
  const rs: Binding[] = [];
  let lDone = false;
  let rDone = false;
  while (!lDone || !rDone) {
    if (!lDone) {
      const n = left.next();
      if (n.done) lDone = true;
      else {
        for (const r of rs) { const m = accept(n.value, r); if (m) yield m; }
        ls.push(n.value);
      }
    }
    if (!rDone) {
      const n = right.next();
      if (n.done) rDone = true;
      else {
        for (const l of ls) { const m = accept(l, n.value); if (m) yield m; }
        rs.push(n.value);
      }
    }
    if ((lDone && ls.length === 0) || (rDone && rs.length === 0)) return;
  }
}

function* repeats(src: Iterable<Binding>, times: number, ctx: Ctx, st: State): Generator<Binding> {
  if (times === 1) { yield* src; return; }
  const seen = new Set<string>();
  let items: Binding[] = [];
  for (const b of src) {
    tick(st);
    const key = b.entries.map((e) => e.observation).join(',');
    if (!seen.has(key)) { seen.add(key); items.push(b); }
  }
  // Upper bound on disjoint picks: capacity of the observations involved / smallest binding.
  const used = new Set(items.flatMap((b) => b.entries.map((e) => e.observation)));
  let capacity = 0;
  for (const i of used) capacity += st.obs[i]!.cap;
  const smallest = Math.min(...items.map((b) => b.entries.length));
  if (items.length === 0 || Math.floor(capacity / smallest) < times) return;
  const windowed = ctx.window !== Infinity;
  if (windowed) {
    // Sorted by maxFirst, a binding too late for the window ends the scan at that depth.
    items = items.filter((b) => !Number.isNaN(b.maxFirst - b.minLast)).sort((a, b) => a.maxFirst - b.maxFirst);
  }
  function* pick(from: number, depth: number, acc: Binding): Generator<Binding> {
    if (depth === times) { yield acc; return; }
    for (let i = from; i < items.length; i++) {
      const item = items[i]!;
      if (windowed && !(item.maxFirst - acc.minLast < ctx.window)) break;
      const m = merge(acc, item, ctx, st);
      if (m) yield* pick(i, depth + 1, m); // same index again: one observation may repeat up to its count
    }
  }
  for (let i = 0; i < items.length; i++) yield* pick(i, 1, items[i]!);
}

function* qualified(node: Extract<Node, { kind: 'qualified' }>, k: number, ctx: Ctx, st: State): Generator<Binding> {
  if (k < 0) { yield* run(node.expr, ctx, st); return; }
  const q = node.qualifiers[k]!;
  if (q.kind === 'startstop') {
    yield* qualified(node, k - 1, { ...ctx, intervals: [...ctx.intervals, [q.start, q.stop]] }, st);
  } else if (q.kind === 'repeats') {
    yield* repeats(qualified(node, k - 1, ctx, st), q.times, ctx, st);
  } else {
    for (const b of qualified(node, k - 1, { ...ctx, window: Math.min(ctx.window, q.micros) }, st)) {
      if (b.entries.length === 1 || b.maxFirst - b.minLast < q.micros) yield b;
    }
  }
}

function run(node: Node, ctx: Ctx, st: State): Generator<Binding> {
  switch (node.kind) {
    case 'leaf': return leaf(node, ctx, st);
    case 'qualified': return qualified(node, node.qualifiers.length - 1, ctx, st);
    case 'or': return (function* () { yield* run(node.left, ctx, st); yield* run(node.right, ctx, st); })();
    case 'and': return join(run(node.left, ctx, st), run(node.right, ctx, st), (l, r) => merge(l, r, ctx, st));
    case 'followedby':
      return join(run(node.left, ctx, st), run(node.right, ctx, st), (l, r) => (l.maxFirst <= r.minLast ? merge(l, r, ctx, st) : null));
  }
}

/** Matches a parsed pattern against observations; bindings index into `observations`. */
export function matchPattern(ast: PatternAst, observations: readonly Observation[], options: MatchOptions = {}): MatchResult {
  const max = options.maxBindings ?? 1;
  const st: State = { obs: normalize(observations), steps: 0, budget: options.budget ?? 1_000_000 };
  const bindings: BindingEntry[][] = [];
  if (max > 0) {
    for (const b of run(compiledPattern(ast), { intervals: [], window: Infinity }, st)) {
      bindings.push(b.entries);
      if (bindings.length >= max) break;
    }
  }
  return { matched: bindings.length > 0, bindings };
}
