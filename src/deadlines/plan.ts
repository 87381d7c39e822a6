import type { Calendar } from "../domain/calendar";
import { workdaysSetting } from "../domain/plan-settings";
import type { PlanSpan } from "../domain/plan-span";
import { occurrences, type TaskDeadline } from "./read";

/**
 * Task deadlines (完成时限), pure: which reminders are due on a day. Each occurrence of a task's deadline (its
 * date, or each day a recurring one falls on inside the plan) is reminded to its lead units N working days
 * ahead, on the day (the working day on or before it), and once on the first working day after it. A unit that
 * reported on the task after the previous occurrence (any report, for the first), or marked it 已完成, is never
 * reminded; ongoing work (长期坚持) never is. Each reminder falls on one day only, so a tick that runs twice, or
 * late the same day, finds the same ones; its key is unique per task, occurrence, unit and kind.
 */

export const DEFAULT_DEADLINE_LEAD_DAYS = 5;

export interface DeadlineTask {
  id: number;
  /** The plan's own numbering: 二.3. */
  code: string;
  text: string;
  deadlines: readonly TaskDeadline[];
  /** The units that answer for it (its lead units; its responsible ones when it names no lead). */
  unitIds: readonly number[];
}

export interface LatestReport {
  taskId: number;
  unitId: number;
  /** Local day of the latest report (YYYY-MM-DD). */
  day: string;
  /** The report says 已完成. */
  complete: boolean;
}

export type DeadlineReminderKind = "ahead" | "due" | "missed";

export interface DeadlineReminder {
  task: DeadlineTask;
  unitId: number;
  /** The date the deadline falls on (YYYY-MM-DD). */
  occurrence: string;
  kind: DeadlineReminderKind;
  /** Unique per task, occurrence, unit and kind. */
  key: string;
}

export interface DeadlineInput {
  tasks: readonly DeadlineTask[];
  reports: readonly LatestReport[];
  /** Local day (YYYY-MM-DD). */
  today: string;
  calendar: Calendar;
  span: PlanSpan | null;
  leadDays?: number;
}

/** The kind of reminder an occurrence has on `today`, if any. */
export function reminderKindOn(
  occurrence: string,
  today: string,
  calendar: Calendar,
  leadDays: number,
): DeadlineReminderKind | undefined {
  const dueDay = calendar.onOrBefore(occurrence);
  if (today === dueDay) return "due";
  if (leadDays > 0 && today === calendar.shiftWorkdays(dueDay, -leadDays)) return "ahead";
  if (today === calendar.shiftWorkdays(dueDay, 1)) return "missed";
  return undefined;
}

export function deadlineReminders(input: DeadlineInput): DeadlineReminder[] {
  const { today, calendar, span } = input;
  const leadDays = input.leadDays ?? DEFAULT_DEADLINE_LEAD_DAYS;
  const latest = new Map<string, LatestReport>();
  for (const r of input.reports) latest.set(`${r.taskId}:${r.unitId}`, r);
  const out: DeadlineReminder[] = [];
  for (const task of input.tasks) {
    const days = [...new Set(task.deadlines.flatMap((d) => occurrences(d, span)))].sort();
    days.forEach((occurrence, i) => {
      const kind = reminderKindOn(occurrence, today, calendar, leadDays);
      if (!kind) return;
      const previous = days[i - 1];
      for (const unitId of new Set(task.unitIds)) {
        const report = latest.get(`${task.id}:${unitId}`);
        if (report && (report.complete || previous === undefined || report.day > previous)) continue;
        out.push({
          task,
          unitId,
          occurrence,
          kind,
          key: `deadline:${task.id}:${occurrence}:${unitId}:${kind}`,
        });
      }
    });
  }
  return out;
}

/** The plan's setting (plans.settings.deadlineLeadDays), else the default. */
export function deadlineLeadDaysOf(settings: unknown): number {
  return workdaysSetting(settings, "deadlineLeadDays", DEFAULT_DEADLINE_LEAD_DAYS);
}
