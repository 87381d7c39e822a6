/**
 * The nudge ladder of a round, per unit and only while something is missing:
 *   (open)    the overview card, sent when the round opens (collection opening, not here);
 *   remind    N working days before the due day (default 3), 09:30, to the liaison directly;
 *   due       on the due day, 09:30, to the liaison directly;
 *   overdue   the first working day after it, 09:30: @ the liaison in the group, plus an urgent buzz;
 *   escalate  3 working days after it, 10:00: the list of overdue units to the office, and to each lead
 *             unit's liaison the units overdue on the tasks it leads.
 */
import type { Calendar } from "../../domain/calendar";
import { zonedInstant } from "../../domain/time";
import type { ScheduleSettings } from "./settings";
import type { LadderStep } from "./types";

export interface StepTime {
  step: LadderStep;
  /** Local day of the step (a working day). */
  day: string;
  /** The step's nominal instant; each message adds its own jitter. */
  at: Date;
}

export function ladderSteps(
  dueDay: string,
  settings: ScheduleSettings,
  cal: Calendar,
  tz: string,
): StepTime[] {
  const l = settings.ladder;
  const steps: StepTime[] = [];
  const add = (step: LadderStep, day: string, time: string) =>
    steps.push({ step, day, at: zonedInstant(day, time, tz) });
  if (l.remind.enabled) add("remind", cal.shiftWorkdays(dueDay, -l.remind.workdaysBefore), l.remind.time);
  if (l.due.enabled) add("due", dueDay, l.due.time);
  if (l.overdue.enabled) add("overdue", cal.shiftWorkdays(dueDay, l.overdue.workdaysAfter), l.overdue.time);
  if (l.escalate.enabled)
    add("escalate", cal.shiftWorkdays(dueDay, l.escalate.workdaysAfter), l.escalate.time);
  return steps;
}

export const STEP_LABEL: Record<LadderStep, string> = {
  remind: "报送提醒",
  due: "今日截止",
  overdue: "逾期未报",
  escalate: "逾期督办",
};
