import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { CoordStore, ItemState, ItemView } from "../../coordination/ports";
import type { Db } from "../client";
import {
  coordAssignees,
  coordItems,
  members,
  reportRequests,
  reports,
  rounds,
  tasks,
  units,
} from "../schema";

/** Coordination items (事项) and their assignees, over the plan's tables (docs/year.md). */

export function createCoordStore(db: Db): CoordStore {
  async function views(where: ReturnType<typeof eq>): Promise<ItemView[]> {
    const rows = await db
      .select({ item: coordItems, unitName: units.name, taskCode: tasks.code })
      .from(coordItems)
      .leftJoin(units, eq(units.id, coordItems.unitId))
      .leftJoin(tasks, eq(tasks.id, coordItems.taskId))
      .where(where)
      .orderBy(asc(coordItems.raisedOn), asc(coordItems.id));
    const ids = rows.map((r) => r.item.id);
    const assigned =
      ids.length === 0
        ? []
        : await db
            .select({ a: coordAssignees, unitName: units.name })
            .from(coordAssignees)
            .innerJoin(units, eq(units.id, coordAssignees.unitId))
            .where(inArray(coordAssignees.itemId, ids))
            .orderBy(asc(units.ordinal));
    return rows.map(({ item, unitName, taskCode }) => ({
      id: item.id,
      planId: item.planId,
      kind: item.kind,
      unitId: item.unitId,
      unitName,
      taskCode,
      text: item.text,
      delegate: item.delegate,
      occasion: item.occasion,
      raisedOn: item.raisedOn,
      lastRaisedOn: item.lastRaisedOn,
      repeats: item.repeats,
      followUps: item.followUps,
      state: item.state,
      due: item.due,
      closeNote: item.closeNote,
      assignees: assigned
        .filter((x) => x.a.itemId === item.id)
        .map((x) => ({
          unitId: x.a.unitId,
          unitName: x.unitName,
          answer: x.a.answer,
          answeredAt: x.a.answeredAt,
        })),
    }));
  }

  return {
    /** The report's problem field with where it came from; undefined when the report has none. */
    async reportProblem(reportId: number) {
      const [r] = await db
        .select({
          planId: rounds.planId,
          kind: rounds.kind,
          unitId: reportRequests.unitId,
          taskId: reportRequests.taskId,
          problems: reports.problems,
          submittedAt: reports.submittedAt,
        })
        .from(reports)
        .innerJoin(reportRequests, eq(reportRequests.id, reports.requestId))
        .innerJoin(rounds, eq(rounds.id, reportRequests.roundId))
        .where(eq(reports.id, reportId));
      return r?.problems?.trim() ? { ...r, problems: r.problems.trim() } : undefined;
    },

    /** The item not yet closed that the same unit raised on the same task with the same words. */
    async findOpen(planId: string, unitId: number, taskId: number | null, matchText: string) {
      const [row] = await db
        .select({ id: coordItems.id, reportId: coordItems.reportId })
        .from(coordItems)
        .where(and(...openOfUnitTask(planId, unitId, taskId), eq(coordItems.matchText, matchText)));
      return row;
    },

    async insert(v: typeof coordItems.$inferInsert): Promise<number | undefined> {
      const r = await db.insert(coordItems).values(v).onConflictDoNothing().returning({ id: coordItems.id });
      return r[0]?.id;
    },

    async raisedAgain(id: number, on: string) {
      await db
        .update(coordItems)
        .set({ repeats: sql`${coordItems.repeats} + 1`, lastRaisedOn: on })
        .where(eq(coordItems.id, id));
    },

    async openOf(planId: string, unitId: number, taskId: number | null) {
      return db
        .select({ id: coordItems.id, text: coordItems.text, lastRaisedOn: coordItems.lastRaisedOn })
        .from(coordItems)
        .where(and(...openOfUnitTask(planId, unitId, taskId)))
        .orderBy(asc(coordItems.id));
    },

    async itemOfReport(reportId: number) {
      const [row] = await db
        .select({ id: coordItems.id })
        .from(coordItems)
        .where(
          sql`${coordItems.reportId} = ${reportId} or ${coordItems.followUps} @> ${JSON.stringify([{ reportId }])}::jsonb`,
        )
        .limit(1);
      return row?.id;
    },

    async addFollowUp(id: number, entry: { on: string; text: string; reportId: number }) {
      const r = await db
        .update(coordItems)
        .set({
          followUps: sql`${coordItems.followUps} || ${JSON.stringify([entry])}::jsonb`,
          repeats: sql`${coordItems.repeats} + 1`,
          lastRaisedOn: sql`greatest(${coordItems.lastRaisedOn}, ${entry.on}::date)`,
        })
        .where(
          and(
            eq(coordItems.id, id),
            sql`not ${coordItems.followUps} @> ${JSON.stringify([{ reportId: entry.reportId }])}::jsonb`,
          ),
        )
        .returning({ id: coordItems.id });
      return r.length > 0;
    },

    item: async (id: number) => (await views(eq(coordItems.id, id)))[0],
    all: (planId: string) => views(eq(coordItems.planId, planId)),

    async assign(id: number, unitIds: number[], due: string, by: string, at: Date) {
      await db.transaction(async (tx) => {
        await tx
          .insert(coordAssignees)
          .values(unitIds.map((unitId) => ({ itemId: id, unitId, assignedBy: by, assignedAt: at })))
          .onConflictDoNothing();
        await tx.update(coordItems).set({ state: "assigned", due }).where(eq(coordItems.id, id));
      });
    },

    /** Stores a unit's answer; the item is answered once every assignee answered. */
    async answer(id: number, unitId: number, text: string, by: string, at: Date) {
      return db.transaction(async (tx) => {
        await tx
          .update(coordAssignees)
          .set({ answer: text, answeredBy: by, answeredAt: at })
          .where(and(eq(coordAssignees.itemId, id), eq(coordAssignees.unitId, unitId)));
        const [left] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(coordAssignees)
          .where(and(eq(coordAssignees.itemId, id), sql`${coordAssignees.answer} is null`));
        const all = Number(left?.n ?? 0) === 0;
        if (all) await tx.update(coordItems).set({ state: "answered" }).where(eq(coordItems.id, id));
        return all;
      });
    },

    async setState(id: number, state: ItemState) {
      await db.update(coordItems).set({ state }).where(eq(coordItems.id, id));
    },

    async close(id: number, note: string, by: string, at: Date) {
      await db
        .update(coordItems)
        .set({ state: "closed", closeNote: note, closedBy: by, closedAt: at })
        .where(eq(coordItems.id, id));
    },

    /** Liaisons and deputies of the units, who get the item's cards. */
    async contacts(planId: string, unitIds: number[]) {
      if (unitIds.length === 0) return [];
      return db
        .select({ openId: members.openId, unitId: members.unitId, role: members.role })
        .from(members)
        .where(
          and(
            eq(members.planId, planId),
            inArray(members.unitId, unitIds),
            inArray(members.role, ["liaison", "deputy"]),
          ),
        )
        .orderBy(asc(members.id));
    },

    async planUnits(planId: string) {
      return db
        .select({ id: units.id, name: units.name, kind: units.kind, aliases: units.aliases })
        .from(units)
        .where(and(eq(units.planId, planId), sql`${units.retiredAt} is null`));
    },
  };
}

/** The conditions of a unit's open 协调事项 on one task (or on none, for items raised outside a task). */
function openOfUnitTask(planId: string, unitId: number, taskId: number | null) {
  return [
    eq(coordItems.planId, planId),
    eq(coordItems.kind, "coord"),
    eq(coordItems.unitId, unitId),
    taskId === null ? sql`${coordItems.taskId} is null` : eq(coordItems.taskId, taskId),
    ne(coordItems.state, "closed"),
  ];
}
