import { describe, expect, it } from 'vitest';
import { matchPattern, parsePattern, PatternEvaluationLimitError, type MatchOptions, type Observation } from './index.js';

const T0 = Date.UTC(2020, 0, 1);
const ts = (s: number) => new Date(T0 + s * 1000).toISOString();

/** An observation of domain `name` seen from second `from` to second `to`, `n` times. */
function seen(name: string, from: number, to = from, n = 1): Observation {
  return { objects: { 0: { type: 'domain-name', value: name } }, first_observed: ts(from), last_observed: ts(to), number_observed: n };
}

const d = (name: string) => `[domain-name:value = '${name}']`;
const A = d('a');
const B = d('b');
const C = d('c');

function run(pattern: string, observations: Observation[], options?: MatchOptions) {
  return matchPattern(parsePattern(pattern), observations, options);
}

/** Observation indexes of the first binding, or null when the pattern does not match. */
function first(pattern: string, observations: Observation[]): number[] | null {
  const r = run(pattern, observations);
  return r.matched ? r.bindings[0]!.map((e) => e.observation) : null;
}

/** [pattern, observations, observation indexes of the first binding or null]. */
const CASES: readonly (readonly [string, Observation[], number[] | null])[] = [
  // one observation expression matches one observation
  [A, [seen('b', 0), seen('a', 5)], [1]],
  [A, [seen('b', 0)], null],
  [A, [], null],
  // AND: both, on different observations (§9.5.2)
  [`${A} AND ${B}`, [seen('a', 0), seen('b', 10)], [0, 1]],
  [`${A} AND ${B}`, [seen('b', 10), seen('a', 0)], [1, 0]],
  [`${A} AND ${B}`, [seen('a', 0)], null],
  [`${A} AND ${A}`, [seen('a', 0)], null],
  [`${A} AND ${A}`, [seen('a', 0), seen('a', 5)], [1, 0]],
  [`${A} AND ${A}`, [seen('a', 0, 5, 2)], [0, 0]], // number_observed 2: two observations
  [`${A} AND ${A} AND ${A}`, [seen('a', 0, 5, 2)], null],
  [`${A} AND ${A} AND ${A}`, [seen('a', 0, 5, 2), seen('a', 9)], [1, 0, 0]],
  // OR: either; the left operand's bindings come first (§9.5 short-circuit)
  [`${A} OR ${B}`, [seen('b', 0)], [0]],
  [`${A} OR ${B}`, [seen('b', 0), seen('a', 5)], [1]],
  [`${A} OR ${B}`, [seen('c', 0)], null],
  // FOLLOWEDBY: right observed at or after left (§9.5.2)
  [`${A} FOLLOWEDBY ${B}`, [seen('a', 0), seen('b', 10)], [0, 1]],
  [`${A} FOLLOWEDBY ${B}`, [seen('b', 0), seen('a', 10)], null],
  [`${A} FOLLOWEDBY ${B}`, [seen('b', 5), seen('a', 5)], [1, 0]],
  [`${A} FOLLOWEDBY ${B}`, [seen('a', 0, 20), seen('b', 10)], [0, 1]], // a may be at 0..10
  [`${A} FOLLOWEDBY ${B}`, [seen('a', 15, 20), seen('b', 0, 10)], null],
  [`${A} FOLLOWEDBY ${A}`, [seen('a', 0)], null],
  [`${A} FOLLOWEDBY ${B} FOLLOWEDBY ${C}`, [seen('c', 1), seen('b', 2), seen('a', 3), seen('c', 4)], null],
  [`${A} FOLLOWEDBY ${B} FOLLOWEDBY ${C}`, [seen('c', 1), seen('a', 2), seen('b', 3), seen('c', 4)], [1, 2, 3]],
  // WITHIN: latest - earliest strictly below the window (§9.5.1)
  [`(${A} AND ${B}) WITHIN 10 SECONDS`, [seen('a', 0), seen('b', 9)], [0, 1]],
  [`(${A} AND ${B}) WITHIN 10 SECONDS`, [seen('a', 0), seen('b', 10)], null],
  [`(${A} AND ${B}) WITHIN 10.5 SECONDS`, [seen('a', 0), seen('b', 10)], [0, 1]],
  [`(${A} AND ${B}) WITHIN 10 SECONDS`, [seen('a', 0, 5), seen('b', 14, 20)], [0, 1]], // a at 5, b at 14
  [`(${A} AND ${B}) WITHIN 10 SECONDS`, [seen('a', 0, 5), seen('b', 15, 20)], null],
  [`(${A} AND ${B}) WITHIN 10 SECONDS`, [seen('a', 0), seen('b', 100), seen('b', 3)], [0, 2]],
  [`${A} WITHIN 1 SECONDS`, [seen('a', 0, 1000)], [0]], // one observation: nothing to compare
  [`(${A} FOLLOWEDBY ${B}) WITHIN 300 SECONDS`, [seen('a', 0), seen('b', 200)], [0, 1]],
  [`(${A} FOLLOWEDBY ${B}) WITHIN 300 SECONDS`, [seen('a', 0), seen('b', 400)], null],
  // REPEATS: n bindings on distinct observations, number_observed counting (§9.5.1)
  [`${A} REPEATS 3 TIMES`, [seen('a', 0), seen('a', 1)], null],
  [`${A} REPEATS 3 TIMES`, [seen('a', 0), seen('b', 1), seen('a', 2), seen('a', 3)], [0, 2, 3]],
  [`${A} REPEATS 3 TIMES`, [seen('a', 0, 10, 3)], [0, 0, 0]],
  [`${A} REPEATS 3 TIMES`, [seen('a', 0, 10, 2), seen('a', 20)], [0, 0, 1]],
  [`${A} REPEATS 1 TIMES`, [seen('a', 0)], [0]],
  // §9.5.2: [b] FOLLOWEDBY [c] REPEATS 5 TIMES is b, then 5 c's after it
  [`${B} FOLLOWEDBY ${C} REPEATS 2 TIMES`, [seen('b', 0), seen('c', 5), seen('c', 6)], [0, 1, 2]],
  [`${B} FOLLOWEDBY ${C} REPEATS 2 TIMES`, [seen('b', 10), seen('c', 5), seen('c', 6)], null],
  [`${B} FOLLOWEDBY ${C} REPEATS 2 TIMES`, [seen('b', 0), seen('c', 5)], null],
  // ([b] FOLLOWEDBY [c]) REPEATS 2 TIMES is two (b, c) pairs
  [`(${B} FOLLOWEDBY ${C}) REPEATS 2 TIMES`, [seen('b', 0), seen('c', 1), seen('b', 2), seen('c', 3)], [0, 1, 2, 3]],
  [`(${B} FOLLOWEDBY ${C}) REPEATS 2 TIMES`, [seen('b', 0), seen('c', 1)], null],
  [`(${B} FOLLOWEDBY ${C}) REPEATS 2 TIMES`, [seen('b', 0), seen('b', 1), seen('c', 2), seen('c', 3)], [0, 2, 1, 3]],
  // qualifiers in order: WITHIN per repetition, or over all repetitions
  [`${A} REPEATS 2 TIMES WITHIN 5 SECONDS`, [seen('a', 0), seen('a', 100)], null],
  [`${A} WITHIN 5 SECONDS REPEATS 2 TIMES`, [seen('a', 0), seen('a', 100)], [0, 1]],
  [`${A} REPEATS 3 TIMES WITHIN 60 SECONDS`, [seen('a', 0), seen('a', 30), seen('a', 70), seen('a', 80)], [1, 2, 3]],
  // §9.5: ([a] AND [b] REPEATS 5 TIMES) WITHIN 5 minutes: one a and five b's
  [`(${A} AND ${B} REPEATS 3 TIMES) WITHIN 300 SECONDS`, [seen('b', 0), seen('a', 100), seen('b', 200), seen('b', 250)], [1, 0, 2, 3]],
  [`(${A} AND ${B} REPEATS 3 TIMES) WITHIN 300 SECONDS`, [seen('b', 0), seen('a', 100), seen('b', 200), seen('b', 350)], null],
  // ([a] AND [b]) REPEATS 2 TIMES WITHIN: two a's and two b's, all within the window
  [`(${A} AND ${B}) REPEATS 2 TIMES WITHIN 300 SECONDS`, [seen('a', 0), seen('b', 10), seen('a', 20), seen('b', 30)], [0, 1, 2, 3]],
  [`(${A} AND ${B}) REPEATS 2 TIMES WITHIN 300 SECONDS`, [seen('a', 0), seen('b', 10), seen('a', 20), seen('b', 300)], null],
  // START / STOP: observation time >= START and < STOP (§9.5.1)
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 50)], [0]],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 0)], [0]],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 100)], null],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', -10, 0)], [0]],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', -10, -1)], null],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 90, 200)], [0]],
  [`${A} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 200), seen('a', 20)], [1]],
  [`${A} START t'1000-01-01T00:00:00Z' STOP t'3000-01-01T00:00:00Z'`, [seen('a', 0)], [0]],
  [`(${A} AND ${B}) START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 10), seen('b', 150)], null],
  [`${A} AND ${B} START t'${ts(0)}' STOP t'${ts(100)}'`, [seen('a', 150), seen('b', 50)], [0, 1]],
];

