import { Refusal } from "../../kernel/refusal";
import { grant } from "../../members/bind";
import { parseRoleWord } from "../../members/service";
import { callerOf, mentionedPerson } from "../member-support";
import type { CommandDef } from "../registry";

/** /grant @某人 office|leader: the office grants plan-wide roles (removed with /unbind @某人 office|leader). */
export const grantCommand: CommandDef = {
  name: "grant",
  aliases: ["授权"],
  summary: "授予办公室或领导小组身份（解除用 /unbind @某人 office|leader）",
  usage: "/grant @某人 office|leader",
  action: "grant_role",
  async run(ctx) {
    const target = mentionedPerson(ctx);
    const role = parseRoleWord(ctx.args.at(-1));
    if (!target || (role !== "office" && role !== "leader"))
      throw new Refusal(
        role === "liaison" || role === "deputy"
          ? "绑定联络员请用 /bind @某人 <单位> [联络员|副联络员]。"
          : "用法：/grant @某人 office|leader（办公室|领导小组）。",
      );
    const caller = callerOf(ctx);
    await ctx.reply(await grant(ctx.deps, caller, { target, role }));
  },
};
