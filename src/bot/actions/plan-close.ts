import * as z from "zod";
import { closePlan } from "../../plans/close";
import type { CardActionDef } from "../registry";

const valueSchema = z.object({ action: z.literal("plan_close"), planId: z.string().min(1).max(200) });

/** 确认归档 on the /plan close card (office only; a plan archived already is refused by the router). */
export const planCloseAction: CardActionDef = {
  name: "plan_close",
  action: "plan_close",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    if (!value.success) return { toast: { type: "error", content: "卡片内容无效。" } };
    const card = await closePlan(ctx.deps.plans, {
      planId: value.data.planId,
      by: { openId: ctx.event.operator.openId, name: ctx.event.operator.name },
      now: ctx.now,
      timezone: ctx.deps.timezone,
    });
    return { toast: { type: "success", content: "工作方案已办结归档。" }, card };
  },
};
