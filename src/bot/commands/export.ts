import { Refusal } from "../../kernel/refusal";
import { toBase64 } from "../../status/service";
import type { CommandDef } from "../registry";

/**
 * /export [轮次|全部]: the round's reports as an .xlsx sent to the chat (the outbox uploads, then sends it once:
 * its key derives from the event id).
 */
export const exportCommand: CommandDef = {
  name: "export",
  aliases: ["导出"],
  summary: "导出报送情况表格（.xlsx），可指定轮次或「全部」",
  usage: "/export [轮次|全部]",
  action: "export",
  async run(ctx) {
    const result = await ctx.deps.status.exportRounds(ctx.planId ?? "", ctx.argText.trim() || undefined);
    if (!result.ok) throw new Refusal(result.text);
    const { fileName, bytes } = result.file;
    const to =
      ctx.event.chatType === "p2p" ? { openId: ctx.event.sender.openId } : { chatId: ctx.event.chatId };
    await ctx.enqueue([
      {
        kind: "send",
        key: `export:${ctx.event.eventId}`,
        purpose: "export",
        planId: ctx.planId ?? null,
        to,
        message: { type: "file", fileType: "xls", fileName, base64: toBase64(bytes) },
      },
    ]);
    await ctx.reply(`已生成「${fileName}」，文件随后发送到本会话。`);
  },
};
