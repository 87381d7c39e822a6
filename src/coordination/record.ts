import { cnDateOf } from "../domain/time";
import { stateLabel } from "./items";
import type { ItemKind, ItemView } from "./ports";

/**
 * An item as a row of a record: the /export sheets 协调事项 and 代表意见建议 and the year summary's annex print
 * the same columns from the same rule. Pure; cells are capped so a long answer never breaks a table.
 */

const CELL_MAX = 1000;
const cap = (s: string) => (s.length > CELL_MAX ? `${s.slice(0, CELL_MAX - 1)}…` : s);

/** The columns after an item's own: who handles it, by when, and how it ended, the same for both kinds. */
const handlingColumns = ["提出日期", "交办单位", "办理时限", "办理情况", "状态", "销号说明"];

export const itemRecordColumns: Record<ItemKind, string[]> = {
  coord: ["编号", "提出单位", "任务", "问题", ...handlingColumns],
  suggestion: ["编号", "代表", "场合", "意见建议", ...handlingColumns],
};

export function itemRecord(i: ItemView): string[] {
  const follow = i.followUps.map((f) => `（${cnDateOf(f.on)}续报）${f.text}`);
  const text = [i.text, ...follow].join("\n");
  const raised = i.repeats > 0 ? `${cnDateOf(i.raisedOn)}（此后又提出${i.repeats}次）` : cnDateOf(i.raisedOn);
  const answers = i.assignees.map((a) => `${a.unitName}：${a.answer ?? "尚未答复"}`).join("\n");
  const who =
    i.kind === "coord" ? [i.unitName ?? "", i.taskCode ?? ""] : [i.delegate ?? "", i.occasion ?? ""];
  return [
    `第${i.id}号`,
    ...who,
    cap(text),
    raised,
    i.assignees.map((a) => a.unitName).join("、"),
    i.due ? cnDateOf(i.due) : "",
    cap(answers),
    stateLabel[i.state],
    cap(i.closeNote ?? ""),
  ];
}
