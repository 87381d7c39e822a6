import { type CalendarData, createCalendar } from "../domain/calendar";
import { planShortName } from "../domain/plan-names";
import { cnDateOf, localDay, localParts } from "../domain/time";
import { type CardRef, joinRich, md, officeRecipients, type RichText } from "../kernel/messages";
import type { AuditStore } from "../members/ports";
import { enqueuePlanned } from "../outbox/items";
import type { Outbox, PlannedSend } from "../outbox/ports";
import { planSendsAt } from "../schedule/domain/working-time";
import {
  leadDaysOf,
  milestoneReminders,
  milestoneState,
  type OfficeMilestone,
  type ReminderKind,
} from "./plan";
import type { MilestoneStore } from "./ports";

/**
 * The office's own milestones: reminded to the office by the scheduler's tick in working time, marked done by
 * the office with a note and an attachment link, shown (red when missed) in /status and /milestone.
 */

export interface MilestoneDeps {
  store: MilestoneStore;
  audit: AuditStore;
  outbox: Outbox;
  /** DUBAN_TIMEZONE: the day of /milestone and /status; the tick reads each plan's own time zone. */
  timezone: string;
  calendar: () => CalendarData;
  /** DUBAN_ADMINS: the office of a plan with neither an office chat nor office members. */
  admins: readonly string[];
}

const lit = (s: string): RichText => ({ rich: [s] });
const heading: Record<ReminderKind, string> = {
  ahead: "节点提醒",
  due: "节点今日到期",
  missed: "节点已逾期",
};

export function createMilestoneService(deps: MilestoneDeps) {
  const { store } = deps;
  const today = (now: Date) => {
    const l = localParts(now, deps.timezone);
    return `${l.y}-${String(l.m).padStart(2, "0")}-${String(l.d).padStart(2, "0")}`;
  };
  const asOffice = (rows: Awaited<ReturnType<MilestoneStore["officeMilestones"]>>): OfficeMilestone[] =>
    rows.map((r) => ({ id: r.id, text: r.text, due: r.due, done: r.doneOn !== null }));

  function line(
    r: Awaited<ReturnType<MilestoneStore["officeMilestones"]>>[number],
    i: number,
    day: string,
  ): RichText {
    const state = milestoneState({ id: r.id, text: r.text, due: r.due, done: r.doneOn !== null }, day);
    const tag =
      state === "done"
        ? `<font color='green'>已完成（${cnDateOf(r.doneOn ?? r.due)}）</font>`
        : state === "missed"
          ? "<font color='red'>已逾期</font>"
          : "<font color='grey'>未到期</font>";
    const note = r.note ? md` · ${r.note}` : lit("");
    const link = r.attachmentUrl ? md` · 附件：${r.attachmentUrl}` : lit("");
    return md`${lit(`${i + 1}. `)}${r.text}${lit(` · ${cnDateOf(r.due)}前 · ${tag}`)}${note}${link}`;
  }

  /**
   * The reminders due today for every plan in its working time (its own time zone; nothing from a plan whose
   * schedule is disabled), each to the office: its own chat (not a work group), else its members, else
   * DUBAN_ADMINS. Outside working time nothing is due; the keys do not name the day, so the next tick in
   * working time sends what is still due, once.
   */
  async function preview(now: Date): Promise<PlannedSend[]> {
    const calendar = createCalendar(deps.calendar(), await store.calendarOverrides());
    const out: PlannedSend[] = [];
    for (const plan of await store.plans()) {
      if (!planSendsAt(plan.settings, calendar, plan.timezone, now)) continue;
      const day = localDay(now, plan.timezone);
      const rows = await store.officeMilestones(plan.id);
      const due = milestoneReminders(asOffice(rows), day, calendar, leadDaysOf(plan.settings));
      if (due.length === 0) continue;
      const office = await store.office(plan.id);
      const to = officeRecipients(office, deps.admins);
      for (const r of due) {
        const card: CardRef = {
          template: "notice",
          data: {
            title: `${heading[r.kind]} · ${planShortName(plan.title)}`,
            color: r.kind === "missed" ? "red" : r.kind === "due" ? "orange" : "blue",
            body: md`领导小组办公室：\n「${r.milestone.text}」应于${lit(cnDateOf(r.milestone.due))}前完成${lit(
              r.kind === "missed" ? "，目前已逾期，尚未办结。" : "，请做好安排。",
            )}`,
            note: lit("办结后发送 /milestone done 序号 说明 [附件链接] 标记完成。"),
          },
        };
        for (const recipient of to)
          out.push({
            item: {
              kind: "send",
              key: `${r.key}:${"chatId" in recipient ? recipient.chatId : recipient.openId}`,
              purpose: "milestone",
              planId: plan.id,
              to: recipient,
              message: { type: "card", card },
            },
            text: `${heading[r.kind]} 「${r.milestone.text}」${cnDateOf(r.milestone.due)}前`,
            timezone: plan.timezone,
          });
      }
    }
    return out;
  }

  return {
    preview,

    /** The scheduler's step: enqueue the reminders due today for every plan; returns how many rows were new. */
    async remind(now: Date): Promise<number> {
      return enqueuePlanned(deps.outbox, await preview(now));
    },

    async statusSection(planId: string, now: Date): Promise<RichText | undefined> {
      const rows = await store.officeMilestones(planId);
      if (rows.length === 0) return undefined;
      const day = today(now);
      return joinRich([lit("**办公室节点**"), ...rows.map((r, i) => line(r, i, day))], "\n");
    },

    async list(planId: string, now: Date): Promise<CardRef> {
      const rows = await store.officeMilestones(planId);
      const day = today(now);
      const missed = rows.filter(
        (r) => milestoneState({ ...r, done: r.doneOn !== null }, day) === "missed",
      ).length;
      return {
        template: "notice",
        data: {
          title: `办公室节点 · ${rows.length}项`,
          color: missed > 0 ? "red" : "blue",
          body:
            rows.length > 0
              ? joinRich(
                  rows.map((r, i) => line(r, i, day)),
                  "\n",
                )
              : lit("本方案没有办公室节点。"),
          note: lit("标记完成：/milestone done 序号 说明 [附件链接]"),
        },
      };
    },

    async mark(planId: string, no: number, note: string, url: string | undefined, actor: string, now: Date) {
      const rows = await store.officeMilestones(planId);
      const m = rows[no - 1];
      if (!m) return { ok: false as const, text: `节点序号应为 1 至 ${rows.length}。` };
      const doneOn = today(now);
      await store.mark({
        milestoneId: m.id,
        doneOn,
        note,
        attachmentUrl: url ?? null,
        markedBy: actor,
        markedAt: now,
      });
      await deps.audit.record({
        planId,
        actor,
        action: "milestone.done",
        subject: `milestone:${m.id}`,
        before: m.doneOn ? { doneOn: m.doneOn, note: m.note } : null,
        after: { doneOn, note, attachmentUrl: url ?? null },
        at: now,
      });
      return { ok: true as const, text: `已标记「${m.text}」完成（${cnDateOf(doneOn)}）。` };
    },
  };
}

export type MilestoneService = ReturnType<typeof createMilestoneService>;
