import * as z from "zod";
import { applyDraft, cancelDraft } from "../../plans/chat-import";
import type { CardActionDef } from "../registry";

const valueSchema = z.object({
  action: z.literal("plan_draft"),
  draftId: z.string().min(1).max(200),
  decision: z.enum(["apply", "cancel"]),
});

/** 导入 / 取消 on the preview card of a plan sent in the chat (office only). */
export const planDraftAction: CardActionDef = {
  name: "plan_draft",
  action: "plan_import",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    if (!value.success) return { toast: { type: "error", content: "卡片内容无效。" } };
    const deps = { plans: ctx.deps.plans, planDrafts: ctx.deps.planDrafts };
    if (value.data.decision === "cancel") {
      const card = await cancelDraft(deps, value.data.draftId, ctx.now);
      return { toast: { type: "info", content: "已取消导入。" }, card };
    }
    const card = await applyDraft(deps, value.data.draftId, ctx.now);
    return { toast: { type: "success", content: "方案已导入。" }, card };
  },
};
