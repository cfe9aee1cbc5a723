import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { versionKey } from '../stix/timestamps.js';
import type { ComparisonExpr, Constant, ObjectPath, ObservationExpr, PathStep, Qualifier } from './ast.js';
import { PatternSyntaxError } from './errors.js';
import { formatFloat, formatPattern } from './format.js';
import { parsePattern, validatePattern } from './index.js';
import { SPEC_EXAMPLES } from './test-fixtures.js';

const ident = fc.stringMatching(/^[a-z_][a-zA-Z0-9_]{0,7}$/).filter((s) => s !== 'true' && s !== 'false');
// Keys: identifiers or any text (quoted when printed); never `hashes`, whose children are format-checked.
const key = fc.oneof(ident, fc.string({ unit: 'binary', maxLength: 6 })).filter((k) => k !== 'hashes');
const objectType = fc.oneof(fc.constantFrom('file', 'process', 'network-traffic', 'x-usb-device'), fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/));
const step: fc.Arbitrary<PathStep> = fc.oneof(
  key.map((k) => ({ kind: 'key' as const, key: k })),
  fc.oneof(fc.integer({ min: -3, max: 1000 }), fc.constant('*' as const)).map((index) => ({ kind: 'index' as const, index })),
);
const path = (type: string): fc.Arbitrary<ObjectPath> =>
  fc.tuple(key, fc.array(step, { maxLength: 3 })).map(([first, rest]) => ({ objectType: type, steps: [{ kind: 'key', key: first }, ...rest] }));

const timestamp = fc.tuple(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
  fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{1,12}$/)),
).map(([d, frac]) => `${d.toISOString().slice(0, 19)}${frac}Z`);

const noNegativeZero = (v: number) => (Object.is(v, -0) ? 0 : v);
const constants: Record<Constant['type'], fc.Arbitrary<Constant>> = {
  string: fc.string({ unit: 'binary', maxLength: 12 }).map((value) => ({ type: 'string', value })),
  int: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }).map((value) => ({ type: 'int', value })),
  float: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ type: 'float', value: noNegativeZero(value) })),
  bool: fc.boolean().map((value) => ({ type: 'bool', value })),
  hex: fc.uint8Array({ maxLength: 8 }).map((b) => ({ type: 'hex', value: Buffer.from(b).toString('hex') })),
  binary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => ({ type: 'binary', value: Buffer.from(b).toString('base64') })),
  timestamp: timestamp.map((value) => ({ type: 'timestamp', value })),
};
const anyConstant = fc.oneof(...Object.values(constants));
const orderable = fc.oneof(...Object.entries(constants).filter(([t]) => t !== 'bool').map(([, a]) => a));
const stringConstant = constants.string;
const regexConstant = fc.stringMatching(/^\^?[a-z0-9 .]{0,6}(\.\*)?\$?$/).map((value): Constant => ({ type: 'string', value }));

const ipv4 = fc.tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
  .map(([ip, p]): Constant => ({ type: 'string', value: p === undefined ? ip : `${ip}/${p}` }));

function leaf(type: string): fc.Arbitrary<ComparisonExpr> {
  const p = path(type);
  const tests: fc.Arbitrary<ComparisonExpr>[] = [
    fc.record({ kind: fc.constant('compare' as const), path: p, op: fc.constantFrom('=' as const, '!=' as const), negated: fc.boolean(), value: anyConstant }),
    fc.record({ kind: fc.constant('compare' as const), path: p, op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const), negated: fc.boolean(), value: orderable }),
    fc.record({ kind: fc.constant('compare' as const), path: p, op: fc.constant('LIKE' as const), negated: fc.boolean(), value: stringConstant }),
    fc.record({ kind: fc.constant('compare' as const), path: p, op: fc.constant('MATCHES' as const), negated: fc.boolean(), value: regexConstant }),
    fc.record({
      kind: fc.constant('in' as const), path: p, negated: fc.boolean(),
      values: fc.constantFrom(...Object.values(constants)).chain((c) => fc.array(c, { maxLength: 4 })),
    }),
    fc.record({ kind: fc.constant('exists' as const), path: p }),
  ];
  if (type === 'ipv4-addr') {
    tests.push(fc.record({
      kind: fc.constant('compare' as const), path: fc.constant({ objectType: type, steps: [{ kind: 'key' as const, key: 'value' }] }),
      op: fc.constantFrom('ISSUBSET' as const, 'ISSUPERSET' as const), negated: fc.boolean(), value: ipv4,
    }));
  }
  return fc.oneof(...tests);
}

/** Comparison trees whose AND operands all share one object type (§9.5). */
function comparisonOfType(type: string): fc.Arbitrary<ComparisonExpr> {
  return fc.letrec<{ node: ComparisonExpr; bool: ComparisonExpr }>((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf(type), tie('bool')),
    bool: fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') }),
  })).node;
}

