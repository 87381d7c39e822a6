import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/** /selfcheck: the 自评 round's tally (one line per task and lead unit, with counts) for the 满意度测评. */
export const selfcheckCommand: CommandDef = {
  name: "selfcheck",
  aliases: ["自评", "自评汇总"],
  summary: "查看任务自评汇总（完成、基本完成、未完成及佐证材料），供满意度测评使用",
  usage: "/selfcheck",
  action: "summary",
  async run(ctx) {
    const r = await ctx.deps.summary.selfcheck(ctx.planId ?? "");
    if (!r.ok) throw new Refusal(r.text);
    await ctx.reply({ type: "card", card: r.card });
  },
};
