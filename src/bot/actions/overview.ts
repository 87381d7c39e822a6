import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { outdatedCard, overviewValueSchema, parseValue, refusal, STALE } from "./collect-common";

/** 返回 and page buttons: answers with the unit's overview card (at a page). */
export const overviewAction: CardActionDef = {
  name: collectActions.overview,
  action: "report_view_own",
  async run(ctx) {
    const v = parseValue(ctx, overviewValueSchema);
    if (!v) return STALE;
    const outdated = await outdatedCard(ctx);
    if (outdated) return outdated;
    const unit = await ctx.deps.collect.roundUnit(v.collectionId, v.unitId);
    if (!unit) return STALE;
    const refused = refusal(ctx, "report_view_own", unit);
    if (refused) return refused;
    const card = await ctx.deps.collect.overviewCard(v.collectionId, v.unitId, ctx.now, v.page ?? 0);
    return card ? { card } : STALE;
  },
};
