import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { byRound, overviewValueSchema, STALE, withUnitCard } from "./collect-common";

/** 返回 and page buttons: answers with the unit's overview card (at a page). */
export const overviewAction: CardActionDef = {
  name: collectActions.overview,
  action: "report_view_own",
  run: (ctx) =>
    withUnitCard(ctx, overviewValueSchema, "report_view_own", byRound, async (v) => {
      const card = await ctx.deps.collect.overviewCard(v.roundId, v.unitId, ctx.now, v.page ?? 0);
      return card ? { card } : STALE;
    }),
};
