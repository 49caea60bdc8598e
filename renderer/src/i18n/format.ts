// Dates and numbers as the screens show them: through Intl, in the UI language and the terminal's
// time zone (a setting, Asia/Shanghai by default). One module, so that no screen formats by itself
// (Date#toLocaleString would give the browser's locale and zone: "12/1/2026, 4:30:46 PM"). The
// zone arithmetic is main/common/zoned-time.ts, shared with the server's exports.
import { useTranslation } from 'react-i18next';
import { localDate, localDateTime, offsetMinutes, wallClock, zonedToUnix as zonedToUnixIn } from '../../../main/common/zoned-time.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
let zone = DEFAULT_TIME_ZONE;

/** The terminal's time zone, from its settings (set once they are loaded; unknown names are ignored). */
export function setTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch {
    /* keep the previous zone */
  }
}
export const timeZone = (): string => zone;

/** 2026-12-01 16:30:46 — year first in both languages (never the US month/day order). */
export const formatDateTime = (unixSeconds: number, _locale?: string, tz = zone) => localDateTime(unixSeconds, tz);
/** 2026-12-01 */
export const formatDate = (unixSeconds: number, _locale?: string, tz = zone) => localDate(unixSeconds, tz);
/** The zone as an offset: UTC+08:00. */
export const formatZone = (unixSeconds: number, tz = zone) => wallClock(unixSeconds, tz).zone;
/** Minutes east of UTC of the zone at that instant (what the statistics API groups days by). */
export const zoneOffsetMinutes = (unixSeconds: number, tz = zone) => offsetMinutes(unixSeconds, tz);
/** Unix seconds of a wall-clock time in the terminal's zone (a day's start for a period filter). */
export const zonedToUnix = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, tz = zone) =>
  zonedToUnixIn(tz, year, month, day, hour, minute, second);

const numCache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = locale + JSON.stringify(opts);
  let f = numCache.get(k);
  if (!f) numCache.set(k, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

/** A count with the locale's grouping: 1,000,000. */
export const formatCount = (n: number, locale: string) => nf(locale, { maximumFractionDigits: 0 }).format(n);
/** A score or threshold, fixed digits: 0.731. */
export const formatScore = (n: number, locale: string, digits = 3) =>
  nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
/** A share 0..1 as a percentage: 97.5%. */
export const formatPercent = (share: number, locale: string, digits = 1) =>
  nf(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
/** A measure with at most `digits` decimals: 12.5. */
export const formatMeasure = (n: number, locale: string, digits = 1) =>
  nf(locale, { maximumFractionDigits: digits, useGrouping: false }).format(n);

/** The formatters bound to the current UI language and the terminal's zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return {
    locale,
    dateTime: (s: number) => formatDateTime(s, locale),
    date: (s: number) => formatDate(s, locale),
    zone: (s: number) => formatZone(s),
    count: (n: number) => formatCount(n, locale),
    score: (n: number, digits?: number) => formatScore(n, locale, digits),
    percent: (n: number, digits?: number) => formatPercent(n, locale, digits),
    measure: (n: number, digits?: number) => formatMeasure(n, locale, digits),
  };
}
