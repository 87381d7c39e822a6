import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { figureOwner } from "../../reporting/domain/assignments";
import { requestState } from "../../reporting/domain/request-state";
import type { CollectStore, IndicatorRef, RequestDetail } from "../../reporting/ports";
import type { Db } from "../client";
import {
  indicators,
  plans,
  reportRequests,
  reports,
  rounds,
  tasks,
  taskUnits,
  unitGroupMembers,
  units,
} from "../schema";
import { firstRevisionLate, roundColumns, selectRequestViews, toDate, toRound } from "./reporting-views";

/** Reads about requests: one request in full, request states for status views, lookups by what people type. */
export function createRequestQueries(
  db: Db,
): Pick<CollectStore, "request" | "requestStatus" | "findUnit" | "findTask" | "taskLeads"> {
  const memberUnit = alias(units, "member_unit");

  async function taskLeads(taskId: number) {
    const rows = await db
      .select({
        id: sql<number>`coalesce(${memberUnit.id}, ${units.id})`,
        name: sql<string>`coalesce(${memberUnit.name}, ${units.name})`,
      })
      .from(taskUnits)
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .leftJoin(unitGroupMembers, and(eq(units.kind, "group"), eq(unitGroupMembers.groupId, units.id)))
      .leftJoin(memberUnit, and(eq(memberUnit.id, unitGroupMembers.unitId), isNull(memberUnit.retiredAt)))
      .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.role, "lead"), isNull(units.retiredAt)))
      .orderBy(asc(units.ordinal));
    return rows.map((r) => ({ id: Number(r.id), name: r.name }));
  }

  return {
    async request(requestId): Promise<RequestDetail | undefined> {
      const [view] = await selectRequestViews(db, eq(reportRequests.id, requestId));
      if (!view) return undefined;
      const [round] = await db.select(roundColumns).from(rounds).where(eq(rounds.id, view.roundId));
      if (!round) return undefined;
      const detail: RequestDetail = {
        ...view,
        planId: round.planId,
        round: toRound(round),
        indicators: [],
        deadlines: [],
        figureOwnerUnitId: null,
        leadUnitIds: [],
      };
      if (view.taskId === null) return detail;
      const [task] = await db
        .select({ code: tasks.code, deadlines: tasks.deadlines })
        .from(tasks)
        .where(eq(tasks.id, view.taskId));
      detail.deadlines = resolvedDates(task?.deadlines);
      detail.indicators = (
        await db
          .select({
            id: indicators.id,
            name: indicators.name,
            target: indicators.target,
            unit: indicators.unitOfMeasure,
            comparator: indicators.comparator,
          })
          .from(indicators)
          .where(and(eq(indicators.taskId, view.taskId), isNull(indicators.retiredAt)))
          .orderBy(asc(indicators.ordinal), asc(indicators.id))
      ).map((i): IndicatorRef => ({ ...i, target: Number(i.target) }));
      detail.leadUnitIds = (await taskLeads(view.taskId)).map((u) => u.id);
      if (detail.indicators.length > 0 && task) {
        const owner = await figureOwnerOf(db, round.planId, task.code);
        detail.figureOwnerUnitId = owner;
      }
      return detail;
    },

    async requestStatus(filter, now) {
      const rows = await db
        .select({
          requestId: reportRequests.id,
          roundId: reportRequests.roundId,
          unitId: reportRequests.unitId,
          unitName: units.name,
          taskId: reportRequests.taskId,
          taskCode: tasks.code,
          role: reportRequests.role,
          dueAt: rounds.dueAt,
          closesAt: rounds.closesAt,
          reopenedUntil: reportRequests.reopenedUntil,
          latestReportId: reportRequests.latestReportId,
          revision: reports.revision,
          submittedAt: reports.submittedAt,
          reportStatus: reports.status,
          late: reports.late,
          firstLate: firstRevisionLate,
        })
        .from(reportRequests)
        .innerJoin(rounds, eq(rounds.id, reportRequests.roundId))
        .innerJoin(units, eq(units.id, reportRequests.unitId))
        .leftJoin(tasks, eq(tasks.id, reportRequests.taskId))
        .leftJoin(reports, eq(reports.id, reportRequests.latestReportId))
        .where(
          and(
            eq(rounds.planId, filter.planId),
            filter.roundId === undefined ? undefined : eq(reportRequests.roundId, filter.roundId),
            filter.unitId === undefined ? undefined : eq(reportRequests.unitId, filter.unitId),
            filter.taskId === undefined ? undefined : eq(reportRequests.taskId, filter.taskId),
          ),
        )
        .orderBy(asc(reportRequests.roundId), asc(units.ordinal), asc(tasks.id), asc(reportRequests.id));
      return rows.map((r) => {
        const dueAt = toDate(r.dueAt);
        const reopenedUntil = r.reopenedUntil ? toDate(r.reopenedUntil) : null;
        const first = r.latestReportId !== null ? { late: Boolean(r.firstLate) } : null;
        return {
          requestId: r.requestId,
          roundId: r.roundId,
          unitId: r.unitId,
          unitName: r.unitName,
          taskId: r.taskId,
          taskCode: r.taskCode,
          role: r.role,
          state: requestState({ dueAt, closesAt: toDate(r.closesAt), reopenedUntil }, first, now),
          dueAt,
          reopenedUntil,
          latestReportId: r.latestReportId,
          revision: r.revision,
          submittedAt: r.submittedAt ? toDate(r.submittedAt) : null,
          reportStatus: r.reportStatus,
          late: r.latestReportId !== null ? Boolean(r.late) : null,
        };
      });
    },

    async findUnit(planId, text) {
      const t = text.trim();
      if (!t) return undefined;
      const rows = await db
        .select({ id: units.id, name: units.name, aliases: units.aliases, kind: units.kind })
        .from(units)
        .where(and(eq(units.planId, planId), isNull(units.retiredAt), eq(units.kind, "unit")))
        .orderBy(asc(units.ordinal));
      const exact = rows.find((u) => u.name === t || u.aliases.includes(t));
      if (exact) return { id: exact.id, name: exact.name };
      const partial = rows.filter((u) => u.name.includes(t));
      return partial.length === 1 && partial[0] ? { id: partial[0].id, name: partial[0].name } : undefined;
    },

    async findTask(planId, code) {
      const [row] = await db
        .select({ id: tasks.id, code: tasks.code, text: tasks.text })
        .from(tasks)
        .where(and(eq(tasks.planId, planId), eq(tasks.code, code), isNull(tasks.retiredAt)));
      return row;
    },

    taskLeads,
  };
}

