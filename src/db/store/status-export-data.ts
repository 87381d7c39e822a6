import { sql } from "drizzle-orm";
import { evidenceLines } from "../../domain/evidence";
import type { ExportData, ExportRow } from "../../status/ports";
import { selfcheckTally } from "./selfcheck-reads";
import {
  indicatorOf,
  indicatorSelect,
  intArray,
  latestReportColumns,
  latestReportJoins,
  type Query,
  requestViewOf,
  roundColumns,
  roundOf,
  toNum,
} from "./status-sql";

/** Every request of the given rounds with its latest revision, in plan order (one query for all rounds). */
export async function exportData(
  query: Query,
  planId: string,
  roundIds: number[],
  now: Date,
): Promise<ExportData | undefined> {
  const ids = intArray(roundIds);
  const [planRows, roundRows, rows, indicatorRows, liaisonRows] = await Promise.all([
    query(sql`select id, title, timezone from plans where id = ${planId}`),
    query(sql`select ${roundColumns} from rounds c where c.plan_id = ${planId} and c.id = any(${ids})
      order by c.due_at, c.id`),
    query(sql`
      select q.round_id, q.id as request_id, q.role, u.name as unit_name, t.code, t.text,
        ${latestReportColumns}
      from report_requests q join rounds c on c.id = q.round_id join units u on u.id = q.unit_id
      left join tasks t on t.id = q.task_id left join sections s on s.id = t.section_id
      ${latestReportJoins}
      where q.round_id = any(${ids}) and c.plan_id = ${planId}
      order by q.round_id, u.ordinal, s.ordinal nulls first, t.ordinal nulls first, q.id`),
    query(sql`${indicatorSelect} where i.plan_id = ${planId} order by i.id`),
    query(sql`select u.name as unit_name, m.name from members m join units u on u.id = m.unit_id
      where m.plan_id = ${planId} and m.role in ('liaison', 'deputy') order by (m.role <> 'liaison'), m.id`),
  ]);
  // A unit with a liaison received the cards (it was asked); the export names them as 单位 — 姓名.
  const liaisons = new Map<string, string[]>();
  for (const l of liaisonRows) {
    const unit = String(l.unit_name);
    liaisons.set(unit, [...(liaisons.get(unit) ?? []), String(l.name ?? "")]);
  }
  const plan = planRows[0];
  if (!plan) return undefined;
  const rounds = roundRows.map(roundOf);
  const byRound = new Map<number, ExportRow[]>(rounds.map((r) => [r.id, []]));
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  for (const r of rows) {
    const round = roundById.get(toNum(r.round_id));
    if (!round) continue;
    const view = requestViewOf(r, round, now);
    byRound.get(round.id)?.push({
      unitName: String(r.unit_name),
      taskCode: r.code === null || r.code === undefined ? null : String(r.code),
      taskText: r.text === null || r.text === undefined ? null : String(r.text),
      role: view.role,
      state: view.state,
      report: view.report,
      liaisons: liaisons.get(String(r.unit_name)) ?? [],
      evidence: view.report ? evidenceLines(view.report.evidenceLinks, view.report.evidenceFiles) : [],
    });
  }
  return {
    plan: {
      id: String(plan.id),
      title: String(plan.title),
      timezone: String(plan.timezone || "Asia/Shanghai"),
    },
    rounds: rounds.map((round) => ({ round, rows: byRound.get(round.id) ?? [] })),
    indicators: indicatorRows.map(indicatorOf),
    now,
    items: [],
    selfcheck: await selfcheckTally(query, planId),
  };
}
