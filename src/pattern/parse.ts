/**
 * Recursive-descent parser for STIX 2.1 patterns (§9, OASIS STIXPattern.g4 for 2.1), with
 * the semantic rules of rules.ts. Precedence, lowest first: FOLLOWEDBY, OR, AND between
 * observation expressions; qualifiers bind to the observation expression right before them
 * (§9.5.2: `[b] FOLLOWEDBY [c] REPEATS 5 TIMES` repeats only c); OR, AND between
 * comparisons. All binary operators are left-associative.
 */
import { versionKey } from '../stix/timestamps.js';
import type {
  ComparisonExpr, CompareOp, Constant, ObjectPath, ObservationExpr, PathStep, PatternAst, Qualifier,
} from './ast.js';
import { PatternSyntaxError, quoteFound } from './errors.js';
import { KEYWORDS, Lexer, type Token } from './lexer.js';
import { checkHashConstant, checkIpOperands, checkRegex, checkSetMember, intersectTypes } from './rules.js';

export const EXPECTED = {
  observation: "'[' to start an observation expression, or '('",
  afterObservation: 'AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern',
  afterObservationNested: "AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or ')'",
  comparison: "an object path (like file:name), '(' or EXISTS",
  afterComparison: "AND, OR or ']'",
  afterComparisonNested: "AND, OR or ')'",
  operator: 'a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
  operatorAfterNot: 'a comparison operator after NOT (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
  constant: "a constant ('string', integer, float, true, false, h'hex', b'base64' or t'timestamp')",
  orderable: "a constant that can be ordered ('string', integer, float, h'hex', b'base64' or t'timestamp')",
  string: "a string constant ('...')",
  objectType: 'an object type (like file or ipv4-addr)',
  property: "a property name (like name, or 'quoted-name')",
  index: 'a list index (an integer or *)',
} as const;

const MAX_DEPTH = 100;
/** Each AND / FOLLOWEDBY between observation expressions nests one join in the evaluator. */
const MAX_JOINS = 1000;
type Orderable = 'any' | 'orderable' | 'string';
interface Typed { node: ComparisonExpr; types: Set<string> }

/** Parses a STIX 2.1 pattern; throws PatternSyntaxError with the position of the first problem. */
export function parsePattern(text: string): PatternAst {
  if (typeof text !== 'string') throw new TypeError('a pattern must be a string');
  return new Parser(text).pattern();
}

class Parser {
  private readonly lx: Lexer;
  private depth = 0;
  private joins = 0;

  constructor(src: string) {
    this.lx = new Lexer(src);
  }

  pattern(): PatternAst {
    const expr = this.followedBy();
    const t = this.lx.peek();
    if (t.kind !== 'eof') this.unexpected(t, EXPECTED.afterObservation);
    return expr;
  }

  private unexpected(t: Token, expected: string): never {
    let found = t.kind === 'eof' ? 'the end of the pattern' : quoteFound(t.text);
    const upper = t.text.toUpperCase();
    if (t.kind === 'ident' && KEYWORDS.has(upper)) found += ` (keywords are upper case: ${upper})`;
    else if (t.kind === 'ident' && (upper === 'TRUE' || upper === 'FALSE')) found += ` (booleans are lower case: ${t.text.toLowerCase()})`;
    else if (t.kind === 'keyword' && t.str === 'NOT' && expected === EXPECTED.comparison) {
      found += " (NOT goes right before the operator, as in file:name NOT = 'x')";
    }
    throw new PatternSyntaxError(t.start, expected, found);
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'keyword' && t.str === word;
  }

