// i18next with Simplified Chinese as the default and English. The language is one setting: the
// terminal's (Settings → 语言, applied once the settings are loaded after sign-in); the last one
// used is remembered for the sign-in screen, and `?lang=` overrides it (tests, support).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { adminEn, adminZh } from './admin.js';
import { counterEn, counterZh } from './counter.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
const isLanguage = (x: unknown): x is Language => LANGUAGES.some((l) => l.code === x);

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('sophon.lang') : null;
const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;
/** The language asked for in the address (`?lang=en`): it wins over the terminal's setting. */
export const urlLanguage: Language | null = isLanguage(fromUrl) ? fromUrl : null;

/** Keys a screen asked for that neither language has (the screen tests fail on any). */
export const missingKeys = new Set<string>();
declare global {
  interface Window {
    __i18nMissing?: string[];
  }
}

/** One language's strings: the base catalog with the admin and counter ones merged in (errors, audit actions, setting messages too). */
const catalog = (base: typeof zhCN, admin: typeof adminZh, counter: typeof counterZh) => ({
  ...base,
  ...admin,
  errors: { ...base.errors, ...admin.adminErrors },
  auditActions: { ...base.auditActions, ...admin.adminAuditActions, ...counter.counterAuditActions },
  ...counter,
  settingsInvalid: { ...admin.settingsInvalid, ...counter.counterSettingsInvalid },
});

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: catalog(zhCN, adminZh, counterZh) }, en: { translation: catalog(en, adminEn, counterEn) } },
  lng: urlLanguage ?? (isLanguage(saved) ? saved : 'zh-CN'),
  fallbackLng: false,
  interpolation: { escapeValue: false }, // React escapes
  saveMissing: true,
  missingKeyHandler: (_lngs, _ns, key) => {
    missingKeys.add(key);
    if (typeof window !== 'undefined') window.__i18nMissing = [...missingKeys];
  },
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

/** Shows the screens in `code` and remembers it for the next sign-in screen. */
export function setLanguage(code: string): void {
  if (!isLanguage(code)) return;
  localStorage.setItem('sophon.lang', code);
  void i18n.changeLanguage(code);
  document.documentElement.lang = code;
}

export default i18n;
