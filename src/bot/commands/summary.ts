import { Refusal } from "../../kernel/refusal";
import { toBase64 } from "../../status/service";
import type { CommandDef } from "../registry";

/** /summary year: drafts the 全年工作总结 as a .docx for the office, with a preview card. */
export const summaryCommand: CommandDef = {
  name: "summary",
  aliases: ["总结"],
  summary: "起草全年工作总结（.docx 草稿，仅发给领导小组办公室）",
  usage: "/summary year",
  action: "summary",
  async run(ctx) {
    if (!/^(year|全年)$/.test(ctx.argText.trim())) throw new Refusal("用法：/summary year");
    const r = await ctx.deps.summary.draftYear(ctx.planId ?? "", ctx.now);
    if (!r.ok) throw new Refusal(r.text);
    const to =
      ctx.event.chatType === "p2p" ? { openId: ctx.event.sender.openId } : { chatId: ctx.event.chatId };
    await ctx.reply({ type: "card", card: r.card });
    await ctx.enqueue([
      {
        kind: "send",
        key: `summary:${ctx.event.eventId}`,
        purpose: "summary",
        planId: ctx.planId ?? null,
        to,
        message: { type: "file", fileType: "doc", fileName: r.fileName, base64: toBase64(r.bytes) },
      },
    ]);
  },
};
