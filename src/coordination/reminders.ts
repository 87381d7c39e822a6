import { type CalendarData, createCalendar } from "../domain/calendar";
import { planShortName } from "../domain/plan-names";
import { cnDateOf, cnDayWithWeekday, localDay } from "../domain/time";
import { type CardRef, joinRich, md, officeRecipients, type RichText } from "../kernel/messages";
import { enqueuePlanned } from "../outbox/items";
import type { Outbox, PlannedSend } from "../outbox/ports";
import { planSendsAt } from "../schedule/domain/working-time";
import { answerCard, ITEM_WORD } from "./cards";
import { stateLabel } from "./items";
import { coordReminders, isOverdue } from "./overdue";
import type { CoordStore, ItemView } from "./ports";

/**
 * The scheduler's step for 交办 items (reminders to the units owing an answer, escalation to the office), sent in
 * working time only as every reminder of the tick, and the items' lines in /status.
 */

export interface CoordReminderDeps {
  store: CoordStore;
  outbox: Outbox;
  /** Plans the tick looks at: not archived; their time zone and settings decide when it may send. */
  plans(): Promise<Array<{ id: string; title: string; timezone: string; settings: unknown }>>;
  /** The office: its own chat (none when liaisons are in it: that is a work group), and its members. */
  office(planId: string): Promise<{ chatIds: string[]; openIds: string[] }>;
  /** The official working-day calendar, and the office's overrides of it. */
  calendar: () => CalendarData;
  calendarOverrides(): Promise<Map<string, boolean>>;
  /** DUBAN_ADMINS: the office of a plan with neither an office chat nor office members. */
  admins: readonly string[];
}

const lit = (s: string): RichText => ({ rich: [s] });
const MAX_STATUS_LINES = 10;

/** `today`: the day of /status (DUBAN_TIMEZONE); the tick reads each plan's day in its own time zone. */
export function createCoordReminders(deps: CoordReminderDeps, today: (now: Date) => string) {
  const { store } = deps;

  /** 今日到期, or 即将到期 on the working day before a due date that is a day off. */
  const dueHeading = (item: ItemView, day: string) =>
    (item.due ?? day) > day ? "交办事项即将到期" : "交办事项今日到期";

  function reminderCard(item: ItemView, unitId: number, day: string, overdue: boolean): CardRef {
    const c = answerCard(item, unitId, day);
    const due = item.due ?? day;
    return {
      ...c,
      data: {
        ...c.data,
        title: `${overdue ? "交办事项逾期提醒" : dueHeading(item, day)} · ${ITEM_WORD[item.kind]}第${item.id}号`,
        color: overdue ? "red" : "orange",
        note: lit(
          overdue
            ? `办理时限为${cnDateOf(due)}，现已逾期，请尽快提交办理情况。`
            : due > day
              ? `办理时限为${cnDayWithWeekday(due)}，请在时限前提交办理情况。`
              : "今日为办理时限，请提交办理情况。",
        ),
      },
    };
  }

  function escalationCard(item: ItemView, owing: string[], planTitle: string): CardRef {
    return {
      template: "notice",
      data: {
        title: `交办事项逾期 · ${planShortName(planTitle)}`,
        color: "red",
        body: md`领导小组办公室：\n${lit(`${ITEM_WORD[item.kind]}第${item.id}号`)}「${item.text}」${lit(
          `办理时限为${cnDateOf(item.due ?? "")}，`,
        )}${joinRich(
          owing.map((n) => md`${n}`),
          "、",
        )}尚未答复。`,
        note: lit("查看和督促：/coord"),
      },
    };
  }

  /**
   * The 交办 reminders due now for every plan: none outside its working time (its own time zone), none from a
   * plan whose schedule is disabled. The keys do not name the day, so the next tick in working time sends what
   * is still due, once.
   */
  async function preview(now: Date): Promise<PlannedSend[]> {
    const calendar = createCalendar(deps.calendar(), await deps.calendarOverrides());
    const out: PlannedSend[] = [];
    for (const plan of await deps.plans()) {
      if (!planSendsAt(plan.settings, calendar, plan.timezone, now)) continue;
      const day = localDay(now, plan.timezone);
      const due = coordReminders(await store.all(plan.id), day, calendar);
      const push = (item: Omit<PlannedSend["item"], "kind" | "purpose" | "planId">, text: string) =>
        out.push({
          item: { ...item, kind: "send", purpose: "coord", planId: plan.id },
          text,
          timezone: plan.timezone,
        });
      for (const r of due) {
        const what = `${ITEM_WORD[r.item.kind]}第${r.item.id}号`;
        if (r.step === "escalate") {
          const office = await deps.office(plan.id);
          const to = officeRecipients(office, deps.admins);
          const owing = r.item.assignees.filter((a) => r.unitIds.includes(a.unitId)).map((a) => a.unitName);
          for (const recipient of to)
            push(
              {
                key: `${r.key}:${"chatId" in recipient ? recipient.chatId : recipient.openId}`.slice(0, 120),
                to: recipient,
                message: { type: "card", card: escalationCard(r.item, owing, plan.title) },
              },
              `交办事项逾期 ${what}（未答复：${owing.join("、")}）`,
            );
          continue;
        }
        const overdue = r.step === "overdue";
        for (const c of await store.contacts(plan.id, r.unitIds))
          push(
            {
              key: `${r.key}:${c.openId}`.slice(0, 120),
              to: { openId: c.openId },
              message: { type: "card", card: reminderCard(r.item, c.unitId ?? 0, day, overdue) },
            },
            `${overdue ? "交办事项逾期提醒" : dueHeading(r.item, day)} ${what}`,
          );
      }
    }
    return out;
  }

  return {
    preview,

    /** The tick's step: enqueue the 交办 reminders due today for every plan; returns how many rows were new. */
    async remind(now: Date): Promise<number> {
      return enqueuePlanned(deps.outbox, await preview(now));
    },

    /** /status: the items by state, the overdue 交办 ones named (red). */
    async statusSection(planId: string, now: Date): Promise<RichText | undefined> {
      const items = await store.all(planId);
      if (items.length === 0) return undefined;
      const day = today(now);
      const open = items.filter((i) => i.state !== "closed");
      const counts = (Object.keys(stateLabel) as Array<keyof typeof stateLabel>)
        .map((s) => [s, items.filter((i) => i.state === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${stateLabel[s]}${n}项`);
      const lines: RichText[] = [
        lit("**协调事项**"),
        lit(`共${items.length}项，未销号${open.length}项：${counts.join("，")}`),
      ];
      for (const i of open.filter((x) => isOverdue(x, day)).slice(0, MAX_STATUS_LINES))
        lines.push(
          md`${lit(`<font color='red'>第${i.id}号逾期</font> · `)}${i.text}${lit(
            ` · 时限${cnDateOf(i.due ?? day)} · 未答复：`,
          )}${joinRich(
            i.assignees.filter((a) => !a.answer).map((a) => md`${a.unitName}`),
            "、",
          )}`,
        );
      return joinRich(lines, "\n");
    },
  };
}