describe('matchPattern: observation operators and qualifiers', () => {
  it.each(CASES.map(([pattern, observations, binding]) => ({ pattern, observations, binding })))('$pattern', ({ pattern, observations, binding }) => {
    expect(first(pattern, observations)).toEqual(binding);
  });
});

describe('matchPattern: the specification examples over observations', () => {
  const obs = (objects: Record<string, unknown>, at: number, n = 1): Observation => ({
    objects, first_observed: ts(at), last_observed: ts(at), number_observed: n,
  });
  const file = { 0: { type: 'file', name: 'foo.dll', hashes: { MD5: '79054025255fb1a26e4bc422aef54eb4' } } };
  const key = { 0: { type: 'windows-registry-key', key: 'HKEY_LOCAL_MACHINE\\foo\\bar' } };
  const proc = { 0: { type: 'process', image_ref: '1' }, 1: { type: 'file', name: 'procfoo' } };

  it('file and registry key, or one of two processes', () => {
    const p = "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:image_ref.name = 'fooproc' OR process:image_ref.name = 'procfoo']";
    expect(first(p, [obs(proc, 0)])).toEqual([0]);
    expect(first(p, [obs(key, 0), obs(file, 9)])).toEqual([1, 0]);
    expect(first(p, [obs(file, 0)])).toBeNull();
  });

  it('an MD5 followed by a registry key within 5 minutes', () => {
    const p = "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS";
    expect(first(p, [obs(file, 0), obs(key, 200)])).toEqual([0, 1]);
    expect(first(p, [obs(file, 0), obs(key, 400)])).toBeNull();
    expect(first(p, [obs(key, 0), obs(file, 10)])).toBeNull();
  });

  it('malware beaconing to a domain: 5 times within 1800 seconds', () => {
    const p = "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS";
    const beacon = (at: number) => obs({ 0: { type: 'network-traffic', dst_ref: '1' }, 1: { type: 'domain-name', value: 'example.com' } }, at);
    expect(first(p, [0, 300, 600, 900, 1200].map(beacon))).toEqual([0, 1, 2, 3, 4]);
    expect(first(p, [0, 500, 1000, 1500, 2000].map(beacon))).toBeNull();
    expect(first(p, [0, 500, 1000, 1500, 2000, 2200].map(beacon))).toEqual([1, 2, 3, 4, 5]);
    expect(first(p, [beacon(0), { ...beacon(0), number_observed: 4 }])).toEqual([0, 1, 1, 1, 1]);
  });

  it('three different unix accounts', () => {
    const acct = (id: string, login: string) => obs({ 0: { type: 'user-account', account_type: 'unix', user_id: id, account_login: login } }, 0);
    const p = "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']";
    expect(first(p, [acct('1009', 'Mary'), acct('1007', 'Peter'), acct('1008', 'Paul')])).toEqual([1, 2, 0]);
    expect(first(p, [acct('1009', 'Mary'), acct('1007', 'Peter'), acct('1008', 'Mary')])).toBeNull();
  });

  it('foo.dll seen in June 2016', () => {
    const p = "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'";
    const at = (t: string): Observation => ({ objects: file, first_observed: t, last_observed: t, number_observed: 1 });
    expect(first(p, [at('2016-06-15T12:00:00Z')])).toEqual([0]);
    expect(first(p, [at('2016-07-01T00:00:00Z')])).toBeNull();
    expect(first(p, [at('2016-05-31T23:59:59.999999Z')])).toBeNull();
  });
});

