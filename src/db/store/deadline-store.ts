import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DeadlineStore } from "../../deadlines/ports";
import { type Db, rowsOf } from "../client";
import { calendarOverrides, members, units } from "../schema";

/** Task deadlines, the latest reports on them and who hears about them: a few set-based queries per plan. */
export function createDeadlineStore(db: Db): DeadlineStore {
  const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
  return {
    async plans() {
      const rows = await query<{
        id: string;
        title: string;
        timezone: string;
        settings: unknown;
        span_start: string | null;
        span_end: string | null;
      }>(sql`select p.id, p.title, p.timezone, p.settings,
          least(p.issued_on, (select min(coalesce(f.start, f."end")) from phases f where f.plan_id = p.id))::text
            as span_start,
          (select max(f."end") from phases f where f.plan_id = p.id)::text as span_end
        from plans p where p.archived_at is null order by p.id`);
      return rows.map((r) => {
        const start = r.span_start ? String(r.span_start) : null;
        const end = r.span_end ? String(r.span_end) : null;
        return {
          id: r.id,
          title: r.title,
          timezone: r.timezone || "Asia/Shanghai",
          settings: typeof r.settings === "string" ? JSON.parse(r.settings) : r.settings,
          span: start && end && start <= end ? { start, end } : null,
        };
      });
    },

    async tasks(planId) {
      const rows = await query<{
        id: number;
        code: string;
        text: string;
        deadlines: unknown;
        ordinal: number;
      }>(
        sql`select t.id, t.code, t.text, t.deadlines from tasks t join sections s on s.id = t.section_id
          where t.plan_id = ${planId} and t.retired_at is null and jsonb_array_length(t.deadlines) > 0
          order by s.ordinal, t.ordinal`,
      );
      if (rows.length === 0) return [];
      const roles = await query<{ task_id: number; role: string; unit_id: number }>(
        sql`select tu.task_id, tu.role, coalesce(g.unit_id, tu.unit_id) as unit_id
          from task_units tu join tasks t on t.id = tu.task_id
          left join unit_group_members g on g.group_id = tu.unit_id
          where t.plan_id = ${planId} and t.retired_at is null and tu.role in ('lead', 'responsible')
          order by tu.task_id, tu.unit_id, g.unit_id`,
      );
      return rows.map((t) => {
        const of = (role: string) => [
          ...new Set(
            roles.filter((r) => r.task_id === t.id && r.role === role).map((r) => Number(r.unit_id)),
          ),
        ];
        return {
          id: Number(t.id),
          code: t.code,
          text: t.text,
          deadlines: typeof t.deadlines === "string" ? JSON.parse(t.deadlines) : t.deadlines,
          leads: of("lead"),
          responsible: of("responsible"),
        };
      });
    },

    async latestReports(planId) {
      const rows = await query<{ task_id: number; unit_id: number; at: string | Date; complete: boolean }>(
        sql`select distinct on (rr.task_id, rr.unit_id) rr.task_id, rr.unit_id, r.submitted_at as at,
            (r.status = 'done' or r.selfcheck = 'done') is true as complete
          from report_requests rr join rounds c on c.id = rr.round_id join reports r on r.id = rr.latest_report_id
          where c.plan_id = ${planId} and rr.task_id is not null
          order by rr.task_id, rr.unit_id, r.submitted_at desc`,
      );
      return rows.map((r) => ({
        taskId: Number(r.task_id),
        unitId: Number(r.unit_id),
        at: new Date(r.at),
        complete: r.complete === true,
      }));
    },

    async unitNames(planId) {
      const rows = await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(eq(units.planId, planId));
      return new Map(rows.map((u) => [u.id, u.name]));
    },

    async contacts(planId) {
      const rows = await db
        .select({ openId: members.openId, unitId: members.unitId, role: members.role })
        .from(members)
        .where(and(eq(members.planId, planId), inArray(members.role, ["liaison", "deputy"])))
        .orderBy(asc(members.id));
      return rows.flatMap((r) =>
        r.unitId !== null && (r.role === "liaison" || r.role === "deputy")
          ? [{ openId: r.openId, unitId: r.unitId, role: r.role }]
          : [],
      );
    },

    async officeMembers(planId) {
      const rows = await db
        .select({ openId: members.openId })
        .from(members)
        .where(and(eq(members.planId, planId), eq(members.role, "office")))
        .orderBy(asc(members.id));
      return [...new Set(rows.map((r) => r.openId))];
    },

    async calendarOverrides() {
      const rows = await db.select().from(calendarOverrides);
      return new Map(rows.map((r) => [r.day, r.workday]));
    },
  };
}
