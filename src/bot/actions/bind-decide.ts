import * as z from "zod";
import { decideBindRequest } from "../../members/requests";
import type { CardActionDef } from "../registry";

const valueSchema = z.object({
  action: z.literal("bind_decide"),
  planId: z.string().min(1),
  requestId: z.coerce.number().int().positive(),
  decision: z.enum(["deputy", "replace", "reject"]),
});

/** The office decides a /bind request: deputy, replace the liaison, or reject. Once only. */
export const bindDecideAction: CardActionDef = {
  name: "bind_decide",
  action: "bind_decide",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    if (!value.success || value.data.planId !== ctx.planId) {
      ctx.deps.logger.warn({ value: ctx.value }, "bind decide: bad value");
      return { toast: { type: "error", content: "卡片内容无效。" } };
    }
    const result = await decideBindRequest(ctx.deps, {
      planId: value.data.planId,
      requestId: value.data.requestId,
      decision: value.data.decision,
      by: ctx.event.operator,
      now: ctx.now,
    });
    return {
      toast: { type: "success", content: `${result.message}。` },
      ...(result.card ? { card: result.card } : {}),
    };
  },
};
