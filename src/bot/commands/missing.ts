import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/** /missing [轮次]: the units that have not reported in the round, what they miss, and their liaisons. */
export const missingCommand: CommandDef = {
  name: "missing",
  aliases: ["未报", "未报送"],
  summary: "查看未报送的单位及其联络员",
  usage: "/missing [轮次]",
  action: "missing",
  async run(ctx) {
    const round = ctx.argText.trim();
    const answer = await ctx.deps.status.missing(ctx.planId ?? "", round ? { round } : {});
    if (!answer.ok) throw new Refusal(answer.text);
    await ctx.reply({ type: "card", card: answer.card });
  },
};
