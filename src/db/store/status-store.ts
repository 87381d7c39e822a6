import { type SQL, sql } from "drizzle-orm";
import { type ReportStatus, type TaskStatus, taskStatusOf } from "../../domain/states";
import type {
  Liaison,
  MissingUnit,
  RoundOverview,
  StatusStore,
  UnitEntry,
  UnitRoundRow,
} from "../../status/ports";
import { type Db, rowsOf } from "../client";
import { createCoordStore } from "./coord-store";
import { bulletinData } from "./status-bulletin-data";
import { exportData } from "./status-export-data";
import {
  firstLate,
  firstRevisionJoin,
  indicatorOf,
  indicatorSelect,
  intArray,
  latestReport,
  latestReportColumns,
  latestReportJoins,
  parseJson,
  planSettings,
  type Query,
  type Row,
  requestViewOf,
  roundColumns,
  roundOf,
  taskRefOf,
  taskRefSelect,
  toNum,
} from "./status-sql";

/** The status read model over Postgres/PGlite: a few set-based queries per call. */
export function createStatusStore(db: Db): StatusStore {
  const query: Query = async <T extends Row>(q: SQL) => rowsOf<T>(await db.execute(q));
  return {
    async plan(planId) {
      // The plan's span: from its issue date or first phase to its last phase's end.
      const [row] = await query(sql`select p.id, p.title, p.timezone,
          least(p.issued_on, (select min(coalesce(f.start, f."end")) from phases f where f.plan_id = p.id))::text
            as span_start,
          (select max(f."end") from phases f where f.plan_id = p.id)::text as span_end
        from plans p where p.id = ${planId}`);
      if (!row) return undefined;
      const start = row.span_start ? String(row.span_start) : null;
      const end = row.span_end ? String(row.span_end) : null;
      return {
        id: String(row.id),
        title: String(row.title),
        timezone: String(row.timezone || "Asia/Shanghai"),
        span: start && end && start <= end ? { start, end } : null,
      };
    },

    async listRounds(planId) {
      const rows = await query(sql`select ${roundColumns} from rounds c where c.plan_id = ${planId}
        order by c.opens_at desc, c.id desc`);
      return rows.map(roundOf);
    },

    async findUnits(planId, text) {
      const t = text.trim();
      if (!t) return [];
      const rows = await query(sql`
        select u.id, u.name, u.kind,
          case when u.name = ${t} or u.aliases @> jsonb_build_array(${t}::text) then 0 else 1 end as rank,
          coalesce((select json_agg(g.unit_id order by m.ordinal) from unit_group_members g
            join units m on m.id = g.unit_id where g.group_id = u.id), '[]') as member_ids
        from units u
        where u.plan_id = ${planId} and u.retired_at is null
          and (position(${t} in u.name) > 0
            or exists (select 1 from jsonb_array_elements_text(u.aliases) a where position(${t} in a) > 0))
        order by rank, u.ordinal`);
      const best = Math.min(...rows.map((r) => toNum(r.rank)));
      return rows
        .filter((r) => toNum(r.rank) === best)
        .map(
          (r): UnitEntry => ({
            id: toNum(r.id),
            name: String(r.name),
            kind: r.kind as UnitEntry["kind"],
            memberIds: parseJson<unknown[]>(r.member_ids, []).map(toNum),
          }),
        );
    },

    async findTask(planId, code) {
      const [row] = await query(sql`${taskRefSelect} where t.plan_id = ${planId} and t.code = ${code}
        and t.retired_at is null`);
      return row ? taskRefOf(row) : undefined;
    },

    async overview(round, now, opts) {
      // One scan of the round's requests: per unit (reported, late) and per (task, status). Units, tasks and
      // sections are joined on the round's plan too (here and in `missing`), so the planner reads the plan's
      // rows through the plan_id indexes instead of hashing every plan's (50,000 units at a thousand plans).
      const rows = await query(sql`
        select g.*, u.name, u.ordinal from (
          select grouping(q.unit_id) as by_task, q.unit_id, q.task_id, r.status, count(*)::int as n,
            count(r.id)::int as reported, count(*) filter (where ${firstLate})::int as late
          from report_requests q ${latestReport} ${firstRevisionJoin}
          where q.round_id = ${round.id} ${unitFilter(opts?.unitIds)}
          group by grouping sets ((q.unit_id), (q.task_id, r.status))
        ) g left join units u on u.id = g.unit_id and u.plan_id = ${round.planId}`);
      const unitRows = rows.filter((r) => toNum(r.by_task) === 0);
      const statusRows = rows.filter((r) => toNum(r.by_task) === 1);
      const pastDue = now.getTime() > round.dueAt.getTime();
      const units: UnitRoundRow[] = unitRows.map((r) => {
        const total = toNum(r.n);
        const reported = toNum(r.reported);
        return {
          unitId: toNum(r.unit_id),
          unitName: String(r.name),
          ordinal: toNum(r.ordinal),
          total,
          reported,
          late: toNum(r.late),
          missing: total - reported,
          overdue: pastDue && total > reported,
        };
      });
      units.sort(
        (a, b) =>
          Number(b.overdue) - Number(a.overdue) ||
          Number(b.missing > 0) - Number(a.missing > 0) ||
          b.missing - a.missing ||
          a.ordinal - b.ordinal,
      );
      const requestsByStatus: RoundOverview["requestsByStatus"] = noneByStatus();
      const perTask = new Map<number, Array<ReportStatus | null>>();
      for (const r of statusRows) {
        const status = (r.status as ReportStatus | null) ?? null;
        const n = toNum(r.n);
        requestsByStatus[status ?? "unreported"] += n;
        if (r.task_id === null || r.task_id === undefined) continue;
        const list = perTask.get(toNum(r.task_id)) ?? [];
        for (let i = 0; i < n; i++) list.push(status);
        perTask.set(toNum(r.task_id), list);
      }
      const tasksByStatus = noneByStatus();
      for (const list of perTask.values()) tasksByStatus[taskStatusOf(list)]++;
      const sum = (f: (u: UnitRoundRow) => number) => units.reduce((n, u) => n + f(u), 0);
      return {
        round,
        now,
        units,
        totals: {
          units: units.length,
          requests: sum((u) => u.total),
          reported: sum((u) => u.reported),
          late: sum((u) => u.late),
          missing: sum((u) => u.missing),
          overdueUnits: units.filter((u) => u.overdue).length,
          completeUnits: units.filter((u) => u.missing === 0).length,
        },
        requestsByStatus,
        tasksByStatus,
      };
    },

    async unitStatus(round, unitId, now) {
      const rows = await query(sql`
        select q.id as request_id, q.role, q.task_id, t.code, t.text, u.name as unit_name, ${latestReportColumns}
        from report_requests q join rounds c on c.id = q.round_id join units u on u.id = q.unit_id
        left join tasks t on t.id = q.task_id left join sections s on s.id = t.section_id
        ${latestReportJoins}
        where q.round_id = ${round.id} and q.unit_id = ${unitId}
        order by s.ordinal nulls first, t.ordinal nulls first, q.id`);
      const first = rows[0];
      if (!first) return undefined;
      return {
        round,
        unit: { id: unitId, name: String(first.unit_name) },
        requests: rows.map((r) => ({
          ...requestViewOf(r, round, now),
          task:
            r.task_id === null || r.task_id === undefined
              ? null
              : { id: toNum(r.task_id), code: String(r.code), text: String(r.text) },
        })),
      };
    },

    async taskStatus(round, taskId, now) {
      const [taskRows, rows, indicatorRows, planRows] = await Promise.all([
        query(sql`${taskRefSelect} where t.id = ${taskId}`),
        query(sql`
          select q.id as request_id, q.role, q.unit_id, u.name as unit_name, ${latestReportColumns}
          from report_requests q join rounds c on c.id = q.round_id join units u on u.id = q.unit_id
          ${latestReportJoins}
          where q.round_id = ${round.id} and q.task_id = ${taskId}
          order by (q.role = 'lead') desc, u.ordinal`),
        query(
          sql`${indicatorSelect} where i.task_id = ${taskId} and i.retired_at is null order by i.ordinal`,
        ),
        planSettings(query, round.planId),
      ]);
      const task = taskRows[0];
      if (!task) return undefined;
      return {
        round,
        task: taskRefOf(task),
        units: rows.map((r) => ({
          ...requestViewOf(r, round, now),
          unitId: toNum(r.unit_id),
          unitName: String(r.unit_name),
        })),
        indicators: indicatorRows.map(indicatorOf),
        phases: planRows.phases,
        tolerance: planRows.tolerance,
      };
    },

    async missing(round, now, opts) {
      const rows = await query(sql`
        select u.id, u.name, u.ordinal, count(*)::int as total,
          count(*) filter (where q.latest_report_id is null)::int as missing,
          coalesce(json_agg(t.code order by s.ordinal, t.ordinal)
            filter (where q.latest_report_id is null and t.code is not null), '[]') as codes,
          coalesce((select json_agg(json_build_object('openId', m.open_id, 'name', m.name, 'role', m.role)
              order by (m.role <> 'liaison'), m.id)
            from members m where m.plan_id = ${round.planId} and m.unit_id = u.id
              and m.role in ('liaison', 'deputy')), '[]') as liaisons
        from report_requests q join units u on u.id = q.unit_id and u.plan_id = ${round.planId}
        left join tasks t on t.id = q.task_id and t.plan_id = ${round.planId}
        left join sections s on s.id = t.section_id and s.plan_id = ${round.planId}
        where q.round_id = ${round.id} ${unitFilter(opts?.unitIds)}
        group by u.id, u.name, u.ordinal
        having count(*) filter (where q.latest_report_id is null) > 0`);
      const overdue = now.getTime() > round.dueAt.getTime();
      const out: Array<MissingUnit & { ordinal: number }> = rows.map((r) => ({
        unitId: toNum(r.id),
        unitName: String(r.name),
        ordinal: toNum(r.ordinal),
        total: toNum(r.total),
        missing: toNum(r.missing),
        overdue,
        taskCodes: parseJson<unknown[]>(r.codes, []).map(String),
        liaisons: parseJson<Liaison[]>(r.liaisons, []),
      }));
      out.sort((a, b) => b.missing - a.missing || a.ordinal - b.ordinal);
      return out.map(({ ordinal: _o, ...m }) => m);
    },

    bulletinData: (planId, period, now) => bulletinData(query, planId, period, now),
    async exportData(planId, roundIds, now) {
      const data = await exportData(query, planId, roundIds, now);
      // The items' record is the coordination store's own view (assignees and answers with it).
      return data && { ...data, items: await createCoordStore(db).all(planId) };
    },
  };
}

function unitFilter(unitIds: number[] | undefined): SQL {
  return unitIds ? sql`and q.unit_id = any(${intArray(unitIds)})` : sql``;
}

/** A count per status (未报送 included), all zero. */
function noneByStatus(): Record<TaskStatus, number> {
  return { not_started: 0, in_progress: 0, done: 0, behind: 0, blocked: 0, unreported: 0 };
}
