import { Refusal } from "../../kernel/refusal";
import { toBase64 } from "../../status/service";
import type { CommandDef } from "../registry";

/**
 * /bulletin month|quarter|half|year [期间]: drafts the 通报 for the period (default: the latest period inside
 * the plan) and sends the draft card (发布 / 修改) and the .docx to whoever asked, privately: a draft is the
 * office's until published, so a group only hears that it was sent. Drafting the same period again refreshes
 * the open draft.
 */
export const bulletinCommand: CommandDef = {
  name: "bulletin",
  aliases: ["通报"],
  summary: "生成月度、季度、半年或全年通报草稿（含 Word 文件），私信发送审核，审核后发布",
  usage: "/bulletin month|quarter|half|year [期间]",
  action: "bulletin_draft",
  async run(ctx) {
    const [kind, ...period] = ctx.args;
    if (!kind)
      throw new Refusal(
        "请给出通报类型：/bulletin month|quarter|half|year [期间]，如 /bulletin quarter 2022-Q2（也可写 /通报 季度）。",
      );
    const by = ctx.event.sender.openId;
    const result = await ctx.deps.status.draftBulletin(
      ctx.planId ?? "",
      kind,
      period.join(" ") || undefined,
      by,
    );
    if (!result.ok) throw new Refusal(result.text);
    const file = await ctx.deps.status.bulletinFile(result.record.id);
    if ("ok" in file) throw new Refusal(file.text);
    const key = `bulletin-draft:${ctx.event.eventId}`;
    await ctx.enqueue([
      {
        kind: "send",
        key: `${key}:card`,
        purpose: "bulletin",
        planId: ctx.planId ?? null,
        to: { openId: by },
        message: { type: "card", card: result.card },
      },
      {
        kind: "send",
        key: `${key}:file`,
        purpose: "bulletin",
        planId: ctx.planId ?? null,
        to: { openId: by },
        message: { type: "file", fileType: "doc", fileName: file.fileName, base64: toBase64(file.bytes) },
      },
    ]);
    if (ctx.event.chatType !== "p2p")
      await ctx.reply(`「${result.record.draft.title}」草稿及 Word 文件已私信发送，请审核后发布。`);
  },
};
