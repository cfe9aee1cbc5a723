export type Lang = 'ja' | 'en';

function normalise(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  return primary === 'ja' || primary === 'en' ? primary : null;
}

/**
 * The UI language: an explicit `?lang=` first, then the remembered choice, then the first
 * of the browser's preferred languages (navigator.languages) that the portal speaks;
 * English when none is Japanese or English.
 */
export function pickLanguage(query: string | null, stored: string | null, preferred: readonly string[]): Lang {
  const explicit = normalise(query) ?? normalise(stored);
  if (explicit) return explicit;
  for (const tag of preferred) {
    const lang = normalise(tag);
    if (lang) return lang;
  }
  return 'en';
}