const comparison: fc.Arbitrary<ComparisonExpr> = fc.oneof(
  fc.oneof(objectType, fc.constant('ipv4-addr')).chain(comparisonOfType),
  fc.tuple(objectType, objectType).chain(([a, b]) => fc.record({
    kind: fc.constant('or' as const), left: comparisonOfType(a), right: comparisonOfType(b),
  })),
);

const qualifierOf: Record<Qualifier['kind'], fc.Arbitrary<Qualifier>> = {
  within: fc.oneof(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.001, max: 1e6, noNaN: true }))
    .map((seconds) => ({ kind: 'within', seconds })),
  repeats: fc.integer({ min: 1, max: 1000 }).map((times) => ({ kind: 'repeats', times })),
  startstop: fc.tuple(timestamp, timestamp).filter(([a, b]) => versionKey(a) !== versionKey(b))
    .map(([a, b]) => (versionKey(a) < versionKey(b) ? [a, b] : [b, a]))
    .map(([start, stop]) => ({ kind: 'startstop', start: start!, stop: stop! })),
};
const qualifiers = fc.shuffledSubarray(['within', 'repeats', 'startstop'] as const, { minLength: 1 })
  .chain((kinds) => fc.tuple(...kinds.map((k) => qualifierOf[k])));

const pattern: fc.Arbitrary<ObservationExpr> = fc.letrec<{ obs: ObservationExpr; op: ObservationExpr; q: ObservationExpr }>((tie) => ({
  obs: fc.oneof({ depthSize: 'small' }, fc.record({ kind: fc.constant('observation' as const), comparison }), tie('op'), tie('q')),
  op: fc.record({ kind: fc.constantFrom('and' as const, 'or' as const, 'followedby' as const), left: tie('obs'), right: tie('obs') }),
  q: fc.record({ kind: fc.constant('qualified' as const), expr: tie('obs'), qualifiers }),
})).obs;

describe('formatPattern', () => {
  it('prints ASTs that parse back to the same AST (property)', () => {
    fc.assert(fc.property(pattern, (ast) => {
      const text = formatPattern(ast);
      expect(parsePattern(text)).toEqual(ast);
      expect(formatPattern(parsePattern(text))).toBe(text);
    }), { numRuns: 1000 });
  });

  it('prints the spec examples in a canonical form that parses back the same', () => {
    for (const p of SPEC_EXAMPLES) {
      const ast = parsePattern(p);
      expect(parsePattern(formatPattern(ast))).toEqual(ast);
    }
    expect(formatPattern(parsePattern("[ a:x='1'  AND(a:y=2 OR a:z<>h'FF')] REPEATS 2 TIMES"))).toBe("[a:x = '1' AND (a:y = 2 OR a:z != h'ff')] REPEATS 2 TIMES");
    expect(formatPattern(parsePattern("[file:hashes.'SHA-256' = 'x'] OR ([a:'AND' = 'it\\'s'] FOLLOWEDBY [a:b[*] = .5])"
      .replace("'x'", `'${'0'.repeat(64)}'`))))
      .toBe(`[file:hashes.'SHA-256' = '${'0'.repeat(64)}'] OR ([a:'AND' = 'it\\'s'] FOLLOWEDBY [a:b[*] = 0.5])`);
  });

  it('prints floats without exponent', () => {
    expect(formatFloat(1)).toBe('1.0');
    expect(formatFloat(1e21)).toBe('1000000000000000000000.0');
    expect(formatFloat(-1.5e-7)).toBe('-0.00000015');
    expect(formatFloat(1.2345e-300).startsWith('0.000')).toBe(true);
    expect(Number(formatFloat(Number.MAX_VALUE))).toBe(Number.MAX_VALUE);
  });
});

describe('parsePattern on arbitrary text', () => {
  it('either parses or throws a PatternSyntaxError inside the text (property)', () => {
    const pieces = fc.constantFrom('[', ']', '(', ')', 'file:name', ' = ', "'x'", ' AND ', ' OR ', ' FOLLOWEDBY ', ' WITHIN 5 SECONDS',
      ' REPEATS 2 TIMES', ' NOT', ' IN (1, 2)', " LIKE 'a%'", " t'2020-01-01T00:00:00Z'", "h'0'", "b'AA=='", '.', '[*]', '\\', "'");
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')));
    fc.assert(fc.property(text, (t) => {
      const r = validatePattern(t);
      if (!r.ok) {
        expect(r.error.position).toBeGreaterThanOrEqual(0);
        expect(r.error.position).toBeLessThanOrEqual(t.length);
        expect(r.error.message.startsWith(`at ${r.error.position}: `)).toBe(true);
      }
    }), { numRuns: 2000 });
  });

  it('never fails with anything but PatternSyntaxError on damaged valid patterns (property)', () => {
    fc.assert(fc.property(pattern, fc.nat(), fc.nat(), (ast, a, b) => {
      const text = formatPattern(ast);
      const cut = text.slice(0, a % (text.length + 1)) + text.slice((a % (text.length + 1)) + (b % 4));
      try {
        parsePattern(cut);
      } catch (e) {
        expect(e).toBeInstanceOf(PatternSyntaxError);
      }
    }), { numRuns: 500 });
  });
});
