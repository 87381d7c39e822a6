import { auditView } from "../../members/views";
import type { CommandDef } from "../registry";

/** /audit [单位] [页码]: mapping and role changes, latest first, a page at a time. */
export const auditCommand: CommandDef = {
  name: "audit",
  aliases: ["审计", "变更记录"],
  summary: "查看成员与角色的变更记录（可按单位筛选，分页）",
  usage: "/audit [单位] [页码]",
  action: "audit",
  async run(ctx) {
    const args = [...ctx.args];
    const last = args
      .at(-1)
      ?.normalize("NFKC")
      .replace(/^第|页$/g, "");
    let page = 1;
    if (last && /^\d+$/.test(last)) {
      page = Number(last);
      args.pop();
    }
    const card = await auditView(ctx.deps, ctx.planId ?? "", { unitQuery: args.join(" "), page });
    await ctx.reply({ type: "card", card });
  },
};
