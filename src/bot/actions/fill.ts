import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { byRequest, requestValue, STALE, withUnitCard } from "./collect-common";

/** 填报 / 修改 on the overview card: answers with the form in place of the overview. */
export const fillAction: CardActionDef = {
  name: collectActions.fill,
  action: "report_submit",
  run: (ctx) =>
    withUnitCard(ctx, requestValue, "report_submit", byRequest, async (v) => {
      const card = await ctx.deps.collect.formCard(v.requestId, ctx.now, v.page ?? 0);
      return card ? { card } : STALE;
    }),
};
