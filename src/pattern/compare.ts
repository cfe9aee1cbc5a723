/**
 * Comparison expressions (§9.6) compiled to predicates over one root SCO of one observation.
 *
 * §9.5: all comparisons of an observation expression start from the same SCO; object paths
 * walk properties, list indexes (`[n]`, `[*]` = any element) and `_ref` / `_refs` values,
 * which are dereferenced among the objects of the same observation (§9.7.4). A path that
 * reaches nothing makes the comparison false whatever the operator, NOT included (§9.6).
 * With `[*]` a comparison holds when it holds for some element, and NOT negates the whole
 * comparison as §9.6.1 words it: `x[*] NOT = 'a'` means no element equals 'a' (the OASIS
 * matcher instead negates per element: some element differs, which is what `!=` says).
 */
import { type ComparisonExpr, flatten, type ObjectPath, type PathStep } from './ast.js';
import { ipSubset, parseIpBlock } from './ip.js';
import { isRefKey } from './rules.js';
import {
  type CompiledConstant, compareValue, compileConstant, equalsValue, TextMatcher, ValueKind, valueKindOf,
} from './values.js';

export type ScoLike = Record<string, unknown>;

/** The SCOs of one observation, indexed lazily for dereferencing. */
export interface ObservationView {
  objects: Record<string, unknown> | readonly unknown[];
  byKey?: Map<string, ScoLike>;
}

export type ComparisonFn = (root: ScoLike, view: ObservationView) => boolean;
type ValueTest = (v: unknown, kind: ValueKind) => boolean;

const isObject = (v: unknown): v is ScoLike => typeof v === 'object' && v !== null && !Array.isArray(v);

function deref(view: ObservationView, id: string): ScoLike | undefined {
  if (!view.byKey) {
    const map = new Map<string, ScoLike>();
    const add = (key: string | undefined, o: unknown) => {
      if (key !== undefined && isObject(o)) map.set(key, o);
    };
    if (Array.isArray(view.objects)) {
      for (const o of view.objects) add(isObject(o) && typeof o.id === 'string' ? o.id : undefined, o);
    } else {
      // Observed-data `objects` (deprecated in 2.1) refers by dictionary key; 2.1 SCOs by id.
      for (const [k, o] of Object.entries(view.objects)) {
        add(k, o);
        if (isObject(o) && typeof o.id === 'string') add(o.id, o);
      }
    }
    view.byKey = map;
  }
  return view.byKey.get(id);
}

const NONE = 0;
const PRESENT = 1;
const HIT = 2;

/** Walks `steps` from `v`; NONE when nothing is reached, HIT when `test` held for some value. */
function walk(
  v: unknown, steps: readonly PathStep[], i: number, ref: boolean, key: string | undefined,
  owner: string | undefined, view: ObservationView, test: ValueTest,
): number {
  if (i === steps.length) return test(v, valueKindOf(key, owner)) ? HIT : PRESENT;
  const step = steps[i]!;
  if (step.kind === 'key') {
    let o = v;
    if (ref) {
      if (typeof o !== 'string') return NONE;
      o = deref(view, o);
    }
    if (!isObject(o) || !Object.hasOwn(o, step.key)) return NONE;
    const child = o[step.key];
    if (child === null || child === undefined) return NONE;
    return walk(child, steps, i + 1, isRefKey(step.key), step.key, typeof o.type === 'string' ? o.type : undefined, view, test);
  }
  if (!Array.isArray(v)) return NONE;
  if (step.index !== '*') {
    const e: unknown = v[step.index];
    return step.index < 0 || e === null || e === undefined ? NONE : walk(e, steps, i + 1, ref, key, owner, view, test);
  }
  let best = NONE;
  for (const e of v as unknown[]) {
    if (e === null || e === undefined) continue;
    const r = walk(e, steps, i + 1, ref, key, owner, view, test);
    if (r === HIT) return HIT;
    if (r > best) best = r;
  }
  return best;
}

function pathTest(path: ObjectPath, negated: boolean, test: ValueTest): ComparisonFn {
  const { objectType, steps } = path;
  return (root, view) => {
    if (root.type !== objectType) return false;
    const r = walk(root, steps, 0, false, undefined, undefined, view, test);
    if (r === NONE) return false;
    return negated ? r !== HIT : r === HIT;
  };
}

function orderTest(k: CompiledConstant, ok: (r: number) => boolean): ValueTest {
  return (v, kind) => {
    const r = compareValue(v, kind, k);
    return r !== undefined && ok(r);
  };
}

