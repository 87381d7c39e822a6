import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import { indicators, members, reportRequests, reports, rounds, tasks, units } from "../../src/db/schema";
import { createPlanStore } from "../../src/db/store/plan-store";
import type { PlanInput } from "../../src/domain/plan-format";
import type { ReportStatus } from "../../src/domain/states";
import { loadPlan } from "../../src/plans/load";

/**
 * Seeds rounds, requests, reports and liaisons the way the collection and submit services will: one request
 * per (round × concrete unit × task) with group responsibilities expanded, each submit a new revision with
 * report_requests.latest_report_id moved to it in the same transaction.
 */
export class Seeder {
  constructor(
    readonly database: Database,
    readonly planId: string,
  ) {}

  static async load(database: Database, plan: PlanInput): Promise<Seeder> {
    const result = await loadPlan(createPlanStore(database.db), plan, {
      now: new Date("2022-03-31T00:00:00Z"),
    });
    return new Seeder(database, result.planId);
  }

  async unitId(name: string): Promise<number> {
    const [u] = await this.database.db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.planId, this.planId), eq(units.name, name)));
    if (!u) throw new Error(`no unit ${name}`);
    return u.id;
  }

  async indicatorId(name: string): Promise<number> {
    const [i] = await this.database.db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.planId, this.planId), eq(indicators.name, name)));
    if (!i) throw new Error(`no indicator ${name}`);
    return i.id;
  }

  /** Opens a round: per-task requests for task kinds, one summary request per unit otherwise. */
  async round(r: {
    kind: "monthly" | "filing" | "half_year" | "annual";
    period: string;
    title: string;
    opensAt: string;
    dueAt: string;
    closesAt?: string;
    state?: "scheduled" | "open" | "closed";
  }): Promise<number> {
    const [row] = await this.database.db
      .insert(rounds)
      .values({
        planId: this.planId,
        kind: r.kind,
        period: r.period,
        title: r.title,
        opensAt: new Date(r.opensAt),
        dueAt: new Date(r.dueAt),
        closesAt: new Date(r.closesAt ?? r.dueAt),
        state: r.state ?? "open",
      })
      .returning({ id: rounds.id });
    if (!row) throw new Error("no round");
    if (r.kind === "monthly") {
      await this.database.db.execute(sql`
        insert into report_requests (round_id, unit_id, task_id, role)
        select distinct on (coalesce(g.unit_id, tu.unit_id), tu.task_id) ${row.id}, coalesce(g.unit_id, tu.unit_id),
          tu.task_id, tu.role
        from task_units tu join tasks t on t.id = tu.task_id
        left join unit_group_members g on g.group_id = tu.unit_id
        where t.plan_id = ${this.planId} and t.retired_at is null
        order by coalesce(g.unit_id, tu.unit_id), tu.task_id,
          case tu.role when 'lead' then 0 when 'responsible' then 1 else 2 end`);
    } else {
      await this.database.db.execute(sql`
        insert into report_requests (round_id, unit_id, task_id, role)
        select ${row.id}, u.id, null, null from units u
        where u.plan_id = ${this.planId} and u.kind = 'unit' and u.retired_at is null`);
    }
    return row.id;
  }

  /** Submits a new revision for (round, unit, task). Indicator values are keyed by indicator name here. */
  async submit(s: {
    round: number;
    unit: string;
    task: string | null;
    at: string;
    status?: ReportStatus | null;
    progress?: string;
    problems?: string | null;
    values?: Record<string, number>;
    late?: boolean;
    by?: string;
    evidenceUrl?: string;
    documentUrl?: string;
  }): Promise<number> {
    const db = this.database.db;
    const unitId = await this.unitId(s.unit);
    let taskId: number | null = null;
    if (s.task) {
      const [t] = await db
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.planId, this.planId), eq(tasks.code, s.task)));
      if (!t) throw new Error(`no task ${s.task}`);
      taskId = t.id;
    }
    const values: Record<string, number> = {};
    for (const [name, v] of Object.entries(s.values ?? {})) values[String(await this.indicatorId(name))] = v;
    return db.transaction(async (tx) => {
      const [req] = await tx
        .select({ id: reportRequests.id })
        .from(reportRequests)
        .where(
          and(
            eq(reportRequests.roundId, s.round),
            eq(reportRequests.unitId, unitId),
            taskId === null ? sql`${reportRequests.taskId} is null` : eq(reportRequests.taskId, taskId),
          ),
        );
      if (!req) throw new Error(`no request ${s.unit} ${s.task}`);
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`coalesce(max(${reports.revision}), 0)::int` })
        .from(reports)
        .where(eq(reports.requestId, req.id));
      const [rep] = await tx
        .insert(reports)
        .values({
          requestId: req.id,
          revision: Number(n) + 1,
          submittedBy: s.by ?? `ou_${unitId}`,
          submittedAt: new Date(s.at),
          status: s.status === undefined ? "in_progress" : s.status,
          progress: s.progress ?? "按计划推进",
          problems: s.problems ?? null,
          indicatorValues: values,
          late: s.late ?? false,
          evidenceUrl: s.evidenceUrl ?? null,
          documentUrl: s.documentUrl ?? null,
          idempotencyKey: `seed:${req.id}:${Number(n) + 1}:${Math.random()}`,
        })
        .returning({ id: reports.id });
      if (!rep) throw new Error("no report");
      await tx.update(reportRequests).set({ latestReportId: rep.id }).where(eq(reportRequests.id, req.id));
      return rep.id;
    });
  }

  async member(unit: string, openId: string, name: string, role: "liaison" | "deputy" = "liaison") {
    await this.database.db
      .insert(members)
      .values({ planId: this.planId, unitId: await this.unitId(unit), openId, name, role });
  }
}
