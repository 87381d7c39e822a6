import { can } from "../../domain/permissions";
import type { CommandDef } from "../registry";

/** /help: only the commands the caller may use. The list is injected to avoid an import cycle with the index. */
export function helpCommand(all: () => readonly CommandDef[]): CommandDef {
  return {
    name: "help",
    aliases: ["帮助", "h", "?", "？"],
    summary: "查看您可以使用的命令",
    usage: "/help",
    action: "help",
    needsPlan: false,
    async run(ctx) {
      const mine = all().filter((c) => can(ctx.grants, c.action));
      const lines = mine.map(
        (c) => `${c.usage}  ${c.summary}${c.aliases[0] ? `（也可用 /${c.aliases[0]}）` : ""}`,
      );
      await ctx.reply(
        ["督办助手可用命令（在群里先 @我，或私聊直接发送）：", ...lines.map((l) => `• ${l}`)].join("\n"),
      );
    },
  };
}
