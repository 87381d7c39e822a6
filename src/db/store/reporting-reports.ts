import { eq, sql } from "drizzle-orm";
import { evidenceFilesOf } from "../../domain/evidence";
import { isLateSubmission } from "../../reporting/domain/request-state";
import type { CollectStore } from "../../reporting/ports";
import { type Db, rowsOf } from "../client";
import { goalValues, reportRequests, reports, rounds } from "../schema";
import { reportColumns, toDate, toReportView } from "./reporting-views";

/** Report revisions: never updated, one more per submit (docs/reliability.md). */
export function createReportStore(
  db: Db,
): Pick<CollectStore, "submitReport" | "lastIndicatorValues" | "previousReport"> {
  return {
    async previousReport(requestId) {
      const [row] = await db
        .select(reportColumns)
        .from(reportRequests)
        .innerJoin(rounds, eq(rounds.id, reportRequests.roundId))
        .innerJoin(
          sql`${reportRequests} as prev_rr`,
          sql`prev_rr.unit_id = ${reportRequests.unitId} and prev_rr.task_id = ${reportRequests.taskId} and prev_rr.id <> ${reportRequests.id}`,
        )
        // Last month's round only (the round of this kind the unit was last asked this task in): a month
        // without a report is "上月无报送", never a report from further back.
        .innerJoin(
          sql`${rounds} as prev_c`,
          sql`prev_c.id = prev_rr.round_id and prev_c.due_at = (
            select max(c2.due_at) from ${reportRequests} rr2 join ${rounds} c2 on c2.id = rr2.round_id
            where rr2.unit_id = ${reportRequests.unitId} and rr2.task_id = ${reportRequests.taskId}
              and c2.plan_id = ${rounds.planId} and c2.kind = ${rounds.kind}
              and c2.due_at < ${rounds.dueAt} and c2.state <> 'scheduled')`,
        )
        .innerJoin(reports, sql`${reports.id} = prev_rr.latest_report_id`)
        .where(eq(reportRequests.id, requestId))
        .orderBy(sql`prev_c.due_at desc`)
        .limit(1);
      return row ? toReportView(row) : undefined;
    },
    async lastIndicatorValues(unitId, indicatorIds) {
      if (indicatorIds.length === 0) return {};
      const keys = indicatorIds.map(String);
      const rows = rowsOf<{ key: string; value: string }>(
        await db.execute(sql`
          select distinct on (kv.key) kv.key, kv.value
          from ${reports} r
          join ${reportRequests} rr on rr.id = r.request_id
          cross join lateral jsonb_each_text(r.indicator_values) as kv(key, value)
          where rr.unit_id = ${unitId} and kv.key in ${sql`(${sql.join(
            keys.map((k) => sql`${k}`),
            sql`, `,
          )})`}
          order by kv.key, r.submitted_at desc, r.id desc`),
      );
      const out: Record<string, number> = {};
      for (const r of rows) {
        const n = Number(r.value);
        if (Number.isFinite(n)) out[r.key] = n;
      }
      return out;
    },

    async submitReport(input) {
      const attempt = () =>
        db.transaction(async (tx) => {
          // Hold the request row: concurrent submits (a double click) take turns, so revisions are max + 1
          // and the second sees the first's idempotency key.
          const [req] = await tx
            .select({
              id: reportRequests.id,
              unitId: reportRequests.unitId,
              indicatorId: reportRequests.indicatorId,
              latestReportId: reportRequests.latestReportId,
              reopenedUntil: reportRequests.reopenedUntil,
              dueAt: rounds.dueAt,
              closesAt: rounds.closesAt,
            })
            .from(reportRequests)
            .innerJoin(rounds, eq(rounds.id, reportRequests.roundId))
            .where(eq(reportRequests.id, input.requestId))
            .for("update", { of: reportRequests });
          if (!req) throw new Error(`report request ${input.requestId} not found`);
          const [existing] = await tx
            .select(reportColumns)
            .from(reports)
            .where(eq(reports.idempotencyKey, input.idempotencyKey));
          if (existing) return { report: toReportView(existing), duplicate: true };
          const [prev] = req.latestReportId
            ? await tx
                .select({ late: reports.late, evidenceFiles: reports.evidenceFiles })
                .from(reports)
                .where(eq(reports.id, req.latestReportId))
            : [];
          const [{ max } = { max: 0 }] = await tx
            .select({ max: sql<number>`coalesce(max(${reports.revision}), 0)::int` })
            .from(reports)
            .where(eq(reports.requestId, input.requestId));
          const late = isLateSubmission(
            {
              dueAt: toDate(req.dueAt),
              closesAt: toDate(req.closesAt),
              reopenedUntil: req.reopenedUntil ? toDate(req.reopenedUntil) : null,
            },
            prev ?? null,
            input.submittedAt,
          );
          const c = input.content;
          const [row] = await tx
            .insert(reports)
            .values({
              requestId: input.requestId,
              revision: Number(max) + 1,
              submittedBy: input.submittedBy,
              submittedAt: input.submittedAt,
              status: c.status,
              selfcheck: c.selfcheck ?? null,
              progress: c.progress,
              problems: c.problems,
              evidenceUrl: c.evidenceUrl,
              documentUrl: c.documentUrl,
              indicatorValues: c.indicatorValues,
              late,
              kind: input.kind ?? "form",
              evidenceFiles: input.evidenceFiles ?? evidenceFilesOf(prev?.evidenceFiles),
              idempotencyKey: input.idempotencyKey,
            })
            .returning(reportColumns);
          if (!row) throw new Error("report insert returned nothing");
          await tx
            .update(reportRequests)
            .set({ latestReportId: row.id })
            .where(eq(reportRequests.id, input.requestId));
          // A goal's value is also the goal's own record (/goals, the bulletin), stored with the revision.
          const value = req.indicatorId === null ? undefined : c.indicatorValues[String(req.indicatorId)];
          if (req.indicatorId !== null && value !== undefined && c.asOf)
            await tx.insert(goalValues).values({
              indicatorId: req.indicatorId,
              unitId: req.unitId,
              value,
              asOf: c.asOf,
              source: c.progress,
              reportedBy: input.submittedBy,
              reportedAt: input.submittedAt,
              idempotencyKey: `goalrpt:${row.id}`,
            });
          return { report: toReportView(row), duplicate: false };
        });
      try {
        return await attempt();
      } catch (err) {
        // A concurrent insert of the same key (or revision) that the lock did not order: the retry finds it.
        if (isUniqueViolation(err)) return attempt();
        throw err;
      }
    },
  };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
