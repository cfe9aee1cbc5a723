import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import type { Lang } from '../i18n/pick';

const LANGS: { lang: Lang; label: string }[] = [
  { lang: 'ja', label: '日本語' },
  { lang: 'en', label: 'English' },
];

/** 日本語 | English, on every page. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('header.language')} data-testid="language-switch">
      {LANGS.map(({ lang, label }) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          className={i18n.language === lang ? 'active' : ''}
          aria-pressed={i18n.language === lang}
          onClick={() => setLanguage(lang)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
