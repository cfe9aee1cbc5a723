/**
 * Lexer for STIX 2.1 patterns, following the lexer rules of the OASIS STIXPattern.g4
 * grammar for 2.1: upper-case keywords, lower-case `true`/`false`, `h'..'`, `b'..'`, `t'..'`
 * constants, `/* *\/` and `//` comments skipped. Tokens are produced on demand so that the
 * first error reported is the leftmost one, whether it is lexical or syntactic. The grammar
 * also takes `==`, `<>` and upper-case hex digits; they are read as `=`, `!=` and lower case.
 */
import { isStixTimestamp } from '../stix/timestamps.js';
import { PatternSyntaxError, quoteFound } from './errors.js';

export type TokenKind =
  | 'lbrack' | 'rbrack' | 'lparen' | 'rparen' | 'colon' | 'dot' | 'comma' | 'star'
  | 'op' | 'keyword' | 'ident' | 'string' | 'int' | 'float' | 'bool' | 'hex' | 'binary' | 'timestamp'
  | 'eof' | 'invalid';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Source text of the token. */
  text: string;
  /** Decoded value: operator, keyword, identifier, string contents, hex/base64/timestamp text. */
  str: string;
  /** Value of an int or float token. */
  num: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'LAST',
  'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES',
]);

const PUNCT: Record<string, TokenKind> = {
  '[': 'lbrack', ']': 'rbrack', '(': 'lparen', ')': 'rparen', ':': 'colon', '.': 'dot', ',': 'comma', '*': 'star',
};

/** Unicode White_Space (WSpace=Y), as §9.4 requires; JS `\s` differs (adds U+FEFF, lacks U+0085). */
export function isWhitespace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680
    || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 45;
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isBase64Char = (c: number) => (isIdentStart(c) && c !== 95) || isDigit(c) || c === 43 || c === 47;

/** Base64 per RFC 4648 with padding; line feeds (and CR) inside are ignored as §9.2 requires. */
export function normalizeBase64(raw: string): string | undefined {
  const s = raw.replace(/[\r\n]/g, '');
  // The 2.1 grammar needs at least one base64 quantum, so b'' is not a constant.
  if (s.length === 0 || s.length % 4 !== 0) return undefined;
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) { // '='
      pad++;
      if (i < s.length - 2) return undefined;
    } else if (pad > 0 || !isBase64Char(c)) return undefined;
  }
  return pad > 2 ? undefined : s;
}

export class Lexer {
  private pos = 0;
  private ahead: Token | undefined;

  constructor(readonly src: string) {}

  peek(): Token {
    this.ahead ??= this.lex();
    return this.ahead;
  }

  next(): Token {
    const t = this.peek();
    this.ahead = undefined;
    return t;
  }

  private fail(pos: number, expected: string, found: string, detail?: string): never {
    throw new PatternSyntaxError(pos, expected, found, detail);
  }

  private tok(kind: TokenKind, start: number, end: number, str: string, num = 0): Token {
    this.pos = end;
    return { kind, start, end, text: this.src.slice(start, end), str, num };
  }

