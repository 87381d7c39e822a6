import * as z from "zod";
import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

const USAGE = "/milestone [done 序号 说明 [附件链接]]";
const doneSchema = z.object({
  no: z.coerce.number().int().min(1).max(50),
  note: z.string().min(1).max(500),
  url: z
    .string()
    .max(500)
    .regex(/^https?:\/\/\S+$/)
    .optional(),
});

/** /milestone: the office's own milestones and where they stand; /milestone done N 说明 [链接] marks one done. */
export const milestoneCommand: CommandDef = {
  name: "milestone",
  aliases: ["节点", "办公室节点"],
  summary: "查看办公室节点（专题汇报、检查、满意度测评），标记完成",
  usage: USAGE,
  action: "status",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    const [sub, no, ...rest] = ctx.args;
    if (sub === "done" || sub === "完成") {
      if (!ctx.can("milestone_mark")) throw new Refusal("仅领导小组办公室可标记节点完成。");
      const last = rest.at(-1);
      const url = last && /^https?:\/\//.test(last) ? last : undefined;
      const note = (url ? rest.slice(0, -1) : rest).join(" ");
      const input = doneSchema.safeParse({ no, note, url });
      if (!input.success) throw new Refusal(`用法：${USAGE}`);
      const r = await ctx.deps.milestones.mark(
        planId,
        input.data.no,
        input.data.note,
        input.data.url,
        ctx.event.sender.openId,
        ctx.now,
      );
      if (!r.ok) throw new Refusal(r.text);
      await ctx.reply(r.text);
      return;
    }
    await ctx.reply({ type: "card", card: await ctx.deps.milestones.list(planId, ctx.now) });
  },
};
