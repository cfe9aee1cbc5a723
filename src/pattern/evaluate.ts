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
import { flatten, leftSpine, type ObservationExpr, type PatternAst } from './ast.js';
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
  /**
   * Each binding lists its observations in pattern order (left to right, repetitions in
   * turn). They are the first ones found, not all: OR bindings come from the left operand
   * first, and REPEATS yields combinations, not their permutations.
   */
  bindings: BindingEntry[][];
}

type Node =
  | { kind: 'leaf'; test: ComparisonFn; types: Set<string> }
  | { kind: 'or'; items: Node[] }
  | { kind: 'and' | 'followedby'; left: Node; right: Node }
  | { kind: 'qualified'; expr: Node; qualifiers: Q[] };
type Q = { kind: 'within'; micros: number } | { kind: 'repeats'; times: number } | { kind: 'startstop'; start: number; stop: number };

interface Obs { keys: string[]; scos: ScoLike[]; view: ObservationView; first: number; last: number; cap: number }
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
    case 'or': return { kind: 'or', items: flatten(e, 'or').map(compile) };
    default: {
      // Iterate the left spine: chains of ORed or ANDed observations can be long.
      const [first, ...rest] = leftSpine(e, e.kind);
      let node = compile(first!);
      for (const r of rest) node = { kind: e.kind, left: node, right: compile(r) };
      return node;
    }
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
  const t = typeof v === 'string' ? parseTimestampMicros(v) : undefined;
  if (t !== undefined) return t;
  if (!isStixTimestamp(v)) throw new TypeError(`observation ${i}: ${field} is not a STIX timestamp`);
  return instant(v);
}

const isSco = (s: unknown): s is ScoLike => typeof s === 'object' && s !== null && !Array.isArray(s);

function normalize(observations: readonly Observation[]): Obs[] {
  const out: Obs[] = new Array<Obs>(observations.length);
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    if (typeof o !== 'object' || o === null || typeof o.objects !== 'object' || o.objects === null) {
      throw new TypeError(`observation ${i}: objects must be a dictionary or a list of SCOs`);
    }
    const cap = o.number_observed ?? 1;
    if (!Number.isSafeInteger(cap) || cap < 1) throw new TypeError(`observation ${i}: number_observed must be a positive integer`);
    const first = timeOf(o, 'first_observed', i);
    const last = timeOf(o, 'last_observed', i);
    if (first > last) throw new TypeError(`observation ${i}: last_observed is before first_observed`);
    const keys: string[] = [];
    const scos: ScoLike[] = [];
    if (Array.isArray(o.objects)) {
      for (let k = 0; k < o.objects.length; k++) {
        const s: unknown = o.objects[k];
        if (isSco(s)) { keys.push(typeof s.id === 'string' ? s.id : String(k)); scos.push(s); }
      }
    } else {
      const objects = o.objects as Record<string, unknown>;
      for (const k of Object.keys(objects)) {
        const s = objects[k];
        if (isSco(s)) { keys.push(k); scos.push(s); }
      }
    }
    out[i] = { keys, scos, view: { objects: o.objects }, first, last, cap };
  }
  return out;
}

function tick(st: State, cost = 1): void {
  st.steps += cost;
  if (st.steps > st.budget) throw new PatternEvaluationLimitError(st.budget);
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
  tick(st, a.entries.length + b.entries.length);
  const maxFirst = Math.max(a.maxFirst, b.maxFirst);
  const minLast = Math.min(a.minLast, b.minLast);
  if (ctx.window !== Infinity && !(maxFirst - minLast < ctx.window)) return null;
  if (!fits(a.entries, b.entries, st.obs)) return null;
  return { entries: a.entries.concat(b.entries), maxFirst, minLast };
}

