import { type CalendarData, createCalendar } from "../domain/calendar";
import { localDay, localTime, zonedInstant } from "../domain/time";
import type { OutMessage } from "../kernel/messages";
import { enqueuePlanned } from "../outbox/items";
import type { Outbox, PlannedSend } from "../outbox/ports";
import { jittered } from "../schedule/domain/jitter";
import { parseScheduleSettings } from "../schedule/domain/settings";
import { isWorkingTime } from "../schedule/domain/working-time";
import { liaisonCard, liaisonSummary, officeCard, officeSummary } from "./messages";
import { type DeadlineReminder, type DeadlineTask, deadlineLeadDaysOf, deadlineReminders } from "./plan";
import type { DeadlinePlan, DeadlineStore } from "./ports";
import { readDeadlines } from "./read";

/**
 * The scheduler's step for task deadlines (完成时限): on a working day, from the ladder's reminder time (09:30)
 * and inside working hours, each lead unit's liaison gets one direct message listing the tasks whose deadline
 * is near, today or passed, and the office members one listing the passed ones with units not done. Keys are
 * per plan, day and person, so a tick that runs twice, or late the same day, sends each once; a day the tick
 * never ran in working hours is not caught up later, as with the nudge ladder. The work group hears nothing.
 */

export interface DeadlineDeps {
  store: DeadlineStore;
  outbox: Outbox;
  calendar: () => CalendarData;
  /** DUBAN_ADMINS: the office of a plan without office members. */
  admins: readonly string[];
}

export function createDeadlineReminders(deps: DeadlineDeps) {
  const { store } = deps;

  async function forPlan(
    plan: DeadlinePlan,
    now: Date,
    overrides: Map<string, boolean>,
  ): Promise<PlannedSend[]> {
    const parsed = parseScheduleSettings(plan.settings);
    if (!parsed.ok || !parsed.settings.enabled) return [];
    const { settings } = parsed;
    const tz = plan.timezone;
    const calendar = createCalendar(deps.calendar(), overrides);
    if (!isWorkingTime(settings, calendar, tz, now)) return [];
    const lt = localTime(now, tz);
    const stepAt = zonedInstant(lt.day, settings.ladder.remind.time, tz);
    if (now < stepAt) return [];

    const rows = await store.tasks(plan.id);
    if (rows.length === 0) return [];
    const tasks: DeadlineTask[] = rows.map((t) => ({
      id: t.id,
      code: t.code,
      text: t.text,
      deadlines: readDeadlines(t.deadlines),
      unitIds: t.leads.length > 0 ? t.leads : t.responsible,
    }));
    const on = {
      tasks,
      today: lt.day,
      calendar,
      span: plan.span,
      leadDays: deadlineLeadDaysOf(plan.settings),
    };
    // Most days no deadline falls near: the reports are read only when one does.
    if (deadlineReminders({ ...on, reports: [] }).length === 0) return [];
    const reports = (await store.latestReports(plan.id)).map((r) => ({
      taskId: r.taskId,
      unitId: r.unitId,
      day: localDay(r.at, tz),
      complete: r.complete,
    }));
    const due = deadlineReminders({ ...on, reports });
    if (due.length === 0) return [];

    const names = await store.unitNames(plan.id);
    const nameOf = (unitId: number) => names.get(unitId) ?? `单位#${unitId}`;
    // One person answers for a unit: its liaison, else its first deputy (as the nudge ladder does).
    const contactOf = new Map<number, string>();
    for (const c of await store.contacts(plan.id))
      if (c.role === "liaison" || !contactOf.has(c.unitId)) contactOf.set(c.unitId, c.openId);
    const byPerson = new Map<string, Map<number, DeadlineReminder[]>>();
    for (const r of due) {
      const openId = contactOf.get(r.unitId);
      if (!openId) continue;
      const units = byPerson.get(openId) ?? new Map<number, DeadlineReminder[]>();
      units.set(r.unitId, [...(units.get(r.unitId) ?? []), r]);
      byPerson.set(openId, units);
    }
    const items: PlannedSend[] = [];
    const send = (key: string, openId: string, message: OutMessage, text: string) => {
      const at = jittered(stepAt, key, settings.jitter, tz);
      if (now < at) return;
      // A plan that sets a grace window has late reminders skipped past it, as its nudges are.
      const grace = settings.graceMinutes;
      if (grace !== null && now.getTime() - at.getTime() > grace * 60_000) return;
      items.push({
        item: {
          kind: "send",
          key,
          purpose: "deadline",
          planId: plan.id,
          to: { openId },
          message,
          notBefore: at,
        },
        text,
        timezone: tz,
      });
    };
    for (const [openId, units] of byPerson) {
      const byUnit = [...units].map(([unitId, reminders]) => ({ unitName: nameOf(unitId), reminders }));
      const card = liaisonCard(plan.title, byUnit);
      send(`deadline:${plan.id}:${lt.day}:${openId}`, openId, { type: "card", card }, liaisonSummary(byUnit));
    }
    const missed = due
      .filter((r) => r.kind === "missed")
      .map((reminder) => ({ reminder, unitName: nameOf(reminder.unitId) }));
    if (missed.length > 0) {
      const office = await store.officeMembers(plan.id);
      const card = officeCard(plan.title, missed);
      for (const openId of office.length > 0 ? office : deps.admins)
        send(
          `deadline:${plan.id}:${lt.day}:office:${openId}`,
          openId,
          { type: "card", card },
          officeSummary(missed),
        );
    }
    return items;
  }

  /** Today's deadline reminders of every plan. */
  async function preview(now: Date): Promise<PlannedSend[]> {
    const overrides = await store.calendarOverrides();
    const out: PlannedSend[] = [];
    for (const plan of await store.plans()) out.push(...(await forPlan(plan, now, overrides)));
    return out;
  }

  return {
    preview,
    /** The tick's step: enqueue today's deadline reminders of every plan; returns how many rows were new. */
    async remind(now: Date): Promise<number> {
      return enqueuePlanned(deps.outbox, await preview(now));
    },
  };
}
