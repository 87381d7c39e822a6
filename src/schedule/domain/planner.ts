/**
 * plan(tick) = f(snapshot, now, calendar): everything the scheduler should do at `now`, decided from the
 * database snapshot alone. Pure: the same inputs give the same actions, on every instance. The ledger in the
 * snapshot holds the decisions already taken, so an action is planned once; outbox keys make sends
 * idempotent even if a crash loses the ledger write.
 */

import { type CalendarData, createCalendar } from "../../domain/calendar";
import { localTime } from "../../domain/time";
import { planBulletins } from "./bulletins";
import { indexSnapshot, type PlanContext, unitRef, workGroupOf } from "./context";
import { planDigests } from "./digest";
import { getOrInit, pushTo } from "./maps";
import { planLadder } from "./nudges";
import { roundSpecs } from "./rounds";
import { parseScheduleSettings } from "./settings";
import type { PlanState, RoundRow, RoundSpec, ScheduleSnapshot, TickPlan, WorkGroupRoster } from "./types";
import { isWorkingTime } from "./working-time";

export function planTick(snap: ScheduleSnapshot, now: Date, calendarData: CalendarData): TickPlan {
  const cal = createCalendar(calendarData, new Map(snap.calendarOverrides.map((o) => [o.day, o.workday])));
  const idx = indexSnapshot(snap);
  const actions: TickPlan["actions"] = [];
  const warnings: string[] = [];
  const roundsByPlan = new Map<string, RoundRow[]>();
  for (const c of snap.rounds) pushTo(roundsByPlan, c.planId, c);
  // Most plans keep the same settings (often none): each distinct one is validated once per tick.
  const settingsSeen = new Map<string, ReturnType<typeof parseScheduleSettings>>();

  for (const plan of snap.plans) {
    const raw = JSON.stringify(plan.settings ?? null);
    let parsed = settingsSeen.get(raw);
    if (!parsed) {
      parsed = parseScheduleSettings(plan.settings);
      settingsSeen.set(raw, parsed);
    }
    if (!parsed.ok) {
      warnings.push(`方案 ${plan.id}：调度设置无效，本方案暂停调度：${parsed.problems.join("；")}`);
      continue;
    }
    if (!parsed.settings.enabled) continue;
    // One plan's bad data (an unknown time zone …) must not stop the others.
    const mark = actions.length;
    try {
      const ctx: PlanContext = {
        planId: plan.id,
        tz: plan.timezone,
        now,
        settings: parsed.settings,
        cal,
        idx,
        ledger: snap.ledger,
        actions,
        nowDay: localTime(now, plan.timezone).day,
        working: isWorkingTime(parsed.settings, cal, plan.timezone, now),
        digest: new Map(),
      };
      planPlan(ctx, plan, roundsByPlan.get(plan.id) ?? [], warnings);
    } catch (err) {
      actions.length = mark;
      warnings.push(
        `方案 ${plan.id}：调度失败，本次跳过：${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  for (const year of [...cal.uncoveredYears].sort()) {
    warnings.push(
      `日历数据未覆盖 ${year} 年（chinese-days ${calendarData.firstYear}-${calendarData.lastYear}），按周一至周五计算工作日；请升级 chinese-days 或添加日历例外`,
    );
  }
  return { actions, warnings };
}

function sameTimes(c: RoundRow, s: RoundSpec): boolean {
  return (
    c.opensAt.getTime() === s.opensAt.getTime() &&
    c.dueAt.getTime() === s.dueAt.getTime() &&
    c.closesAt.getTime() === s.closesAt.getTime() &&
    c.title === s.title
  );
}

function planPlan(ctx: PlanContext, plan: PlanState, stored: RoundRow[], warnings: string[]): void {
  const { specs, warnings: specWarnings } = roundSpecs(plan, ctx.settings, ctx.cal);
  warnings.push(...specWarnings);
  const now = ctx.now.getTime();
  const byKey = new Map(stored.map((c) => [`${c.kind}:${c.period}`, c]));

  // Rounds to create (only current or future ones) and scheduled rounds whose times changed.
  const fresh: RoundSpec[] = [];
  const rounds: RoundRow[] = [];
  const seen = new Set<number>();
  for (const spec of specs) {
    const row = byKey.get(`${spec.kind}:${spec.period}`);
    if (!row) {
      if (spec.closesAt.getTime() > now) {
        ctx.actions.push({ type: "create_round", spec });
        fresh.push(spec);
      }
      continue;
    }
    seen.add(row.id);
    if (row.state === "scheduled" && !sameTimes(row, spec)) {
      ctx.actions.push({ type: "reschedule_round", roundId: row.id, spec });
      rounds.push({ ...row, ...spec, id: row.id, state: row.state, openedAt: row.openedAt });
    } else {
      rounds.push(row);
    }
  }
  // Rounds in the database that the plan no longer computes (opened by hand, or the plan changed).
  for (const row of stored) if (!seen.has(row.id)) rounds.push(row);

  const working = ctx.working;
  for (const spec of fresh) {
    if (now >= spec.opensAt.getTime() && working) {
      ctx.actions.push({
        type: "open_round",
        planId: spec.planId,
        kind: spec.kind,
        period: spec.period,
        title: spec.title,
        roundId: null,
        dueAt: spec.dueAt,
        notBefore: ctx.now,
        groups: workGroupRosters(ctx),
        timezone: ctx.tz,
      });
    }
  }
  for (const c of rounds) {
    // A closed round nudges only the units the office reopened it for (until their own due date).
    if (c.state === "closed") {
      planLadder(ctx, c, { reopenedOnly: true });
      continue;
    }
    if (now >= c.closesAt.getTime()) {
      ctx.actions.push({
        type: "close_round",
        roundId: c.id,
        planId: c.planId,
        title: c.title,
        opened: c.state === "open",
      });
      if (c.state === "open") planLadder(ctx, c, { reopenedOnly: true });
      continue;
    }
    if (c.state === "scheduled") {
      if (now >= c.opensAt.getTime() && working)
        ctx.actions.push({
          type: "open_round",
          planId: c.planId,
          kind: c.kind,
          period: c.period,
          title: c.title,
          roundId: c.id,
          dueAt: c.dueAt,
          notBefore: ctx.now,
          groups: workGroupRosters(ctx),
          timezone: ctx.tz,
        });
      continue;
    }
    planLadder(ctx, c);
  }
  planDigests(ctx);
  planBulletins(ctx, rounds);
}

/** Each work group of the plan with the liaisons who answer in it (each in one group), for the opening notice. */
function workGroupRosters(ctx: PlanContext): WorkGroupRoster[] {
  const byChat = new Map<string, WorkGroupRoster>();
  for (const [unitId, person] of ctx.idx.liaisonByUnit) {
    const unit = ctx.idx.units.get(unitId);
    if (!unit || unit.retired || unit.planId !== ctx.planId) continue;
    const chatId = workGroupOf(ctx.idx, ctx.planId, person.openId);
    if (chatId === null) continue;
    getOrInit(byChat, chatId, () => ({ chatId, people: [] })).people.push({
      unit: unitRef(ctx, unitId),
      person,
    });
  }
  return [...byChat.values()];
}
