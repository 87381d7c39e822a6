import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/**
 * /bulletin month|quarter|half|year [期间]: drafts the 通报 for the period (default: the current one when it
 * ends within a week, else the last) and answers with the draft card (发布 / 修改). Drafting the same period
 * again refreshes the open draft.
 */
export const bulletinCommand: CommandDef = {
  name: "bulletin",
  aliases: ["通报"],
  summary: "生成月度、季度、半年或全年通报草稿,审核后发布到工作群",
  usage: "/bulletin month|quarter|half|year [期间]",
  action: "bulletin_draft",
  async run(ctx) {
    const [kind, ...period] = ctx.args;
    if (!kind)
      throw new Refusal(
        "请给出通报类型:/bulletin month|quarter|half|year [期间],如 /bulletin quarter 2022-Q2(也可写 /通报 季度)。",
      );
    const result = await ctx.deps.status.draftBulletin(
      ctx.planId ?? "",
      kind,
      period.join(" ") || undefined,
      ctx.event.sender.openId,
    );
    if (!result.ok) throw new Refusal(result.text);
    await ctx.reply({ type: "card", card: result.card });
  },
};
