// i18next with Simplified Chinese as the default and English; the choice is remembered.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('sophon.lang') : null;
const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: fromUrl ?? saved ?? 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes
});

export function setLanguage(code: string): void {
  localStorage.setItem('sophon.lang', code);
  void i18n.changeLanguage(code);
  document.documentElement.lang = code;
}

export default i18n;
