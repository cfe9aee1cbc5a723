/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';
import postureEn from './posture.en.json';
import postureJa from './posture.ja.json';
import deskEn from './desk.en.json';
import deskJa from './desk.ja.json';
import { pickLanguage } from './pick';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// Area files are merged over the base ones (index.ts): checked as one, and they add keys, never replace.
const EN = { ...en, ...postureEn, ...deskEn };
const JA = { ...ja, ...postureJa, ...deskJa };

describe('UI strings', () => {
  const enKeys = keys(EN).sort();
  const jaKeys = keys(JA).sort();

  it('area files add top-level keys and never replace the base ones', () => {
    for (const area of [postureEn, postureJa, deskEn, deskJa]) expect(Object.keys(area).filter((k) => k in en)).toEqual([]);
    // nor one another's: a later spread would silently replace an earlier area's section
    expect(Object.keys(postureEn).filter((k) => k in deskEn)).toEqual([]);
  });

  it('Japanese and English have the same keys', () => {
    expect(jaKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !jaKeys.includes(k))).toEqual([]);
  });

  it('no string is empty', () => {
    const empty = (o: unknown, lang: string) => keys(o).filter((k) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) === '').map((k) => `${lang}:${k}`);
    expect([...empty(EN, 'en'), ...empty(JA, 'ja')]).toEqual([]);
  });

  it('every literal key the code uses exists (a plural key as key_one/key_other)', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.+-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const has = new Set(enKeys);
    const missing = [...used].filter((k) => !has.has(k) && !has.has(`${k}_other`));
    expect(missing).toEqual([]);
  });

  it('plural keys come in _one/_other pairs', () => {
    const plural = enKeys.filter((k) => /_(one|other)$/.test(k));
    for (const k of plural) {
      const base = k.replace(/_(one|other)$/, '');
      expect(enKeys).toContain(`${base}_one`);
      expect(enKeys).toContain(`${base}_other`);
    }
  });
});

describe('pickLanguage', () => {
  it('follows navigator.languages: Japanese when preferred', () => {
    expect(pickLanguage(null, null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(pickLanguage(null, null, ['en-US', 'ja'])).toBe('en');
    expect(pickLanguage(null, null, ['fr-FR', 'ja'])).toBe('ja');
    expect(pickLanguage(null, null, ['fr-FR'])).toBe('en');
    expect(pickLanguage(null, null, [])).toBe('en');
  });
  it('a ?lang= query wins, then the remembered choice', () => {
    expect(pickLanguage('en', 'ja', ['ja'])).toBe('en');
    expect(pickLanguage(null, 'en', ['ja'])).toBe('en');
    expect(pickLanguage('xx', 'ja', ['en'])).toBe('ja');
  });
});
