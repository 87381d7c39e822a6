import { whoami } from "../../members/views";
import type { CommandDef } from "../registry";

/** /whoami: the caller's roles in this chat's plan. */
export const whoamiCommand: CommandDef = {
  name: "whoami",
  aliases: ["我是谁", "我的身份"],
  summary: "查看自己在本方案中的身份",
  usage: "/whoami",
  action: "whoami",
  async run(ctx) {
    await ctx.reply(await whoami(ctx.deps, ctx.planId ?? "", ctx.event.sender, ctx.grants));
  },
};
