import type { Calendar } from "../domain/calendar";
import type { ItemView } from "./ports";

/**
 * Reminders of 交办 items, pure, on the same footing as reports' ladder: on the due day (the working day before
 * it when it is a day off) the units that have not answered are reminded; after it they get an overdue reminder
 * and the office is told (escalation). Each step has its own key (item, step, due date), never the day it is
 * sent, so a tick that runs twice, or late, sends each once, and an item answered in the meantime drops out.
 */

export type CoordStep = "due" | "overdue" | "escalate";

export interface CoordReminder {
  item: ItemView;
  step: CoordStep;
  /** The units still owing an answer. */
  unitIds: number[];
  /** Outbox key stem; the recipient is appended. */
  key: string;
}

export function coordReminders(
  items: readonly ItemView[],
  today: string,
  calendar: Calendar,
): CoordReminder[] {
  const out: CoordReminder[] = [];
  for (const item of items) {
    // Nothing is sent on a day off: a due date on one is reminded on the working day before it.
    if (item.state !== "assigned" || !item.due || today < calendar.onOrBefore(item.due)) continue;
    const unitIds = item.assignees.filter((a) => !a.answer).map((a) => a.unitId);
    if (unitIds.length === 0) continue;
    const steps: CoordStep[] = today <= item.due ? ["due"] : ["overdue", "escalate"];
    for (const step of steps) out.push({ item, step, unitIds, key: `coord:${item.id}:${step}:${item.due}` });
  }
  return out;
}

/** Items 交办 and past their due date with a unit still owing its answer (red in /status and the 通报). */
export const isOverdue = (item: ItemView, today: string) =>
  item.state === "assigned" && item.due !== null && today > item.due && item.assignees.some((a) => !a.answer);
