import { z } from "zod";
import { buildMappingCard } from "../../members/mapping";
import type { CardActionDef } from "../registry";

const valueSchema = z.object({
  action: z.literal("mapping_page"),
  planId: z.string().min(1),
  chatId: z.string().min(1),
  page: z.number().int().min(0).max(1000),
});

/** 上一页 / 下一页 on the mapping card: the office turns to another page of units without a liaison, in place. */
export const mappingPageAction: CardActionDef = {
  name: "mapping_page",
  action: "mapping_confirm",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    if (
      !value.success ||
      value.data.planId !== ctx.planId ||
      (ctx.event.chatId && ctx.event.chatId !== value.data.chatId)
    ) {
      ctx.deps.logger.warn({ value: ctx.value, chatId: ctx.event.chatId }, "mapping page: bad value");
      return { toast: { type: "error", content: "卡片内容无效，请发送 /mapping 重新生成。" } };
    }
    const { card } = await buildMappingCard(ctx.deps, value.data);
    return { card };
  },
};
