import type { Calendar } from "../../domain/calendar";
import { hhmmToMinutes, localTime } from "../../domain/time";
import { parseScheduleSettings, type ScheduleSettings } from "./settings";

/**
 * Working time, the one rule for every message the tick sends (rounds, nudges, task deadlines, the office's
 * milestones, 交办 reminders, refreshed overview cards): inside the plan's working hours (`workHours`,
 * 09:00–18:00) on a working day of the official calendar (chinese-days, 调休 and the office's overrides), in the
 * plan's own time zone. Nothing goes out otherwise: a work plan's officials are not messaged at night, on
 * weekends or on public holidays.
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
 * Whether the tick may send a plan's messages at `at`, read from its stored settings (plans.settings, the whole
 * jsonb) and its own time zone (plans.timezone), as the planner decides for rounds and nudges: a plan whose
 * schedule is disabled (`schedule.enabled: false`), or whose settings do not parse (the planner warns and pauses
 * it), hears nothing from the tick; any other only in its working time.
 */
export function planSendsAt(planSettings: unknown, cal: Calendar, tz: string, at: Date): boolean {
  const parsed = parseScheduleSettings(planSettings);
  return parsed.ok && parsed.settings.enabled && isWorkingTime(parsed.settings, cal, tz, at);
}
