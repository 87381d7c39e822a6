import { type SQL, sql } from "drizzle-orm";
import { evidenceFilesOf } from "../../domain/evidence";
import type { RoundKind } from "../../domain/rounds";
import { type ReportStatus, requestState } from "../../domain/states";
import type {
  IndicatorDef,
  LatestReport,
  PhaseDef,
  RequestStatusView,
  RoundInfo,
  TaskRef,
} from "../../status/ports";

export type Row = Record<string, unknown>;
export type Query = <T extends Row>(q: SQL) => Promise<T[]>;

/**
 * Helpers shared by the status, bulletin and export queries. Raw rows differ between drivers (postgres.js as
 * wired by drizzle returns timestamps as strings, PGlite as Date; json may come back as text), so every
 * timestamp is selected as epoch milliseconds and every json value is parsed defensively.
 */

export const epochMs = (col: SQL): SQL => sql`(extract(epoch from ${col}) * 1000)::float8`;

export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v);
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) return new Date(Number(v));
  return new Date(String(v));
}

export function toNum(v: unknown): number {
  return typeof v === "number" ? v : Number(v);
}

export function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
}

/** A Postgres int[] literal bound as one parameter (works on both drivers). */
export const intArray = (ids: readonly number[]): SQL =>
  sql`${`{${ids.map((n) => Math.trunc(n)).join(",")}}`}::int[]`;

/** Only finite numbers survive from a report's indicator values. */
export function numericValues(v: unknown): Record<string, number> {
  const raw = parseJson<Record<string, unknown>>(v, {});
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(raw ?? {})) {
    const n = typeof x === "number" ? x : typeof x === "string" && x.trim() !== "" ? Number(x) : Number.NaN;
    if (Number.isFinite(n)) out[k] = n;
  }
  return out;
}

export const roundColumns = sql`c.id, c.plan_id, c.kind, c.period, c.title, c.state,
  ${epochMs(sql`c.opens_at`)} as opens_ms, ${epochMs(sql`c.due_at`)} as due_ms, ${epochMs(sql`c.closes_at`)} as closes_ms`;

export function roundOf(r: Record<string, unknown>): RoundInfo {
  return {
    id: toNum(r.id),
    planId: String(r.plan_id),
    kind: r.kind as RoundKind,
    period: String(r.period),
    title: String(r.title),
    state: r.state as RoundInfo["state"],
    opensAt: toDate(r.opens_ms),
    dueAt: toDate(r.due_ms),
    closesAt: toDate(r.closes_ms),
  };
}

/**
 * The first revision's late flag (alias f), looked up only when the latest revision is not the first
 * (revisions are numbered from 1). Needs the latest report as alias r and the request as q.
 */
export const firstRevisionJoin = sql`left join lateral (select f0.late from reports f0
  where f0.request_id = q.id and r.revision > 1 order by f0.revision limit 1) f on true`;
export const firstLate = sql`coalesce(case when r.revision = 1 then r.late else f.late end, false)`;

/**
 * Columns of a request's latest report (alias r), its first revision's late flag (alias f: whether the unit
 * reported on time, whatever it corrected later) and the
 * submitter's name; join with `latestReportJoins`.
 */
export const latestReportColumns = sql`r.id as report_id, r.revision, r.status, r.progress, r.problems,
  r.indicator_values, r.late, r.evidence_url, r.document_url, r.evidence_files, ${epochMs(sql`r.submitted_at`)} as submitted_ms, r.submitted_by,
  ${firstLate} as first_late,
  (select m.name from members m where m.plan_id = c.plan_id and m.open_id = r.submitted_by and m.name <> ''
    order by m.id limit 1) as submitter_name`;

/**
 * The request's latest report as alias r, fetched by primary key per request. A plain join lets the planner
 * hash the whole reports table to find a few thousand rows (it prices cached index lookups too high); a
 * lateral subquery with LIMIT is not flattened, so it stays one index lookup per request.
 */
export const latestReport = sql`left join lateral (select * from reports r0 where r0.id = q.latest_report_id
  limit 1) r on true`;

/** Joins for latestReportColumns, given request alias q and round alias c. */
export const latestReportJoins = sql`${latestReport} ${firstRevisionJoin}`;

export function latestReportOf(r: Record<string, unknown>): LatestReport | null {
  if (r.report_id === null || r.report_id === undefined) return null;
  return {
    reportId: toNum(r.report_id),
    revision: toNum(r.revision),
    status: (r.status as ReportStatus | null) ?? null,
    progress: String(r.progress ?? ""),
    problems: (r.problems as string | null) ?? null,
    indicatorValues: numericValues(r.indicator_values),
    late: Boolean(r.late),
    submittedAt: toDate(r.submitted_ms),
    submittedBy: String(r.submitted_by ?? ""),
    submitterName: (r.submitter_name as string | null) ?? null,
    evidenceLinks: [r.evidence_url, r.document_url].filter(
      (u): u is string => typeof u === "string" && u.trim() !== "",
    ),
    evidenceFiles: evidenceFilesOf(r.evidence_files),
  };
}

export function requestViewOf(r: Row, round: RoundInfo, now: Date): RequestStatusView {
  const report = latestReportOf(r);
  return {
    requestId: toNum(r.request_id),
    role: (r.role as RequestStatusView["role"]) ?? null,
    report,
    state: requestState({
      reported: report !== null,
      firstLate: Boolean(r.first_late),
      dueAt: round.dueAt,
      now,
    }),
  };
}

export const taskRefSelect = sql`select t.id, t.code, t.text, t.deadlines, s.title as section_title,
  coalesce((select json_agg(lu.name order by lu.ordinal) from task_units tu join units lu on lu.id = tu.unit_id
    where tu.task_id = t.id and tu.role = 'lead'), '[]') as lead_units
  from tasks t join sections s on s.id = t.section_id`;

export function taskRefOf(r: Row): TaskRef {
  return {
    id: toNum(r.id),
    code: String(r.code),
    text: String(r.text),
    sectionTitle: String(r.section_title),
    leadUnits: parseJson<unknown[]>(r.lead_units, []).map(String),
    deadlines: parseJson<unknown>(r.deadlines, []),
  };
}

export const indicatorSelect = sql`select i.id, i.task_id, i.name, i.target::float8 as target, i.comparator,
  i.unit_of_measure from indicators i`;

export function indicatorOf(r: Row): IndicatorDef {
  return {
    id: toNum(r.id),
    taskId: r.task_id === null || r.task_id === undefined ? null : toNum(r.task_id),
    name: String(r.name),
    target: toNum(r.target),
    comparator: r.comparator as IndicatorDef["comparator"],
    unitOfMeasure: String(r.unit_of_measure ?? ""),
  };
}

/** The plan's phases and its progress tolerance (settings.progressTolerance, in points). */
export async function planSettings(
  query: Query,
  planId: string,
): Promise<{ phases: PhaseDef[]; tolerance: number | null }> {
  const rows = await query(sql`select p.name, p.start::text as start, p."end"::text as "end",
      (select case when jsonb_typeof(settings->'progressTolerance') = 'number'
        then (settings->>'progressTolerance')::float8 end from plans where id = ${planId}) as tolerance
    from (select 1) one left join phases p on p.plan_id = ${planId} order by p.ordinal`);
  const tolerance = rows[0]?.tolerance;
  return {
    phases: rows
      .filter((r) => r.name !== null && r.name !== undefined)
      .map((r) => ({ name: String(r.name), start: (r.start as string | null) ?? null, end: String(r.end) })),
    tolerance: tolerance === null || tolerance === undefined ? null : toNum(tolerance),
  };
}
