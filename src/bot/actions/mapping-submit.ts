import * as z from "zod";
import { buildMappingCard, choicesFromForm } from "../../members/mapping";
import type { CardActionDef } from "../registry";
import { applyOfficeChoices, withMappingValue } from "./mapping-common";

const valueSchema = z.object({
  action: z.literal("mapping_submit"),
  planId: z.string().min(1),
  chatId: z.string().min(1),
  page: z.number().int().min(0).max(1000).optional(),
});

/** The mapping card's submit: confirmed roster matches plus a person per unit picker. Office only (router). */
export const mappingSubmitAction: CardActionDef = {
  name: "mapping_submit",
  action: "mapping_confirm",
  run: (ctx) =>
    withMappingValue(ctx, valueSchema, "mapping submit", async (value) => {
      const choices = choicesFromForm(ctx.event.formValue);
      if (choices.length === 0) return { toast: { type: "info", content: "未选择任何对应，未做更改。" } };
      const outcome = await applyOfficeChoices(ctx, value, "mapping", choices);
      // The same page again, with what was saved on top: the units now bound leave it, the next ones move up.
      const { card } = await buildMappingCard(ctx.deps, {
        planId: value.planId,
        chatId: value.chatId,
        page: value.page ?? 0,
        done: outcome,
      });
      if (outcome.changed.length === 0)
        return {
          toast: {
            type: "info",
            content:
              outcome.skipped.length > 0 ? "没有可保存的变更，详见卡片。" : "没有新的变更（可能已提交过）。",
          },
          ...(outcome.skipped.length > 0 ? { card } : {}),
        };
      return { toast: { type: "success", content: `已保存 ${outcome.changed.length} 项对应。` }, card };
    }),
};
