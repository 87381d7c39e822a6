import { desc, eq, type SQL, sql } from "drizzle-orm";
import { evidenceFilesOf } from "../../domain/evidence";
import type { SectionAchievement, SummaryStore, UnitRecord } from "../../summary/ports";
import { type Db, rowsOf } from "../client";
import { planResults } from "../schema";
import { selfcheckTally } from "./selfcheck-reads";
import type { Query, Row } from "./status-sql";

/**
 * The year's summary reads: each unit's reporting record, and per task the latest progress of its lead unit
 * (of a responsible unit when the task names no lead, as 一.1 does).
 */
export function createSummaryStore(db: Db): SummaryStore {
  const query: Query = async <T extends Row>(q: SQL) => rowsOf<T>(await db.execute(q));
  return {
    selfcheck: (planId) => selfcheckTally(query, planId),

    async result(planId) {
      const [row] = await db
        .select()
        .from(planResults)
        .where(eq(planResults.planId, planId))
        .orderBy(desc(planResults.recordedAt), desc(planResults.id))
        .limit(1);
      return row ? { text: row.text, recordedBy: row.recordedBy, recordedAt: row.recordedAt } : undefined;
    },

    async addResult(planId, text, by, at) {
      await db.insert(planResults).values({ planId, text, recordedBy: by, recordedAt: at });
    },

    // The latest opened 全年总结 round's requests (one per unit, no task) with each unit's latest revision.
    async annualReports(planId) {
      const r = rowsOf<{
        unit_name: string;
        submitted_at: Date | string | null;
        progress: string | null;
        document_url: string | null;
        evidence_files: unknown;
      }>(
        await db.execute(sql`
        with c as (
          select id from rounds
          where plan_id = ${planId} and kind = 'annual' and state <> 'scheduled'
          order by period desc, opened_at desc nulls last, id desc limit 1)
        select u.name as unit_name, rp.submitted_at, rp.progress, rp.document_url, rp.evidence_files
        from c
        join report_requests rr on rr.round_id = c.id and rr.task_id is null and rr.indicator_id is null
        join units u on u.id = rr.unit_id
        left join reports rp on rp.id = rr.latest_report_id
        order by u.ordinal, u.id`),
      );
      return r.map((x) => ({
        unitName: x.unit_name,
        report:
          x.submitted_at === null
            ? null
            : {
                submittedAt: new Date(x.submitted_at),
                text: x.progress ?? "",
                documentUrl: x.document_url,
                fileNames: evidenceFilesOf(x.evidence_files).map((f) => f.name),
              },
      }));
    },

    async reportingRecord(planId) {
      const r = rowsOf<{ unit_name: string; requests: number; reported: number; late: number }>(
        await db.execute(sql`
        select u.name as unit_name, count(*)::int as requests,
          count(rr.latest_report_id)::int as reported,
          count(*) filter (where rp.late)::int as late
        from report_requests rr
        join rounds c on c.id = rr.round_id and c.state <> 'scheduled'
        join units u on u.id = rr.unit_id
        left join reports rp on rp.id = rr.latest_report_id
        where c.plan_id = ${planId}
        group by u.id, u.name, u.ordinal order by u.ordinal`),
      );
      return r.map(
        (x): UnitRecord => ({
          unitName: x.unit_name,
          requests: Number(x.requests),
          reported: Number(x.reported),
          late: Number(x.late),
        }),
      );
    },

    async achievements(planId) {
      const r = rowsOf<{ no: string; title: string; code: string; unit_name: string; progress: string }>(
        await db.execute(sql`
        select no, title, code, unit_name, progress from (
        select distinct on (t.id) s.no, s.title, s.ordinal as so, t.ordinal as tor, t.code, u.name as unit_name,
          rp.progress
        from tasks t
        join sections s on s.id = t.section_id
        join report_requests rr on rr.task_id = t.id and rr.role in ('lead', 'responsible')
        join reports rp on rp.id = rr.latest_report_id
        join units u on u.id = rr.unit_id
        where t.plan_id = ${planId} and rp.progress <> '' and rp.kind <> 'no_progress'
        order by t.id, (rr.role = 'lead') desc, rp.submitted_at desc) x order by so, tor`),
      );
      const out: SectionAchievement[] = [];
      for (const x of r) {
        let s = out.find((o) => o.sectionNo === x.no);
        if (!s) {
          s = { sectionNo: x.no, sectionTitle: x.title, tasks: [] };
          out.push(s);
        }
        s.tasks.push({ code: x.code, unitName: x.unit_name, progress: x.progress });
      }
      return out;
    },
  };
}
