import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** The instant as a local time in the plan's time zone. */
export function local(at: Date, tz: string): Dayjs {
  return dayjs(at).tz(tz);
}

/** A local wall-clock time ("2022-06-24 18:00") in tz, as an instant. */
export function atLocal(date: string, time: string, tz: string): Date {
  return dayjs.tz(`${date} ${time}`, tz).toDate();
}

/** "2022年6月24日(周五) 18:00": how every card shows a due date. */
export function formatDue(at: Date, tz: string): string {
  const d = local(at, tz);
  return `${d.format("YYYY年M月D日")}(${WEEKDAYS[d.day()]}) ${d.format("HH:mm")}`;
}

/** "6月24日 18:00": a short form for lists. */
export function formatShort(at: Date, tz: string): string {
  return local(at, tz).format("M月D日 HH:mm");
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, tz: string): string {
  return local(at, tz).format("YYYY-MM-DD");
}

/** Moves a Saturday or Sunday back to the Friday before (the office works Monday to Friday). */
export function backToWeekday(date: string): string {
  const d = dayjs(date);
  const dow = d.day();
  if (dow === 6) return d.subtract(1, "day").format("YYYY-MM-DD");
  if (dow === 0) return d.subtract(2, "day").format("YYYY-MM-DD");
  return date;
}

/** Adds whole calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return dayjs(date).add(days, "day").format("YYYY-MM-DD");
}

/** The last day of a month, YYYY-MM-DD. */
export function endOfMonth(year: number, month: number): string {
  return dayjs(`${year}-${String(month).padStart(2, "0")}-01`)
    .endOf("month")
    .format("YYYY-MM-DD");
}
