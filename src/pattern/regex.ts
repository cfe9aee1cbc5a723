/**
 * MATCHES and LIKE as JavaScript regular expressions.
 *
 * §9.6.1 asks for PCRE syntax, the search function (not anchored) and DOTALL; strings are
 * NFC-normalised; binary properties (`_bin`, `_hex`) are matched without the UNICODE flag.
 * We compile with the `s` flag (DOTALL) and, for strings, the `u` flag, after rewriting the
 * PCRE constructs that JS spells differently:
 *
 * - `\A`, `\z`, `\Z` become lookarounds; a bare `$` (no `(?m)`) also matches before a final
 *   newline, as in PCRE (JS `$` only matches at the very end).
 * - `\x{h..}`, `\o{..}`, `\0oo`, `\e`, `\a`, `\h`, `\H`, `\R`, `\Q..\E`, `\g{n}`, `\k{name}`,
 *   `(?P<name>`, `(?P=name)`, `(?#..)`, POSIX classes like `[[:alpha:]]` are translated.
 * - PCRE lets a backslash quote any non-alphanumeric character and reads `{` / `]` that
 *   start nothing as literals; JS `u` mode rejects those, so they are rewritten as literals.
 * - A leading `(?i)`, `(?m)`, `(?s)` becomes a JS flag.
 *
 * Refused with an error (no JS equivalent on Node 20): possessive quantifiers, atomic
 * groups, recursion and subroutine calls, conditionals, branch reset, backtracking verbs,
 * `\K`, `\G`, `\X`, `\C`, inline flags other than at the start, `(?x)`.
 * Remaining differences: JS `\p{..}` needs JS property names (`\p{Script=Greek}`), JS
 * lookbehind may be variable-length (PCRE refuses), `\s` also matches Unicode spaces in JS,
 * and `\d`, `\w`, `\b` are ASCII in both.
 * JS has no match timeout: a catastrophic regex from an untrusted pattern costs CPU (the
 * spec's security note); callers that evaluate untrusted patterns should bound input size.
 */

const SYNTAX_CHARS = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', xdigit: '0-9A-Fa-f',
  space: '\\t\\n\\v\\f\\r ', blank: ' \\t', word: '\\w', punct: '!-\\/:-@\\[-`{-~', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};
const HSPACE = '\\t \\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';

export class RegexTranslationError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function codeEscape(cp: number, unicode: boolean, offset: number): string {
  if (unicode) return `\\u{${cp.toString(16)}}`;
  if (cp > 0xff) throw new RegexTranslationError('a code point above \\xff cannot match binary data', offset);
  return `\\x${cp.toString(16).padStart(2, '0')}`;
}

function quoteLiteral(ch: string, unicode: boolean): string {
  if (SYNTAX_CHARS.has(ch)) return `\\${ch}`;
  // `-` could form a range inside a class; `u` mode only accepts `\-` inside classes.
  if (ch === '-') return unicode ? '\\u{2d}' : '\\-';
  return ch;
}

/** Translates a PCRE pattern to a JS RegExp source and flags (always including `s`). */
export function translatePcre(src: string, unicode: boolean): { source: string; flags: string } {
  let flags = 's' + (unicode ? 'u' : '');
  let i = 0;
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'x') throw new RegexTranslationError('the (?x) extended mode is not supported', 0);
      if (!flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  let classStart = -1;
  let afterQuantifier = false;
  const fail = (what: string, at: number): never => {
    throw new RegexTranslationError(`${what} is not supported (no JavaScript equivalent)`, at);
  };
  while (i < src.length) {
    const at = i;
    const ch = src[i]!;
    const wasQuantifier: boolean = afterQuantifier;
    afterQuantifier = false;
    if (ch === '\\') {
      const { text, next } = translateEscape(src, i, inClass, unicode);
      out += text;
      i = next;
      continue;
    }
    if (inClass) {
      if (ch === ']' && i > classStart) inClass = false;
      if (ch === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        if (m) {
          if (m[1] || POSIX[m[2]!] === undefined) fail(`the POSIX class ${m[0]}`, at);
          out += POSIX[m[2]!];
          i += m[0].length;
          continue;
        }
      }
      out += ch === ']' && i === classStart ? '\\]' : ch === '[' ? '\\[' : ch;
      i++;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        classStart = src[i + 1] === '^' ? i + 2 : i + 1; // a `]` right here is a literal in PCRE
        out += src[i + 1] === '^' ? '[^' : '[';
        i += src[i + 1] === '^' ? 2 : 1;
        continue;
      case ']': case '}':
        out += `\\${ch}`;
        i++;
        continue;
      case '{': {
        const q = /^\{\d+(,\d*)?\}/.exec(src.slice(i));
        if (!q) { out += '\\{'; i++; continue; }
        out += q[0];
        i += q[0].length;
        afterQuantifier = true;
        continue;
      }
      case '*': case '+': case '?':
        if (ch === '+' && wasQuantifier) fail('a possessive quantifier', at);
        out += ch;
        i++;
        afterQuantifier = !(ch === '?' && wasQuantifier); // `+?` is lazy, not a new quantifier
        continue;
      case '$':
        out += multiline ? '$' : '(?=\\n?(?![\\s\\S]))';
        i++;
        continue;
      case '(':
        if (src[i + 1] === '*') fail('a backtracking verb', at);
        if (src[i + 1] === '?') {
          const rest = src.slice(i + 2);
          if (rest.startsWith('#')) { // comment group
            const end = src.indexOf(')', i);
            i = end < 0 ? src.length : end + 1;
            continue;
          }
          const named = /^P<([A-Za-z_]\w*)>/.exec(rest);
          if (named) { out += `(?<${named[1]}>`; i += 2 + named[0].length; continue; }
          const backref = /^P=([A-Za-z_]\w*)\)/.exec(rest);
          if (backref) { out += `\\k<${backref[1]}>`; i += 2 + backref[0].length; continue; }
          if (/^(?::|=|!|<=|<!|<[A-Za-z_])/.test(rest)) { out += '(?'; i += 2; continue; }
          if (rest.startsWith('>')) fail('an atomic group (?>...)', at);
          if (rest.startsWith('|')) fail('a branch reset group (?|...)', at);
          if (rest.startsWith('(')) fail('a conditional group', at);
          if (/^(?:R|[+-]?\d|&|P>)/.test(rest)) fail('recursion or a subroutine call', at);
          fail('an inline option group', at);
        }
        out += ch;
        i++;
        continue;
      default:
        out += ch;
        i++;
    }
  }
  return { source: out, flags };
}

