import { statusPageValueSchema } from "../../status/service";
import type { CardActionDef } from "../registry";
import { parseValue, STALE } from "./collect-common";

/** 下一页 on a /status or /missing card: answers with that page in place. */
export const statusPageAction: CardActionDef = {
  name: "status_page",
  action: "status",
  async run(ctx) {
    const v = parseValue(ctx, statusPageValueSchema);
    if (!v || !ctx.planId) return STALE;
    if (v.view === "missing" && !ctx.can("missing"))
      return { toast: { type: "warning", content: "抱歉，未报送清单仅限办公室和领导小组成员查看。" } };
    const answer = await ctx.deps.status.page(ctx.planId, v);
    return answer.ok ? { card: answer.card } : { toast: { type: "warning", content: answer.text } };
  },
};
