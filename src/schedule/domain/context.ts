/** Indexes over a snapshot and the per-plan context the planner's parts share. */
import type { Calendar } from "../../domain/calendar";
import { localTime } from "../../domain/time";
import type { UnitRef } from "../../domain/units";
import { hash32, jittered } from "./jitter";
import { getOrInit, pushTo } from "./maps";
import type { ScheduleSettings } from "./settings";
import type {
  ChatRow,
  DigestLine,
  LedgerMark,
  MissingTask,
  OfficeTarget,
  PersonRef,
  RoundRef,
  RoundRow,
  ScheduleAction,
  ScheduleSnapshot,
  SkipReason,
} from "./types";

export interface SnapshotIndex {
  /** roundId → unitId → missing tasks (retired units dropped). */
  missing: Map<number, Map<number, MissingTask[]>>;
  /** roundId → unitId → the latest reopened_until of its missing requests (units the office reopened). */
  reopened: Map<number, Map<number, Date>>;
  units: Map<number, { name: string; retired: boolean; planId: string }>;
  /** The person nudged for a unit: its liaison, else its first deputy standing in. */
  liaisonByUnit: Map<number, PersonRef>;
  /** Where the office is told: its own chat (not a work group), else its members, else DUBAN_ADMINS. */
  officeByPlan: Map<string, OfficeTarget>;
  /** The plan's groups other than the office chat. */
  groupChatsByPlan: Map<string, ChatRow[]>;
  /** The first group bound to the plan; a work group too when liaisons are in it. */
  officeChatByPlan: Map<string, ChatRow>;
  /** taskId → lead unit ids. */
  leadsByTask: Map<number, number[]>;
}

export function indexSnapshot(snap: ScheduleSnapshot): SnapshotIndex {
  const units = new Map(
    snap.units.map((u) => [u.id, { name: u.name, retired: u.retired, planId: u.planId }]),
  );
  const missing = new Map<number, Map<number, MissingTask[]>>();
  const reopened = new Map<number, Map<number, Date>>();
  for (const g of snap.missingGroups) {
    if (units.get(g.unitId)?.retired || g.tasks.length === 0) continue;
    const byUnit = getOrInit(missing, g.roundId, () => new Map<number, MissingTask[]>());
    const had = byUnit.get(g.unitId);
    byUnit.set(g.unitId, had ? [...had, ...g.tasks] : g.tasks);
    if (g.reopenedUntil) {
      const until = getOrInit(reopened, g.roundId, () => new Map<number, Date>());
      const seen = until.get(g.unitId);
      if (!seen || seen.getTime() < g.reopenedUntil.getTime()) until.set(g.unitId, g.reopenedUntil);
    }
  }
  const liaisonByUnit = new Map<number, PersonRef>();
  const deputies = new Map<number, PersonRef[]>();
  const officeByPlan = new Map<string, OfficeTarget>();
  const office = (planId: string) =>
    getOrInit(officeByPlan, planId, (): OfficeTarget => ({ chatId: null, members: [] }));
  for (const m of snap.members) {
    if (m.role === "liaison" && m.unitId !== null)
      liaisonByUnit.set(m.unitId, { openId: m.openId, name: m.name });
    if (m.role === "deputy" && m.unitId !== null)
      pushTo(deputies, m.unitId, { openId: m.openId, name: m.name });
    if (m.role === "office")
      office(m.planId).members.push({ tag: `m${m.id}`, openId: m.openId, name: m.name });
  }
  // A unit without a liaison: its first deputy stands in (they have its overview card too).
  for (const [unitId, list] of deputies)
    if (!liaisonByUnit.has(unitId) && list[0]) liaisonByUnit.set(unitId, list[0]);
  const groupChatsByPlan = new Map<string, ChatRow[]>();
  const officeChatByPlan = new Map<string, ChatRow>();
  for (const c of snap.chats) {
    if (c.isOffice) {
      if (!officeChatByPlan.has(c.planId)) {
        officeChatByPlan.set(c.planId, c);
        // A plan with one group has it as its office chat; with liaisons in it, it is the work group, where
        // escalations and drafts do not belong: the office is then told through its members.
        if (c.liaisonsPresent.length === 0) office(c.planId).chatId = c.chatId;
      }
      continue;
    }
    pushTo(groupChatsByPlan, c.planId, c);
  }
  // No office chat and no office member: DUBAN_ADMINS are the office (as for the collection service).
  const admins = [...new Set(snap.admins ?? [])];
  for (const p of snap.plans) {
    const o = officeByPlan.get(p.id);
    if (admins.length > 0 && (!o || (o.chatId === null && o.members.length === 0)))
      office(p.id).members.push(
        ...admins.map((openId) => ({ tag: `a${hash32(openId).toString(36)}`, openId, name: "" })),
      );
  }
  const leadsByTask = new Map<number, number[]>();
  for (const l of snap.leads) pushTo(leadsByTask, l.taskId, l.unitId);
  return {
    missing,
    reopened,
    units,
    liaisonByUnit,
    officeByPlan,
    groupChatsByPlan,
    officeChatByPlan,
    leadsByTask,
  };
}