  private expect(kind: Token['kind'], expected: string): Token {
    const t = this.lx.next();
    if (t.kind !== kind) this.unexpected(t, expected);
    return t;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw new PatternSyntaxError(t.start, `at most ${MAX_DEPTH} nested parentheses`, quoteFound(t.text), `nesting is deeper than ${MAX_DEPTH} parentheses`);
    }
  }

  private join(t: Token): void {
    if (++this.joins > MAX_JOINS) {
      throw new PatternSyntaxError(t.start, `at most ${MAX_JOINS} AND / FOLLOWEDBY operators between observation expressions`, quoteFound(t.text),
        `more than ${MAX_JOINS} AND / FOLLOWEDBY operators between observation expressions; the evaluator does not take patterns this large`);
    }
  }

  private followedBy(): ObservationExpr {
    let left = this.observationOr();
    while (this.isKeyword(this.lx.peek(), 'FOLLOWEDBY')) {
      this.join(this.lx.next());
      left = { kind: 'followedby', left, right: this.observationOr() };
    }
    return left;
  }

  private observationOr(): ObservationExpr {
    let left = this.observationAnd();
    while (this.isKeyword(this.lx.peek(), 'OR')) {
      this.lx.next();
      left = { kind: 'or', left, right: this.observationAnd() };
    }
    return left;
  }

  private observationAnd(): ObservationExpr {
    let left = this.observationUnit();
    while (this.isKeyword(this.lx.peek(), 'AND')) {
      this.join(this.lx.next());
      left = { kind: 'and', left, right: this.observationUnit() };
    }
    return left;
  }

  private observationUnit(): ObservationExpr {
    const t = this.lx.next();
    let expr: ObservationExpr;
    if (t.kind === 'lbrack') {
      expr = { kind: 'observation', comparison: this.comparisonOr().node };
      const close = this.lx.next();
      if (close.kind !== 'rbrack') this.unexpected(close, EXPECTED.afterComparison);
    } else if (t.kind === 'lparen') {
      this.enter(t);
      expr = this.followedBy();
      this.expect('rparen', EXPECTED.afterObservationNested);
      this.depth--;
    } else {
      this.unexpected(t, EXPECTED.observation);
    }
    const qualifiers: Qualifier[] = [];
    for (let q = this.lx.peek(); q.kind === 'keyword' && (q.str === 'WITHIN' || q.str === 'REPEATS' || q.str === 'START'); q = this.lx.peek()) {
      const qualifier = this.qualifier();
      if (qualifiers.some((other) => other.kind === qualifier.kind)) {
        throw new PatternSyntaxError(q.start, 'at most one qualifier of each kind', quoteFound(q.text),
          `an observation expression may have only one ${q.str} qualifier (§9.5.1); use parentheses to apply another to a group`);
      }
      qualifiers.push(qualifier);
    }
    return qualifiers.length ? { kind: 'qualified', expr, qualifiers } : expr;
  }

  private qualifier(): Qualifier {
    const kw = this.lx.next();
    if (kw.str === 'WITHIN') {
      const n = this.lx.next();
      if ((n.kind !== 'int' && n.kind !== 'float') || n.num <= 0) this.unexpected(n, 'a positive number of seconds after WITHIN');
      this.keyword('SECONDS');
      return { kind: 'within', seconds: n.num };
    }
    if (kw.str === 'REPEATS') {
      const n = this.lx.next();
      if (n.kind !== 'int' || n.num <= 0) this.unexpected(n, 'a positive integer after REPEATS');
      this.keyword('TIMES');
      return { kind: 'repeats', times: n.num };
    }
    const start = this.expect('timestamp', "a timestamp constant t'...' after START");
    this.keyword('STOP');
    const stop = this.expect('timestamp', "a timestamp constant t'...' after STOP");
    if (versionKey(start.str) >= versionKey(stop.str)) {
      throw new PatternSyntaxError(stop.start, 'a STOP timestamp later than START', quoteFound(stop.text),
        'the STOP timestamp must be later than START: observations must be >= START and < STOP (§9.5.1)');
    }
    return { kind: 'startstop', start: start.str, stop: stop.str };
  }

  private keyword(word: string): void {
    const t = this.lx.next();
    if (!this.isKeyword(t, word)) this.unexpected(t, word);
  }

  private comparisonOr(): Typed {
    let left = this.comparisonAnd();
    while (this.isKeyword(this.lx.peek(), 'OR')) {
      this.lx.next();
      const right = this.comparisonAnd();
      for (const t of right.types) left.types.add(t); // in place: OR chains can be thousands long
      left = { node: { kind: 'or', left: left.node, right: right.node }, types: left.types };
    }
    return left;
  }

  private comparisonAnd(): Typed {
    let left = this.propTest();
    while (this.isKeyword(this.lx.peek(), 'AND')) {
      const and = this.lx.next();
      const right = this.propTest();
      left = { node: { kind: 'and', left: left.node, right: right.node }, types: intersectTypes(left.types, right.types, and.start) };
    }
    return left;
  }

  private propTest(): Typed {
    const t = this.lx.peek();
    if (t.kind === 'lparen') {
      this.lx.next();
      this.enter(t);
      const inner = this.comparisonOr();
      this.expect('rparen', EXPECTED.afterComparisonNested);
      this.depth--;
      return inner;
    }
    if (this.isKeyword(t, 'EXISTS')) {
      this.lx.next();
      const path = this.path();
      return { node: { kind: 'exists', path }, types: new Set([path.objectType]) };
    }
    if (t.kind !== 'ident') this.unexpected(t, EXPECTED.comparison);
    const path = this.path();
    const types = new Set([path.objectType]);
    let op = this.lx.next();
    const negated = this.isKeyword(op, 'NOT');
    if (negated) op = this.lx.next();
    const expected = negated ? EXPECTED.operatorAfterNot : EXPECTED.operator;
    if (op.kind === 'op') {
      const value = this.constant(op.str === '=' || op.str === '!=' ? 'any' : 'orderable');
      checkHashConstant(path, value.constant, value.token.start, value.token.text);
      return { node: { kind: 'compare', path, op: op.str as CompareOp, negated, value: value.constant }, types };
    }
    if (this.isKeyword(op, 'IN')) return { node: { kind: 'in', path, negated, values: this.setLiteral(path) }, types };
    if (op.kind !== 'keyword' || !['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(op.str)) this.unexpected(op, expected);
    const { constant, token } = this.constant('string');
    const text = constant.value as string;
    if (op.str === 'MATCHES') checkRegex(text, token.start, token.text);
    if (op.str === 'ISSUBSET' || op.str === 'ISSUPERSET') checkIpOperands(path, op.str, t.start, text, token.start, token.text);
    return { node: { kind: 'compare', path, op: op.str as CompareOp, negated, value: constant }, types };
  }

  private setLiteral(path: ObjectPath): Constant[] {
    this.expect('lparen', "'(' to open the list of IN");
    const values: Constant[] = [];
    if (this.lx.peek().kind === 'rparen') {
      this.lx.next();
      return values;
    }
    for (;;) {
      const { constant, token } = this.constant('any');
      if (values[0]) checkSetMember(values[0], constant, token.start, token.text);
      checkHashConstant(path, constant, token.start, token.text);
      values.push(constant);
      const sep = this.lx.next();
      if (sep.kind === 'rparen') return values;
      if (sep.kind !== 'comma') this.unexpected(sep, "',' or ')' in the list of IN");
    }
  }

  private constant(kind: Orderable): { constant: Constant; token: Token } {
    const t = this.lx.next();
    const expected = kind === 'any' ? EXPECTED.constant : kind === 'orderable' ? EXPECTED.orderable : EXPECTED.string;
    let constant: Constant;
    switch (t.kind) {
      case 'string': constant = { type: 'string', value: t.str }; break;
      case 'int': constant = { type: 'int', value: t.num }; break;
      case 'float': constant = { type: 'float', value: t.num }; break;
      case 'bool': constant = { type: 'bool', value: t.str === 'true' }; break;
      case 'hex': constant = { type: 'hex', value: t.str }; break;
      case 'binary': constant = { type: 'binary', value: t.str }; break;
      case 'timestamp': constant = { type: 'timestamp', value: t.str }; break;
      default: this.unexpected(t, expected);
    }
    if ((kind === 'orderable' && constant.type === 'bool') || (kind === 'string' && constant.type !== 'string')) this.unexpected(t, expected);
    return { constant, token: t };
  }

  private path(): ObjectPath {
    const type = this.expect('ident', EXPECTED.objectType);
    this.expect('colon', "':' after the object type");
    const steps: PathStep[] = [{ kind: 'key', key: this.propertyName() }];
    for (;;) {
      const t = this.lx.peek();
      if (t.kind === 'dot') {
        this.lx.next();
        steps.push({ kind: 'key', key: this.propertyName() });
      } else if (t.kind === 'lbrack') {
        this.lx.next();
        const i = this.lx.next();
        if (i.kind === 'star') steps.push({ kind: 'index', index: '*' });
        else if (i.kind === 'int') steps.push({ kind: 'index', index: i.num });
        else this.unexpected(i, EXPECTED.index);
        this.expect('rbrack', "']' to close the list index");
      } else {
        return { objectType: type.str, steps };
      }
    }
  }

  private propertyName(): string {
    const t = this.lx.next();
    if (t.kind === 'string') return t.str;
    if (t.kind !== 'ident') this.unexpected(t, EXPECTED.property);
    if (t.str.includes('-')) {
      throw new PatternSyntaxError(t.start, EXPECTED.property, quoteFound(t.text),
        `a property name with '-' must be quoted (§9.7): write '${t.str}' instead of ${t.str}`);
    }
    return t.str;
  }
}
