import { create } from 'zustand';
import i18n, { isLanguage, type Language } from '../i18n';

const storageKey = 'kinko.lang';

/** savedLanguage is the language chosen on this PC, Japanese by default. */
export function savedLanguage(): Language {
  try {
    const v = localStorage.getItem(storageKey);
    if (isLanguage(v)) return v;
  } catch {
    // storage unavailable: use the default
  }
  return 'ja';
}

interface SettingsState {
  lang: Language;
  setLang: (lang: Language) => void;
}

/** useSettings holds the per-PC UI preferences. */
export const useSettings = create<SettingsState>((set) => ({
  lang: savedLanguage(),
  setLang: (lang) => {
    try {
      localStorage.setItem(storageKey, lang);
    } catch {
      // not fatal: the choice lasts for this session
    }
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
    set({ lang });
  },
}));
