/**
 * Finds where a JSON text first breaks the grammar (RFC 8259), so that an import error
 * can say "line 4, column 21" even when JSON.parse's message gives no position (as on
 * Node 20). Linear, non-recursive; only used after JSON.parse has failed.
 */

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4_RE = /[0-9a-fA-F]{4}/y;

/** Index just past the string starting at `i` (a '"'), or -(offset of the error) - 1. */
function stringEnd(s: string, i: number): number {
  const n = s.length;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) return j + 1; // "
    if (c < 32) return -j - 1;
    if (c === 92) {
      const e = s.charAt(j + 1);
      if (e === 'u') {
        HEX4_RE.lastIndex = j + 2;
        if (!HEX4_RE.test(s)) return -j - 1;
        j += 5;
      } else if ('"\\/bfnrt'.includes(e) && e !== '') j++;
      else return -j - 1;
    }
  }
  return -n - 1;
}

/** Index just past the scalar (string, number, literal) starting at `i`, or -(error offset) - 1. */
function scalarEnd(s: string, i: number): number {
  const c = s.charAt(i);
  if (c === '"') return stringEnd(s, i);
  for (const lit of ['true', 'false', 'null']) if (s.startsWith(lit, i)) return i + lit.length;
  NUMBER_RE.lastIndex = i;
  return NUMBER_RE.test(s) ? NUMBER_RE.lastIndex : -i - 1;
}

const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const AFTER_VALUE = 4;

/** Offset of the first syntax error in `s`, or -1 when `s` is valid JSON. */
export function jsonErrorOffset(s: string): number {
  const n = s.length;
  const stack: boolean[] = []; // true = object, false = array
  let state = VALUE;
  let i = 0;
  for (;;) {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    const ch = s.charAt(i);
    if (state === AFTER_VALUE) {
      if (stack.length === 0) return i < n ? i : -1;
      const inObject = stack[stack.length - 1] === true;
      if (ch === ',') {
        i++;
        state = inObject ? KEY : VALUE;
      } else if (ch === (inObject ? '}' : ']')) {
        stack.pop();
        i++;
      } else return i;
    } else if (state === KEY || state === KEY_OR_CLOSE) {
      if (state === KEY_OR_CLOSE && ch === '}') {
        stack.pop();
        i++;
        state = AFTER_VALUE;
        continue;
      }
      if (ch !== '"') return i;
      const end = stringEnd(s, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && ' \t\r\n'.includes(s.charAt(i))) i++;
      if (s.charAt(i) !== ':') return i;
      i++;
      state = VALUE;
    } else {
      if (i >= n) return i;
      if (state === VALUE_OR_CLOSE && ch === ']') {
        stack.pop();
        i++;
        state = AFTER_VALUE;
      } else if (ch === '{' || ch === '[') {
        stack.push(ch === '{');
        i++;
        state = ch === '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
      } else {
        const end = scalarEnd(s, i);
        if (end < 0) return -end - 1;
        i = end;
        state = AFTER_VALUE;
      }
    }
  }
}
