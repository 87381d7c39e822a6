import { parseRoundKind } from "../../domain/rounds";
import { Refusal } from "../../kernel/refusal";
import type { CommandDef } from "../registry";

/**
 * /lead <任务编号> [类型 期次]: the lead unit's view of a task (汇总) — every unit's latest report in the round
 * (default: the latest round that asks about the task). Also reachable from the lead's overview card (汇总).
 */
export const leadCommand: CommandDef = {
  name: "lead",
  aliases: ["汇总", "牵头"],
  summary: "牵头单位查看某项任务各单位的报送汇总",
  usage: "/lead <任务编号> [类型 期次]",
  action: "lead_view",
  async run(ctx) {
    const planId = ctx.planId ?? "";
    const [code, kindText, period] = ctx.args;
    if (!code) throw new Refusal("请给出任务编号，例如 /lead 二.1");
    const task = await ctx.deps.collect.findTask(planId, code);
    if (!task) throw new Refusal(`没有找到任务「${code}」。任务编号形如 二.1。`);
    const leads = await ctx.deps.collect.taskLeads(task.id);
    if (leads.length === 0) throw new Refusal(`任务 ${task.code} 没有牵头单位。`);
    if (!leads.some((u) => ctx.can("lead_view", { unitId: u.id })))
      throw new Refusal(
        `抱歉，任务 ${task.code} 的汇总仅供牵头单位（${leads.map((u) => u.name).join("、")}）联络员和办公室查看。`,
      );
    const rounds = await ctx.deps.collect.listRounds(planId);
    let roundId: number | undefined;
    if (kindText) {
      const kind = parseRoundKind(kindText);
      if (!kind) throw new Refusal(`无法识别轮次类型「${kindText}」。`);
      const named = period
        ? await ctx.deps.collect.findRound(planId, kind, period, ctx.now)
        : rounds.find((r) => r.kind === kind);
      roundId = named?.id;
    } else {
      const asked = new Set(
        (await ctx.deps.collect.requestStates({ planId, taskId: task.id }, ctx.now)).map((s) => s.roundId),
      );
      roundId = rounds.find((r) => asked.has(r.id))?.id;
    }
    if (!roundId) throw new Refusal(`任务 ${task.code} 还没有报送轮次。`);
    const card = await ctx.deps.collect.leadViewCard(roundId, task.id, ctx.now, 0);
    if (!card) throw new Refusal(`该轮次没有任务 ${task.code} 的报送要求。`);
    await ctx.reply({ type: "card", card });
  },
};