function resolvedDates(deadlines: unknown): string[] {
  if (!Array.isArray(deadlines)) return [];
  return deadlines.flatMap((d) =>
    d && typeof d === "object" && typeof (d as { date?: unknown }).date === "string"
      ? [(d as { date: string }).date]
      : [],
  );
}

/** The unit that reports a task's figures, from the plan document's order of lead and responsible units. */
async function figureOwnerOf(db: Db, planId: string, code: string): Promise<number | null> {
  const [plan] = await db.select({ document: plans.document }).from(plans).where(eq(plans.id, planId));
  const doc = plan?.document as
    | {
        sections?: { tasks?: { id?: string; lead?: string[]; responsible?: string[] }[] }[];
        unitGroups?: { name?: string }[];
      }
    | undefined;
  const task = doc?.sections?.flatMap((s) => s.tasks ?? []).find((t) => t.id === code);
  if (!task) return null;
  const groups = new Set((doc?.unitGroups ?? []).map((g) => g.name));
  const owner = figureOwner({ lead: task.lead ?? [], responsible: task.responsible ?? [] }, (n) =>
    groups.has(n),
  );
  if (!owner) return null;
  const [unit] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.planId, planId), eq(units.name, owner), isNull(units.retiredAt)));
  return unit?.id ?? null;
}
