import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { leadValueSchema, outdatedCard, parseValue, STALE } from "./collect-common";

/** 汇总 on a lead unit's overview (and the lead view's page buttons): every unit's latest report on the task. */
export const leadViewAction: CardActionDef = {
  name: collectActions.lead,
  action: "lead_view",
  async run(ctx) {
    const v = parseValue(ctx, leadValueSchema);
    if (!v || !ctx.planId) return STALE;
    const outdated = await outdatedCard(ctx);
    if (outdated) return outdated;
    const round = (await ctx.deps.collect.listRounds(ctx.planId)).find((r) => r.id === v.roundId);
    if (!round) return STALE;
    const leads = await ctx.deps.collect.taskLeads(v.taskId);
    if (!leads.some((u) => ctx.can("lead_view", { unitId: u.id }))) {
      ctx.deps.logger.info({ user: ctx.event.operator.openId, taskId: v.taskId }, "lead view refused");
      return {
        toast: {
          type: "warning",
          content: `抱歉，本任务的汇总仅供牵头单位（${leads.map((u) => u.name).join("、") || "无"}）联络员和办公室查看。`,
        },
      };
    }
    const back = v.backUnitId !== undefined ? { unitId: v.backUnitId, page: v.backPage ?? 0 } : undefined;
    const card = await ctx.deps.collect.leadViewCard(v.roundId, v.taskId, ctx.now, v.page ?? 0, back);
    return card ? { card } : STALE;
  },
};
