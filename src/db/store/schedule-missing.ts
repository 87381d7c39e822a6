/**
 * The schedule snapshot's missing requests: those without a report, of open rounds, or of rounds the office
 * reopened for a unit since `reopenedSince`. Loaded as one row per round and unit (its task ids and its latest
 * reopened_until) and the tasks' codes and texts once each, instead of a row per request carrying its task's
 * text: with a thousand plans that is ~375,000 requests but ~50,000 rows and ~25,000 texts. Both queries
 * reach report_requests through its partial indexes (report_requests_missing, report_requests_reopened).
 * The tasks' plan order and the retired filter are applied here, from the task rows: joining tasks to every
 * missing request and sorting inside the aggregate cost seven times the rest of the query (100 plans: 460 ms
 * against 65 ms).
 *
 * The groups arrive as one JSON array (json-rows.ts). The unit-level request (no task) travels as its own
 * flag, never as a NULL inside the id array: postgres.js reads the NULL elements of an int[] as NaN (and of
 * a bigint[] as the string "NULL"), which dropped the unit-level reminders on Postgres while PGlite kept them. The latest reopened_until is taken over all of
 * the unit's missing requests, retired tasks included: the office reopens a round for a unit as a whole.
 */
import { type SQL, sql } from "drizzle-orm";
import type { MissingGroup, MissingTask } from "../../schedule/domain/types";
import type { Database } from "../client";
import { jsonTuples } from "./json-rows";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * A round and unit's missing requests, grouped: its task ids, whether it has a unit-level request, and the
 * latest reopened_until. `where` picks the requests (latest_report_id is null is added here).
 */
const grouped = (from: SQL, where: SQL) => sql`
  select rr.round_id, rr.unit_id,
    coalesce(array_agg(rr.task_id) filter (where rr.task_id is not null), '{}') as tasks,
    bool_or(rr.task_id is null) as unit_level, max(rr.reopened_until) as reopened_until
  from ${from} where rr.latest_report_id is null and ${where}
  group by rr.round_id, rr.unit_id`;

export async function loadMissing(database: Database, reopenedSince: Date): Promise<MissingGroup[]> {
  const [groups, taskRows] = await Promise.all([
    // The requests still missing in the rounds the tick may remind about: every one of the open rounds, and
    // those the office reopened since `reopenedSince` in rounds no longer open (not yet opened ones left
    // out). Two disjoint halves rather than one OR: the first, nearly all of the rows, is then an index-only
    // scan of report_requests_missing in (round, unit) order; the second goes through
    // report_requests_reopened.
    jsonTuples<[number, number, number[], boolean, string | null]>(
      database,
      sql`g.round_id, g.unit_id, g.tasks, g.unit_level, g.reopened_until`,
      sql`(
        ${grouped(sql`report_requests rr`, sql`rr.round_id = any(array(select id from rounds where state = 'open'))`)}
        union all
        ${grouped(
          sql`report_requests rr join rounds c on c.id = rr.round_id`,
          sql`rr.reopened_until > ${ts(reopenedSince)} and c.state not in ('open', 'scheduled')`,
        )}
      ) g`,
    ),
    jsonTuples<[number, string, string | null, number, number]>(
      database,
      sql`t.id, t.code, left(t.text, 60), t.section_id, t.ordinal`,
      sql`tasks t where t.retired_at is null and (
        t.plan_id in (select plan_id from rounds where state = 'open')
        or t.plan_id in (select c.plan_id from report_requests rr join rounds c on c.id = rr.round_id
          where rr.latest_report_id is null and rr.reopened_until > ${ts(reopenedSince)}))`,
    ),
  ]);
  // Every live task of a missing request's plan is here; a task id not here is retired. One object per task,
  // shared by every unit missing it (the planner and the messages only read it).
  const tasks = new Map<number, { task: MissingTask; section: number; ordinal: number }>(
    taskRows.map(([id, code, text, section, ordinal]) => [
      id,
      { task: { taskId: id, taskCode: code, taskText: text }, section, ordinal },
    ]),
  );
  const unitLevel: MissingTask = { taskId: null, taskCode: null, taskText: null };
  const out: MissingGroup[] = [];
  // In round and unit order, for a planner whose output does not depend on how the rows came: sorted here, as
  // the index scan already yields nearly all of them in that order, where an ORDER BY inside json_agg would
  // sort them all again in Postgres (a quarter of the query's time at a thousand plans).
  groups.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [roundId, unitId, ids, unitLevelToo, reopenedUntil] of groups) {
    const live: Array<{ task: MissingTask; section: number; ordinal: number } | null> = [];
    for (const id of ids) {
      const t = tasks.get(id);
      if (t) live.push(t);
    }
    if (unitLevelToo) live.push(null);
    if (live.length === 0) continue;
    // Plan order (section, then ordinal); a unit-level request (no task) last, as Postgres sorts nulls.
    live.sort((x, y) => {
      if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1);
      return x.section - y.section || x.ordinal - y.ordinal;
    });
    out.push({
      roundId,
      unitId,
      tasks: live.map((t) => (t ? t.task : unitLevel)),
      reopenedUntil: reopenedUntil === null ? null : new Date(reopenedUntil),
    });
  }
  return out;
}
