import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Local time in the plan's timezone: day boundaries and the ways dates are written. */

export const DEFAULT_TZ = "Asia/Shanghai";

/** The instant a local date (YYYY-MM-DD) starts in `tz`. */
export function localDayStart(date: string, tz = DEFAULT_TZ): Date {
  return dayjs.tz(`${date} 00:00:00`, tz).toDate();
}

/** The instant after a local date ends (the next day's start). */
export function localDayEnd(date: string, tz = DEFAULT_TZ): Date {
  return dayjs.tz(`${date} 00:00:00`, tz).add(1, "day").toDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local calendar fields of an instant in `tz` (a cached Intl formatter: dayjs-timezone is ~50× slower). */
export function localParts(
  d: Date,
  tz = DEFAULT_TZ,
): { y: number; m: number; d: number; hh: string; mm: string } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(d)) p[part.type] = part.value;
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    hh: p.hour ?? "00",
    mm: p.minute ?? "00",
  };
}

/** "2022年6月30日". */
export function formatCnDate(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  return `${l.y}年${l.m}月${l.d}日`;
}

/** "6月30日 18:00". */
export function formatShortTime(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  return `${l.m}月${l.d}日 ${l.hh}:${l.mm}`;
}

/** "2022-06-30 18:00" (export cells). */
export function formatIsoMinute(d: Date, tz = DEFAULT_TZ): string {
  const l = localParts(d, tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${l.y}-${pad(l.m)}-${pad(l.d)} ${l.hh}:${l.mm}`;
}

/** "2022-04-01" → "2022年4月1日". */
export function cnDateOf(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