function* leaf(node: Extract<Node, { kind: 'leaf' }>, ctx: Ctx, st: State): Generator<Binding> {
  const { types, test } = node;
  const { intervals } = ctx;
  next: for (let i = 0; i < st.obs.length; i++) {
    const o = st.obs[i]!;
    for (const [start, stop] of intervals) if (!(o.first < stop && o.last >= start)) continue next;
    let objects: string[] | undefined;
    for (let k = 0; k < o.scos.length; k++) {
      const sco = o.scos[k]!;
      if (typeof sco.type === 'string' && types.has(sco.type) && test(sco, o.view)) (objects ??= []).push(o.keys[k]!);
    }
    if (objects) yield { entries: [{ observation: i, objects }], maxFirst: o.first, minLast: o.last };
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

/**
 * REPEATS n: combinations (with repetition, up to number_observed) of n operand bindings,
 * found by an iterative depth-first search so that large counts do not deepen the stack.
 */
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
  const cap = (o: number) => st.obs[o]!.cap;
  let capacity = 0;
  for (const o of new Set(items.flatMap((b) => b.entries.map((e) => e.observation)))) capacity += cap(o);
  if (items.length === 0 || Math.floor(capacity / Math.min(...items.map((b) => b.entries.length))) < times) return;
  const windowed = ctx.window !== Infinity;
  if (windowed) {
    // Sorted by maxFirst, a binding too late for the window ends the scan at that depth.
    items = items.filter((b) => !Number.isNaN(b.maxFirst - b.minLast)).sort((a, b) => a.maxFirst - b.maxFirst);
  }
  const single = items.every((b) => b.entries.length === 1);
  const used = new Map<number, number>();
  const chosen: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  const fitsItem = (item: Binding): boolean => item.entries.every((e) =>
    (used.get(e.observation) ?? 0) + item.entries.filter((x) => x.observation === e.observation).length <= cap(e.observation));
  const push = (i: number): void => {
    const item = items[i]!;
    const d = chosen.length;
    chosen.push(i);
    for (const e of item.entries) used.set(e.observation, (used.get(e.observation) ?? 0) + 1);
    firsts.push(d ? Math.max(firsts[d - 1]!, item.maxFirst) : item.maxFirst);
    lasts.push(d ? Math.min(lasts[d - 1]!, item.minLast) : item.minLast);
  };
  const pop = (): number => {
    const i = chosen.pop()!;
    for (const e of items[i]!.entries) used.set(e.observation, used.get(e.observation)! - 1);
    firsts.pop();
    lasts.pop();
    return i;
  };
  // Single-observation operands: prune when the candidates left cannot hold the picks still needed.
  const room = (from: number, needed: number): boolean => {
    let free = 0;
    const d = chosen.length;
    for (let k = from; k < items.length && free < needed; k++) {
      tick(st);
      const item = items[k]!;
      if (windowed && d > 0 && !(item.maxFirst - lasts[d - 1]! < ctx.window)) break;
      const o = item.entries[0]!.observation;
      free += cap(o) - (used.get(o) ?? 0);
    }
    return free >= needed;
  };
  let next = 0;
  for (;;) {
    const d = chosen.length;
    let advanced = false;
    // Without a window, capacity alone decides (checked above); at depth 0 too.
    if (!single || !windowed || d === 0 || room(next, times - d)) {
      for (; next < items.length; next++) {
        tick(st);
        const item = items[next]!;
        if (d > 0) {
          if (windowed && !(Math.max(firsts[d - 1]!, item.maxFirst) - Math.min(lasts[d - 1]!, item.minLast) < ctx.window)) {
            if (!(item.maxFirst - lasts[d - 1]! < ctx.window)) break;
            continue;
          }
          if (!fitsItem(item)) continue;
        }
        push(next);
        advanced = true;
        break;
      }
    }
    if (advanced) {
      if (chosen.length === times) {
        yield { entries: chosen.flatMap((i) => items[i]!.entries), maxFirst: firsts[times - 1]!, minLast: lasts[times - 1]! };
        next = pop() + 1;
      } // else: `next` stays on the pushed index, which may repeat up to its count
      continue;
    }
    if (chosen.length === 0) return;
    next = pop() + 1;
  }
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
    case 'or': return (function* () { for (const item of node.items) yield* run(item, ctx, st); })();
    case 'and': return join(run(node.left, ctx, st), run(node.right, ctx, st), (l, r) => merge(l, r, ctx, st));
    case 'followedby':
      return join(run(node.left, ctx, st), run(node.right, ctx, st), (l, r) => (l.maxFirst <= r.minLast ? merge(l, r, ctx, st) : null));
  }
}

/** Matches a parsed pattern against observations; bindings index into `observations`. The AST is compiled once and cached by identity, so do not mutate it afterwards. */
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
