import { who, whoami } from "../../members/views";
import { mentionedPerson } from "../member-support";
import type { CommandDef } from "../registry";

/** /who [单位|@某人]: who speaks for a unit (each unit of a group), a person's roles, or the whole map. */
export const whoCommand: CommandDef = {
  name: "who",
  aliases: ["谁", "联络员"],
  summary: "查看某单位的联络员、某人的身份，或全部对应关系",
  usage: "/who [单位|@某人]",
  action: "who",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    const person = mentionedPerson(ctx);
    if (person) {
      const grants = await ctx.deps.access.grants(planId, person.openId);
      const all = ctx.deps.admins.includes(person.openId)
        ? [...grants, { role: "office" as const, unitId: null }]
        : grants;
      await ctx.reply(await whoami(ctx.deps, planId, person, all, `${person.name || "该成员"} `));
      return;
    }
    const card = await who(ctx.deps, planId, ctx.argText);
    await ctx.reply({ type: "card", card });
  },
};
