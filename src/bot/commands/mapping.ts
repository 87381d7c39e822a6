import { Refusal } from "../../kernel/refusal";
import { buildMappingCard } from "../../members/mapping";
import { refreshChatMembers } from "../../members/service";
import type { CommandDef } from "../registry";

/** /mapping: the office (re)generates the mapping card for this group, after refreshing its member list. */
export const mappingCommand: CommandDef = {
  name: "mapping",
  aliases: ["对应", "成员对应"],
  summary: "重新读取群成员,生成成员与单位对应卡片",
  usage: "/mapping",
  action: "mapping_confirm",
  async run(ctx) {
    if (ctx.event.chatType !== "group" || !ctx.planId) throw new Refusal("请在方案工作群中发送 /mapping。");
    const refreshed = await refreshChatMembers(ctx.deps, ctx.event.chatId, ctx.now);
    await ctx.deps.members.addChatMembers(ctx.event.chatId, [ctx.event.sender], ctx.now);
    const { card } = await buildMappingCard(ctx.deps, {
      planId: ctx.planId,
      chatId: ctx.event.chatId,
      membersUnknown: !refreshed,
    });
    await ctx.reply({ type: "card", card });
  },
};
