import { taskCitation } from "../../domain/states";
import { md, type RichText } from "../../kernel/messages";
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
