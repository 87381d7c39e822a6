import type { CardRef, RichText } from "../../kernel/messages";
import { EDIT_MAX, editableText } from "./edit";
import type { BulletinRecord } from "./ports";

/**
 * 修改 on a bulletin draft: a form with the 导语 and 下步工作要求 prefilled (保存修改), and buttons to recompose the
 * draft from the latest reports (按最新数据重新生成) or go back to the draft card (返回). Every value carries
 * {action: "bulletin_edit", bulletinId, planId, op}.
 */
export function bulletinEditCard(b: Pick<BulletinRecord, "id" | "planId" | "draft">): CardRef {
  const text = editableText(b.draft);
  const value = (op: "save" | "regenerate" | "view") => ({
    action: "bulletin_edit",
    bulletinId: b.id,
    planId: b.planId,
    op,
  });
  const s = b.draft.summary;
  const figures = [
    s.onTimeRatePct === null ? "" : `按时报送率 ${s.onTimeRatePct}%`,
    `逾期单位 ${s.overdueUnits} 家`,
    `进度滞后或受阻任务 ${s.flaggedTasks} 项`,
    `滞后指标 ${s.flaggedIndicators} 项`,
  ].filter(Boolean);
  const intro: RichText = {
    rich: [
      `**${s.periodLabel}** · ${figures.join(" · ")}\n`,
      "各项情况和数据由报送结果生成；此处可修改导语和下步工作要求。",
    ],
  };
  return {
    template: "bulletin-edit",
    data: {
      title: b.draft.title,
      intro,
      preamble: text.preamble,
      requirements: text.requirements,
      max: EDIT_MAX,
      saveValue: value("save"),
      regenerateValue: value("regenerate"),
      backValue: value("view"),
      note: "保存后返回草稿卡片，确认无误再点击「发布」。",
    },
  };
}
