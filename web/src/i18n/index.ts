import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';
import postureEn from './posture.en.json';
import postureJa from './posture.ja.json';
import deskEn from './desk.en.json';
import deskJa from './desk.ja.json';
import { pickLanguage, type Lang } from './pick';

const STORAGE_KEY = 'kyojo.lang';

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language at start: `?lang=`, else the remembered choice, else navigator.languages. */
export function initialLanguage(): Lang {
  const query = new URLSearchParams(window.location.search).get('lang');
  return pickLanguage(query, storedLanguage(), navigator.languages ?? [navigator.language]);
}

function applyToDocument(lang: string): void {
  document.documentElement.lang = lang;
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: { ...en, ...postureEn, ...deskEn } }, ja: { translation: { ...ja, ...postureJa, ...deskJa } } },
    lng,
    fallbackLng: 'en',
    supportedLngs: ['ja', 'en'],
    interpolation: { escapeValue: false }, // React escapes; nothing is ever set as HTML
    returnNull: false,
  });
  applyToDocument(lng);
  i18next.on('languageChanged', applyToDocument);
  return i18next;
}

/**
 * Switches the UI language. The preference is not a secret, so it is remembered in
 * localStorage (nothing else the portal handles is stored there).
 */
export function setLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  void i18next.changeLanguage(lang);
}
