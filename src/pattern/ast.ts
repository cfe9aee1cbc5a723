/**
 * Typed AST of a STIX 2.1 pattern (spec §9).
 *
 * Plain JSON data on purpose (no positions, no class instances, no byte arrays) so that an
 * AST can be stored, compared with deep equality and printed back with formatPattern.
 * The evaluator compiles it to its own faster form.
 */

/** A constant of §9.2. Hex is kept as lower-case hex digits, binary as base64 (line feeds removed). */
export type Constant =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'hex'; value: string }
  | { type: 'binary'; value: string }
  | { type: 'timestamp'; value: string };

export type ConstantType = Constant['type'];

/** One step after `type:` — a property / dictionary key, or a list index (`*` = any element). */
export type PathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number | '*' };

/** `<object-type>:<property_name>...`; the first step is always a key step. */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

/** Operators that take one constant on the right. */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export interface CompareTest {
  kind: 'compare';
  path: ObjectPath;
  op: CompareOp;
  /** `NOT` written before the operator: the whole comparison is negated (§9.6.1). */
  negated: boolean;
  value: Constant;
}

export interface InTest {
  kind: 'in';
  path: ObjectPath;
  negated: boolean;
  values: Constant[];
}

export interface ExistsTest {
  kind: 'exists';
  path: ObjectPath;
}

/** Boolean operators inside one observation expression; AND binds tighter than OR. */
export interface ComparisonBool {
  kind: 'and' | 'or';
  left: ComparisonExpr;
  right: ComparisonExpr;
}

export type ComparisonExpr = CompareTest | InTest | ExistsTest | ComparisonBool;

export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'startstop'; start: string; stop: string };

/** `[ comparison ]` — matches a single observation. */
export interface ObservationLeaf {
  kind: 'observation';
  comparison: ComparisonExpr;
}

/** Observation operators; precedence AND > OR > FOLLOWEDBY, all left-associative (§9.5.3). */
export interface ObservationOp {
  kind: 'and' | 'or' | 'followedby';
  left: ObservationExpr;
  right: ObservationExpr;
}

/**
 * An observation expression followed by qualifiers, applied in order. Parentheses are
 * structural: `([a] WITHIN 5 SECONDS) WITHIN 9 SECONDS` nests two qualified nodes, while
 * one node never carries two qualifiers of the same kind (§9.5.1).
 */
export interface QualifiedObservation {
  kind: 'qualified';
  expr: ObservationExpr;
  qualifiers: Qualifier[];
}

export type ObservationExpr = ObservationLeaf | ObservationOp | QualifiedObservation;

/** A whole pattern is an observation expression (the "pattern expression" of §9.4). */
export type PatternAst = ObservationExpr;

type Binary<K extends string> = { kind: K; left: unknown; right: unknown };

/**
 * Operands of a chain of one binary operator, left to right, without recursion: patterns
 * from feeds can OR thousands of values, deeper than the call stack allows.
 */
export function flatten<N extends { kind: string }>(node: N, kind: string): N[] {
  const out: N[] = [];
  const stack: N[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === kind) {
      const b = n as unknown as Binary<string>;
      stack.push(b.right as N, b.left as N);
    } else out.push(n);
  }
  return out;
}

/** The left spine of a left-associative chain: `((a OR b) OR c)` gives [a, b, c]; right operands stay whole. */
export function leftSpine<N extends { kind: string }>(node: N, kind: string): N[] {
  const rights: N[] = [];
  let n = node;
  while (n.kind === kind) {
    const b = n as unknown as Binary<string>;
    rights.push(b.right as N);
    n = b.left as N;
  }
  return [n, ...rights.reverse()];
}
