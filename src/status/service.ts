import * as z from "zod";
import { type BulletinPeriod, periodFromKey } from "../domain/period";
import { planShortName } from "../domain/plan-names";
import { planDefaultPeriod } from "../domain/plan-span";
import { currentRound, matchRound, parseRoundRef } from "../domain/rounds";
import { parseTaskCode, taskHeadline } from "../domain/states";
import type { Clock } from "../kernel/clock";
import type { CardRef } from "../kernel/messages";
import { bulletinFacts } from "./bulletins/facts";
import type { BulletinStore } from "./bulletins/ports";
import { bulletinOps } from "./bulletins/service";
import { type GlanceGoal, glanceCard, lightsBySection } from "./cards/glance-card";
import { missingCard, remindCard, remindTargets } from "./cards/missing-card";
import { overviewCard, taskCard, unitCard } from "./cards/status-card";
import { buildExportWorkbook, type ExportFile } from "./export/xlsx";
import type { RoundInfo, StatusStore } from "./ports";

/**
 * What the office's commands call: /status, /missing, /remind, /bulletin, /export and the card actions
 * status_page, bulletin_publish, bulletin_edit. Each returns a card to show, or a Chinese sentence saying what
 * is wrong. The bulletin half lives in bulletin/service.ts.
 */

export { bulletinActionValueSchema } from "./bulletins/service";

export type Answer = { ok: true; card: CardRef } | { ok: false; text: string };

export interface StatusServiceDeps {
  status: StatusStore;
  bulletins: BulletinStore;
  clock: Clock;
}

/** The value of a 下一页 button on the status cards ({action: "status_page", …}); parse it with this schema. */
export const statusPageValueSchema = z.object({
  action: z.literal("status_page"),
  view: z.enum(["overview", "unit", "task", "missing"]),
  roundId: z.number().int().positive(),
  unitId: z.number().int().positive().optional(),
  taskId: z.number().int().positive().optional(),
  page: z.number().int().min(1).max(1000),
});
export type StatusPageValue = z.infer<typeof statusPageValueSchema>;

const NO_ROUND = "尚未开启报送轮次。领导小组办公室可发送「/round open monthly 2022-06」开启。";

