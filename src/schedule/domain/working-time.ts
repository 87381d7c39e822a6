import type { Calendar } from "../../domain/calendar";
import { hhmmToMinutes, localTime } from "../../domain/time";
import { defaultScheduleSettings, parseScheduleSettings, type ScheduleSettings } from "./settings";

/**
 * Working time, the one rule for every message the tick sends (rounds, nudges, task deadlines, the office's
 * milestones, 交办 reminders): inside the plan's working hours (`workHours`, 09:00–18:00) on a working day of
 * the official calendar (chinese-days, 调休 and the office's overrides). Nothing goes out otherwise: a work
 * plan's officials are not messaged at night, on weekends or on public holidays.
 */
export function isWorkingTime(settings: ScheduleSettings, cal: Calendar, tz: string, at: Date): boolean {
  const lt = localTime(at, tz);
  return (
    cal.isWorkday(lt.day) &&
    lt.minutes >= hhmmToMinutes(settings.workHours.start) &&
    lt.minutes < hhmmToMinutes(settings.workHours.end)
  );
}

/**
 * The same rule read from a plan's stored settings (plans.settings, the whole jsonb). Settings that do not
 * parse (the planner warns about them) count as the default working hours, never as "always".
 */
export function isPlanWorkingTime(planSettings: unknown, cal: Calendar, tz: string, at: Date): boolean {
  const parsed = parseScheduleSettings(planSettings);
  return isWorkingTime(parsed.ok ? parsed.settings : defaultScheduleSettings, cal, tz, at);
}
