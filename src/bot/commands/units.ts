import { unitsOverview } from "../../members/views";
import type { CommandDef } from "../registry";

/** /units: the unit catalog, each with its liaison or 「未指定」, the gaps counted first. */
export const unitsCommand: CommandDef = {
  name: "units",
  aliases: ["单位", "单位列表"],
  summary: "查看全部单位及其联络员，列出尚未指定联络员的单位",
  usage: "/units",
  action: "units",
  async run(ctx) {
    await ctx.reply({ type: "card", card: await unitsOverview(ctx.deps, ctx.planId ?? "") });
  },
};
