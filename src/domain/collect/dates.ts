import { addDays as addDay } from "../schedule/calendar";
import { formatLocal, localDay, zonedInstant } from "../schedule/time";

/**
 * How collect cards write and read local times: thin names over the schedule's Intl-only helpers
 * (src/domain/schedule/time.ts), so a due date is computed and shown the same way everywhere.
 */

/** A local wall-clock time ("2022-06-24", "18:00") in tz, as an instant. */
export function atLocal(date: string, time: string, tz: string): Date {
  return zonedInstant(date, time, tz);
}

/** "2022年6月24日(周五) 18:00": how every card shows a due date. */
export function formatDue(at: Date, tz: string): string {
  return `${localDay(at, tz).slice(0, 4)}年${formatLocal(at, tz)}`;
}

/** "6月24日 18:00": a short form for lists. */
export function formatShort(at: Date, tz: string): string {
  return formatLocal(at, tz).replace(/\(.+\)/, "");
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(at: Date, tz: string): string {
  return localDay(at, tz);
}

/** Adds whole calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return addDay(date, days);
}
