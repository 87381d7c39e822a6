import { unitsOf } from "../../domain/permissions";
import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/**
 * /report [单位]: sends again the overview card of the latest open round for the caller's unit(s), e.g. when
 * the original was lost or a liaison was bound after the round opened. The office may name any unit.
 */
export const reportCommand: CommandDef = {
  name: "report",
  aliases: ["填报", "报送"],
  summary: "获取本单位当前轮次的填报卡片",
  usage: "/report [单位]",
  action: "report_view_own",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    let unitIds = unitsOf(ctx.grants);
    if (ctx.argText) {
      const unit = await ctx.deps.collect.findUnit(planId, ctx.argText);
      if (!unit) throw new Refusal(`没有找到单位「${ctx.argText}」。`);
      if (!ctx.can("report_view_own", { unitId: unit.id }))
        throw new Refusal(`抱歉，只有「${unit.name}」的联络员和办公室可以获取该单位的填报卡片。`);
      unitIds = [unit.id];
    }
    if (unitIds.length === 0)
      throw new Refusal("您还没有绑定单位。请先发送 /bind <单位> 绑定，或在命令后写明单位。");
    const rounds = (await ctx.deps.collect.listRounds(planId)).filter(
      (r) => r.state === "open" && r.closesAt > ctx.now,
    );
    let sent = 0;
    for (const unitId of unitIds) {
      for (const round of rounds) {
        const card = await ctx.deps.collect.overviewCard(round.id, unitId, ctx.now, 0);
        if (!card) continue;
        await ctx.reply({ type: "card", card });
        sent++;
        break;
      }
    }
    if (sent === 0) await ctx.reply("当前没有需要您单位填报的轮次。");
  },
};
