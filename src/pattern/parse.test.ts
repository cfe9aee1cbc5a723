import { describe, expect, it } from 'vitest';
import type { ComparisonExpr, Constant, ObservationExpr } from './ast.js';
import { formatPattern } from './format.js';
import { parsePattern, validatePattern } from './index.js';
import { SPEC_EXAMPLES } from './test-fixtures.js';

/** The comparison expression of a one-observation pattern. */
function comparison(p: string): ComparisonExpr {
  const ast = parsePattern(p);
  if (ast.kind !== 'observation') throw new Error(`not a single observation: ${p}`);
  return ast.comparison;
}

function constantOf(p: string): Constant {
  const c = comparison(p);
  if (c.kind !== 'compare') throw new Error('not a compare');
  return c.value;
}

/** Compact rendering of the tree shape: operators and leaves by their first property name. */
function shape(e: ObservationExpr | ComparisonExpr): string {
  switch (e.kind) {
    case 'observation': return shape(e.comparison);
    case 'qualified': return `Q(${shape(e.expr)};${e.qualifiers.map((q) => q.kind).join(',')})`;
    case 'compare': case 'in': case 'exists': return e.path.steps[0]!.kind === 'key' ? (e.path.steps[0] as { key: string }).key : '?';
    default: return `${e.kind}(${shape(e.left)},${shape(e.right)})`;
  }
}


describe('parsePattern: the specification examples', () => {
  it.each(SPEC_EXAMPLES)('parses %s', (p) => {
    const ast = parsePattern(p);
    expect(parsePattern(formatPattern(ast))).toEqual(ast);
  });

  it('refuses the placeholder hash of §9.5.1 but accepts the same pattern with a real SHA-256', () => {
    const placeholder = "([file:hashes.'SHA-256' = '13987239847...'] AND [windows-registry-key:key = 'hkey']) WITHIN 120 SECONDS";
    expect(() => parsePattern(placeholder)).toThrow(/at 26: expected a SHA-256 hash/);
    expect(() => parsePattern(placeholder.replace('13987239847...', 'a'.repeat(64)))).not.toThrow();
  });
});

describe('parsePattern: operators', () => {
  it.each([
    ["[file:name = 'x']", '=', false], ["[file:name == 'x']", '=', false], ["[file:name != 'x']", '!=', false],
    ["[file:name <> 'x']", '!=', false], ['[file:size < 1]', '<', false], ['[file:size <= 1]', '<=', false],
    ['[file:size > 1]', '>', false], ['[file:size >= 1]', '>=', false], ["[file:name LIKE 'a%']", 'LIKE', false],
    ["[file:name MATCHES '^a']", 'MATCHES', false], ["[ipv4-addr:value ISSUBSET '10.0.0.0/8']", 'ISSUBSET', false],
    ["[ipv4-addr:value ISSUPERSET '10.0.0.1']", 'ISSUPERSET', false], ["[file:name NOT = 'x']", '=', true],
    ["[file:name NOT != 'x']", '!=', true], ['[file:size NOT < 1]', '<', true], ['[file:size NOT >= 1]', '>=', true],
    ["[file:name NOT LIKE 'a%']", 'LIKE', true], ["[file:name NOT MATCHES 'a']", 'MATCHES', true],
    ["[ipv6-addr:value NOT ISSUBSET '2001:db8::/32']", 'ISSUBSET', true], ["[ipv4-addr:value NOT ISSUPERSET '10.0.0.1']", 'ISSUPERSET', true],
  ] as const)('%s has operator %s, negated %s', (p, op, negated) => {
    expect(comparison(p)).toMatchObject({ kind: 'compare', op, negated });
  });

  it('IN, NOT IN, the empty set and mixed int/float lists', () => {
    expect(comparison("[file:name IN ('a', 'b')]")).toMatchObject({ kind: 'in', negated: false, values: [{ value: 'a' }, { value: 'b' }] });
    expect(comparison('[file:size NOT IN (1, 2.5)]')).toMatchObject({ kind: 'in', negated: true, values: [{ type: 'int' }, { type: 'float' }] });
    expect(comparison('[file:size IN ()]')).toMatchObject({ kind: 'in', values: [] });
  });

  it('EXISTS', () => {
    expect(comparison('[EXISTS windows-registry-key:values]')).toEqual({
      kind: 'exists', path: { objectType: 'windows-registry-key', steps: [{ kind: 'key', key: 'values' }] },
    });
  });

  it('comparison AND binds tighter than OR, both left-associative, parentheses override', () => {
    expect(shape(parsePattern('[a:x = 1 OR a:y = 2 AND a:z = 3]'))).toBe('or(x,and(y,z))');
    expect(shape(parsePattern('[a:x = 1 AND a:y = 2 OR a:z = 3]'))).toBe('or(and(x,y),z)');
    expect(shape(parsePattern('[a:x = 1 AND a:y = 2 AND a:z = 3]'))).toBe('and(and(x,y),z)');
    expect(shape(parsePattern('[a:x = 1 AND (a:y = 2 OR a:z = 3)]'))).toBe('and(x,or(y,z))');
    expect(shape(parsePattern('[((a:x = 1))]'))).toBe('x');
  });

  it('observation operators: AND over OR over FOLLOWEDBY, left-associative', () => {
    expect(shape(parsePattern('[a:x = 1] AND [a:y = 1] OR [a:z = 1]'))).toBe('or(and(x,y),z)');
    expect(shape(parsePattern('[a:x = 1] OR [a:y = 1] AND [a:z = 1]'))).toBe('or(x,and(y,z))');
    expect(shape(parsePattern('[a:x = 1] FOLLOWEDBY [a:y = 1] OR [a:z = 1]'))).toBe('followedby(x,or(y,z))');
    expect(shape(parsePattern('[a:x = 1] OR [a:y = 1] FOLLOWEDBY [a:z = 1]'))).toBe('followedby(or(x,y),z)');
    expect(shape(parsePattern('[a:x = 1] AND [a:y = 1] AND [a:z = 1]'))).toBe('and(and(x,y),z)');
    expect(shape(parsePattern('[a:x = 1] AND ([a:y = 1] FOLLOWEDBY [a:z = 1])'))).toBe('and(x,followedby(y,z))');
  });

  it('comparisons on different object types may be joined by OR, and AND when a type is shared', () => {
    expect(() => parsePattern("[ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'a.example']")).not.toThrow();
    expect(() => parsePattern('[(a:x = 1 AND a:y = 2) OR (b:m = 3 AND b:n = 4)]')).not.toThrow(); // §9.5
    expect(() => parsePattern('[(a:x = 1 OR b:y = 2) AND a:z = 3]')).not.toThrow();
  });
});

