import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { openUnitCard, requestValue, STALE } from "./collect-common";

/** 填报 / 修改 on the overview card: answers with the form in place of the overview. */
export const fillAction: CardActionDef = {
  name: collectActions.fill,
  action: "report_submit",
  async run(ctx) {
    const opened = await openUnitCard(ctx, requestValue, "report_submit", (v) =>
      ctx.deps.collect.requestUnit(v.requestId),
    );
    if ("reply" in opened) return opened.reply;
    const v = opened.value;
    const card = await ctx.deps.collect.formCard(v.requestId, ctx.now, v.page ?? 0);
    return card ? { card } : STALE;
  },
};
