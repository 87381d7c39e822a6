import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/** /coord: the office's open coordination items and delegates' suggestions, by raising unit, with their age. */
export const coordCommand: CommandDef = {
  name: "coord",
  aliases: ["协调", "协调事项"],
  summary: "查看未销号的协调事项和代表意见建议，交办、销号",
  usage: "/coord",
  action: "coord",
  async run(ctx) {
    await ctx.reply({ type: "card", card: await ctx.deps.coord.list(ctx.planId ?? "", ctx.now) });
  },
};

/** /suggest 内容 代表 场合 日期: the office records a delegate's opinion or suggestion (代表意见建议). */
export const suggestCommand: CommandDef = {
  name: "suggest",
  aliases: ["代表建议", "意见建议"],
  summary: "记录人大代表意见建议，之后在 /coord 中交办",
  usage: "/suggest 内容 代表 场合 日期（2022-11-20）",
  action: "coord_assign",
  async run(ctx) {
    const args = [...ctx.args];
    const on = args.at(-1) && /^\d{4}-\d{2}-\d{2}$/.test(args.at(-1) ?? "") ? args.pop() : undefined;
    const [text, delegate, ...occasion] = args;
    if (!text || !delegate || !on || text.length > 1000 || delegate.length > 50)
      throw new Refusal("用法：/suggest 内容 代表 场合 日期（2022-11-20）");
    const r = await ctx.deps.coord.suggest(
      ctx.planId ?? "",
      { text, delegate, occasion: occasion.join(" ").slice(0, 100), on },
      ctx.event.sender.openId,
      ctx.now,
    );
    if (!r.ok) throw new Refusal(r.text);
    await ctx.reply(r.text);
  },
};