describe('parsePattern: qualifiers', () => {
  it('attach to the observation expression right before them (§9.5.2: not greedy)', () => {
    expect(shape(parsePattern("[a:b = 'b'] FOLLOWEDBY [c:d = 'd'] REPEATS 5 TIMES"))).toBe('followedby(b,Q(d;repeats))');
    expect(shape(parsePattern("([a:b = 'b'] FOLLOWEDBY [c:d = 'd']) REPEATS 5 TIMES"))).toBe('Q(followedby(b,d);repeats)');
    expect(shape(parsePattern("([a:x = 'a'] AND [a:y = 'b'] REPEATS 5 TIMES) WITHIN 300 SECONDS"))).toBe('Q(and(x,Q(y;repeats));within)');
    expect(shape(parsePattern("([a:x = 'a'] AND [a:y = 'b']) REPEATS 5 TIMES WITHIN 300 SECONDS"))).toBe('Q(and(x,y);repeats,within)');
  });

  it('decode their arguments', () => {
    expect(parsePattern("[a:x = 1] WITHIN 2.5 SECONDS REPEATS 3 TIMES START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00.5Z'")).toMatchObject({
      kind: 'qualified',
      qualifiers: [
        { kind: 'within', seconds: 2.5 }, { kind: 'repeats', times: 3 },
        { kind: 'startstop', start: '2016-06-01T00:00:00Z', stop: '2016-07-01T00:00:00.5Z' },
      ],
    });
    expect(parsePattern('[a:x = 1] WITHIN +30 SECONDS')).toMatchObject({ qualifiers: [{ kind: 'within', seconds: 30 }] });
  });

  it('allow one of each kind per expression, and another kind after a parenthesised group', () => {
    expect(() => parsePattern('([a:x = 1] WITHIN 5 SECONDS) WITHIN 10 SECONDS')).not.toThrow();
    expect(() => parsePattern('([a:x = 1] REPEATS 2 TIMES) REPEATS 3 TIMES')).not.toThrow();
  });
});

