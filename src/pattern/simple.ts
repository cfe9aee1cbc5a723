/**
 * The "simple" shape of a pattern, for a fast lookup index: one observation expression made
 * only of ORed equality comparisons (or IN lists) on the values that indicators mostly carry.
 * Anything else returns null and is left to the full evaluator.
 */
import { type ComparisonExpr, flatten, type ObjectPath, type PatternAst } from './ast.js';

export type SimpleType = 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'email-addr' | 'file';

/**
 * `file:hashes.'SHA-256' = 'ab..'` is { type: 'file', path: 'hashes.SHA-256', value: 'ab..' }.
 * Values are as written in the pattern: IP values may be CIDR blocks and hashes keep their
 * case; the evaluator compares IPs as address blocks (so '1.2.3.4' = '1.2.3.4/32') and
 * strings case-sensitively, and an index built on these terms must do the same to agree.
 */
export interface SimpleTerm {
  type: SimpleType;
  path: 'value' | `hashes.${string}`;
  value: string;
}

const VALUE_TYPES: ReadonlySet<string> = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr']);

function term(path: ObjectPath, value: string): SimpleTerm | null {
  const [first, second, ...rest] = path.steps;
  if (first?.kind !== 'key' || rest.length > 0) return null;
  if (VALUE_TYPES.has(path.objectType) && first.key === 'value' && second === undefined) {
    return { type: path.objectType as SimpleType, path: 'value', value };
  }
  if (path.objectType === 'file' && first.key === 'hashes' && second?.kind === 'key') {
    return { type: 'file', path: `hashes.${second.key}`, value };
  }
  return null;
}

/** The (type, path, value) triples of a simple pattern, or null when it is not simple. */
export function simpleTerms(ast: PatternAst): SimpleTerm[] | null {
  if (ast.kind !== 'observation') return null;
  const out: SimpleTerm[] = [];
  const seen = new Set<string>();
  const add = (path: ObjectPath, value: string): boolean => {
    const t = term(path, value);
    if (!t) return false;
    const key = `${t.type}\u0000${t.path}\u0000${t.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
    return true;
  };
  const visit = (c: ComparisonExpr): boolean => {
    switch (c.kind) {
      case 'compare': return c.op === '=' && !c.negated && c.value.type === 'string' && add(c.path, c.value.value);
      case 'in': return !c.negated && c.values.length > 0
        && c.values.every((v) => v.type === 'string' && add(c.path, v.value));
      default: return false;
    }
  };
  return flatten(ast.comparison, 'or').every(visit) ? out : null;
}