/** `v` equals one of `constants` (IN, or ORed `=` on one path). */
function equalsAny(constants: CompiledConstant[]): ValueTest {
  const any: ValueTest = (v, kind) => constants.some((k) => equalsValue(v, kind, k) === true);
  if (constants.length < 8) return any;
  // Long lists (lists of indicators) get hash lookups for plain strings and plain IPv4 values.
  const strings = new Set(constants.filter((k) => k.c.type === 'string').map((k) => k.c.value as string));
  const v4 = new Set(constants.flatMap((k) => (k.v4 === null ? [] : [k.v4])));
  const others = constants.filter((k) => k.c.type !== 'string');
  return (v, kind) => {
    if (typeof v !== 'string' || (kind !== ValueKind.Plain && kind !== ValueKind.Ip)) return any(v, kind);
    if (kind === ValueKind.Ip && !/^[0-9.]{7,15}$/.test(v)) return any(v, kind);
    // A plain IPv4 value equals exactly the constants that are that single address.
    if (strings.has(v) || (kind === ValueKind.Ip && v4.has(v))) return true;
    return others.length > 0 && others.some((k) => equalsValue(v, kind, k) === true);
  };
}

const pathKey = (p: ObjectPath) => JSON.stringify(p);

/** OR of many `path = constant` on one path becomes one lookup (same meaning: any value equals any constant). */
function compileOr(operands: ComparisonExpr[]): ComparisonFn[] {
  const groups = new Map<string, { path: ObjectPath; constants: CompiledConstant[] }>();
  const fns: ComparisonFn[] = [];
  for (const c of operands) {
    if (c.kind === 'compare' && c.op === '=' && !c.negated) {
      const key = pathKey(c.path);
      const g = groups.get(key) ?? { path: c.path, constants: [] };
      g.constants.push(compileConstant(c.value));
      groups.set(key, g);
    } else fns.push(compileComparison(c));
  }
  for (const g of groups.values()) fns.push(pathTest(g.path, false, equalsAny(g.constants)));
  return fns;
}

/** Compiles a comparison expression to a predicate over a root SCO of an observation. */
export function compileComparison(expr: ComparisonExpr): ComparisonFn {
  switch (expr.kind) {
    case 'and': {
      const fns = flatten(expr, 'and').map(compileComparison);
      return (root, view) => {
        for (const f of fns) if (!f(root, view)) return false;
        return true;
      };
    }
    case 'or': {
      const fns = compileOr(flatten(expr, 'or'));
      return (root, view) => {
        for (const f of fns) if (f(root, view)) return true;
        return false;
      };
    }
    case 'exists':
      return pathTest(expr.path, false, () => true);
    case 'in':
      return pathTest(expr.path, expr.negated, equalsAny(expr.values.map(compileConstant)));
    case 'compare': {
      const k = compileConstant(expr.value);
      let test: ValueTest;
      switch (expr.op) {
        case '=': test = (v, kind) => equalsValue(v, kind, k) === true; break;
        case '!=': test = (v, kind) => equalsValue(v, kind, k) !== true; break;
        case '<': test = orderTest(k, (r) => r < 0); break;
        case '<=': test = orderTest(k, (r) => r <= 0); break;
        case '>': test = orderTest(k, (r) => r > 0); break;
        case '>=': test = orderTest(k, (r) => r >= 0); break;
        case 'LIKE': case 'MATCHES': {
          const m = new TextMatcher(expr.value.value as string, expr.op === 'LIKE');
          test = (v, kind) => m.test(v, kind) === true;
          break;
        }
        case 'ISSUBSET': case 'ISSUPERSET': {
          const block = parseIpBlock(expr.value.value as string);
          const sub = expr.op === 'ISSUBSET';
          test = (v) => {
            const b = typeof v === 'string' && block ? parseIpBlock(v) : undefined;
            return b !== undefined && block !== undefined && (sub ? ipSubset(b, block) : ipSubset(block, b));
          };
          break;
        }
      }
      return pathTest(expr.path, expr.negated, test);
    }
  }
}

/** Object types a comparison expression can match (OR unions, AND intersects). */
export function comparisonTypes(expr: ComparisonExpr): Set<string> {
  if ('path' in expr) return new Set([expr.path.objectType]);
  const sets = flatten(expr, expr.kind).map(comparisonTypes);
  if (expr.kind === 'or') return new Set(sets.flatMap((t) => [...t]));
  return sets.reduce((a, b) => new Set([...a].filter((t) => b.has(t))));
}
