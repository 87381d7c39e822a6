import { parseRoundRef } from "../../domain/rounds";
import { parseTaskCode } from "../../domain/states";
import { Refusal } from "../../kernel/refusal";
import type { CommandContext } from "../context";
import type { CommandDef } from "../registry";

/**
 * Splits "[subject] [round]" typed after a command: a last word that names a round ("2022-05", "5月", "上半年",
 * "#3") is the round; the rest is the subject (a unit or a task id). "/status 2022-05" asks for May's overview.
 */
export function subjectAndRound(ctx: CommandContext): { subject: string; round: string | undefined } {
  const args = [...ctx.args];
  const last = args.at(-1);
  if (last && !parseTaskCode(last) && parseRoundRef(last, ctx.now, ctx.deps.timezone)) {
    args.pop();
    return { subject: args.join(" "), round: last };
  }
  return { subject: args.join(" "), round: undefined };
}

/**
 * /status [单位|任务编号] [轮次]: for the leading group (组长/副组长) and the office, the plan at a glance (the
 * goal indicators, the tasks by light per section, charts of both; a button opens the units' overview); for
 * liaisons, the current round (reported/total per unit, tasks by status, overdue units first). With a subject:
 * one unit's requests, or one task across units with its indicators; with a round: that round's overview;
 * 全部: the units' overview with the year's goals, milestones and coordination items under it.
 */
const ALL = /^(全部|详情|all)$/i;

export const statusCommand: CommandDef = {
  name: "status",
  aliases: ["进度", "状态"],
  summary: "领导小组和办公室：目标指标、各部分任务灯色及图表；全部：各单位报送进度；也可查看某单位、某项任务",
  usage: "/status [全部|单位|任务编号] [轮次]",
  action: "status",
  async run(ctx) {
    const split = subjectAndRound(ctx);
    const { round } = split;
    // "/status 全部": the units' overview with the year's sections, whoever asks.
    const all = ALL.test(split.subject.trim());
    const subject = all ? "" : split.subject;
    const leads = ctx.grants.some((g) => g.role === "leader" || g.role === "office");
    if (!subject && !round && !all && leads && ctx.planId) {
      const glance = await ctx.deps.status.glance(
        ctx.planId,
        await ctx.deps.goals.glance(ctx.planId, ctx.now),
      );
      if (!glance.ok) throw new Refusal(glance.text);
      await ctx.reply({ type: "card", card: glance.card });
      return;
    }
    const answer = await ctx.deps.status.status(
      ctx.planId ?? "",
      subject || undefined,
      round ? { round } : {},
    );
    if (!answer.ok) throw new Refusal(answer.text);
    // The plan-wide overview also carries the year's goals, the office's milestones and the coordination items, under the units.
    if (!subject && ctx.planId) {
      const groups = answer.card.data.groups;
      const year = [
        await ctx.deps.goals.statusSection(ctx.planId, ctx.now),
        await ctx.deps.milestones.statusSection(ctx.planId, ctx.now),
        await ctx.deps.coord.statusSection(ctx.planId, ctx.now),
        await ctx.deps.summary.resultSection(ctx.planId),
      ];
      if (Array.isArray(groups)) for (const text of year) if (text) groups.push({ text });
    }
    await ctx.reply({ type: "card", card: answer.card });
  },
};
