import { Refusal } from "../../kernel/refusal";
import { sendMappingCard } from "../../members/chat";
import { refreshChatMembers } from "../../members/service";
import type { CommandDef } from "../registry";

/** /mapping: the office (re)generates the mapping card for this group, after refreshing its member list. */
export const mappingCommand: CommandDef = {
  name: "mapping",
  aliases: ["对应", "成员对应"],
  summary: "重新读取群成员，生成成员与单位对应卡片",
  usage: "/mapping",
  action: "mapping_confirm",
  async run(ctx) {
    if (ctx.event.chatType !== "group" || !ctx.planId) throw new Refusal("请在方案工作群中发送 /mapping。");
    const refreshed = await refreshChatMembers(ctx.deps, ctx.event.chatId, ctx.now);
    await ctx.deps.members.addChatMembers(ctx.event.chatId, [ctx.event.sender], ctx.now);
    // One card per group: asked again, the card the group has is brought up to date instead of a second one.
    const sent = await sendMappingCard(ctx.deps, {
      planId: ctx.planId,
      chatId: ctx.event.chatId,
      now: ctx.now,
      again: ctx.event.eventId,
      membersUnknown: !refreshed,
    });
    if (sent === "updated")
      await ctx.reply({ type: "text", text: "本群的成员对应卡片已按最新情况更新，请在该卡片中操作。" });
  },
};
