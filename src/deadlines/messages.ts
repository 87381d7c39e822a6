import { weekday } from "../domain/calendar";
import { planShortName } from "../domain/plan-names";
import { cnDateOf } from "../domain/time";
import { excerpt } from "../kernel/card-budget";
import { type CardRef, joinRich, md, type RichText } from "../kernel/messages";
import type { DeadlineReminder, DeadlineReminderKind } from "./plan";

/** The cards of the task-deadline reminders: one per person and day, in 公文 register. */

const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
const lit = (s: string): RichText => ({ rich: [s] });
const TASK_CHARS = 40;
/** A card stays within a phone screen or two (and Feishu's size limit) however many tasks fall due. */
const MAX_LINES = 30;

/** "2023年6月30日（星期五）". */
export function cnDayWithWeekday(day: string): string {
  return `${cnDateOf(day)}（${WEEKDAYS[weekday(day)]}）`;
}

const state: Record<DeadlineReminderKind, string> = {
  ahead: "即将到期，请抓紧推进",
  due: "今日到期",
  missed: "<font color='red'>已逾期</font>，请尽快报送进展",
};

/** The task's words, short, without their closing mark (the line goes on after them). */
const taskWords = (text: string) => excerpt(text, TASK_CHARS).replace(/[。；，、,.;：:\s]+$/u, "");

function line(r: DeadlineReminder): RichText {
  return md`${lit(`**${r.task.code}** `)}${taskWords(r.task.text)}${lit(
    `：完成时限为${cnDayWithWeekday(r.occurrence)}，${state[r.kind]}。`,
  )}`;
}

const colorOf = (rs: readonly DeadlineReminder[]) =>
  rs.some((r) => r.kind === "missed") ? "red" : rs.some((r) => r.kind === "due") ? "orange" : "blue";

/** To a unit's liaison: the tasks of each of their units whose deadline is near, today, or passed. */
export function liaisonCard(
  planTitle: string,
  byUnit: ReadonlyArray<{ unitName: string; reminders: readonly DeadlineReminder[] }>,
): CardRef {
  const all = byUnit.flatMap((u) => u.reminders);
  let room = MAX_LINES;
  const blocks = byUnit.flatMap((u) => {
    const shown = u.reminders.slice(0, Math.max(room, 0));
    room -= shown.length;
    return shown.length > 0 ? [joinRich([md`${u.unitName}：`, ...shown.map(line)], "\n")] : [];
  });
  if (all.length > MAX_LINES) blocks.push(lit(`另有${all.length - MAX_LINES}项任务的完成时限临近或已到。`));
  return {
    template: "notice",
    data: {
      title: `任务完成时限提醒 · ${planShortName(planTitle)}`,
      color: colorOf(all),
      body: joinRich(blocks, "\n\n"),
      note: lit("已报送进展的任务不再提醒；任务已完成的，请在报送时将状态选为「已完成」。"),
    },
  };
}

/**
 * To the office: the tasks whose deadline passed with a unit that has not reported, one line a task and date
 * naming its units (a unit group's members together), at most MAX_LINES lines and the rest counted.
 */
export function officeCard(
  planTitle: string,
  missed: ReadonlyArray<{ reminder: DeadlineReminder; unitName: string }>,
): CardRef {
  const byTask = new Map<string, { r: DeadlineReminder; units: string[] }>();
  for (const { reminder: r, unitName } of missed) {
    const key = `${r.task.id}:${r.occurrence}`;
    const entry = byTask.get(key) ?? { r, units: [] };
    entry.units.push(unitName);
    byTask.set(key, entry);
  }
  const all = [...byTask.values()];
  const lines = all
    .slice(0, MAX_LINES)
    .map(
      ({ r, units }) =>
        md`${lit(`**${r.task.code}** `)}${taskWords(r.task.text)}（${units.join("、")}）${lit(
          `：完成时限为${cnDayWithWeekday(r.occurrence)}。`,
        )}`,
    );
  if (all.length > MAX_LINES) lines.push(lit(`另有${all.length - MAX_LINES}项任务，详见 /status 全部。`));
  return {
    template: "notice",
    data: {
      title: `任务完成时限已过 · ${planShortName(planTitle)}`,
      color: "red",
      body: joinRich([lit("领导小组办公室：\n以下任务已过完成时限，相关单位尚未报送进展："), ...lines], "\n"),
      note: lit("查看某项任务的进展：/status 任务编号"),
    },
  };
}
