/**
 * Reading STIX input: a bundle (§8), a TAXII envelope (`{"objects": […]}`), a single
 * object, a JSON array of objects, or JSON lines (one object, bundle or envelope per
 * line). Objects come out unvalidated; run validateStixObject on each.
 *
 * Bundles are taken leniently (a missing `type` or a malformed bundle `id` is tolerated,
 * as in some published OASIS files): the bundle is only a wrapper, the objects matter.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { jsonErrorOffset } from './json-locate.js';
import { isObj } from './checks-core.js';

/** A JSON or framing error, with the 1-based line it was found on when known. */
export class StixInputError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'StixInputError';
  }
}


function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Appends the objects carried by one parsed JSON value to `out`; returns an error message or null. */
function collect(v: unknown, out: unknown[]): string | null {
  if (Array.isArray(v)) {
    for (const x of v) out.push(x);
    return null;
  }
  if (!isObj(v)) return `expected a STIX bundle, TAXII envelope or STIX object (a JSON object), got ${kind(v)}`;
  const type = Object.hasOwn(v, 'type') ? v.type : undefined;
  const isBundle = type === 'bundle';
  const isEnvelope = type === undefined && (Object.hasOwn(v, 'objects') || Object.hasOwn(v, 'more') || Object.hasOwn(v, 'next'));
  if (!isBundle && !isEnvelope) {
    out.push(v);
    return null;
  }
  const objects = Object.hasOwn(v, 'objects') ? v.objects : undefined;
  if (objects === undefined) return null;
  if (!Array.isArray(objects)) return `the ${isBundle ? 'bundle' : 'envelope'}'s "objects" must be a list, got ${kind(objects)}`;
  for (const x of objects) out.push(x);
  return null;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** " at line L, column C" of the first JSON syntax error in `text`, or "" if none is found. */
function locate(text: string): string {
  const pos = jsonErrorOffset(text);
  if (pos < 0) return '';
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return ` at line ${line}, column ${pos - start + 1}`;
}

function parseLines(text: string): { objects: unknown[] } | { error: string } {
  const objects: unknown[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      return { error: `line ${lineNo}: invalid JSON: ${message(e)}` };
    }
    const err = collect(v, objects);
    if (err !== null) return { error: `line ${lineNo}: ${err}` };
  }
  return { objects };
}

/** True when the first non-blank line of `text` is a complete JSON value by itself. */
function firstLineParses(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== '') {
      try {
        JSON.parse(line);
        return true;
      } catch {
        return false;
      }
    }
    start = end + 1;
  }
  return false;
}

/** Parses a whole input text into its (unvalidated) objects. */
export function parseStixInput(text: string): { objects: unknown[] } | { error: string } {
  if (typeof text !== 'string') return { error: 'input must be text' };
  const t = stripBom(text);
  if (t.trim() === '') return { error: 'empty input: expected a STIX bundle, a TAXII envelope, a STIX object or JSON lines' };
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (e) {
    if (firstLineParses(t)) return parseLines(t);
    return { error: `invalid JSON${locate(t)}: ${message(e)}` };
  }
  const objects: unknown[] = [];
  const err = collect(v, objects);
  return err === null ? { objects } : { error: err };
}

/**
 * Streams the (unvalidated) objects of a file. A file whose first non-blank line is a
 * complete JSON value is read as JSON lines, one line at a time (large imports); any
 * other file is read whole as one JSON document. Throws StixInputError on malformed
 * input (with the line number for JSON lines), after yielding the objects before it.
 */
export async function* readStixFile(path: string): AsyncGenerator<unknown, void, undefined> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let jsonLines = false;
  let whole = false;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = (lineNo === 1 ? stripBom(raw) : raw).trim();
      if (line === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        if (!jsonLines) {
          whole = true;
          break;
        }
        throw new StixInputError(`line ${lineNo}: invalid JSON: ${message(e)}`, lineNo);
      }
      jsonLines = true;
      const out: unknown[] = [];
      const err = collect(v, out);
      if (err !== null) throw new StixInputError(`line ${lineNo}: ${err}`, lineNo);
      for (const object of out) yield object;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (!whole) return;
  const r = parseStixInput(await readFile(path, 'utf8'));
  if ('error' in r) throw new StixInputError(r.error, null);
  for (const object of r.objects) yield object;
}
