/**
 * The working-day calendar (工作日历): weekends off, public holidays off, 调休 weekend days on, and the
 * office's own overrides on top. Pure: the official data is passed in (see src/schedule/calendar-data.ts, which
 * reads the `chinese-days` package). Days are local calendar dates "YYYY-MM-DD".
 */

export interface CalendarData {
  /** Official days off (节假日), weekdays and weekends alike. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
  /** The years the data covers; outside them the calendar falls back to Monday–Friday and says so. */
  firstYear: number;
  lastYear: number;
}

export interface Calendar {
  isWorkday(day: string): boolean;
  /** The n-th working day after `day` (n > 0), before it (n < 0), or `day` itself (n = 0). */
  shiftWorkdays(day: string, n: number): string;
  /** `day` when it is a working day, otherwise the working day before it (a due date on a day off moves earlier). */
  onOrBefore(day: string): string;
  /** Years asked about that the data does not cover (weekday fallback was used). */
  readonly uncoveredYears: ReadonlySet<number>;
}

const DAY_MS = 86_400_000;
/** No real calendar has a year without working days; the bound only guards a pathological override set. */
const MAX_SCAN_DAYS = 400;

export function parseDay(day: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`not a date (YYYY-MM-DD): ${day}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

export function formatDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function dayToMs(day: string): number {
  const { y, m, d } = parseDay(day);
  return Date.UTC(y, m - 1, d);
}

function msToDay(ms: number): string {
  const t = new Date(ms);
  return formatDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(day: string, n: number): string {
  return msToDay(dayToMs(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(dayToMs(day)).getUTCDay();
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function createCalendar(
  data: CalendarData,
  overrides: ReadonlyMap<string, boolean> = new Map(),
): Calendar {
  const uncovered = new Set<number>();
  // A tick asks the same few days for every plan: answers are kept for the calendar's life (one tick).
  const known = new Map<string, boolean>();
  const shifted = new Map<string, string>();
  const isWorkday = (day: string): boolean => {
    let answer = known.get(day);
    if (answer === undefined) {
      answer = lookup(day);
      known.set(day, answer);
    }
    return answer;
  };
  const lookup = (day: string): boolean => {
    const override = overrides.get(day);
    if (override !== undefined) return override;
    const year = Number(day.slice(0, 4));
    if (year >= data.firstYear && year <= data.lastYear) {
      if (data.workdays.has(day)) return true;
      if (data.holidays.has(day)) return false;
    } else {
      uncovered.add(year);
    }
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  };
  const step = (day: string, dir: 1 | -1): string => {
    let d = day;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, dir);
      if (isWorkday(d)) return d;
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${day}`);
  };
  return {
    isWorkday,
    shiftWorkdays(day, n) {
      const key = `${day}|${n}`;
      let d = shifted.get(key);
      if (d !== undefined) return d;
      d = day;
      for (let i = 0; i < Math.abs(n); i++) d = step(d, n > 0 ? 1 : -1);
      shifted.set(key, d);
      return d;
    },
    onOrBefore(day) {
      return isWorkday(day) ? day : step(day, -1);
    },
    uncoveredYears: uncovered,
  };
}
