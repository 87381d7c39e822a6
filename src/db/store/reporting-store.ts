import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { CollectStore, Contact } from "../../reporting/ports";
import { settingsWithPlanDefaults } from "../../schedule/domain/settings";
import type { Db } from "../client";
import {
  calendarOverrides,
  goalOwners,
  indicators,
  members,
  milestones,
  phases,
  plans,
  reportRequests,
  rounds,
  tasks,
  taskUnits,
  unitCards,
  unitGroupMembers,
  units,
} from "../schema";
import { officeRecipients } from "./office-recipients";
import { createCardAgeQueries } from "./reporting-cards";
import { createReportStore } from "./reporting-reports";
import { createRequestQueries } from "./reporting-requests";
import { requestOf, roundColumns, selectRequestViews, toRound } from "./reporting-views";

/** The collect store: rounds, requests, contacts and cards here; revisions in collect-reports.ts. */
export function createCollectStore(db: Db): CollectStore {
  const memberUnit = alias(units, "member_unit");

  return {
    ...createReportStore(db),
    ...createCardAgeQueries(db),

    async getRound(id) {
      const [row] = await db.select(roundColumns).from(rounds).where(eq(rounds.id, id));
      return row ? toRound(row) : undefined;
    },

    async findRound(planId, kind, period) {
      const [row] = await db
        .select(roundColumns)
        .from(rounds)
        .where(and(eq(rounds.planId, planId), eq(rounds.kind, kind), eq(rounds.period, period)));
      return row ? toRound(row) : undefined;
    },

    async listRounds(planId) {
      const rows = await db
        .select(roundColumns)
        .from(rounds)
        .where(eq(rounds.planId, planId))
        .orderBy(desc(rounds.dueAt), desc(rounds.id));
      return rows.map(toRound);
    },

    async createRound({ planId, kind, period, title, times, actor }, now) {
      const inserted = await db
        .insert(rounds)
        .values({
          planId,
          kind,
          period,
          title,
          opensAt: times.opensAt,
          dueAt: times.dueAt,
          closesAt: times.closesAt,
          state: "open",
          openedAt: now,
          openedBy: actor,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning(roundColumns);
      if (inserted[0]) return { round: toRound(inserted[0]), created: true };
      // A round prepared ahead (state scheduled) becomes open, now if that is earlier than planned (the office
      // opening it early: its cards go out now); its due and close times stay. An open or closed one stays.
      await db
        .update(rounds)
        .set({
          state: "open",
          openedAt: now,
          openedBy: actor,
          opensAt: sql`least(${rounds.opensAt}, ${now.toISOString()}::timestamptz)`,
        })
        .where(
          and(
            eq(rounds.planId, planId),
            eq(rounds.kind, kind),
            eq(rounds.period, period),
            eq(rounds.state, "scheduled"),
          ),
        );
      const [row] = await db
        .select(roundColumns)
        .from(rounds)
        .where(and(eq(rounds.planId, planId), eq(rounds.kind, kind), eq(rounds.period, period)));
      if (!row) throw new Error(`round ${planId}/${kind}/${period} vanished`);
      return { round: toRound(row), created: false };
    },

    async planTiming(planId) {
      const [plan] = await db
        .select({
          date: plans.issuedOn,
          timezone: plans.timezone,
          settings: plans.settings,
          rhythm: sql<unknown>`${plans.document}->'rhythm'`,
        })
        .from(plans)
        .where(eq(plans.id, planId));
      if (!plan) return undefined;
      const [ph, ms, overrides] = await Promise.all([
        db
          .select({
            id: phases.id,
            ordinal: phases.ordinal,
            name: phases.name,
            start: phases.start,
            end: phases.end,
          })
          .from(phases)
          .where(eq(phases.planId, planId))
          .orderBy(asc(phases.ordinal)),
        db
          .select({
            phaseId: milestones.phaseId,
            text: milestones.text,
            due: milestones.due,
            unitsMustSubmit: milestones.unitsMustSubmit,
            collectionKind: milestones.collectionKind,
          })
          .from(milestones)
          .where(eq(milestones.planId, planId))
          .orderBy(asc(milestones.phaseId), asc(milestones.ordinal)),
        db.select({ day: calendarOverrides.day, workday: calendarOverrides.workday }).from(calendarOverrides),
      ]);
      return {
        planDate: plan.date,
        timezone: plan.timezone,
        settings: settingsWithPlanDefaults(plan.settings, plan.rhythm),
        phases: ph.map(({ id, ...p }) => ({
          ...p,
          milestones: ms.filter((m) => m.phaseId === id).map(({ phaseId: _, ...m }) => m),
        })),
        calendarOverrides: overrides,
      };
    },

    async assignments(planId) {
      const rows = await db
        .select({
          taskId: taskUnits.taskId,
          unitId: sql<number>`coalesce(${memberUnit.id}, ${units.id})`,
          role: taskUnits.role,
          kind: units.kind,
          memberId: memberUnit.id,
        })
        .from(taskUnits)
        .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
        .innerJoin(units, eq(units.id, taskUnits.unitId))
        .leftJoin(unitGroupMembers, and(eq(units.kind, "group"), eq(unitGroupMembers.groupId, units.id)))
        .leftJoin(memberUnit, and(eq(memberUnit.id, unitGroupMembers.unitId), isNull(memberUnit.retiredAt)))
        .where(
          and(
            eq(tasks.planId, planId),
            isNull(tasks.retiredAt),
            isNull(units.retiredAt),
            or(eq(units.kind, "unit"), sql`${memberUnit.id} is not null`),
          ),
        );
      return rows.map((r) => ({ taskId: r.taskId, unitId: Number(r.unitId), role: r.role }));
    },

    async insertRequests(roundId, seeds) {
      if (seeds.length === 0) return 0;
      const inserted = await db
        .insert(reportRequests)
        .values(
          seeds.map((s) => ({
            roundId,
            unitId: s.unitId,
            taskId: s.taskId,
            role: s.role,
            indicatorId: s.indicatorId ?? null,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: reportRequests.id });
      return inserted.length;
    },

    async goalOwners(planId) {
      return db
        .select({ indicatorId: goalOwners.indicatorId, unitId: goalOwners.unitId })
        .from(goalOwners)
        .innerJoin(indicators, eq(indicators.id, goalOwners.indicatorId))
        .innerJoin(units, eq(units.id, goalOwners.unitId))
        .where(and(eq(indicators.planId, planId), isNull(indicators.retiredAt), isNull(units.retiredAt)))
        .orderBy(asc(indicators.goalIndex), asc(indicators.ordinal));
    },

    async roundUnits(roundId) {
      return db
        .selectDistinct({ id: units.id, name: units.name, ordinal: units.ordinal })
        .from(reportRequests)
        .innerJoin(units, eq(units.id, reportRequests.unitId))
        .where(eq(reportRequests.roundId, roundId))
        .orderBy(asc(units.ordinal), asc(units.id))
        .then((rows) => rows.map((r) => ({ id: r.id, name: r.name })));
    },

    async contacts(planId, unitIds): Promise<Contact[]> {
      if (unitIds.length === 0) return [];
      const rows = await db
        .select({ unitId: members.unitId, openId: members.openId, name: members.name, role: members.role })
        .from(members)
        .where(
          and(
            eq(members.planId, planId),
            inArray(members.unitId, [...unitIds]),
            inArray(members.role, ["liaison", "deputy"]),
          ),
        )
        .orderBy(asc(members.unitId), asc(members.role), asc(members.id));
      // role sorts "deputy" < "liaison": put the liaison first.
      return rows
        .map((r) => ({
          unitId: r.unitId ?? 0,
          openId: r.openId,
          name: r.name,
          role: r.role as Contact["role"],
        }))
        .sort((a, b) => a.unitId - b.unitId || (a.role === "liaison" ? -1 : b.role === "liaison" ? 1 : 0));
    },

    async officeContacts(planId) {
      return officeRecipients(db, planId);
    },

    async recordUnitCards(rows, now, replace) {
      if (rows.length === 0) return;
      const q = db.insert(unitCards).values(rows.map((r) => ({ ...r, updatedAt: now })));
      if (replace)
        await q.onConflictDoUpdate({
          target: [unitCards.roundId, unitCards.unitId, unitCards.recipient],
          set: { outboxKey: sql`excluded.outbox_key`, messageId: null, updatedAt: now },
        });
      else await q.onConflictDoNothing();
    },

    async unitCards(roundId, unitId) {
      return db
        .select({
          recipient: unitCards.recipient,
          outboxKey: unitCards.outboxKey,
          messageId: unitCards.messageId,
        })
        .from(unitCards)
        .where(and(eq(unitCards.roundId, roundId), eq(unitCards.unitId, unitId)))
        .orderBy(asc(unitCards.id));
    },

    unitRequests: (roundId, unitId) => selectRequestViews(db, requestOf(roundId, "unit", unitId)),
    taskRequests: (roundId, taskId) => selectRequestViews(db, requestOf(roundId, "task", taskId), true),

    async reopen(roundId, unitId, until) {
      const rows = await db
        .update(reportRequests)
        .set({ reopenedUntil: until })
        .where(and(eq(reportRequests.roundId, roundId), eq(reportRequests.unitId, unitId)))
        .returning({ id: reportRequests.id });
      return rows.length;
    },

    ...createRequestQueries(db),
  };
}
