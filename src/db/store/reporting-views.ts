import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { evidenceFilesOf } from "../../domain/evidence";
import type { Comparator } from "../../domain/progress";
import type { ReportKind, ReportStatus, SelfcheckVerdict } from "../../domain/states";
import type { ReportView, RequestView, Round } from "../../reporting/ports";
import type { Db } from "../client";
import { indicators, reportRequests, reports, rounds, sections, tasks, units } from "../schema";

/** Row shapes shared by the collect store's reads. */

export const roundColumns = {
  id: rounds.id,
  planId: rounds.planId,
  kind: rounds.kind,
  period: rounds.period,
  title: rounds.title,
  opensAt: rounds.opensAt,
  dueAt: rounds.dueAt,
  closesAt: rounds.closesAt,
  state: rounds.state,
  openedAt: rounds.openedAt,
  openedBy: rounds.openedBy,
};

export const reportColumns = {
  id: reports.id,
  revision: reports.revision,
  submittedBy: reports.submittedBy,
  submittedAt: reports.submittedAt,
  status: reports.status,
  selfcheck: reports.selfcheck,
  progress: reports.progress,
  problems: reports.problems,
  evidenceUrl: reports.evidenceUrl,
  documentUrl: reports.documentUrl,
  indicatorValues: reports.indicatorValues,
  late: reports.late,
  kind: reports.kind,
  evidenceFiles: reports.evidenceFiles,
};

type ReportRow = { [K in keyof typeof reportColumns]: unknown };

export function toReportView(r: ReportRow): ReportView {
  return {
    id: r.id as number,
    revision: r.revision as number,
    submittedBy: r.submittedBy as string,
    submittedAt: toDate(r.submittedAt),
    status: (r.status as ReportStatus | null) ?? null,
    selfcheck: (r.selfcheck as SelfcheckVerdict | null) ?? null,
    progress: r.progress as string,
    problems: (r.problems as string | null) ?? null,
    evidenceUrl: (r.evidenceUrl as string | null) ?? null,
    documentUrl: (r.documentUrl as string | null) ?? null,
    indicatorValues: numbers(r.indicatorValues),
    late: Boolean(r.late),
    kind: (r.kind as ReportKind | null) ?? "form",
    evidenceFiles: evidenceFilesOf(r.evidenceFiles),
  };
}

export function toRound(r: Record<keyof typeof roundColumns, unknown>): Round {
  return {
    id: r.id as number,
    planId: r.planId as string,
    kind: r.kind as Round["kind"],
    period: r.period as string,
    title: r.title as string,
    opensAt: toDate(r.opensAt),
    dueAt: toDate(r.dueAt),
    closesAt: toDate(r.closesAt),
    state: r.state as Round["state"],
    openedAt: r.openedAt ? toDate(r.openedAt) : null,
    openedBy: (r.openedBy as string | null) ?? null,
  };
}

export function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

function numbers(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === "object")
    for (const [k, n] of Object.entries(v)) if (typeof n === "number") out[k] = n;
  return out;
}

/** The late flag of the request's first revision (one index lookup: reports_request_revision). */
export const firstRevisionLate = sql<boolean | null>`(select f.late from reports f
  where f.request_id = ${reportRequests.id} and f.revision = 1)`;

/** Requests with unit, task and latest revision, filtered and in plan order. */
export async function selectRequestViews(
  db: Db,
  where: SQL | undefined,
  byUnit = false,
): Promise<RequestView[]> {
  const rows = await db
    .select({
      id: reportRequests.id,
      roundId: reportRequests.roundId,
      unitId: reportRequests.unitId,
      unitName: units.name,
      taskId: reportRequests.taskId,
      taskCode: tasks.code,
      taskText: tasks.text,
      role: reportRequests.role,
      goal: {
        id: indicators.id,
        name: indicators.name,
        target: indicators.target,
        unit: indicators.unitOfMeasure,
        comparator: indicators.comparator,
      },
      reopenedUntil: reportRequests.reopenedUntil,
      firstLate: firstRevisionLate,
      report: reportColumns,
    })
    .from(reportRequests)
    .innerJoin(units, eq(units.id, reportRequests.unitId))
    .leftJoin(indicators, eq(indicators.id, reportRequests.indicatorId))
    .leftJoin(tasks, eq(tasks.id, reportRequests.taskId))
    .leftJoin(sections, eq(sections.id, tasks.sectionId))
    .leftJoin(reports, eq(reports.id, reportRequests.latestReportId))
    .where(where)
    .orderBy(
      ...(byUnit
        ? [asc(units.ordinal), asc(units.id)]
        : // Goals after the tasks, in the plan's order of goals.
          [asc(sections.ordinal), asc(tasks.ordinal), asc(indicators.goalIndex), asc(units.ordinal)]),
      asc(reportRequests.id),
    );
  return rows.map((r) => ({
    id: r.id,
    roundId: r.roundId,
    unitId: r.unitId,
    unitName: r.unitName,
    taskId: r.taskId,
    taskCode: r.taskCode,
    taskText: r.taskText,
    role: r.role,
    goal: r.goal?.id
      ? {
          id: r.goal.id,
          name: r.goal.name,
          target: Number(r.goal.target),
          unit: r.goal.unit,
          comparator: r.goal.comparator as Comparator,
        }
      : null,
    reopenedUntil: r.reopenedUntil ? toDate(r.reopenedUntil) : null,
    latest: r.report?.id ? toReportView(r.report) : null,
    firstLate: r.report?.id ? Boolean(r.firstLate) : null,
  }));
}

export const requestOf = (roundId: number, field: "unit" | "task", id: number) =>
  and(
    eq(reportRequests.roundId, roundId),
    field === "unit" ? eq(reportRequests.unitId, id) : eq(reportRequests.taskId, id),
  );
