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
 * /status [单位|任务编号] [轮次]: the current round at a glance (reported/total per unit, tasks by status,
 * overdue units first); one unit's requests; or one task across units with its indicators.
 */
export const statusCommand: CommandDef = {
  name: "status",
  aliases: ["进度", "状态"],
  summary: "查看当前轮次报送进度,或某单位、某项任务的详情",
  usage: "/status [单位|任务编号] [轮次]",
  action: "status",
  async run(ctx) {
    const { subject, round } = subjectAndRound(ctx);
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
