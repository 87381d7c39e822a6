import { goalReportSchema } from "../../goals/service";
import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

const USAGE = "/goals [owner 序号|all 单位] [report 序号 数值 截至日期 来源]";

/**
 * /goals: the plan's goal indicators with owner, value, share reached and time progress.
 * /goals owner N 单位 | /goals owner all: the office sets owners. /goals report N 数值 日期 来源: the owner reports.
 */
export const goalsCommand: CommandDef = {
  name: "goals",
  aliases: ["目标", "目标指标"],
  summary: "查看目标指标及责任单位、完成情况；责任单位报送指标值",
  usage: USAGE,
  action: "goals",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    const [sub, ...rest] = ctx.args;
    if (sub === "owner" || sub === "责任单位") {
      if (!ctx.can("goal_set")) throw new Refusal("仅领导小组办公室可指定目标指标责任单位。");
      const [which, ...unit] = rest;
      if (!which || (which !== "all" && unit.length === 0)) throw new Refusal(`用法：${USAGE}`);
      const r = await ctx.deps.goals.setOwner(planId, which, unit.join(""), ctx.event.sender.openId, ctx.now);
      if (!r.ok) throw new Refusal(r.text);
      await ctx.reply(r.text);
      return;
    }
    if (sub === "report" || sub === "报送") {
      const [no, value, asOf, ...source] = rest;
      const input = goalReportSchema.safeParse({ no, value, asOf, source: source.join(" ") });
      if (!input.success) throw new Refusal(`用法：/goals report 序号 数值 截至日期（2022-06-30） 来源`);
      const r = await ctx.deps.goals.report(
        planId,
        input.data,
        ctx.event.sender.openId,
        ctx.now,
        (unitId) => ctx.can("goal_report", { unitId }),
        ctx.event.eventId,
      );
      if (!r.ok) throw new Refusal(r.text);
      await ctx.reply(r.text);
      return;
    }
    const card = await ctx.deps.goals.list(planId, ctx.now);
    if (!card) throw new Refusal("未找到该工作方案。");
    await ctx.reply({ type: "card", card });
  },
};
