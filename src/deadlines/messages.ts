import { planShortName } from "../domain/plan-names";
import { cnDateOf, cnDayWithWeekday } from "../domain/time";
import { excerpt } from "../kernel/card-budget";
import { type CardRef, joinRich, md, type RichText } from "../kernel/messages";
import type { DeadlineReminder, DeadlineReminderKind } from "./plan";

/** The cards of the task-deadline reminders: one per person and day, in 公文 register. */

const lit = (s: string): RichText => ({ rich: [s] });
const TASK_CHARS = 40;
/** A card stays within a phone screen or two (and Feishu's size limit) however many tasks fall due. */
const MAX_LINES = 30;

const state: Record<DeadlineReminderKind, string> = {
  ahead: "即将到期，请抓紧推进",
  due: "今日到期",
  missed: "<font color='red'>已逾期</font>，请尽快报送进展",
};
/** A one-off date passed: the unit has not reported the task finished, whatever else it reported. */
const NOT_FINISHED = "<font color='red'>已逾期</font>，本单位尚未报送完成，请抓紧办结并报送";

const stateOf = (r: DeadlineReminder) =>
  r.kind === "missed" && r.awaits === "completion" ? NOT_FINISHED : state[r.kind];

/** The task's words, short, without their closing mark (the line goes on after them). */
const taskWords = (text: string) => excerpt(text, TASK_CHARS).replace(/[。；，、,.;：:\s]+$/u, "");

function line(r: DeadlineReminder): RichText {
  return md`${lit(`**${r.task.code}** `)}${taskWords(r.task.text)}${lit(
    `：完成时限为${cnDayWithWeekday(r.occurrence)}，${stateOf(r)}。`,
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
      note: lit(
        "有明确完成日期的任务，报送状态为「已完成」后不再提醒；每月、每季度等周期性时限，本期已报送进展的不再提醒。",
      ),
    },
  };
}

const STEP_WORD: Record<DeadlineReminderKind, string> = {
  ahead: "即将到期",
  due: "今日到期",
  missed: "已逾期",
};

/** The liaison's card in one line, for `duban tick --dry-run`: 任务完成时限提醒 市经信局 三.5 即将到期、四.1 即将到期. */
export function liaisonSummary(
  byUnit: ReadonlyArray<{ unitName: string; reminders: readonly DeadlineReminder[] }>,
): string {
  const units = byUnit.map(
    (u) => `${u.unitName} ${u.reminders.map((r) => `${r.task.code} ${STEP_WORD[r.kind]}`).join("、")}`,
  );
  return `任务完成时限提醒 ${units.join("；")}`;
}

/** The office's card in one line: 任务完成时限已过 四.1 2022年9月30日（市司法局未完成、市经信局未报送）. */
export function officeSummary(
  missed: ReadonlyArray<{ reminder: DeadlineReminder; unitName: string }>,
): string {
  const byTask = new Map<string, string[]>();
  for (const { reminder: r, unitName } of missed) {
    const key = `${r.task.code} ${cnDateOf(r.occurrence)}`;
    const word = r.awaits === "report" ? "本期未报送" : r.reported ? "未完成" : "未报送";
    byTask.set(key, [...(byTask.get(key) ?? []), `${unitName}${word}`]);
  }
  return `任务完成时限已过 ${[...byTask].map(([task, units]) => `${task}（${units.join("、")}）`).join("；")}`;
}

/**
 * To the office: the tasks whose deadline passed with a unit that has not settled it, one line a task and date
 * naming its units (a unit group's members together), at most MAX_LINES lines and the rest counted. A one-off
 * date's units are those not finished (未完成: reported, not 已完成; 未报送: no report at all); a recurring
 * deadline's are those that did not report in the period.
 */
export function officeCard(
  planTitle: string,
  missed: ReadonlyArray<{ reminder: DeadlineReminder; unitName: string }>,
): CardRef {
  const byTask = new Map<string, { r: DeadlineReminder; unfinished: string[]; silent: string[] }>();
  for (const { reminder: r, unitName } of missed) {
    const key = `${r.task.id}:${r.occurrence}`;
    const entry = byTask.get(key) ?? { r, unfinished: [], silent: [] };
    (r.reported ? entry.unfinished : entry.silent).push(unitName);
    byTask.set(key, entry);
  }
  const all = [...byTask.values()];
  const shown = all.slice(0, MAX_LINES);
  const units = ({ r, unfinished, silent }: (typeof all)[number]) =>
    r.awaits === "report"
      ? [...unfinished, ...silent].join("、")
      : [
          ...(unfinished.length > 0 ? [`未完成：${unfinished.join("、")}`] : []),
          ...(silent.length > 0 ? [`未报送：${silent.join("、")}`] : []),
        ].join("；");
  const lineOf = (e: (typeof all)[number]) =>
    md`${lit(`**${e.r.task.code}** `)}${taskWords(e.r.task.text)}（${units(e)}）${lit(
      `：完成时限为${cnDayWithWeekday(e.r.occurrence)}。`,
    )}`;
  const section = (awaits: DeadlineReminder["awaits"], heading: string): RichText[] => {
    const rows = shown.filter((e) => e.r.awaits === awaits);
    return rows.length > 0 ? [lit(heading), ...rows.map(lineOf)] : [];
  };
  const lines = [
    ...section("completion", "以下任务已过完成时限，相关单位尚未完成（未报送「已完成」）："),
    ...section("report", "以下任务已过本期完成时限，相关单位本期尚未报送进展："),
  ];
  if (all.length > MAX_LINES) lines.push(lit(`另有${all.length - MAX_LINES}项任务，详见 /status 全部。`));
  return {
    template: "notice",
    data: {
      title: `任务完成时限已过 · ${planShortName(planTitle)}`,
      color: "red",
      body: joinRich([lit("领导小组办公室："), ...lines], "\n"),
      note: lit("查看某项任务的进展：/status 任务编号"),
    },
  };
}
