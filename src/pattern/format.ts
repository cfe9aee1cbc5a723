/**
 * Prints a pattern AST back as STIX 2.1 pattern text, with only the parentheses that the
 * precedence rules need, so that parsePattern(formatPattern(ast)) deep-equals ast.
 */
import { type ComparisonExpr, type Constant, leftSpine, type ObjectPath, type ObservationExpr, type PatternAst, type Qualifier } from './ast.js';
import { KEYWORDS } from './lexer.js';

/** Decimal notation without exponent, always with a fraction (the grammar has no `1e5`). */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s.includes('.') ? s : `${s}.0`;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function formatNumber(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : formatFloat(v);
}

export function formatString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function formatConstant(c: Constant): string {
  switch (c.type) {
    case 'string': return formatString(c.value);
    case 'int': return String(c.value);
    case 'float': return formatFloat(c.value);
    case 'bool': return c.value ? 'true' : 'false';
    case 'hex': return `h'${c.value}'`;
    case 'binary': return `b'${c.value}'`;
    case 'timestamp': return `t'${c.value}'`;
  }
}

function formatKey(key: string): string {
  const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !KEYWORDS.has(key) && key !== 'true' && key !== 'false';
  return bare ? key : formatString(key);
}

export function formatPath(path: ObjectPath): string {
  let out = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.kind === 'index') out += `[${step.index}]`;
    else out += (i === 0 ? '' : '.') + formatKey(step.key);
  });
  return out;
}

const COMPARISON_PRECEDENCE = { or: 1, and: 2 } as const;

export function formatComparison(c: ComparisonExpr, minPrecedence = 0): string {
  switch (c.kind) {
    case 'compare': return `${formatPath(c.path)} ${c.negated ? 'NOT ' : ''}${c.op} ${formatConstant(c.value)}`;
    case 'in': return `${formatPath(c.path)} ${c.negated ? 'NOT ' : ''}IN (${c.values.map(formatConstant).join(', ')})`;
    case 'exists': return `EXISTS ${formatPath(c.path)}`;
    default: {
      const p = COMPARISON_PRECEDENCE[c.kind];
      // Left-associative: a right operand of the same precedence needs parentheses.
      const [first, ...rest] = leftSpine(c, c.kind);
      const text = [formatComparison(first!, p), ...rest.map((r) => formatComparison(r, p + 1))].join(` ${c.kind.toUpperCase()} `);
      return p < minPrecedence ? `(${text})` : text;
    }
  }
}

function formatQualifier(q: Qualifier): string {
  switch (q.kind) {
    case 'within': return `WITHIN ${formatNumber(q.seconds)} SECONDS`;
    case 'repeats': return `REPEATS ${q.times} TIMES`;
    case 'startstop': return `START t'${q.start}' STOP t'${q.stop}'`;
  }
}

const OBSERVATION_PRECEDENCE = { followedby: 1, or: 2, and: 3 } as const;

function formatObservation(e: ObservationExpr, minPrecedence: number): string {
  switch (e.kind) {
    case 'observation': return `[${formatComparison(e.comparison)}]`;
    case 'qualified': {
      const inner = e.expr.kind === 'observation' ? formatObservation(e.expr, 0) : `(${formatObservation(e.expr, 0)})`;
      return `${inner} ${e.qualifiers.map(formatQualifier).join(' ')}`;
    }
    default: {
      const p = OBSERVATION_PRECEDENCE[e.kind];
      const [first, ...rest] = leftSpine(e, e.kind);
      const text = [formatObservation(first!, p), ...rest.map((r) => formatObservation(r, p + 1))].join(` ${e.kind.toUpperCase()} `);
      return p < minPrecedence ? `(${text})` : text;
    }
  }
}

/** The pattern as text; parsing the result gives back an equal AST. */
export function formatPattern(ast: PatternAst): string {
  return formatObservation(ast, 0);
}
