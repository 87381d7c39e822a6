import * as z from "zod";
import { publishTargetsCard } from "../../status/bulletins/preview-card";
import { toBase64 } from "../../status/service";
import type { CardActionDef } from "../registry";
import { publishTargets } from "./bulletin-publish";
import { parseValue, STALE } from "./collect-common";

const summaryValueSchema = z.object({
  action: z.literal("summary_draft"),
  planId: z.string().min(1).max(128),
  op: z.enum(["edit", "publish", "download", "view"]),
  target: z.enum(["chat", "file"]).optional(),
  chatId: z.string().min(1).max(128).optional(),
});

/**
 * The buttons of the year summary's preview (office only, by the table). The summary is drafted anew from the
 * data on each click (it is not stored):
 * - 下载: the draft .docx to whoever clicked; 返回 (view): the preview again;
 * - 修改: says where the wording is changed (the .docx, then 仅生成文件 or sent by the office itself);
 * - 发布: the choice of where; with a group, the final .docx goes to that group only (key per group);
 *   仅生成文件: the final .docx to whoever clicked.
 */
export const summaryDraftAction: CardActionDef = {
  name: "summary_draft",
  action: "summary",
  async run(ctx) {
    const v = parseValue(ctx, summaryValueSchema);
    if (!v || !ctx.planId || v.planId !== ctx.planId) return STALE;
    if (v.op === "edit")
      return {
        toast: {
          type: "info",
          content:
            "全年工作总结由数据生成：请点击「下载」，在 Word 文件中修改后自行印发；数据更正后重新发送 /summary year。",
        },
      };
    const base = { action: "summary_draft", planId: v.planId };
    if (v.op === "publish" && !v.target) {
      const targets = await publishTargets(ctx, v.planId);
      return {
        card: publishTargetsCard(
          "全年工作总结",
          { ...base, op: "publish" },
          { ...base, op: "view" },
          targets,
        ),
      };
    }
    const r = await ctx.deps.summary.draftYear(v.planId, ctx.now, await ctx.deps.status.yearLights(v.planId));
    if (!r.ok) return { toast: { type: "error", content: r.text } };
    if (v.op === "view") return { card: r.card };
    const final = v.op === "publish";
    const message = {
      type: "file" as const,
      fileType: "doc" as const,
      fileName: final ? r.finalName : r.fileName,
      base64: toBase64(r.bytes),
    };
    const send = { kind: "send" as const, purpose: "summary", planId: v.planId, message };
    if (v.target === "chat") {
      const chat = (await publishTargets(ctx, v.planId)).find((t) => t.chatId === v.chatId);
      if (!chat)
        return { toast: { type: "warning", content: "机器人已不在该群，未发布。请重新选择发布范围。" } };
      await ctx.enqueue([
        { ...send, key: `summary-publish:${r.title}:${chat.chatId}`, to: { chatId: chat.chatId } },
      ]);
      return { toast: { type: "success", content: `已发布，正在发送到「${chat.name || "未命名群"}」。` } };
    }
    await ctx.enqueue([
      { ...send, key: `summary-file:${ctx.event.eventId}`, to: { openId: ctx.event.operator.openId } },
    ]);
    return { toast: { type: "success", content: "Word 文件已私信发送。" } };
  },
};
