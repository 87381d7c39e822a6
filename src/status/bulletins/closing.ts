import { taskCitation } from "../../domain/states";
import { cnDateOf } from "../../domain/time";
import { joinRich, md, type RichText } from "../../kernel/messages";
import type { BulletinData } from "../ports";
import { lit } from "./draft";

/** The closing sections of a bulletin: 需协调解决的问题 and 下步工作要求. */

export const CN_NO = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** The problems units raised, numbered, each with its unit and task; the text is the unit's own (escaped). */
export function problemParagraphs(problems: BulletinData["problems"]): RichText[] {
  if (problems.length === 0) return [lit("本期各单位未提出需协调解决的问题。")];
  return [
    lit(`各单位共提出需协调解决的问题${problems.length}项：`),
    ...problems.map(
      (p, k) =>
        md`${lit(`${k + 1}.`)}${p.unitName}${lit(p.taskCode ? `〔任务${taskCitation(p.taskCode)}〕` : "")}：${p.text}`,
    ),
  ];
}

/**
 * 协调事项办理情况: how many items were registered and closed, then each one 交办 and past its 办理时限 with the
 * units still owing an answer. Nothing when the plan has no items.
 */
export function coordParagraphs(items: BulletinData["coordItems"], today: string): RichText[] {
  if (items.length === 0) return [];
  const closed = items.filter((i) => i.state === "closed").length;
  const waiting = items.filter((i) => i.state === "open").length;
  const overdue = items.filter(
    (i) => i.state === "assigned" && i.due !== null && today > i.due && i.owing.length > 0,
  );
  const out: RichText[] = [
    lit(
      `协调事项办理情况：累计登记协调事项${items.length}项，已销号${closed}项，正在办理${items.length - closed - waiting}项，待交办${waiting}项。`,
    ),
  ];
  if (overdue.length > 0) {
    out.push(lit(`其中${overdue.length}项已超过办理时限仍未答复：`));
    out.push(
      ...overdue.map(
        (i, k) =>
          md`${lit(`${k + 1}.第${i.id}号`)}「${i.text}」${lit("（")}${i.unitName ?? "—"}${lit(
            i.taskCode ? `提出，任务${taskCitation(i.taskCode)}` : "提出",
          )}${lit(`），办理时限${cnDateOf(i.due ?? today)}，未答复单位：`)}${joinRich(
            i.owing.map((u) => md`${u}`),
            "、",
          )}${lit("。")}`,
      ),
    );
  }
  return out;
}

/** 下步工作要求: a paragraph for each thing the period calls for, then the standing requirement. */
export function requirements(period: {
  /** Units that reported late or not at all. */
  unitsBehindOnReports: number;
  /** Tasks 滞后/受阻 plus indicators behind time progress. */
  flagged: number;
  problems: number;
}): RichText[] {
  const items: string[] = [];
  if (period.unitsBehindOnReports > 0)
    items.push(
      "未按时报送的单位要高度重视，立即补报相关材料，切实落实联络员职责，确保信息报送及时、准确、完整。",
    );
  if (period.flagged > 0)
    items.push(
      "进度滞后、推进受阻的任务和滞后于时序进度的指标，相关责任单位要认真分析原因，制定针对性措施，倒排工期、加快推进，确保完成年度目标任务。",
    );
  if (period.problems > 0)
    items.push("对各单位提出的需协调解决的问题，领导小组办公室将梳理汇总，按程序报请领导小组研究协调解决。");
  items.push(
    "各承办单位要对照工作方案，进一步压实工作责任，牵头单位要加强统筹，责任单位要密切配合，严格落实定期调度和通报制度，按时报送工作进展情况。",
  );
  return items.map((t, i) => lit(`（${CN_NO[i]}）${t}`));
}
