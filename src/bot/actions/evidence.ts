import * as z from "zod";
import { md } from "../../kernel/messages";
import { evidenceReply } from "../../reporting/evidence";
import { collectActions } from "../../reporting/values";
import type { CardActionDef } from "../registry";
import { parseValue, refusal, STALE } from "./collect-common";

const evidenceValueSchema = z.object({
  requestId: z.number().int().positive(),
  messageId: z.string().min(1).max(200),
  fileKey: z.string().min(1).max(256),
  type: z.enum(["file", "image"]),
  name: z.string().max(200),
  size: z.number().int().nonnegative().optional(),
});

/** The task picked on the 佐证材料 card: the file goes to that report (the unit's own) as a new revision. */
export const evidenceAction: CardActionDef = {
  name: collectActions.evidence,
  action: "report_submit",
  async run(ctx) {
    const v = parseValue(ctx, evidenceValueSchema);
    if (!v) return STALE;
    const unit = await ctx.deps.collect.requestUnit(v.requestId);
    if (!unit) return STALE;
    const refused = refusal(ctx, "report_submit", unit);
    if (refused) return refused;
    const { requestId, ...file } = v;
    const answer = await ctx.deps.collect.attachEvidence({
      requestId,
      file,
      operator: ctx.event.operator.openId,
      now: ctx.now,
    });
    const line = evidenceReply(answer, file);
    const done = answer.kind === "stored" || answer.kind === "duplicate";
    return {
      toast: { type: done ? "success" : "warning", content: line },
      card: {
        template: "notice",
        data: { title: "佐证材料", color: done ? "green" : "orange", body: md`${line}` },
      },
    };
  },
};
