/** Input parsing: bundles, TAXII envelopes, single objects, JSON lines, and streaming files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStixInput, readStixFile, StixInputError } from './bundle.js';
import { VALID } from './fixtures/valid-objects.js';
import { jsonErrorOffset } from './json-locate.js';

const ind = VALID.indicator as Record<string, unknown>;
const mal = VALID.malware as Record<string, unknown>;
const ip = VALID['ipv4-addr'] as Record<string, unknown>;
const bundle = { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [ind, mal] };

function objectsOf(r: ReturnType<typeof parseStixInput>): unknown[] {
  if ('error' in r) throw new Error(r.error);
  return r.objects;
}
function errorOf(r: ReturnType<typeof parseStixInput>): string {
  if (!('error' in r)) throw new Error('expected an error');
  return r.error;
}

describe('parseStixInput', () => {
  it('reads a bundle', () => {
    expect(objectsOf(parseStixInput(JSON.stringify(bundle)))).toEqual([ind, mal]);
  });
  it('reads a pretty-printed bundle with a byte-order mark', () => {
    expect(objectsOf(parseStixInput('\ufeff' + JSON.stringify(bundle, null, 2)))).toEqual([ind, mal]);
  });
  it('reads a bundle without objects as empty', () => {
    expect(objectsOf(parseStixInput('{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}'))).toEqual([]);
  });
  it('tolerates a bundle without type or with a malformed id (as published by OASIS)', () => {
    expect(objectsOf(parseStixInput(JSON.stringify({ id: 'bundle--x', objects: [ip] })))).toEqual([ip]);
    expect(objectsOf(parseStixInput(JSON.stringify({ type: 'bundle', id: 'dcba33ae-a4d3-4940-850f-ece3873a4c36', objects: [ip] })))).toEqual([ip]);
  });
  it('reads a TAXII envelope, including an empty one', () => {
    expect(objectsOf(parseStixInput(JSON.stringify({ more: false, objects: [ip, ind] })))).toEqual([ip, ind]);
    expect(objectsOf(parseStixInput('{"more":false}'))).toEqual([]);
  });
  it('reads a single object, and an observed-data with an objects property as one object', () => {
    expect(objectsOf(parseStixInput(JSON.stringify(ind)))).toEqual([ind]);
    const od = { type: 'observed-data', objects: { '0': { type: 'ipv4-addr' } } };
    expect(objectsOf(parseStixInput(JSON.stringify(od)))).toEqual([od]);
  });
  it('reads a JSON array of objects', () => {
    expect(objectsOf(parseStixInput(JSON.stringify([ind, ip])))).toEqual([ind, ip]);
  });
  it('reads JSON lines of objects, bundles and envelopes, skipping blank lines and CRs', () => {
    const text = [JSON.stringify(ind), '', JSON.stringify(bundle), '   ', JSON.stringify({ objects: [ip] })].join('\r\n') + '\n';
    expect(objectsOf(parseStixInput(text))).toEqual([ind, ind, mal, ip]);
  });
  it('reports the line of a JSON error in JSON lines', () => {
    const text = [JSON.stringify(ind), JSON.stringify(mal), '', '{"type": "tool", ', JSON.stringify(ip)].join('\n');
    expect(errorOf(parseStixInput(text))).toMatch(/^line 4: invalid JSON: /);
  });
  it('reports the line of a non-object in JSON lines', () => {
    expect(errorOf(parseStixInput(`${JSON.stringify(ind)}\n42\n`))).toBe(
      'line 2: expected a STIX bundle, TAXII envelope or STIX object (a JSON object), got a number',
    );
  });
  it('reports where a whole JSON document is broken', () => {
    const text = '{\n  "type": "bundle",\n  "objects": [\n    {"type": "tool",}\n  ]\n}';
    expect(errorOf(parseStixInput(text))).toMatch(/^invalid JSON at line 4, column \d+: /);
  });
  it.each([
    ['empty text', '', /^empty input/],
    ['blank text', ' \n\t ', /^empty input/],
    ['a JSON string', '"indicator"', /got a string/],
    ['null', 'null', /got null/],
    ['a bundle whose objects is not a list', '{"type":"bundle","objects":{"a":1}}', /bundle's "objects" must be a list, got a object/],
    ['an envelope whose objects is not a list', '{"objects":"x"}', /envelope's "objects" must be a list/],
  ])('refuses %s', (_label, text, message) => {
    expect(errorOf(parseStixInput(text))).toMatch(message);
  });
  it('keeps a __proto__ key as data', () => {
    const [o] = objectsOf(parseStixInput('{"type":"tool","__proto__":{"x":1}}')) as Record<string, unknown>[];
    expect(Object.keys(o ?? {})).toEqual(['type', '__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('readStixFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyojo-stix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  async function readAll(path: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const o of readStixFile(path)) out.push(o);
    return out;
  }

  it('streams JSON lines', async () => {
    const p = file('a.jsonl', `${JSON.stringify(ind)}\n\n${JSON.stringify(bundle)}\r\n${JSON.stringify(ip)}`);
    expect(await readAll(p)).toEqual([ind, ind, mal, ip]);
  });
  it('reads a pretty-printed bundle whole', async () => {
    expect(await readAll(file('b.json', JSON.stringify(bundle, null, 2)))).toEqual([ind, mal]);
  });
  it('reads a one-line bundle', async () => {
    expect(await readAll(file('c.json', '\ufeff' + JSON.stringify(bundle)))).toEqual([ind, mal]);
  });
  it('yields the objects before a broken line, then throws with the line number', async () => {
    const p = file('d.jsonl', `${JSON.stringify(ind)}\n${JSON.stringify(mal)}\n{"type":\n${JSON.stringify(ip)}\n`);
    const seen: unknown[] = [];
    let error: unknown;
    try {
      for await (const o of readStixFile(p)) seen.push(o);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([ind, mal]);
    expect(error).toBeInstanceOf(StixInputError);
    expect((error as StixInputError).line).toBe(3);
    expect((error as StixInputError).message).toMatch(/^line 3: invalid JSON/);
  });
  it('throws on a broken whole-JSON file, locating the error', async () => {
    const p = file('e.json', '{\n "type": "bundle",\n "objects": [1,,2]\n}');
    await expect(readAll(p)).rejects.toThrow(/invalid JSON at line 3/);
  });
  it('reads an empty file as no objects', async () => {
    expect(await readAll(file('f.jsonl', '\n\n'))).toEqual([]);
  });
  it('rejects a missing file', async () => {
    await expect(readAll(join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a":1}', -1],
    ['[1, 2.5e-3, "x\\u00e9", true, false, null, {"k": []}]', -1],
    ['  {"a" : [ ] }  ', -1],
    ['{"a":1,}', 7],
    ['[1,,2]', 3],
    ['{"a" 1}', 5],
    ['{a:1}', 1],
    ['[01]', 2],
    ['"abc', 4],
    ['"a\\qb"', 2],
    ['"tab\there"', 4],
    ['[1] x', 4],
    ['', 0],
    ['{"a":[1,2}', 9],
    ['[tru]', 1],
  ])('%j → %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    if (offset === -1) expect(() => JSON.parse(text) as unknown).not.toThrow();
    else expect(() => JSON.parse(text) as unknown).toThrow();
  });
});

describe('jsonErrorOffset agrees with JSON.parse', () => {
  it('on valid JSON and on JSON with one character deleted or inserted (property)', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '0', ' '), (text, at, insert) => {
        expect(jsonErrorOffset(text)).toBe(-1);
        const i = text.length === 0 ? 0 : at % text.length;
        const broken = text.slice(0, i) + insert + text.slice(insert === '' ? i + 1 : i);
        let parses = true;
        try {
          JSON.parse(broken);
        } catch {
          parses = false;
        }
        expect(jsonErrorOffset(broken) === -1).toBe(parses);
      }),
      { numRuns: 3000 },
    );
  });
});