describe('matchPattern: results and limits', () => {
  it('returns up to maxBindings bindings with the matching objects', () => {
    const r = run(A, [seen('a', 0), seen('b', 1), seen('a', 2), seen('a', 3)], { maxBindings: 10 });
    expect(r.bindings).toEqual([0, 2, 3].map((i) => [{ observation: i, objects: ['0'] }]));
    expect(run(A, [seen('a', 0), seen('a', 2)]).bindings).toHaveLength(1);
    expect(run(`${A} REPEATS 2 TIMES`, [seen('a', 0), seen('a', 1), seen('a', 2)], { maxBindings: 10 }).bindings.map((b) => b.map((e) => e.observation)))
      .toEqual([[0, 1], [0, 2], [1, 2]]);
  });

  it('matches the same AST again with other observations', () => {
    const ast = parsePattern(`${A} AND ${B}`);
    expect(matchPattern(ast, [seen('a', 0), seen('b', 1)]).matched).toBe(true);
    expect(matchPattern(ast, [seen('a', 0)]).matched).toBe(false);
  });

  it('treats observations without timestamps as never satisfying a temporal rule', () => {
    const untimed = (name: string): Observation => ({ objects: [{ type: 'domain-name', value: name }] });
    expect(first(`${A} AND ${B}`, [untimed('a'), untimed('b')])).toEqual([0, 1]);
    expect(first(`${A} WITHIN 5 SECONDS`, [untimed('a')])).toEqual([0]);
    expect(first(`(${A} AND ${B}) WITHIN 5 SECONDS`, [untimed('a'), untimed('b')])).toBeNull();
    expect(first(`${A} FOLLOWEDBY ${B}`, [untimed('a'), untimed('b')])).toBeNull();
    expect(first(`${A} START t'${ts(0)}' STOP t'${ts(9)}'`, [untimed('a')])).toBeNull();
  });

  it('throws PatternEvaluationLimitError when the combination budget runs out', () => {
    const many = [...Array.from({ length: 200 }, (_, i) => seen('a', i * 3600)), ...Array.from({ length: 200 }, (_, i) => seen('b', i * 3600 + 1800))];
    expect(() => run(`(${A} AND ${B}) WITHIN 1 SECONDS`, many, { budget: 1000 })).toThrow(PatternEvaluationLimitError);
    expect(run(`(${A} AND ${B}) WITHIN 1 SECONDS`, many).matched).toBe(false);
  });

  it('handles indicator-sized patterns: thousands of ORed values, large repeat counts, long logs', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `'10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}'`);
    const ip = (v: string): Observation[] => [{ objects: [{ type: 'ipv4-addr', value: v }] }];
    const ors = parsePattern(`[${values.map((v) => `ipv4-addr:value = ${v}`).join(' OR ')}]`);
    expect(matchPattern(ors, ip('10.0.78.31')).matched).toBe(true);
    expect(matchPattern(ors, ip('10.0.78.31/32')).matched).toBe(true);
    expect(matchPattern(ors, ip('10.1.78.31')).matched).toBe(false);
    const observed = parsePattern(values.slice(0, 5000).map((v) => `[ipv4-addr:value = ${v}]`).join(' OR '));
    expect(matchPattern(observed, ip('10.0.19.135')).matched).toBe(true);
    expect(run(`${A} REPEATS 100000 TIMES`, [seen('a', 0, 10, 100_000)]).bindings[0]).toHaveLength(100_000);
    const log = Array.from({ length: 10_000 }, (_, i) => seen('a', i * 100));
    expect(run(`${A} REPEATS 5 TIMES WITHIN 400 SECONDS`, log).matched).toBe(false);
    expect(first(`${A} REPEATS 5 TIMES WITHIN 401 SECONDS`, log)).toEqual([0, 1, 2, 3, 4]);
    expect(run(`${A} REPEATS 10000 TIMES`, log).matched).toBe(true);
    expect(run(`${A} REPEATS 10001 TIMES`, log).matched).toBe(false);
  });

  it('refuses malformed observations', () => {
    expect(() => run(A, [{ ...seen('a', 0), first_observed: 'yesterday' }])).toThrow(/observation 0: first_observed is not a STIX timestamp/);
    expect(() => run(A, [seen('a', 0), { ...seen('a', 0), number_observed: 0 }])).toThrow(/observation 1: number_observed must be a positive integer/);
    expect(() => run(A, [seen('a', 10, 5)])).toThrow(/last_observed is before first_observed/);
    expect(() => run(A, [{ objects: null } as unknown as Observation])).toThrow(/objects must be/);
  });
});
