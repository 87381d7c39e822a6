import { Refusal } from "../../kernel/refusal";
import { unbind } from "../../members/bind";
import { parseRoleWord } from "../../members/service";
import { callerOf, mentionedPerson } from "../member-support";
import type { CommandDef } from "../registry";

/** /unbind [@某人] [单位|office|leader]: without a unit, every unit role of the person. */
export const unbindCommand: CommandDef = {
  name: "unbind",
  aliases: ["解绑", "解除绑定"],
  summary: "解除单位绑定（本人，或办公室 @某人）；也可解除办公室/领导小组身份",
  usage: "/unbind [@某人] [单位|office|leader]",
  action: "unbind_self",
  async run(ctx) {
    const target = mentionedPerson(ctx);
    const other = target !== undefined && target.openId !== ctx.event.sender.openId;
    if (other && !ctx.can("unbind_other")) throw new Refusal("抱歉，为他人解除绑定仅限办公室成员。");
    const args = [...ctx.args];
    const role = parseRoleWord(args.at(-1));
    const planRole = role === "office" || role === "leader" ? role : undefined;
    if (role) args.pop();
    if (planRole && !other && planRole === "office" && !ctx.can("grant_role"))
      throw new Refusal("您不是办公室成员，无需解除。");
    const caller = callerOf(ctx);
    const text = await unbind(ctx.deps, caller, { target, what: args.join(" "), planRole });
    await ctx.reply(text);
  },
};
