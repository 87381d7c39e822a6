/** The schedule planner's snapshot, loaded in a few set-based queries (run concurrently). */
import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import { settingsWithPlanDefaults } from "../../schedule/domain/settings";
import type { ScheduleSnapshot } from "../../schedule/domain/types";
import type { Database } from "../client";
import {
  calendarOverrides,
  chatMembers,
  chats,
  members,
  milestones,
  phases,
  plans,
  rounds,
  schedulerState,
} from "../schema";
import { jsonTuples } from "./json-rows";
import { loadMissing } from "./schedule-missing";

/** Ledger rows in scheduler_state: `sched:c:<roundId>` per round, `sched:p:<planId>` per plan. */
export const LEDGER_PREFIX = "sched:";
/** Closed rounds stay in the snapshot this long (bulletins, and not re-creating a round of the plan). */
const YEAR_MS = 366 * 86_400_000;
/**
 * A unit the office reopened a round for is laddered until this long after its new due date (its escalation
 * comes a few working days after it), even when the round has closed.
 */
const REOPENED_WINDOW_MS = 30 * 86_400_000;

export async function loadScheduleSnapshot(
  database: Database,
  now: Date,
  opts: { admins?: readonly string[] } = {},
): Promise<ScheduleSnapshot> {
  const { db } = database;
  const since = new Date(now.getTime() - YEAR_MS);
  const reopenedSince = new Date(now.getTime() - REOPENED_WINDOW_MS);
  const [
    planRows,
    phaseRows,
    milestoneRows,
    roundRows,
    missing,
    unitRows,
    memberRows,
    chatRows,
    presentRows,
    leads,
    overrides,
  ] = await Promise.all([
    db
      .select({
        id: plans.id,
        timezone: plans.timezone,
        settings: plans.settings,
        rhythm: sql<unknown>`coalesce(${plans.document}->'rhythm', '[]'::jsonb)`,
      })
      .from(plans)
      // An archived plan (/plan close) is out of the tick: no rounds, no reminders.
      .where(isNull(plans.archivedAt))
      .orderBy(asc(plans.id)),
    db.select().from(phases).orderBy(asc(phases.planId), asc(phases.ordinal)),
    db.select().from(milestones).orderBy(asc(milestones.phaseId), asc(milestones.ordinal)),
    db
      .select({
        id: rounds.id,
        planId: rounds.planId,
        kind: rounds.kind,
        period: rounds.period,
        title: rounds.title,
        state: rounds.state,
        opensAt: rounds.opensAt,
        dueAt: rounds.dueAt,
        closesAt: rounds.closesAt,
        openedAt: rounds.openedAt,
      })
      .from(rounds)
      .where(or(ne(rounds.state, "closed"), gt(rounds.closesAt, since))),
    loadMissing(database, reopenedSince),
    // The largest reads besides the missing one (a row per unit, per member and per lead: 50,000, 57,000 and
    // 25,000 at a thousand plans) arrive as one JSON array each (json-rows.ts).
    jsonTuples<[number, string, string, boolean]>(
      database,
      sql`id, plan_id, name, retired_at is not null`,
      sql`units`,
    ),
    jsonTuples<[number, string, string, string, "liaison" | "deputy" | "office", number | null]>(
      database,
      sql`id, plan_id, open_id, name, role, unit_id`,
      sql`members where role in ('liaison', 'deputy', 'office')`,
      sql`id`,
    ),
    db
      .select({ chatId: chats.chatId, planId: chats.planId, isOffice: chats.isOffice })
      .from(chats)
      .where(and(eq(chats.botPresent, true), eq(chats.chatType, "group")))
      .orderBy(asc(chats.joinedAt), asc(chats.chatId)),
    db
      .select({ chatId: chatMembers.chatId, openId: chatMembers.openId })
      .from(chatMembers)
      .innerJoin(chats, eq(chats.chatId, chatMembers.chatId))
      .innerJoin(
        members,
        and(
          eq(members.planId, chats.planId),
          eq(members.openId, chatMembers.openId),
          inArray(members.role, ["liaison", "deputy"]),
        ),
      )
      .where(eq(chatMembers.present, true)),
    jsonTuples<[number, number]>(
      database,
      sql`tu.task_id, tu.unit_id`,
      sql`task_units tu join tasks t on t.id = tu.task_id where tu.role = 'lead' and t.retired_at is null`,
    ),
    db.select({ day: calendarOverrides.day, workday: calendarOverrides.workday }).from(calendarOverrides),
  ]);

  const live = new Set(planRows.map((p) => p.id));
  const liveRounds = roundRows.filter((c) => live.has(c.planId));
  const liveRoundIds = new Set(liveRounds.map((c) => c.id));
  const liveMissing = missing.filter((m) => liveRoundIds.has(m.roundId));

  const phasesByPlan = new Map<string, ScheduleSnapshot["plans"][number]["phases"]>();
  const phaseById = new Map<number, ScheduleSnapshot["plans"][number]["phases"][number]>();
  for (const p of phaseRows) {
    const phase = { ordinal: p.ordinal, name: p.name, start: p.start, end: p.end, milestones: [] };
    phaseById.set(p.id, phase);
    const list = phasesByPlan.get(p.planId);
    if (list) list.push(phase);
    else phasesByPlan.set(p.planId, [phase]);
  }
  for (const m of milestoneRows) {
    phaseById.get(m.phaseId)?.milestones.push({
      text: m.text,
      due: m.due,
      unitsMustSubmit: m.unitsMustSubmit,
      collectionKind: m.collectionKind,
    });
  }
  const present = new Map<string, string[]>();
  for (const r of presentRows) {
    const list = present.get(r.chatId);
    if (list) list.push(r.openId);
    else present.set(r.chatId, [r.openId]);
  }

  const scopes = [
    ...new Set([
      ...liveRounds.filter((c) => c.state !== "closed").map((c) => `c:${c.id}`),
      ...liveMissing.map((m) => `c:${m.roundId}`),
    ]),
    ...planRows.map((p) => `p:${p.id}`),
  ];
  const ledger = await loadLedger(database, scopes);

  return {
    plans: planRows.map((p) => ({
      id: p.id,
      timezone: p.timezone,
      settings: settingsWithPlanDefaults(p.settings, p.rhythm),
      rhythm: Array.isArray(p.rhythm)
        ? p.rhythm.map((r) => String((r as { kind?: unknown }).kind ?? "")).filter(Boolean)
        : [],
      phases: phasesByPlan.get(p.id) ?? [],
    })),
    rounds: liveRounds,
    missingGroups: liveMissing,
    units: unitRows
      .filter(([, planId]) => live.has(planId))
      .map(([id, planId, name, retired]) => ({ id, planId, name, retired })),
    members: memberRows
      .filter(([, planId]) => live.has(planId))
      .map(([id, planId, openId, name, role, unitId]) => ({ id, planId, openId, name, role, unitId })),
    chats: chatRows
      .filter((c): c is typeof c & { planId: string } => c.planId !== null && live.has(c.planId))
      .map((c) => ({ ...c, liaisonsPresent: present.get(c.chatId) ?? [] })),
    leads: leads.map(([taskId, unitId]) => ({ taskId, unitId })),
    calendarOverrides: overrides,
    ledger,
    ...(opts.admins && opts.admins.length > 0 ? { admins: opts.admins } : {}),
  };
}

async function loadLedger(database: Database, scopes: string[]): Promise<ScheduleSnapshot["ledger"]> {
  const ledger = new Map<string, Map<string, string>>();
  if (scopes.length === 0) return ledger;
  const keys = scopes.map((s) => `${LEDGER_PREFIX}${s}`);
  const rows = await database.db
    .select({ key: schedulerState.key, value: schedulerState.value })
    .from(schedulerState)
    .where(sql`${schedulerState.key} = any(${sql.param(keys)}::text[])`);
  for (const r of rows) {
    const entries = new Map<string, string>();
    if (r.value && typeof r.value === "object")
      for (const [k, v] of Object.entries(r.value as Record<string, unknown>)) entries.set(k, String(v));
    ledger.set(r.key.slice(LEDGER_PREFIX.length), entries);
  }
  return ledger;
}
