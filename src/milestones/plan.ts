import type { Calendar } from "../domain/calendar";
import { workdaysSetting } from "../domain/plan-settings";

/**
 * The office's own milestones (节点 with no unit submission: 专题汇报, the November inspection, 满意度测评), pure:
 * which reminders are due on a day. A reminder goes out from N working days before the due date (default 5),
 * again on the due day, and once when the date passed unmarked; each has its own key, so a tick that runs
 * twice, or late, sends each once.
 */

export const DEFAULT_LEAD_DAYS = 5;

export interface OfficeMilestone {
  id: number;
  text: string;
  /** Local date YYYY-MM-DD. */
  due: string;
  done: boolean;
}

export type ReminderKind = "ahead" | "due" | "missed";

export interface MilestoneReminder {
  milestone: OfficeMilestone;
  kind: ReminderKind;
  /** Outbox key stem, unique per milestone and kind. */
  key: string;
}

export function milestoneReminders(
  milestones: readonly OfficeMilestone[],
  today: string,
  calendar: Calendar,
  leadDays = DEFAULT_LEAD_DAYS,
): MilestoneReminder[] {
  const out: MilestoneReminder[] = [];
  for (const m of milestones) {
    if (m.done) continue;
    const dueDay = calendar.onOrBefore(m.due);
    const from = calendar.shiftWorkdays(dueDay, -leadDays);
    const kind: ReminderKind | undefined =
      today > m.due ? "missed" : today >= dueDay ? "due" : today >= from ? "ahead" : undefined;
    if (kind) out.push({ milestone: m, kind, key: `milestone:${m.id}:${kind}` });
  }
  return out;
}

/** The plan's setting (plans.settings.milestoneLeadDays), else the default. */
export function leadDaysOf(settings: unknown): number {
  return workdaysSetting(settings, "milestoneLeadDays", DEFAULT_LEAD_DAYS);
}

/** Where a milestone stands on a day, for /status and /milestone. */
export function milestoneState(m: OfficeMilestone, today: string): "done" | "missed" | "upcoming" {
  if (m.done) return "done";
  return today > m.due ? "missed" : "upcoming";
}