function translateEscape(src: string, i: number, inClass: boolean, unicode: boolean): { text: string; next: number } {
  const e = src[i + 1];
  if (e === undefined) throw new RegexTranslationError('a regular expression cannot end with a backslash', i);
  const rest = src.slice(i + 2);
  const simple = (text: string) => ({ text, next: i + 2 });
  switch (e) {
    case 'A': return simple(inClass ? 'A' : '(?<![\\s\\S])');
    case 'z': return simple(inClass ? 'z' : '(?![\\s\\S])');
    case 'Z': return simple(inClass ? 'Z' : '(?=\\n?(?![\\s\\S]))');
    case 'e': return simple('\\x1b');
    case 'a': return simple('\\x07');
    case 'h': return simple(inClass ? HSPACE : `[${HSPACE}]`);
    case 'H': if (!inClass) return simple(`[^${HSPACE}]`); break;
    case 'R': if (!inClass) return simple('(?:\\r\\n|[\\n\\v\\f\\r\\x85\\u2028\\u2029])'); break;
    case 'x': {
      const m = /^\{([0-9a-fA-F]+)\}/.exec(rest);
      if (m) return { text: codeEscape(parseInt(m[1]!, 16), unicode, i), next: i + 2 + m[0].length };
      const two = /^[0-9a-fA-F]{1,2}/.exec(rest);
      if (two) return { text: codeEscape(parseInt(two[0], 16), unicode, i), next: i + 2 + two[0].length };
      return simple('\\x00'); // PCRE: \x without digits is NUL
    }
    case 'o': {
      const m = /^\{([0-7]+)\}/.exec(rest);
      if (m) return { text: codeEscape(parseInt(m[1]!, 8), unicode, i), next: i + 2 + m[0].length };
      break;
    }
    case '0': {
      const m = /^[0-7]{0,2}/.exec(rest)!;
      return { text: codeEscape(parseInt(`0${m[0]}`, 8), unicode, i), next: i + 2 + m[0].length };
    }
    case 'Q': {
      const end = src.indexOf('\\E', i + 2);
      const lit = src.slice(i + 2, end < 0 ? src.length : end);
      return { text: [...lit].map((c) => quoteLiteral(c, unicode)).join(''), next: end < 0 ? src.length : end + 2 };
    }
    case 'E': return { text: '', next: i + 2 }; // a stray \E is ignored by PCRE
    case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
      // PCRE: \1-\9 are back-references; three octal digits like \101 are a character.
      const m = /^[0-7]{2}/.exec(rest);
      if (e <= '3' && m) return { text: codeEscape(parseInt(e + m[0], 8), unicode, i), next: i + 4 };
      return simple(`\\${e}`);
    }
    case 'g': {
      const m = /^\{?(\d+)\}?/.exec(rest);
      if (m) return { text: `\\${m[1]}`, next: i + 2 + m[0].length };
      const n = /^\{([A-Za-z_]\w*)\}/.exec(rest);
      if (n) return { text: `\\k<${n[1]}>`, next: i + 2 + n[0].length };
      throw new RegexTranslationError('a relative back-reference \\g{-n} is not supported', i);
    }
    case 'k': {
      const m = /^(?:\{([A-Za-z_]\w*)\}|'([A-Za-z_]\w*)')/.exec(rest);
      if (m) return { text: `\\k<${m[1] ?? m[2]}>`, next: i + 2 + m[0].length };
      break;
    }
    case 'K': case 'G': case 'X': case 'C':
      throw new RegexTranslationError(`\\${e} is not supported (no JavaScript equivalent)`, i);
  }
  if (/[A-Za-z0-9]/.test(e)) return simple(`\\${e}`);
  // PCRE: a backslash before any other character makes it literal.
  const cp = src.codePointAt(i + 1)!;
  const width = cp > 0xffff ? 2 : 1;
  const ch = src.slice(i + 1, i + 1 + width);
  if (SYNTAX_CHARS.has(ch) || (inClass && ch === '-') || !unicode) return { text: `\\${ch}`, next: i + 1 + width };
  return { text: codeEscape(cp, true, i), next: i + 1 + width };
}

/** The JS RegExp for a PCRE `MATCHES` pattern; throws RegexTranslationError or SyntaxError. */
export function compileMatches(pcre: string, unicode: boolean): RegExp {
  const { source, flags } = translatePcre(unicode ? pcre.normalize('NFC') : pcre, unicode);
  return new RegExp(source, flags);
}

/** The anchored JS RegExp for a LIKE pattern: `%` is any run, `_` any one character. */
export function compileLike(like: string, unicode: boolean): RegExp {
  let out = '^';
  for (const ch of unicode ? like.normalize('NFC') : like) {
    if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += SYNTAX_CHARS.has(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`${out}$`, unicode ? 'su' : 's');
}
