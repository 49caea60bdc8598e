// A nationality as the foreigner's permanent residence card writes it (ISO 3166-1 alpha-3, e.g.
// USA; GB/T 2659 uses the same letters) or alpha-2, named in the UI language by Intl.DisplayNames
// (the browser's ICU data: 美国 / United States). The alpha-3 → alpha-2 table is i18n-iso-countries'.
import countries from 'i18n-iso-countries';

const cache = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, language: string): string | null {
  const c = code.trim().toUpperCase();
  const alpha2 = c.length === 3 ? countries.alpha3ToAlpha2(c) : c.length === 2 ? c : undefined;
  if (!alpha2) return null;
  const locale = language === 'en' ? 'en' : 'zh-CN';
  let names = cache.get(locale);
  if (!names) cache.set(locale, (names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })));
  try {
    return names.of(alpha2) ?? null;
  } catch {
    return null;
  }
}
