/**
 * Local time in the plan's time zone, with the Web-standard Intl API only (runs on Workers too).
 * Offsets are cached per zone and UTC hour, so a tick over many plans converts cheaply.
 */
import { formatDay, parseDay } from "./calendar";

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

/** The zone's offset from UTC (ms, local − UTC) at an instant. */
export function zoneOffsetMs(tz: string, ms: number): number {
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

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** "6月24日(周五) 18:00": how a due date is shown to people. */
export function formatLocal(instant: Date, tz: string): string {
  const ms = instant.getTime();
  const local = new Date(ms + zoneOffsetMs(tz, ms));
  const hh = String(local.getUTCHours()).padStart(2, "0");
  const mm = String(local.getUTCMinutes()).padStart(2, "0");
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日(${WEEKDAYS[local.getUTCDay()]}) ${hh}:${mm}`;
}
