/** Indexes over a snapshot and the per-plan context the planner's parts share. */
import type { Calendar } from "./calendar";
import { jittered } from "./jitter";
import { getOrInit, pushTo } from "./maps";
import type { ScheduleSettings } from "./settings";
import { hhmmToMinutes, localTime } from "./time";
import type {
  ChatRow,
  MissingTask,
  OfficeTarget,
  PersonRef,
  ScheduleAction,
  ScheduleSnapshot,
  Target,
  UnitRef,
} from "./types";

export interface SnapshotIndex {
  /** collectionId → unitId → missing tasks (retired units dropped). */
  missing: Map<number, Map<number, MissingTask[]>>;
  units: Map<number, { name: string; retired: boolean }>;
  liaisonByUnit: Map<number, PersonRef>;
  officeByPlan: Map<string, OfficeTarget>;
  groupChatsByPlan: Map<string, ChatRow[]>;
  /** taskId → lead unit ids. */
  leadsByTask: Map<number, number[]>;
}

export function indexSnapshot(snap: ScheduleSnapshot): SnapshotIndex {
  const units = new Map(snap.units.map((u) => [u.id, { name: u.name, retired: u.retired }]));
  const missing = new Map<number, Map<number, MissingTask[]>>();
  for (const r of snap.missing) {
    if (units.get(r.unitId)?.retired) continue;
    const byUnit = getOrInit(missing, r.collectionId, () => new Map<number, MissingTask[]>());
    pushTo(byUnit, r.unitId, { taskId: r.taskId, taskCode: r.taskCode, taskText: r.taskText });
  }
  const liaisonByUnit = new Map<number, PersonRef>();
  const officeByPlan = new Map<string, OfficeTarget>();
  const office = (planId: string) =>
    getOrInit(officeByPlan, planId, (): OfficeTarget => ({ chatId: null, members: [] }));
  for (const m of snap.members) {
    if (m.role === "liaison" && m.unitId !== null)
      liaisonByUnit.set(m.unitId, { openId: m.openId, name: m.name });
    if (m.role === "office")
      office(m.planId).members.push({ memberId: m.id, openId: m.openId, name: m.name });
  }
  const groupChatsByPlan = new Map<string, ChatRow[]>();
  for (const c of snap.chats) {
    if (c.isOffice) {
      const o = office(c.planId);
      if (o.chatId === null) o.chatId = c.chatId;
      continue;
    }
    pushTo(groupChatsByPlan, c.planId, c);
  }
  const leadsByTask = new Map<number, number[]>();
  for (const l of snap.leads) pushTo(leadsByTask, l.taskId, l.unitId);
  return { missing, units, liaisonByUnit, officeByPlan, groupChatsByPlan, leadsByTask };
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
}

/** True when `at` is inside working hours of a working day (nothing is sent otherwise). */
export function isWorkingTime(settings: ScheduleSettings, cal: Calendar, tz: string, at: Date): boolean {
  const lt = localTime(at, tz);
  return (
    cal.isWorkday(lt.day) &&
    lt.minutes >= hhmmToMinutes(settings.workHours.start) &&
    lt.minutes < hhmmToMinutes(settings.workHours.end)
  );
}

/**
 * A time-of-day send planned for `planned` may go out now: within the grace window, on the same local day,
 * inside working hours. Otherwise it is skipped, never sent late.
 */
export function isFresh(ctx: PlanContext, planned: Date): boolean {
  if (ctx.now.getTime() - planned.getTime() > ctx.settings.graceMinutes * 60_000) return false;
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

/** The group chat where a liaison is @-mentioned: one of the plan's groups they are in, else the first. */
export function groupChatFor(ctx: PlanContext, liaison: PersonRef): Target {
  const chats = ctx.idx.groupChatsByPlan.get(ctx.planId) ?? [];
  const chat = chats.find((c) => c.liaisonsPresent.includes(liaison.openId)) ?? chats[0];
  return chat ? { chatId: chat.chatId } : { openId: liaison.openId };
}
