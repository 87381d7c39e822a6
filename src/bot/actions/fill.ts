import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { outdatedCard, parseValue, refusal, requestValue, STALE } from "./collect-common";

/** 填报 / 修改 on the overview card: answers with the form in place of the overview. */
export const fillAction: CardActionDef = {
  name: collectActions.fill,
  action: "report_submit",
  async run(ctx) {
    const v = parseValue(ctx, requestValue);
    if (!v) return STALE;
    const outdated = await outdatedCard(ctx);
    if (outdated) return outdated;
    const unit = await ctx.deps.collect.requestUnit(v.requestId);
    if (!unit) return STALE;
    const refused = refusal(ctx, "report_submit", unit);
    if (refused) return refused;
    const card = await ctx.deps.collect.formCard(v.requestId, ctx.now, v.page ?? 0);
    return card ? { card } : STALE;
  },
};
