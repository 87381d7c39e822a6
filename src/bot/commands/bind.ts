import { Refusal } from "../../kernel/refusal";
import { bind } from "../../members/bind";
import { parseRoleWord } from "../../members/service";
import { callerOf, mentionedPerson } from "../member-support";
import type { CommandDef } from "../registry";

/** /bind <单位> (oneself) | /bind @某人 <单位> [联络员|副联络员] (the office). */
export const bindCommand: CommandDef = {
  name: "bind",
  aliases: ["绑定"],
  summary: "绑定单位：本人直接写单位；办公室可 @某人 并指定联络员或副联络员",
  usage: "/bind [@某人] <单位> [联络员|副联络员]",
  action: "bind_self",
  async run(ctx) {
    const target = mentionedPerson(ctx);
    const other = target !== undefined && target.openId !== ctx.event.sender.openId;
    if (other && !ctx.can("bind_other"))
      throw new Refusal("抱歉，为他人绑定仅限办公室成员。您可以发送 /bind <单位> 为自己申请。");
    const args = [...ctx.args];
    const role = parseRoleWord(args.at(-1));
    if (role) args.pop();
    if (role === "office" || role === "leader")
      throw new Refusal("授予办公室或领导小组身份请用 /grant @某人 office|leader。");
    const caller = callerOf(ctx);
    const text = await bind(ctx.deps, caller, { target, unitQuery: args.join(" "), role: role ?? undefined });
    await ctx.reply(text);
  },
};
