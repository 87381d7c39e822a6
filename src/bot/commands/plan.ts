import { Refusal } from "../../kernel/refusal";
import { closeConfirmCard, closePlan } from "../../plans/close";
import type { CommandDef } from "../registry";

/**
 * /plan [list] | /plan use <id>: which plan this chat works on (the office switches it).
 * /plan close [确认]: the office archives the chat's plan (a confirmation card first).
 * /plan result 文字: the office records the 满意度测评 result on the plan (shown in /status, /selfcheck, the summary).
 */
export const planCommand: CommandDef = {
  name: "plan",
  aliases: ["方案"],
  summary: "查看方案列表，或将本群切换到某个方案（/plan use <编号>）",
  usage: "/plan [use <方案编号> | close | result <测评结果>]",
  action: "plan_list",
  needsPlan: false,
  async run(ctx) {
    const [sub, id] = ctx.args;
    const plans = await ctx.deps.plans.listPlans();
    if (!sub || sub === "list" || sub === "列表") {
      if (plans.length === 0) throw new Refusal("尚未导入任何工作方案。");
      const lines = plans.map(
        (p) =>
          `${p.id === ctx.planId ? "▶" : "•"} ${p.id}  ${p.title}（${p.tasks} 项任务，${p.units} 个单位）${p.archivedAt ? "（已归档）" : ""}`,
      );
      await ctx.reply(
        ["已导入的工作方案（▶ 为本群当前方案）：", ...lines, "切换：/plan use <方案编号>"].join("\n"),
      );
      return;
    }
    if (sub === "close" || sub === "归档" || sub === "办结") {
      if (!ctx.can("plan_close")) throw new Refusal("抱歉，办结归档方案仅限办公室成员。");
      const plan = plans.find((p) => p.id === ctx.planId);
      if (!plan) throw new Refusal("本群尚未绑定工作方案。");
      if (id !== "确认" && id !== "confirm") {
        await ctx.reply({ type: "card", card: closeConfirmCard(plan) });
        return;
      }
      const by = { openId: ctx.event.sender.openId, name: ctx.event.sender.name };
      await ctx.reply({
        type: "card",
        card: await closePlan(ctx.deps.plans, {
          planId: plan.id,
          by,
          now: ctx.now,
          timezone: ctx.deps.timezone,
        }),
      });
      return;
    }
    if (sub === "result" || sub === "测评结果" || sub === "测评") {
      if (!ctx.can("plan_result")) throw new Refusal("抱歉，记录测评结果仅限办公室成员。");
      if (!ctx.planId) throw new Refusal("本群尚未绑定工作方案。");
      const text = ctx.argText.trim().replace(/^\S+\s*/, "");
      const r = await ctx.deps.summary.recordResult(ctx.planId, text, ctx.event.sender.openId, ctx.now);
      if (!r.ok) throw new Refusal(r.text);
      await ctx.reply(r.text);
      return;
    }
    if (sub !== "use" && sub !== "切换") throw new Refusal("用法：/plan use <方案编号>");
    if (!ctx.can("plan_use")) throw new Refusal("抱歉，切换方案仅限办公室成员。");
    if (!id) throw new Refusal("请给出方案编号，例如 /plan use wuhan-2022-proposal-1。发送 /plan 查看列表。");
    // A prefix naming several plans picks the newest not archived (this year's, not last year's).
    const prefixed = plans.filter((p) => p.id.startsWith(id));
    const plan =
      plans.find((p) => p.id === id) ?? prefixed.filter((p) => !p.archivedAt).at(-1) ?? prefixed.at(-1);
    if (!plan) throw new Refusal(`没有编号为「${id}」的方案。发送 /plan 查看列表。`);
    await ctx.deps.access.bindChat(ctx.event.chatId, plan.id, ctx.event.chatType);
    await ctx.reply(`本群已切换到方案：${plan.title}（${plan.id}）。`);
  },
};
