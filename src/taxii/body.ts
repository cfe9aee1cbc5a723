import { badRequest } from './errors.js';

/** Deeper JSON than this is refused before parsing: STIX needs a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * Nesting depth of a JSON text, counting brackets outside strings; stops early once it
 * passes `limit`. Linear and allocation-free, so it costs about a millisecond per megabyte.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

// Text that may hold a prototype key: spelled out, or behind a \u escape (JSON.parse
// turns "\u005f_proto__" into "__proto__"). Only then is the parsed value walked.
const POISON_HINT = /"(?:__proto__|constructor)"\s*:|\\u/;

function hasPoisonKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') return true;
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) return true;
      stack.push(child);
    }
  }
  return false;
}

/**
 * Parses a POST body. Syntax errors, excessive nesting and prototype-poisoning keys
 * (`__proto__`, `constructor.prototype`) are 400 TAXII errors, never 5xx.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('invalid-json', 'The request body is empty; POST a TAXII envelope.');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw badRequest('json-too-deep', `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest('invalid-json', `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (POISON_HINT.test(text) && hasPoisonKey(value)) {
    throw badRequest('forbidden-key', 'The request body uses a reserved property name (__proto__ or constructor.prototype).');
  }
  return value;
}
