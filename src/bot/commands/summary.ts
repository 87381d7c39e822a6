import { Refusal } from "../../kernel/refusal";
import { toBase64 } from "../../status/service";
import type { CommandDef } from "../registry";

/**
 * /summary year: drafts the 全年工作总结 as a .docx and sends it with a one-screen preview (修改 / 发布 / 下载)
 * to whoever asked, privately: a draft is the office's until published, so a group only hears that it was sent.
 */
export const summaryCommand: CommandDef = {
  name: "summary",
  aliases: ["总结"],
  summary: "起草全年工作总结（.docx 草稿及预览私信发给办公室，审核后选择发布范围）",
  usage: "/summary year",
  action: "summary",
  async run(ctx) {
    if (!/^(year|全年)$/.test(ctx.argText.trim())) throw new Refusal("用法：/summary year");
    const planId = ctx.planId ?? "";
    const lights = await ctx.deps.status.yearLights(planId);
    const r = await ctx.deps.summary.draftYear(planId, ctx.now, lights);
    if (!r.ok) throw new Refusal(r.text);
    const to = { openId: ctx.event.sender.openId };
    const key = `summary:${ctx.event.eventId}`;
    const base = { kind: "send" as const, purpose: "summary", planId: ctx.planId ?? null, to };
    await ctx.enqueue([
      { ...base, key: `${key}:card`, message: { type: "card", card: r.card } },
      {
        ...base,
        key,
        message: { type: "file", fileType: "doc", fileName: r.fileName, base64: toBase64(r.bytes) },
      },
    ]);
    if (ctx.event.chatType !== "p2p")
      await ctx.reply(`「${r.title}」草稿及 Word 文件已私信发送，请审核后发布。`);
  },
};
