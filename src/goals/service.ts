import * as z from "zod";
import { elapsedShare } from "../domain/progress";
import { cnDateOf } from "../domain/time";
import { type CardRef, joinRich, md, type RichText } from "../kernel/messages";
import type { AuditStore } from "../members/ports";
import { type GoalRow, goalLine, goalWindow, proposeOwner } from "./goals";
import type { GoalStore } from "./ports";

/** What /goals and /status call for goals (目标指标). Answers are cards or a Chinese sentence. */

export interface GoalServiceDeps {
  store: GoalStore;
  audit: AuditStore;
  timezone: string;
}

const lit = (s: string): RichText => ({ rich: [s] });
const SOURCE_MAX = 200;

/** "/goals report 2 12 2022-06-30 市发改委项目库": the typed value of a goal, validated before any work. */
export const goalReportSchema = z.object({
  no: z.coerce.number().int().min(1).max(50),
  value: z.coerce.number().finite(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z.string().max(SOURCE_MAX),
});

export function createGoalService(deps: GoalServiceDeps) {
  const { store, audit } = deps;

  async function withProposals(planId: string) {
    const [plan, goals] = await Promise.all([store.plan(planId), store.goals(planId)]);
    if (!plan) return undefined;
    const missing = goals.some((g) => !g.owner);
    const hints = missing ? await store.taskHints(planId) : [];
    const office = plan.officeUnitName ? await store.unitByName(planId, plan.officeUnitName) : undefined;
    const officeUnit = office ? { id: office.id, name: office.name } : null;
    return {
      plan,
      goals: goals.map((g) => ({
        goal: g,
        proposal: g.owner ? null : proposeOwner(g.name, hints, officeUnit),
      })),
    };
  }

  function lines(goals: GoalRow[], planDate: string | null, now: Date): RichText[] {
    const elapsed = elapsedShare(goalWindow(planDate, now), now, deps.timezone);
    return goals.map((g, i) => {
      const l = goalLine(g, elapsed);
      const asOf = g.latest ? `（截至${cnDateOf(g.latest.asOf)}）` : "";
      const color = l.flagged ? "red" : l.state === "已达到目标" ? "green" : "grey";
      return md`${lit(`${i + 1}. `)}**${l.name}** 目标 ${l.target} · 当前 ${l.value}${asOf} · 完成 ${l.reached} · 时序 ${l.elapsed} · ${lit(`<font color='${color}'>${l.state}</font>`)}`;
    });
  }

  return {
    /** The goals section of /status: one line per goal (target, value, share reached, time progress). */
    async statusSection(planId: string, now: Date): Promise<RichText | undefined> {
      const plan = await store.plan(planId);
      const goals = await store.goals(planId);
      if (!plan || goals.length === 0) return undefined;
      return joinRich([lit(`**目标指标（${goals.length}项）**`), ...lines(goals, plan.issuedOn, now)], "\n");
    },

    /** The goals as the leaders' view shows and charts them: each line with its value's date. */
    async glance(planId: string, now: Date) {
      const plan = await store.plan(planId);
      if (!plan) return [];
      const elapsed = elapsedShare(goalWindow(plan.issuedOn, now), now, deps.timezone);
      return (await store.goals(planId)).map((g) => ({
        ...goalLine(g, elapsed),
        asOf: g.latest ? cnDateOf(g.latest.asOf) : null,
      }));
    },

    /** /goals: every goal with its owner (or the proposed one), value, source and progress. */
    async list(planId: string, now: Date): Promise<CardRef | undefined> {
      const w = await withProposals(planId);
      if (!w) return undefined;
      const shown = lines(
        w.goals.map((x) => x.goal),
        w.plan.issuedOn,
        now,
      );
      const body = w.goals.map((x, i) => {
        const owner = x.goal.owner
          ? md`责任单位：${x.goal.owner.name}`
          : x.proposal
            ? md`责任单位：未确定（建议 ${x.proposal.unit.name}，${x.proposal.because}）`
            : lit("责任单位：未确定");
        const source = x.goal.latest?.source ? md` · 来源：${x.goal.latest.source}` : lit("");
        return joinRich([shown[i] ?? lit(""), joinRich([owner, source], "")], "\n");
      });
      const unset = w.goals.filter((x) => !x.goal.owner).length;
      return {
        template: "notice",
        data: {
          title: `目标指标 · ${w.goals.length}项`,
          color: unset > 0 ? "orange" : "blue",
          body: joinRich(body.length > 0 ? body : [lit("本方案未列目标指标。")], "\n\n"),
          note: lit(
            unset > 0
              ? "确认建议的责任单位：/goals owner all；指定：/goals owner 序号 单位。责任单位联络员报送：/goals report 序号 数值 截至日期 来源。"
              : "责任单位联络员报送：/goals report 序号 数值 截至日期（2022-06-30） 来源。",
          ),
        },
      };
    },

    /** /goals owner N 单位 | all: the office sets a goal's owner (all: takes every proposal). */
    async setOwner(planId: string, which: string, unitName: string, actor: string, now: Date) {
      const w = await withProposals(planId);
      if (!w) return { ok: false as const, text: "未找到该工作方案。" };
      const picks: Array<{ goal: GoalRow; unit: { id: number; name: string } }> = [];
      if (which === "all") {
        for (const x of w.goals)
          if (!x.goal.owner && x.proposal) picks.push({ goal: x.goal, unit: x.proposal.unit });
      } else {
        const goal = w.goals[Number(which) - 1]?.goal;
        if (!goal) return { ok: false as const, text: `目标指标序号应为 1 至 ${w.goals.length}。` };
        const unit = await store.unitByName(planId, unitName);
        if (unit?.kind !== "unit" || !unit)
          return { ok: false as const, text: `未找到单位「${unitName}」。` };
        picks.push({ goal, unit });
      }
      for (const p of picks) {
        await store.setOwner(p.goal.indicatorId, p.unit.id, actor, now);
        await audit.record({
          planId,
          actor,
          action: "goal.owner",
          subject: `goal:${p.goal.key}`,
          before: p.goal.owner ? { unitId: p.goal.owner.id } : null,
          after: { unitId: p.unit.id, unit: p.unit.name },
          at: now,
        });
      }
      return {
        ok: true as const,
        text:
          picks.length === 0
            ? "各目标指标均已确定责任单位。"
            : `已确定责任单位：${picks.map((p) => `${p.goal.name} — ${p.unit.name}`).join("；")}。`,
      };
    },

    /** The owner (or the office) reports a goal's value; `mayReport` says whether the caller speaks for the unit. */
    async report(
      planId: string,
      input: z.infer<typeof goalReportSchema>,
      actor: string,
      now: Date,
      mayReport: (unitId: number) => boolean,
      eventKey: string,
    ) {
      const goals = await store.goals(planId);
      const goal = goals[input.no - 1];
      if (!goal) return { ok: false as const, text: `目标指标序号应为 1 至 ${goals.length}。` };
      if (!goal.owner)
        return { ok: false as const, text: `「${goal.name}」尚未确定责任单位，请领导小组办公室先指定。` };
      if (!mayReport(goal.owner.id))
        return { ok: false as const, text: `「${goal.name}」由${goal.owner.name}报送。` };
      const stored = await store.addValue({
        indicatorId: goal.indicatorId,
        unitId: goal.owner.id,
        value: input.value,
        asOf: input.asOf,
        source: input.source,
        reportedBy: actor,
        reportedAt: now,
        idempotencyKey: `goal:${eventKey}`,
      });
      if (stored)
        await audit.record({
          planId,
          actor,
          action: "goal.value",
          subject: `goal:${goal.key}`,
          before: goal.latest,
          after: { value: input.value, asOf: input.asOf, source: input.source, unitId: goal.owner.id },
          at: now,
        });
      return {
        ok: true as const,
        text: `已记录「${goal.name}」${input.value}${goal.uom}（截至${cnDateOf(input.asOf)}${input.source ? `，来源：${input.source}` : ""}）。`,
      };
    },
  };
}

export type GoalService = ReturnType<typeof createGoalService>;
