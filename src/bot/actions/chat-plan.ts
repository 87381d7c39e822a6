import * as z from "zod";
import { md } from "../../kernel/messages";
import { noticeCard } from "../../members/cards";
import { bindChat, sendMappingCard } from "../../members/chat";
import { refreshChatMembers } from "../../members/service";
import type { CardActionDef } from "../registry";

const valueSchema = z.object({
  action: z.literal("chat_plan"),
  planId: z.string().min(1),
  chatId: z.string().min(1),
});

/** The plan-choice card (a chat joined while several plans are loaded): binds the chat, then sends the mapping card. */
export const chatPlanAction: CardActionDef = {
  name: "chat_plan",
  action: "plan_use",
  async run(ctx) {
    const value = valueSchema.safeParse(ctx.value);
    if (!value.success || (ctx.event.chatId && ctx.event.chatId !== value.data.chatId)) {
      ctx.deps.logger.warn({ value: ctx.value }, "chat plan: bad value");
      return { toast: { type: "error", content: "卡片内容无效。" } };
    }
    const { planId, chatId } = value.data;
    const plans = await ctx.deps.plans.listPlans();
    const plan = plans.find((p) => p.id === planId);
    if (!plan) return { toast: { type: "error", content: "该方案已不存在，请发送 /plan 查看列表。" } };
    const chat = await ctx.deps.members.getChat(chatId);
    if (chat?.planId === planId) return { toast: { type: "info", content: "本群已绑定该方案。" } };
    if (chat?.planId)
      return {
        toast: { type: "warning", content: "本群已绑定其他方案；如需切换请发送 /plan use <方案编号>。" },
      };
    await bindChat(ctx.deps, { chatId, planId, actor: ctx.event.operator.openId, now: ctx.now });
    const refreshed = await refreshChatMembers(ctx.deps, chatId, ctx.now);
    await sendMappingCard(ctx.deps, {
      planId,
      chatId,
      now: ctx.now,
      membersUnknown: !refreshed,
    });
    return {
      toast: { type: "success", content: "已绑定方案。" },
      card: noticeCard(
        "本群对应的工作方案",
        md`本群已绑定方案：**${plan.title}**（${plan.id}），由 ${ctx.event.operator.name} 选择。`,
        "green",
      ),
    };
  },
};
