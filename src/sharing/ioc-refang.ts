/**
 * The first half of free-text IOC parsing (ioc-text.ts): a line is normalised (NFKC, so that
 * full-width `１．２．３．４` reads as `1.2.3.4`) and refanged (`hxxp`, `[.]`, `(dot)`, `[@]`,
 * `[:]`, …), while every character of the result remembers which characters of the line as
 * written it came from, so that a match can quote its `original` text exactly.
 */

/** Text with, per UTF-16 unit, the span [from, to) of the original line it stands for. */
export interface MappedText {
  text: string;
  from: number[];
  to: number[];
}

/** The original text behind `m.text.slice(start, end)`. */
export function originalOf(line: string, m: MappedText, start: number, end: number): string {
  return line.slice(m.from[start]!, m.to[end - 1]!);
}

/**
 * NFKC, character by character (ASCII as is), keeping the map. Characters whose NFKC form
 * differs (full-width forms, ideographic space, circled digits…) map back to themselves.
 */
export function normalise(line: string): MappedText {
  // eslint-disable-next-line no-control-regex -- a plain ASCII line needs no work
  if (/^[\x00-\x7f]*$/.test(line)) return { text: line, from: [...line].map((_, i) => i), to: [...line].map((_, i) => i + 1) };
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = line.slice(i, i + len);
    const n = cp < 0x80 ? ch : ch.normalize('NFKC');
    for (let k = 0; k < n.length; k++) {
      from.push(i);
      to.push(i + len);
    }
    text += n;
    i += len;
  }
  return { text, from, to };
}

/**
 * Replaces each match of the global `re` by what `fn` returns (null: leave it); every
 * replacement character maps to the whole span the match stood for.
 */
export function replaceMapped(m: MappedText, re: RegExp, fn: (match: RegExpExecArray, text: string) => string | null): MappedText {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let last = 0;
  const copy = (a: number, b: number) => {
    text += m.text.slice(a, b);
    for (let i = a; i < b; i++) {
      from.push(m.from[i]!);
      to.push(m.to[i]!);
    }
  };
  re.lastIndex = 0;
  for (let match = re.exec(m.text); match !== null; match = re.exec(m.text)) {
    if (match[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const rep = fn(match, m.text);
    if (rep === null) continue;
    const start = match.index;
    const end = start + match[0].length;
    copy(last, start);
    const f = m.from[start]!;
    const t = m.to[end - 1]!;
    text += rep;
    for (let k = 0; k < rep.length; k++) {
      from.push(f);
      to.push(t);
    }
    last = end;
  }
  if (last === 0) return m;
  copy(last, m.text.length);
  return { text, from, to };
}

/**
 * Top-level domains common enough that `evil . com` (a dot with spaces around, a defanging
 * some reports use) is read as a domain only when it ends in one of them: a prose sentence
 * such as "done . Then" must not become a domain.
 */
const SPACED_DOT_TLDS = new Set([
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'jp', 'cn', 'ru', 'kr', 'tw', 'hk', 'uk', 'de',
  'fr', 'nl', 'eu', 'us', 'in', 'br', 'au', 'ca', 'it', 'es', 'xyz', 'top', 'online', 'site',
  'club', 'shop', 'app', 'dev', 'cc', 'tk', 'me', 'su', 'ir', 'kp', 'vn', 'id', 'sg', 'th',
]);

const BRACKET_OPEN = '[\\[\\(\\{]';
const BRACKET_CLOSE = '[\\]\\)\\}]';

/** Defanged forms and what they stand for, applied in order. */
const REFANG: readonly [RegExp, (m: RegExpExecArray, text: string) => string | null][] = [
  // example\.com
  [/\\\./g, () => '.'],
  // example[.]com, example(.)com, example{.}com, example[dot]com, example (dot) com
  [new RegExp(`[ \\t]*${BRACKET_OPEN}[ \\t]*(?:\\.|dot)[ \\t]*${BRACKET_CLOSE}[ \\t]*`, 'gi'), () => '.'],
  // user[@]example.com, user (at) example.com, user [at] example.com
  [new RegExp(`[ \\t]*${BRACKET_OPEN}[ \\t]*(?:@|at)[ \\t]*${BRACKET_CLOSE}[ \\t]*`, 'gi'), () => '@'],
  // http[://]example.com
  [new RegExp(`${BRACKET_OPEN}:\\/\\/${BRACKET_CLOSE}`, 'g'), () => '://'],
  // http[:]//example.com, 2001[:]db8[:][:]1
  [new RegExp(`${BRACKET_OPEN}:${BRACKET_CLOSE}`, 'g'), () => ':'],
  // http://example.com[/]path
  [new RegExp(`${BRACKET_OPEN}\\/${BRACKET_CLOSE}`, 'g'), () => '/'],
  // hxxp://, hXXps://, h**p://, fxp://
  [/\bh(?:xx|\*\*)p(?=s?:\/\/)/gi, () => 'http'],
  [/\bfxp(?=:\/\/)/gi, () => 'ftp'],
  // evil . example . com (only before a common TLD, see SPACED_DOT_TLDS)
  [/(?<=[A-Za-z0-9-])[ \t]+\.[ \t]+(?=[A-Za-z0-9-])/g, (m, text) => {
    // a domain is at most 253 characters: look no further (and keep long lines linear)
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 300);
    const tail = /^(?:[A-Za-z0-9-]+[ \t]*\.[ \t]*)*([A-Za-z]{2,63})(?![A-Za-z0-9-])/.exec(rest);
    return tail && SPACED_DOT_TLDS.has(tail[1]!.toLowerCase()) ? '.' : null;
  }],
];

/** NFKC, then every defanged form refanged. */
export function refangLine(line: string): MappedText {
  let m = normalise(line);
  for (const [re, fn] of REFANG) m = replaceMapped(m, re, fn);
  return m;
}