describe('parsePattern: constants', () => {
  it.each([
    ["[a:x = 'it\\'s']", { type: 'string', value: "it's" }],
    ["[a:x = 'C:\\\\dir']", { type: 'string', value: 'C:\\dir' }],
    ["[a:x = '']", { type: 'string', value: '' }],
    ["[a:x = '日本語 ✓ 😀']", { type: 'string', value: '日本語 ✓ 😀' }],
    ['[a:x = 42]', { type: 'int', value: 42 }],
    ['[a:x = -42]', { type: 'int', value: -42 }],
    ['[a:x = +42]', { type: 'int', value: 42 }],
    ['[a:x = 0]', { type: 'int', value: 0 }],
    ['[a:x = -0]', { type: 'int', value: 0 }],
    ['[a:x = 9007199254740991]', { type: 'int', value: 9007199254740991 }],
    ['[a:x = 1.5]', { type: 'float', value: 1.5 }],
    ['[a:x = -1.5]', { type: 'float', value: -1.5 }],
    ['[a:x = .5]', { type: 'float', value: 0.5 }],
    ['[a:x = 007.25]', { type: 'float', value: 7.25 }],
    ['[a:x = true]', { type: 'bool', value: true }],
    ['[a:x = false]', { type: 'bool', value: false }],
    ["[a:x = h'ffD8']", { type: 'hex', value: 'ffd8' }],
    ["[a:x = h'']", { type: 'hex', value: '' }],
    ["[a:x = b'ABI=']", { type: 'binary', value: 'ABI=' }],
    ["[a:x = b'dGhpcyBp\ncyBhIHRl\r\nc3Q=']", { type: 'binary', value: 'dGhpcyBpcyBhIHRlc3Q=' }],
    ["[a:x = t'2014-01-13T07:03:17Z']", { type: 'timestamp', value: '2014-01-13T07:03:17Z' }],
    ["[a:x = t'2016-12-31T23:59:60.123456789Z']", { type: 'timestamp', value: '2016-12-31T23:59:60.123456789Z' }],
  ] as const)('%s', (p, constant) => {
    expect(constantOf(p)).toEqual(constant);
  });
});

describe('parsePattern: object paths', () => {
  it.each([
    [`[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`, 'file', [{ kind: 'key', key: 'hashes' }, { kind: 'key', key: 'SHA-256' }]],
    ["[file:hashes.x_foo_hash = 'x']", 'file', [{ kind: 'key', key: 'hashes' }, { kind: 'key', key: 'x_foo_hash' }]],
    ["[file:'name' = 'x']", 'file', [{ kind: 'key', key: 'name' }]],
    ["[a:'a.b'.'c' = 'x']", 'a', [{ kind: 'key', key: 'a.b' }, { kind: 'key', key: 'c' }]],
    ["[network-traffic:protocols[0] = 'x']", 'network-traffic', [{ kind: 'key', key: 'protocols' }, { kind: 'index', index: 0 }]],
    ["[a:b[*][2].c = 'x']", 'a', [{ kind: 'key', key: 'b' }, { kind: 'index', index: '*' }, { kind: 'index', index: 2 }, { kind: 'key', key: 'c' }]],
    ["[a:b[-1] = 'x']", 'a', [{ kind: 'key', key: 'b' }, { kind: 'index', index: -1 }]],
    ["[x-usb-device:usbdrive.serial_number = 'x']", 'x-usb-device', [{ kind: 'key', key: 'usbdrive' }, { kind: 'key', key: 'serial_number' }]],
    ["[a : b . c [ 0 ] = 'x']", 'a', [{ kind: 'key', key: 'b' }, { kind: 'key', key: 'c' }, { kind: 'index', index: 0 }]],
  ] as const)('%s', (p, objectType, steps) => {
    const c = comparison(p);
    expect(c).toMatchObject({ path: { objectType, steps } });
  });
});

describe('parsePattern: whitespace and comments', () => {
  it('accepts any Unicode whitespace between tokens, and the grammar comments', () => {
    const a = parsePattern("[file:name = 'x' AND file:size > 1] WITHIN 5 SECONDS");
    expect(parsePattern("\t[ file:name\u00a0=\u3000'x'\n AND\r\nfile:size\u2028>\u00851 ]\u2003WITHIN 5 SECONDS ")).toEqual(a);
    expect(parsePattern("[file:name = 'x' /* the name */ AND file:size > 1] // trailing\n WITHIN 5 SECONDS")).toEqual(a);
  });
});

describe('validatePattern', () => {
  it('returns the AST of a valid pattern', () => {
    expect(validatePattern("[file:name = 'x']")).toEqual({ ok: true, ast: parsePattern("[file:name = 'x']") });
  });

  it('returns message, position and expectation of an invalid one', () => {
    expect(validatePattern("[ipv4-addr:value foo '1.2.3.4']")).toEqual({
      ok: false,
      error: {
        message: "at 17: expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) but found 'foo'",
        position: 17,
        expected: 'a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
        found: "'foo'",
      },
    });
  });

  it('refuses a non-string', () => {
    expect(validatePattern(42 as unknown as string)).toMatchObject({ ok: false, error: { position: 0 } });
  });
});
