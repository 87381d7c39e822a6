import type { Calendar } from "../domain/calendar";
import { workdaysSetting } from "../domain/plan-settings";
import type { PlanSpan } from "../domain/plan-span";
import { occurrences, type TaskDeadline } from "./read";

/**
 * Task deadlines (完成时限), pure: which reminders are due on a day. Each occurrence of a task's deadline (its
 * date, or each day a recurring one falls on inside the plan) is reminded to its lead units N working days
 * ahead, on the day (the working day on or before it), and once on the first working day after it. A one-off
 * date (2023年6月底前完成) asks for the task to be finished: every unit whose latest report on it is not 已完成 is
 * reminded, whether or not it reported. A recurring one (每月, 每季度末) asks for the period's progress: a unit
 * that reported after the previous occurrence (any report, for the first), or marked the task 已完成, is not.
 * Ongoing work (长期坚持) never is. Each reminder falls on one day only, so a tick that runs twice, or late the
 * same day, finds the same ones; its key is unique per task, occurrence, unit and kind.
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

/**
 * What settles an occurrence for a unit: `completion` for a one-off date (its latest report says 已完成),
 * `report` for a recurring one (a report since the previous occurrence, or 已完成).
 */
export type DeadlineAwaits = "completion" | "report";

export interface DeadlineReminder {
  task: DeadlineTask;
  unitId: number;
  /** The date the deadline falls on (YYYY-MM-DD). */
  occurrence: string;
  kind: DeadlineReminderKind;
  awaits: DeadlineAwaits;
  /** The unit has reported on the task at all (a one-off date still chases a unit that is not finished). */
  reported: boolean;
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
    const awaitsOn = awaitsByDay(task.deadlines, span);
    const days = [...awaitsOn.keys()].sort();
    days.forEach((occurrence, i) => {
      const kind = reminderKindOn(occurrence, today, calendar, leadDays);
      if (!kind) return;
      const awaits = awaitsOn.get(occurrence) ?? "report";
      const previous = days[i - 1];
      for (const unitId of new Set(task.unitIds)) {
        const report = latest.get(`${task.id}:${unitId}`);
        if (settles(report, awaits, previous)) continue;
        out.push({
          task,
          unitId,
          occurrence,
          kind,
          awaits,
          reported: report !== undefined,
          key: `deadline:${task.id}:${occurrence}:${unitId}:${kind}`,
        });
      }
    });
  }
  return out;
}

/** Each day the task's deadlines fall on, and what it asks; a day a one-off date names asks for completion. */
function awaitsByDay(deadlines: readonly TaskDeadline[], span: PlanSpan | null): Map<string, DeadlineAwaits> {
  const out = new Map<string, DeadlineAwaits>();
  for (const d of deadlines)
    for (const day of occurrences(d, span))
      if (d.kind === "dated") out.set(day, "completion");
      else if (!out.has(day)) out.set(day, "report");
  return out;
}

/** Whether the unit's latest report settles the occurrence (`previous`: the occurrence before it, if any). */
function settles(
  report: Pick<LatestReport, "day" | "complete"> | undefined,
  awaits: DeadlineAwaits,
  previous: string | undefined,
): boolean {
  if (!report) return false;
  if (report.complete) return true;
  return awaits === "report" && (previous === undefined || report.day > previous);
}

/** The plan's setting (plans.settings.deadlineLeadDays), else the default. */
export function deadlineLeadDaysOf(settings: unknown): number {
  return workdaysSetting(settings, "deadlineLeadDays", DEFAULT_DEADLINE_LEAD_DAYS);
}
