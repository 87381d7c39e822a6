import * as z from "zod";
import { md } from "../../kernel/messages";
import { noticeCard } from "../../members/cards";
import { decodeProposal, resultCard } from "../../members/mapping";
import type { CardActionDef } from "../registry";
import { applyOfficeChoices } from "./mapping-common";

const valueSchema = z.object({
  action: z.literal("member_propose"),
  decision: z.enum(["confirm", "ignore"]),
  planId: z.string().min(1),
  chatId: z.string().min(1),
  choice: z.string().min(1),
});

/** The small card proposing a newcomer's unit or leader role: confirm or ignore. Office only (router). */
export const memberProposeAction: CardActionDef = {
  name: "member_propose",
  action: "mapping_confirm",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    const choice = value.success ? decodeProposal(value.data.choice) : undefined;
    if (!value.success || !choice || value.data.planId !== ctx.planId) {
      ctx.deps.logger.warn({ value: ctx.value }, "member propose: bad value");
      return { toast: { type: "error", content: "卡片内容无效。" } };
    }
    if (value.data.decision === "ignore")
      return {
        toast: { type: "info", content: "已忽略该建议。" },
        card: noticeCard(
          "新成员对应建议",
          md`已忽略（${ctx.event.operator.name}）。可用 /bind 另行指定。`,
          "grey",
        ),
      };
    const outcome = await applyOfficeChoices(ctx, value.data, "proposal", [choice]);
    if (outcome.changed.length === 0 && outcome.skipped.length === 0)
      return { toast: { type: "info", content: "已确认过，无需重复操作。" } };
    return {
      toast:
        outcome.changed.length > 0
          ? { type: "success", content: "已确认。" }
          : { type: "warning", content: "未能保存，详见卡片。" },
      card: resultCard("新成员对应建议", ctx.event.operator.name, outcome),
    };
  },
};