/** What the planner's parts need for one plan at one instant. */
export interface PlanContext {
  planId: string;
  tz: string;
  now: Date;
  settings: ScheduleSettings;
  cal: Calendar;
  idx: SnapshotIndex;
  ledger: ScheduleSnapshot["ledger"];
  actions: ScheduleAction[];
  /** `now`'s local day and whether it is working time, computed once per plan. */
  nowDay: string;
  working: boolean;
  /** This tick's lines for the work groups' digests, by chat: one message per group (src/schedule/domain/digest.ts). */
  digest: Map<string, { lines: DigestLine[]; ledger: LedgerMark[]; at: Date }>;
}

/**
 * A time-of-day send planned for `planned` may go out now: on the same local day, inside working hours, and
 * within the grace window when one is set. Otherwise it is skipped, never sent on a later day.
 */
export function isFresh(ctx: PlanContext, planned: Date): boolean {
  const grace = ctx.settings.graceMinutes;
  if (grace !== null && ctx.now.getTime() - planned.getTime() > grace * 60_000) return false;
  return ctx.working && localTime(planned, ctx.tz).day === ctx.nowDay;
}

export function jitter(ctx: PlanContext, base: Date, key: string): Date {
  return jittered(base, key, ctx.settings.jitter, ctx.tz);
}

export function unitRef(ctx: PlanContext, unitId: number): UnitRef {
  return { id: unitId, name: ctx.idx.units.get(unitId)?.name ?? `单位#${unitId}` };
}

export function hasOfficeRecipient(office: OfficeTarget | undefined): office is OfficeTarget {
  return !!office && (office.chatId !== null || office.members.length > 0);
}

/**
 * The work group a liaison answers in: a plan group they are in, else the office chat if they are in it (a
 * plan with one work group has it as its office chat); none when they are in no group of the plan.
 */
export function workGroupOf(idx: SnapshotIndex, planId: string, openId: string): string | null {
  const chats = idx.groupChatsByPlan.get(planId) ?? [];
  const chat = chats.find((c) => c.liaisonsPresent.includes(openId));
  if (chat) return chat.chatId;
  const office = idx.officeChatByPlan.get(planId);
  return office?.liaisonsPresent.includes(openId) ? office.chatId : null;
}

/** One ladder: the units of a round that share a due date. */
export interface LadderGroup {
  ctx: PlanContext;
  c: RoundRow;
  round: RoundRef;
  scope: string;
  done: ReadonlyMap<string, string> | undefined;
  missingByUnit: Map<number, MissingTask[]>;
  /** "" for the round's own due date; `:r<stamp>` for units reopened until another one. */
  suffix: string;
}

/** Why a due send must not go out now, if it must not. */
export function skipReason(ctx: PlanContext, c: RoundRow, stepAt: Date, plannedAt: Date): SkipReason | null {
  if (c.openedAt && stepAt.getTime() < c.openedAt.getTime()) return "before_open";
  if (!isFresh(ctx, plannedAt)) return "stale";
  return null;
}