  private skipBlank(): void {
    const s = this.src;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (isWhitespace(c)) this.pos++;
      else if (c === 47 && s.charCodeAt(this.pos + 1) === 42) { // /* ... */
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail(this.pos, "'*/' to close the comment", 'the end of the pattern');
        this.pos = end + 2;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 47) { // // ... end of line
        while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      } else return;
    }
  }

  private lex(): Token {
    this.skipBlank();
    const s = this.src;
    const start = this.pos;
    if (start >= s.length) return this.tok('eof', start, start, '');
    const ch = s[start]!;
    const c = s.charCodeAt(start);
    const next = s.charCodeAt(start + 1);
    const punct = PUNCT[ch];
    if (punct && !(ch === '.' && isDigit(next))) return this.tok(punct, start, start + 1, ch);
    if (ch === '=') return this.tok('op', start, next === 61 ? start + 2 : start + 1, '=');
    if (ch === '!' && next === 61) return this.tok('op', start, start + 2, '!=');
    if (ch === '<') {
      if (next === 61) return this.tok('op', start, start + 2, '<=');
      if (next === 62) return this.tok('op', start, start + 2, '!='); // `<>` is the grammar's other NEQ
      return this.tok('op', start, start + 1, '<');
    }
    if (ch === '>') return next === 61 ? this.tok('op', start, start + 2, '>=') : this.tok('op', start, start + 1, '>');
    if (ch === "'") return this.lexString(start);
    if (next === 39 && (ch === 'h' || ch === 'b' || ch === 't')) return this.lexPrefixed(ch, start);
    if (isDigit(c) || c === 46 || ((c === 43 || c === 45) && (isDigit(next) || next === 46))) return this.lexNumber(start);
    if (isIdentStart(c)) {
      let end = start + 1;
      while (end < s.length && isIdentPart(s.charCodeAt(end))) end++;
      const word = s.slice(start, end);
      if (KEYWORDS.has(word)) return this.tok('keyword', start, end, word);
      if (word === 'true' || word === 'false') return this.tok('bool', start, end, word);
      return this.tok('ident', start, end, word);
    }
    // One code point (a surrogate pair stays whole) that starts no token; the parser reports it.
    const width = c >= 0xd800 && c <= 0xdbff && s.length > start + 1 ? 2 : 1;
    return this.tok('invalid', start, start + width, s.slice(start, start + width));
  }

  /** Scans `'...'` from `quote` (the opening apostrophe); returns the decoded text. */
  private scanQuoted(quote: number, escapes: boolean): { value: string; end: number } {
    const s = this.src;
    let out = '';
    let i = quote + 1;
    let chunk = i;
    for (;;) {
      if (i >= s.length) this.fail(quote, "a closing apostrophe (') for the constant started here", 'the end of the pattern');
      const c = s.charCodeAt(i);
      if (c === 39) break;
      if (c === 92 && escapes) { // backslash: only \' and \\ exist (§9.2)
        const e = s[i + 1];
        if (e !== "'" && e !== '\\') {
          this.fail(i, "\\' or \\\\ (the only escapes in a string)", quoteFound(s.slice(i, i + 2)));
        }
        out += s.slice(chunk, i) + e;
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
    return { value: out + s.slice(chunk, i), end: i + 1 };
  }

  private lexString(start: number): Token {
    const { value, end } = this.scanQuoted(start, true);
    return this.tok('string', start, end, value);
  }

  private lexPrefixed(prefix: string, start: number): Token {
    const { value, end } = this.scanQuoted(start + 1, false);
    const found = quoteFound(this.src.slice(start, end));
    if (prefix === 'h') {
      let ok = value.length % 2 === 0;
      for (let i = 0; ok && i < value.length; i++) ok = isHexDigit(value.charCodeAt(i));
      if (!ok) this.fail(start, 'a hex constant with an even number of hex digits, like h\'ffc3\'', found);
      return this.tok('hex', start, end, value.toLowerCase());
    }
    if (prefix === 'b') {
      const b64 = normalizeBase64(value);
      if (b64 === undefined) this.fail(start, "a binary constant in padded base64, like b'ABI='", found);
      return this.tok('binary', start, end, b64);
    }
    if (!isStixTimestamp(value)) {
      this.fail(start, "a timestamp constant t'YYYY-MM-DDTHH:MM:SS[.s+]Z' (RFC 3339, UTC)", found);
    }
    return this.tok('timestamp', start, end, value);
  }

  private lexNumber(start: number): Token {
    const s = this.src;
    let i = start;
    if (s[i] === '+' || s[i] === '-') i++;
    const intStart = i;
    while (isDigit(s.charCodeAt(i))) i++;
    const isFloat = s[i] === '.' && isDigit(s.charCodeAt(i + 1));
    if (isFloat) {
      i++;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    const text = s.slice(start, i);
    if (isFloat) {
      const v = Number(text);
      if (!Number.isFinite(v)) this.fail(start, 'a finite floating-point number', quoteFound(text));
      return this.tok('float', start, i, text, v === 0 ? 0 : v);
    }
    if (i - intStart > 1 && s[intStart] === '0') this.fail(start, 'an integer without leading zeros', quoteFound(text));
    const v = Number(text);
    // §2.10: integers are limited to the signed 54-bit range.
    if (!Number.isSafeInteger(v)) this.fail(start, 'an integer between -(2^53)+1 and (2^53)-1', quoteFound(text));
    return this.tok('int', start, i, text, v === 0 ? 0 : v);
  }
}
