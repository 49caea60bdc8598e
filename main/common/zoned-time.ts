// Wall-clock time in a named time zone (the terminal's: Asia/Shanghai by default), through Intl's
// IANA data: what the screens, receipts, CSV exports and the compare API's zoneless times use. Pure
// functions, shared by the server and the screens.

const formats = new Map<string, Intl.DateTimeFormat>();
function dtf(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(tz, f);
  }
  return f;
}

export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** UTC+08:00 */
  zone: string;
}

/** The wall clock in `tz` at `unixSeconds`, each part zero-padded. */
export function wallClock(unixSeconds: number, tz: string): WallClock {
  const p: Record<string, string> = {};
  for (const x of dtf(tz).formatToParts(new Date(Math.floor(unixSeconds) * 1000))) p[x.type] = x.value;
  const name = p.timeZoneName ?? 'GMT';
  return {
    year: p.year!,
    month: p.month!,
    day: p.day!,
    hour: p.hour!,
    minute: p.minute!,
    second: p.second!,
    zone: name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC'),
  };
}

/** 2026-12-01 16:30:46 (year first, 24-hour clock). */
export function localDateTime(unixSeconds: number, tz: string): string {
  const w = wallClock(unixSeconds, tz);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

/** 2026-12-01 */
export function localDate(unixSeconds: number, tz: string): string {
  const w = wallClock(unixSeconds, tz);
  return `${w.year}-${w.month}-${w.day}`;
}

/** Minutes east of UTC in `tz` at that instant. */
export function offsetMinutes(unixSeconds: number, tz: string): number {
  const m = /([+-])(\d{2}):(\d{2})/.exec(wallClock(unixSeconds, tz).zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * Unix seconds of a wall-clock time in `tz` (month 1–12; day, hour … may overflow, as Date.UTC
 * allows). The offset is taken at the first guess, then at the corrected instant, which is right
 * on both sides of a daylight-saving change; a time skipped by the change maps past it.
 */
export function zonedToUnix(tz: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, 0) / 1000 + second;
  const first = guess - offsetMinutes(guess, tz) * 60;
  return guess - offsetMinutes(first, tz) * 60;
}
