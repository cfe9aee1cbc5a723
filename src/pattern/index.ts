/** Public surface of the STIX 2.1 patterning engine (spec §9). */
import { PatternSyntaxError } from './errors.js';
import type { PatternAst } from './ast.js';
import { parsePattern } from './parse.js';

export type {
  ComparisonBool, ComparisonExpr, CompareOp, CompareTest, Constant, ConstantType, ExistsTest, InTest, ObjectPath,
  ObservationExpr, ObservationLeaf, ObservationOp, PathStep, PatternAst, QualifiedObservation, Qualifier,
} from './ast.js';
export { PatternEvaluationLimitError, PatternSyntaxError } from './errors.js';
export { parsePattern } from './parse.js';
export { formatPattern } from './format.js';
export { matchPattern } from './evaluate.js';
export type { BindingEntry, MatchOptions, MatchResult, Observation } from './evaluate.js';
export { simpleTerms } from './simple.js';
export type { SimpleTerm, SimpleType } from './simple.js';
export { ipEqual, ipSubset, parseIpBlock } from './ip.js';
export type { IpBlock } from './ip.js';

export interface PatternError {
  /** `at <position>: ...`, ready to show to the publisher of the pattern. */
  message: string;
  /** 0-based UTF-16 offset of the problem in the pattern text. */
  position: number;
  /** What was expected there, in words. */
  expected: string;
  /** What was found there. */
  found: string;
}

export type PatternValidation = { ok: true; ast: PatternAst } | { ok: false; error: PatternError };

/** Parses without throwing: the AST, or the first problem with its position. */
export function validatePattern(text: string): PatternValidation {
  if (typeof text !== 'string') {
    return { ok: false, error: { message: 'at 0: expected a pattern string', position: 0, expected: 'a pattern string', found: typeof text } };
  }
  try {
    return { ok: true, ast: parsePattern(text) };
  } catch (e) {
    if (!(e instanceof PatternSyntaxError)) throw e;
    return { ok: false, error: { message: e.message, position: e.position, expected: e.expected, found: e.found } };
  }
}
