/**
 * Local time in the plan's time zone, with the Web-standard Intl API only (runs on Workers too): day
 * boundaries, local fields, and the ways dates and times are written. Offsets are cached per zone and UTC
 * hour, so a tick over many plans converts cheaply.
 */
import { addDays, formatDay, parseDay, weekday } from "./calendar";

export const DEFAULT_TZ = "Asia/Shanghai";

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const HOUR_MS = 3_600_000;

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * Zones whose offset has been fixed since a date: China has kept UTC+8 without daylight saving since 1992, so
 * its instants need no Intl (whose first use loads the time-zone data: a tenth of a second of each short
 * `duban tick` process). Earlier instants, and every other zone, go through Intl.
 */
const FIXED_ZONES: ReadonlyMap<string, { sinceMs: number; offsetMs: number }> = new Map(
  ["Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"].map((tz) => [
    tz,
    { sinceMs: Date.UTC(1992, 0, 1), offsetMs: 8 * HOUR_MS },
  ]),
);

/** True when `tz` is a zone this module knows without asking Intl. */
export function isFixedZone(tz: string): boolean {
  return FIXED_ZONES.has(tz);
}

/** The zone's offset from UTC (ms, local − UTC) at an instant. */
export function zoneOffsetMs(tz: string, ms: number): number {
  const fixed = FIXED_ZONES.get(tz);
  if (fixed && ms >= fixed.sinceMs) return fixed.offsetMs;
  const bucket = `${tz}|${Math.floor(ms / HOUR_MS)}`;
  const cached = offsets.get(bucket);
  if (cached !== undefined) return cached;
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const offset = local - (ms - (ms % 1000));
  if (offsets.size > 20_000) offsets.clear();
  offsets.set(bucket, offset);
  return offset;
}

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  day: string;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localTime(instant: Date, tz: string): LocalTime {
  const ms = instant.getTime();
  const local = new Date(ms + zoneOffsetMs(tz, ms));
  return {
    day: formatDay(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

export function localDay(instant: Date, tz: string): string {
  return localTime(instant, tz).day;
}

/** "HH:MM" → minutes since midnight. */
export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

/** The instant at which the local clock in `tz` shows `day` `hhmm`. */
export function zonedInstant(day: string, hhmm: string, tz: string): Date {
  const { y, m, d } = parseDay(day);
  const minutes = hhmmToMinutes(hhmm);
  const guess = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  let t = guess - zoneOffsetMs(tz, guess);
  const second = zoneOffsetMs(tz, t);
  if (guess - second !== t) t = guess - second;
  return new Date(t);
}

const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

/** "6月24日（星期五）18:00": how a due date is shown to people (公文 usage: full-width brackets, 星期X). */
export function formatLocal(instant: Date, tz: string): string {
  const ms = instant.getTime();
  const local = new Date(ms + zoneOffsetMs(tz, ms));
  const hh = String(local.getUTCHours()).padStart(2, "0");
  const mm = String(local.getUTCMinutes()).padStart(2, "0");
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日（${WEEKDAYS[local.getUTCDay()]}）${hh}:${mm}`;
}

/** "2022年6月24日（星期五）18:00": how every card shows a due date. */
export function formatDue(at: Date, tz: string): string {
  return `${localDay(at, tz).slice(0, 4)}年${formatLocal(at, tz)}`;
}

/** "6月24日 18:00": a short form for lists. */
export function formatShort(at: Date, tz: string): string {
  return formatLocal(at, tz).replace(/（.+）/, " ");
}

/** The instant a local date (YYYY-MM-DD) starts in `tz`. */
export function localDayStart(date: string, tz = DEFAULT_TZ): Date {
  return zonedInstant(date, "00:00", tz);
}

/** The instant after a local date ends (the next day's start). */
export function localDayEnd(date: string, tz = DEFAULT_TZ): Date {
  return zonedInstant(addDays(date, 1), "00:00", tz);
}

/** Local calendar fields of an instant in `tz`. */
export function localParts(
  d: Date,
  tz = DEFAULT_TZ,
): { y: number; m: number; d: number; hh: string; mm: string } {
  const ms = d.getTime();
  const local = new Date(ms + zoneOffsetMs(tz, ms));
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    hh: String(local.getUTCHours()).padStart(2, "0"),
    mm: String(local.getUTCMinutes()).padStart(2, "0"),
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

/** "2023-06-30" → "2023年6月30日（星期五）": a date without a time, as notices write it. */
export function cnDayWithWeekday(day: string): string {
  return `${cnDateOf(day)}（${WEEKDAYS[weekday(day)]}）`;
}
