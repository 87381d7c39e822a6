import * as z from "zod";
import { buildMappingCard } from "../../members/mapping";
import type { CardActionDef } from "../registry";
import { withMappingValue } from "./mapping-common";

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
  run: (ctx) =>
    withMappingValue(ctx, valueSchema, "mapping page", async (value) => {
      const { card } = await buildMappingCard(ctx.deps, value);
      return { card };
    }),
};