export function createStatusService(deps: StatusServiceDeps) {
  const { status, clock } = deps;

  async function context(planId: string, roundRef?: string) {
    const [plan, rounds] = await Promise.all([status.plan(planId), status.listRounds(planId)]);
    if (!plan) return { error: "未找到该工作方案。" } as const;
    const now = clock.now();
    let round: RoundInfo | undefined;
    if (roundRef?.trim()) {
      const ref = parseRoundRef(roundRef, now, plan.timezone);
      if (!ref)
        return { error: `无法识别轮次「${roundRef}」，请写作 2022-06、6月、上半年 或 #轮次编号。` } as const;
      round = matchRound(rounds, ref);
      if (!round) return { error: `未找到轮次「${roundRef}」。` } as const;
    } else {
      round = currentRound(rounds, now);
      if (!round) return { error: NO_ROUND } as const;
    }
    return { plan, rounds, round, now, tz: plan.timezone } as const;
  }

  /** Units a user named (a group stands for its members); an error sentence when none or several match. */
  async function units(planId: string, text: string) {
    const found = await status.findUnits(planId, text);
    if (found.length === 0)
      return { error: `未找到单位或任务「${text}」。单位请写全称或简称，任务请写编号（如 二.3）。` } as const;
    if (found.length > 1)
      return {
        error: `「${text}」匹配到多个单位：${found
          .slice(0, 10)
          .map((u) => u.name)
          .join("、")}${found.length > 10 ? " 等" : ""}，请写得更具体些。`,
      } as const;
    const [unit] = found;
    if (!unit) return { error: "未找到单位。" } as const;
    return { unit, ids: unit.kind === "group" ? unit.memberIds : [unit.id] } as const;
  }

  return {
    ...bulletinOps(deps),

    /** /status [unit | task id] [round]: the overview, one unit's tasks, or one task across units. */
    async status(
      planId: string,
      arg?: string,
      opts: { round?: string; page?: number } = {},
    ): Promise<Answer> {
      const ctx = await context(planId, opts.round);
      if ("error" in ctx) return { ok: false, text: ctx.error ?? NO_ROUND };
      const card = { now: ctx.now, tz: ctx.tz, page: opts.page ?? 1 };
      const text = arg?.trim();
      if (!text) {
        const o = await status.overview(ctx.round, ctx.now);
        return { ok: true, card: overviewCard(o, { ...card, planName: planShortName(ctx.plan.title) }) };
      }
      const code = parseTaskCode(text);
      if (code) {
        const task = await status.findTask(planId, code);
        if (!task) return { ok: false, text: `未找到任务 ${code}。` };
        const view = await status.taskStatus(ctx.round, task.id, ctx.now);
        if (!view || view.units.length === 0)
          return { ok: false, text: `任务 ${code} 在「${ctx.round.title}」中没有报送要求。` };
        return { ok: true, card: taskCard(view, card) };
      }
      const u = await units(planId, text);
      if ("error" in u) return { ok: false, text: u.error ?? "" };
      if (u.unit.kind === "group") {
        const o = await status.overview(ctx.round, ctx.now, { unitIds: u.ids });
        return { ok: true, card: overviewCard(o, { ...card, planName: u.unit.name }) };
      }
      const view = await status.unitStatus(ctx.round, u.unit.id, ctx.now);
      if (!view) return { ok: false, text: `${u.unit.name} 在「${ctx.round.title}」中没有报送要求。` };
      return { ok: true, card: unitCard(view, card) };
    },

    /**
     * /status for the leading group and the office: the goals (given by the goals room), the tasks by light per
     * section as the bulletin of the current round's period judges them, and charts of both.
     */
    async glance(planId: string, goals: readonly GlanceGoal[]): Promise<Answer> {
      const [plan, rounds] = await Promise.all([status.plan(planId), status.listRounds(planId)]);
      if (!plan) return { ok: false, text: "未找到该工作方案。" };
      const now = clock.now();
      const round = currentRound(rounds, now);
      const period =
        (round && exportPeriod(round)) ?? planDefaultPeriod("month", now, plan.span, plan.timezone);
      const data = await status.bulletinData(planId, period, now);
      const facts = data ? bulletinFacts(data) : undefined;
      const card = glanceCard({
        planName: planShortName(plan.title),
        periodLabel: period.label,
        goals,
        sections: lightsBySection(facts?.tasks ?? []),
        overviewValue: round ? { action: "status_page", view: "overview", roundId: round.id, page: 1 } : null,
      });
      return { ok: true, card };
    },

    /** The tasks by light over the plan's year, as the year's 通报 would judge them (the summary's preview). */
    async yearLights(planId: string) {
      const plan = await status.plan(planId);
      if (!plan) return undefined;
      const now = clock.now();
      const data = await status.bulletinData(
        planId,
        planDefaultPeriod("year", now, plan.span, plan.timezone),
        now,
      );
      if (!data) return undefined;
      const f = bulletinFacts(data);
      const of = (light: "red" | "yellow") =>
        f.tasks.filter((t) => t.light === light).map((t) => `${t.code} ${taskHeadline(t.text, 16)}`);
      return { lights: f.lights, redTasks: of("red"), yellowTasks: of("yellow") };
    },

    /** /missing [round]: units with missing requests and their liaisons. */
    async missing(planId: string, opts: { round?: string; page?: number } = {}): Promise<Answer> {
      const ctx = await context(planId, opts.round);
      if ("error" in ctx) return { ok: false, text: ctx.error ?? NO_ROUND };
      const missing = await status.missing(ctx.round, ctx.now);
      return {
        ok: true,
        card: missingCard(ctx.round, missing, { now: ctx.now, tz: ctx.tz, page: opts.page ?? 1 }),
      };
    },

    /**
     * /remind [unit]: who to nudge (liaisons and deputies of units with missing requests only) and the group
     * card that @-mentions them. The command enqueues the sends; nothing is sent here.
     */
    async remind(planId: string, unitArg?: string, opts: { round?: string } = {}) {
      const ctx = await context(planId, opts.round);
      if ("error" in ctx) return { ok: false as const, text: ctx.error ?? NO_ROUND };
      let unitIds: number[] | undefined;
      if (unitArg?.trim()) {
        const u = await units(planId, unitArg.trim());
        if ("error" in u) return { ok: false as const, text: u.error ?? "" };
        unitIds = u.ids;
      }
      const missing = await status.missing(ctx.round, ctx.now, unitIds ? { unitIds } : {});
      if (missing.length === 0)
        return {
          ok: false as const,
          text: `${unitArg?.trim() || "各单位"}「${ctx.round.title}」已全部报送，无需催报。`,
        };
      const { recipients, unbound } = remindTargets(missing);
      return {
        ok: true as const,
        round: ctx.round,
        missing,
        recipients,
        unbound,
        card: remindCard(ctx.round, missing, { now: ctx.now, tz: ctx.tz }),
      };
    },

    /** /status paging: the 下一页 button of a status card. */
    async page(planId: string, v: StatusPageValue): Promise<Answer> {
      const ctx = await context(planId, `#${v.roundId}`);
      if ("error" in ctx) return { ok: false, text: ctx.error ?? NO_ROUND };
      const card = { now: ctx.now, tz: ctx.tz, page: v.page };
      if (v.view === "missing")
        return { ok: true, card: missingCard(ctx.round, await status.missing(ctx.round, ctx.now), card) };
      if (v.view === "unit" && v.unitId !== undefined) {
        const view = await status.unitStatus(ctx.round, v.unitId, ctx.now);
        return view ? { ok: true, card: unitCard(view, card) } : { ok: false, text: "该单位没有报送要求。" };
      }
      if (v.view === "task" && v.taskId !== undefined) {
        const view = await status.taskStatus(ctx.round, v.taskId, ctx.now);
        return view ? { ok: true, card: taskCard(view, card) } : { ok: false, text: "未找到该任务。" };
      }
      const o = await status.overview(ctx.round, ctx.now);
      return { ok: true, card: overviewCard(o, { ...card, planName: planShortName(ctx.plan.title) }) };
    },

    /** /export [round | all]: the .xlsx of one round (default: the current one) or of every opened round. */
    async exportRounds(
      planId: string,
      arg?: string,
    ): Promise<{ ok: true; file: ExportFile } | { ok: false; text: string }> {
      const all = arg?.trim() && /^(all|全部)$/i.test(arg.trim());
      const ctx = await context(planId, all ? undefined : arg);
      if ("error" in ctx) return { ok: false, text: ctx.error ?? NO_ROUND };
      const ids = all
        ? ctx.rounds.filter((r) => r.opensAt.getTime() <= ctx.now.getTime()).map((r) => r.id)
        : [ctx.round.id];
      const data = await status.exportData(planId, ids, ctx.now);
      if (!data) return { ok: false, text: "未找到该工作方案。" };
      // Lights and indicator progress as the bulletin of the newest exported round's period states them.
      const newest = data.rounds[data.rounds.length - 1]?.round;
      const period = newest && exportPeriod(newest);
      const bulletin = period && (await status.bulletinData(planId, period, ctx.now));
      const facts = bulletin ? bulletinFacts(bulletin) : undefined;
      return { ok: true, file: await buildExportWorkbook(data, facts) };
    },
  };
}

export type StatusService = ReturnType<typeof createStatusService>;

/** The bulletin period a round's lights are judged in: its month, its half year, else its year. */
function exportPeriod(round: RoundInfo): BulletinPeriod | undefined {
  if (round.kind === "monthly") return periodFromKey("month", round.period);
  if (round.kind === "half_year") return periodFromKey("half", round.period);
  return periodFromKey("year", round.period.slice(0, 4));
}

/** Bytes as base64 for an OutMessage file (Web APIs only). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
