/**
 * A small text extractor for the PDFs headless Chromium (Skia) writes, so the tests can read
 * what a board report PDF says without pdftotext (not installed here) or a new dependency.
 * It handles what Skia emits: uncompressed object syntax, FlateDecode streams, Type0 fonts
 * (2-byte codes) and Type3 fonts (1-byte codes) each with a ToUnicode CMap, and text shown by
 * Tj / TJ under Tf. Not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

interface Obj { dict: string; stream: Buffer | null }

function objects(pdf: Buffer): Map<number, Obj> {
  const text = pdf.toString('latin1');
  const out = new Map<number, Obj>();
  const re = /(\d+) 0 obj([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const s = /stream\r?\n/.exec(body);
    let stream: Buffer | null = null;
    let dict = body;
    if (s) {
      dict = body.slice(0, s.index);
      const start = m.index + m[0].indexOf(body) + s.index + s[0].length;
      const len = Number(/\/Length (\d+)/.exec(dict)?.[1] ?? '0');
      const raw = pdf.subarray(start, start + len);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

function cmapOf(cmap: string): { width: number; map: Map<number, string> } {
  const map = new Map<number, string>();
  const space = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap);
  const width = space ? space[1]!.length / 2 : 2;
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1]!, 16), hex(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const base = parseInt(m[3]!, 16);
      for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(base + c - lo));
    }
  }
  return { width, map };
}

/** The text of every page, in content order; text runs within a line are concatenated. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const pages: string[] = [];
  for (const [, o] of objs) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const fonts = new Map<string, { width: number; map: Map<number, string> }>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1] ?? '';
    for (const m of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objs.get(Number(m[2]));
      const tu = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const cm = tu && objs.get(Number(tu[1]))?.stream;
      if (cm) fonts.set(m[1]!, cmapOf(cm.toString('latin1')));
    }
    const contentRefs = [.../\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(o.dict)?.[1]?.matchAll(/(\d+) 0 R/g) ?? []];
    let text = '';
    for (const ref of contentRefs) {
      const content = objs.get(Number(ref[1]))?.stream?.toString('latin1') ?? '';
      let font: { width: number; map: Map<number, string> } | undefined;
      const tokens = /\/(\w+) [\d.]+ Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\(((?:[^)\\]|\\.)*)\)\s*Tj|\bET\b|\bT\*|\bTd\b|\bTD\b/g;
      const decodeHex = (h: string) => {
        if (!font) return '';
        let s = '';
        for (let i = 0; i + font.width * 2 <= h.length; i += font.width * 2) s += font.map.get(parseInt(h.slice(i, i + font.width * 2), 16)) ?? '';
        return s;
      };
      for (const m of content.matchAll(tokens)) {
        if (m[1]) font = fonts.get(m[1]);
        else if (m[2] !== undefined) for (const part of m[2].matchAll(/<([0-9A-Fa-f]*)>|\(((?:[^)\\]|\\.)*)\)/g)) text += part[1] !== undefined ? decodeHex(part[1]) : part[2] ?? '';
        else if (m[3] !== undefined) text += decodeHex(m[3]);
        else if (m[4] !== undefined) text += m[4];
        else if (m[0] === 'ET') text += '\n';
      }
    }
    pages.push(text);
  }
  return pages.join('\n\f');
}

/**
 * The text without any whitespace, NFKC-normalised, for checks that do not depend on how lines
 * were broken: CJK fonts map some glyphs to Kangxi radicals (⼭ for 山) and Latin fonts to
 * ligatures (ﬁ), which NFKC folds back.
 */
export const squeezed = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');
