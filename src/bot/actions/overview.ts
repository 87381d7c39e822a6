import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { openUnitCard, overviewValueSchema, STALE } from "./collect-common";

/** 返回 and page buttons: answers with the unit's overview card (at a page). */
export const overviewAction: CardActionDef = {
  name: collectActions.overview,
  action: "report_view_own",
  async run(ctx) {
    const opened = await openUnitCard(ctx, overviewValueSchema, "report_view_own", (v) =>
      ctx.deps.collect.roundUnit(v.collectionId, v.unitId),
    );
    if ("reply" in opened) return opened.reply;
    const v = opened.value;
    const card = await ctx.deps.collect.overviewCard(v.collectionId, v.unitId, ctx.now, v.page ?? 0);
    return card ? { card } : STALE;
  },
};
