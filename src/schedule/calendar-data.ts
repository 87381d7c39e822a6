/**
 * The official Chinese working-day calendar from the `chinese-days` package (public holidays and 调休
 * working weekends as published by the State Council; the package is updated each year when the next
 * year's arrangement is announced). We read its published JSON once into sets: O(1) per day, and the
 * covered years are known, so the planner can warn (and fall back to Monday–Friday) beyond them.
 * Upgrade the package each December (`npm update chinese-days`) to get the new year's data.
 */
import days from "chinese-days/dist/chinese-days.json";
import type { CalendarData } from "../domain/calendar";

let cached: CalendarData | undefined;

export function chineseCalendarData(): CalendarData {
  if (cached) return cached;
  const source = days as { holidays: Record<string, string>; workdays: Record<string, string> };
  const holidays = new Set(Object.keys(source.holidays));
  const workdays = new Set(Object.keys(source.workdays));
  const years = [...holidays, ...workdays].map((d) => Number(d.slice(0, 4)));
  cached = { holidays, workdays, firstYear: Math.min(...years), lastYear: Math.max(...years) };
  return cached;
}
