/** Validator: never throws, refuses non-JSON data and abusive nesting (fast-check fuzzing included). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateStixObject } from './validate.js';
import type { ValidationResult } from './types.js';
import { VALID, valid } from './fixtures/valid-objects.js';

function wellFormed(r: ValidationResult): void {
  expect(typeof r.ok).toBe('boolean');
  if (r.ok) {
    expect(typeof r.meta.id).toBe('string');
    expect(r.meta.specVersion).toBe('2.1');
    return;
  }
  expect(r.errors.length).toBeGreaterThanOrEqual(1);
  expect(r.errors.length).toBeLessThanOrEqual(20);
  for (const e of r.errors) {
    expect(typeof e.property).toBe('string');
    expect(typeof e.message).toBe('string');
    expect(e.objectId === null || typeof e.objectId === 'string').toBe(true);
  }
}

function nest(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function errorsOf(r: ValidationResult) {
  if (r.ok) throw new Error('expected the object to be refused');
  return r.errors;
}

describe('abusive input', () => {
  it('allows 64 levels of nesting and refuses 65, naming the path', () => {
    // the object is level 1, its x_deep value level 2, so nest(63) reaches level 64
    expect(validateStixObject(valid('tool', { x_deep: nest(63) })).ok).toBe(true);
    const [e] = errorsOf(validateStixObject(valid('tool', { x_deep: nest(64) })));
    expect(e?.property).toBe(`x_deep${'.a'.repeat(63)}`);
    expect(e?.message).toMatch(/maximum depth of 64/);
  });

  it('honours maxDepth', () => {
    expect(validateStixObject(valid('tool', { x_deep: nest(100) }), { maxDepth: 128 }).ok).toBe(true);
    expect(validateStixObject(valid('tool', { x_deep: nest(3) }), { maxDepth: 4 }).ok).toBe(true);
    expect(validateStixObject(valid('tool', { x_deep: nest(4) }), { maxDepth: 4 }).ok).toBe(false);
  });

  it('survives 100 000 levels of JSON nesting', () => {
    const deep = JSON.parse(`{"type":"tool","x_deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) as unknown;
    wellFormed(validateStixObject(deep));
    const r = validateStixObject(valid('tool', { x_deep: deep }), { maxDepth: 1e9 });
    expect(r.ok).toBe(false);
    expect(errorsOf(r)[0]?.message).toMatch(/could not be validated|deeper/);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('refuses %s anywhere', (_label, n) => {
    const [e] = errorsOf(validateStixObject(valid('tool', { x_stats: { scores: [1, n] } })));
    expect(e).toMatchObject({ property: 'x_stats.scores[1]', message: expect.stringMatching(/finite number/) });
  });

  it('refuses numbers beyond ±(2^53−1) anywhere: JSON.parse has already rounded them', () => {
    // 12345678901234567890 in the JSON text arrives as 12345678901234567000
    const parsed = JSON.parse('{"x_serial":12345678901234567890}') as { x_serial: number };
    const [e] = errorsOf(validateStixObject(valid('tool', { x_stats: { serials: [1, parsed.x_serial] } })));
    expect(e).toMatchObject({ property: 'x_stats.serials[1]', message: expect.stringMatching(/2\^53/) });
    expect(validateStixObject(valid('tool', { x_big: -(2 ** 53) })).ok).toBe(false);
    expect(validateStixObject(valid('tool', { x_big: 1e300 })).ok).toBe(false);
    for (const n of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0.1, 1.5e-300, 123456.789, -0]) {
      expect(validateStixObject(valid('tool', { x_n: n })).ok, String(n)).toBe(true);
    }
  });

  it.each([
    ['undefined', undefined, /not undefined/],
    ['a function', () => 1, /not function/],
    ['a symbol', Symbol('s'), /not symbol/],
    ['a bigint', 10n, /not bigint/],
    ['a Date', new Date(0), /plain object/],
    ['a Map', new Map([['a', 1]]), /plain object/],
  ])('refuses %s as a property value', (_label, v, message) => {
    const o = valid('tool');
    o.x_value = v;
    const [e] = errorsOf(validateStixObject(o));
    expect(e?.property).toBe('x_value');
    expect(e?.message).toMatch(message);
  });

  it('refuses a class instance as the object', () => {
    class Thing {
      type = 'tool';
    }
    expect(errorsOf(validateStixObject(new Thing()))[0]?.property).toBe('');
  });

  it('survives a cyclic object', () => {
    const o = valid('tool');
    o.x_self = o;
    const [e] = errorsOf(validateStixObject(o));
    expect(e?.message).toMatch(/maximum depth/);
  });

  it('survives getters and proxies that throw', () => {
    const o = valid('tool');
    Object.defineProperty(o, 'x_trap', { enumerable: true, get: () => { throw new Error('boom'); } });
    const [e] = errorsOf(validateStixObject(o));
    expect(e).toMatchObject({ objectId: 'tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', property: '', message: expect.stringMatching(/could not be validated/) });
    const boom = () => {
      throw new Error('boom');
    };
    const proxy = new Proxy({}, { ownKeys: boom, get: boom, getOwnPropertyDescriptor: boom, has: boom });
    expect(errorsOf(validateStixObject(proxy))[0]).toMatchObject({ objectId: null, property: '', message: expect.stringMatching(/could not be validated/) });
  });

  it('handles a very large list of references quickly', () => {
    const refs = Array.from({ length: 100_000 }, () => 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b');
    const t = performance.now();
    expect(validateStixObject(valid('report', { object_refs: refs })).ok).toBe(true);
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});

describe('fuzzing: never throws', () => {
  const anything = fc.anything({
    withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true,
    withObjectString: true, withSparseArray: true, withTypedArray: true, withUnicodeString: true, maxDepth: 6,
  });

  it('on anything', () => {
    fc.assert(fc.property(anything, (v) => wellFormed(validateStixObject(v))), { numRuns: 2000 });
  });

  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => wellFormed(validateStixObject(v))), { numRuns: 2000 });
  });

  it('on valid objects with properties replaced, added or removed', () => {
    const props = [...new Set(Object.values(VALID).flatMap((o) => Object.keys(o)))];
    const key = fc.oneof(fc.constantFrom(...props, '__proto__', 'constructor', 'x_a', '_ref', 'a_refs'), fc.string());
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(VALID)),
        fc.dictionary(key, fc.oneof(anything, fc.constant(undefined)), { maxKeys: 4 }),
        (type, changes) => {
          const o = valid(type, changes);
          const r = validateStixObject(o);
          wellFormed(r);
          if (r.ok) expect(r.object).toBe(o);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('on valid objects round-tripped through JSON text with a property removed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(VALID)), fc.nat(), (type, n) => {
        const o = JSON.parse(JSON.stringify(VALID[type])) as Record<string, unknown>;
        const keys = Object.keys(o);
        const k = keys[n % keys.length] as string;
        delete o[k];
        const r = validateStixObject(o);
        wellFormed(r);
        // type, id and (for non-SCOs) spec_version are always required
        if (k === 'type' || k === 'id') expect(r.ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
