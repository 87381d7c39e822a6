import { sql } from "drizzle-orm";
import { evidenceFilesOf, evidenceLines } from "../../domain/evidence";
import type { BulletinPeriod } from "../../domain/period";
import { roundInPeriod } from "../../domain/rounds";
import type { ReportStatus } from "../../domain/states";
import type { BulletinCoordItem, BulletinData, BulletinTaskUnit } from "../../status/ports";
/** The status room's shared SQL fragments and row readers, one namespace (status-store.ts uses them too). */
import * as q from "./status-sql";

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Everything a bulletin for `period` needs, over the rounds that report on months of the period and have
 * opened by `now`. Reports count as they stand at `now` (a unit that reported late is named as late).
 */
export async function bulletinData(
  query: q.Query,
  planId: string,
  period: BulletinPeriod,
  now: Date,
): Promise<BulletinData | undefined> {
  const [planRows, roundRows, settings] = await Promise.all([
    query(sql`select id, title, issuer, timezone from plans where id = ${planId}`),
    query(sql`select ${q.roundColumns}, (select count(*)::int from report_requests q where q.round_id = c.id)
        as requests from rounds c where c.plan_id = ${planId} order by c.due_at, c.id`),
    q.planSettings(query, planId),
  ]);
  const plan = planRows[0];
  if (!plan) return undefined;
  const tz = String(plan.timezone || "Asia/Shanghai");
  const rounds = roundRows
    .map((r) => ({ ...q.roundOf(r), requests: q.toNum(r.requests) }))
    .filter((r) => r.opensAt.getTime() <= now.getTime() && roundInPeriod(r, period, tz));
  const ids = q.intArray(rounds.map((r) => r.id));

  const [unitRows, requestRows, taskRows, indicatorRows, valueRows, goalRows] = await Promise.all([
    query(sql`
      select u.id, u.name, u.ordinal, count(*)::int as total,
        count(*) filter (where c.due_at <= ${ts(now)} or q.latest_report_id is not null)::int as due,
        count(q.latest_report_id)::int as reported,
        count(*) filter (where q.latest_report_id is not null and not ${q.firstLate})::int as on_time,
        count(*) filter (where q.latest_report_id is not null and ${q.firstLate})::int as late,
        count(*) filter (where q.latest_report_id is null and c.due_at < ${ts(now)})::int as overdue,
        coalesce(json_agg(distinct c.id) filter (where q.latest_report_id is null and c.due_at < ${ts(now)}), '[]')
          as overdue_rounds,
        -- Asked: a liaison received the cards (one is bound now; binding delivers the open rounds' cards),
        -- or the unit reported all the same.
        (count(q.latest_report_id) > 0 or exists (select 1 from members m where m.plan_id = ${planId}
          and m.unit_id = u.id and m.role in ('liaison', 'deputy'))) as asked
      from report_requests q join rounds c on c.id = q.round_id join units u on u.id = q.unit_id
      ${q.latestReport} ${q.firstRevisionJoin}
      where q.round_id = any(${ids})
      group by u.id, u.name, u.ordinal`),
    // The latest report of each (unit, task) over the period; a null status when the unit never reported.
    query(sql`
      select distinct on (q.unit_id, coalesce(q.task_id, 0)) q.unit_id, q.task_id, u.name as unit_name,
        u.ordinal as unit_ordinal, t.code, r.status, r.problems,
        -- 本月无新进展 says nothing new: it keeps the status but is never quoted as progress. The period's latest
        -- report that did say something is quoted instead (a quarter's June 无新进展 after May's real progress).
        case when r.kind = 'no_progress' then (
          select r2.progress from report_requests q2 join rounds c2 on c2.id = q2.round_id
            join reports r2 on r2.id = q2.latest_report_id
          where q2.round_id = any(${ids}) and q2.unit_id = q.unit_id and q2.task_id is not distinct from q.task_id
            and r2.kind <> 'no_progress' and r2.progress <> ''
          order by c2.due_at desc, c2.id desc limit 1)
        else r.progress end as progress, q.role,
        r.evidence_url, r.document_url, r.evidence_files,
        ${q.epochMs(sql`r.submitted_at`)} as submitted_ms
      from report_requests q join rounds c on c.id = q.round_id join units u on u.id = q.unit_id
      left join tasks t on t.id = q.task_id ${q.latestReport}
      where q.round_id = any(${ids})
      order by q.unit_id, coalesce(q.task_id, 0), (r.id is null), c.due_at desc, c.id desc`),
    query(
      sql`${q.taskRefSelect} where t.plan_id = ${planId} and t.retired_at is null order by s.ordinal, t.ordinal`,
    ),
    query(sql`${q.indicatorSelect} left join tasks it on it.id = i.task_id
      where i.plan_id = ${planId} and i.retired_at is null
      order by (i.task_id is not null), i.goal_index, (select ordinal from sections where id = it.section_id),
        it.ordinal, i.ordinal`),
    // Each unit's latest value of each indicator reported in the period.
    query(sql`
      select distinct on (kv.key, q.unit_id) kv.key as indicator_id, q.unit_id, q.task_id, q.role,
        kv.value #>> '{}' as value, ${q.epochMs(sql`r.submitted_at`)} as submitted_ms
      from report_requests q cross join lateral (select r0.id, r0.submitted_at, r0.indicator_values from reports r0
        where r0.id = q.latest_report_id limit 1) r
      cross join lateral jsonb_each(r.indicator_values) kv
      where q.round_id = any(${ids}) and jsonb_typeof(kv.value) in ('number', 'string')
      order by kv.key, q.unit_id, r.submitted_at desc, r.id desc`),
    // Each goal's latest value as of the period's end (its owner's card or /goals report): the goal's own record.
    query(sql`
      select distinct on (gv.indicator_id) gv.indicator_id, gv.unit_id, gv.value::float8 as value,
        gv.as_of::text as as_of, ${q.epochMs(sql`gv.reported_at`)} as reported_ms
      from goal_values gv join indicators i on i.id = gv.indicator_id
      where i.plan_id = ${planId} and gv.as_of <= ${period.end}::date and gv.reported_at <= ${ts(now)}
      order by gv.indicator_id, gv.as_of desc, gv.reported_at desc, gv.id desc`),
  ]);

  const titleOf = new Map(rounds.map((r) => [r.id, r.title]));
  const units = unitRows
    .map((r) => ({
      unitId: q.toNum(r.id),
      unitName: String(r.name),
      ordinal: q.toNum(r.ordinal),
      total: q.toNum(r.total),
      due: q.toNum(r.due),
      reported: q.toNum(r.reported),
      onTime: q.toNum(r.on_time),
      late: q.toNum(r.late),
      overdue: q.toNum(r.overdue),
      asked: r.asked === true || r.asked === "t",
      overdueRounds: q
        .parseJson<unknown[]>(r.overdue_rounds, [])
        .map(q.toNum)
        .sort((a, b) => rounds.findIndex((x) => x.id === a) - rounds.findIndex((x) => x.id === b))
        .map((id) => titleOf.get(id) ?? String(id)),
    }))
    .sort((a, b) => a.ordinal - b.ordinal);

  const statusesByTask = new Map<number, Array<BulletinTaskUnit & { ordinal: number }>>();
  const askedUnits = new Set(units.filter((u) => u.asked).map((u) => u.unitId));
  for (const r of requestRows) {
    if (r.task_id === null || r.task_id === undefined) continue;
    const list = statusesByTask.get(q.toNum(r.task_id)) ?? [];
    list.push({
      unitName: String(r.unit_name),
      status: (r.status as ReportStatus | null) ?? null,
      asked: askedUnits.has(q.toNum(r.unit_id)),
      role: r.role === "lead" || r.role === "responsible" || r.role === "support" ? r.role : null,
      progress: typeof r.progress === "string" && r.progress.trim() !== "" ? r.progress.trim() : null,
      evidence: evidenceLines(
        [r.evidence_url as string | null, r.document_url as string | null],
        evidenceFilesOf(r.evidence_files),
      ),
      ordinal: q.toNum(r.unit_ordinal),
    });
    statusesByTask.set(q.toNum(r.task_id), list);
  }
  const taskOrder = new Map(taskRows.map((t, i) => [q.toNum(t.id), i]));
  const problems = requestRows
    .filter((r) => typeof r.problems === "string" && r.problems.trim() !== "")
    .sort(
      (a, b) =>
        q.toNum(a.unit_ordinal) - q.toNum(b.unit_ordinal) ||
        (taskOrder.get(q.toNum(a.task_id)) ?? -1) - (taskOrder.get(q.toNum(b.task_id)) ?? -1),
    )
    .map((r) => ({
      unitName: String(r.unit_name),
      taskCode: r.code === null || r.code === undefined ? null : String(r.code),
      text: String(r.problems).trim(),
      submittedAt: q.toDate(r.submitted_ms),
    }));

  const indicators = indicatorRows.map(q.indicatorOf);
  const byId = new Map(indicators.map((i) => [String(i.id), i]));
  type IndicatorValue = BulletinData["indicators"][number]["values"][number];
  const values = new Map<number, IndicatorValue[]>();
  for (const r of valueRows) {
    const ind = byId.get(String(r.indicator_id));
    const raw = r.value === null || r.value === undefined ? "" : String(r.value).trim();
    const value = raw === "" ? Number.NaN : Number(raw);
    if (!ind || !Number.isFinite(value)) continue;
    const list = values.get(ind.id) ?? [];
    list.push({
      unitId: q.toNum(r.unit_id),
      value,
      isLead: ind.taskId !== null && q.toNum(r.task_id) === ind.taskId && r.role === "lead",
      submittedAt: q.toDate(r.submitted_ms),
    });
    values.set(ind.id, list);
  }

  const goalValues = new Map<number, { value: IndicatorValue; asOf: string }>();
  for (const r of goalRows) {
    const value = Number(r.value);
    if (!Number.isFinite(value)) continue;
    goalValues.set(q.toNum(r.indicator_id), {
      value: { unitId: q.toNum(r.unit_id), value, isLead: true, submittedAt: q.toDate(r.reported_ms) },
      asOf: String(r.as_of).slice(0, 10),
    });
  }

  return {
    plan: {
      id: String(plan.id),
      title: String(plan.title),
      issuer: String(plan.issuer),
      timezone: tz,
      tolerance: settings.tolerance,
    },
    period,
    now,
    rounds,
    units,
    tasks: taskRows.map((t) => ({
      ...q.taskRefOf(t),
      units: (statusesByTask.get(q.toNum(t.id)) ?? [])
        .sort((a, b) => a.ordinal - b.ordinal)
        .map(({ ordinal: _, ...u }) => u),
    })),
    indicators: indicators.map((i) => {
      const goal = i.taskId === null ? goalValues.get(i.id) : undefined;
      return goal
        ? { ...i, values: [goal.value], asOf: goal.asOf }
        : { ...i, values: values.get(i.id) ?? [] };
    }),
    problems,
    coordItems: await coordItemsOf(query, planId, now),
    phases: settings.phases,
  };
}

/** The plan's coordination items registered by `now`, each with the assigned units that have not answered. */
async function coordItemsOf(query: q.Query, planId: string, now: Date): Promise<BulletinCoordItem[]> {
  const rows = await query(sql`
    select ci.id, ci.state, ci.due::text as due, ci.text, u.name as unit_name, t.code,
      coalesce(json_agg(au.name order by au.ordinal) filter (where ca.answer is null and au.id is not null), '[]')
        as owing
    from coord_items ci left join units u on u.id = ci.unit_id left join tasks t on t.id = ci.task_id
      left join coord_assignees ca on ca.item_id = ci.id left join units au on au.id = ca.unit_id
    where ci.plan_id = ${planId} and ci.kind = 'coord' and ci.created_at <= ${ts(now)}
    group by ci.id, u.name, t.code order by ci.id`);
  return rows.map((r) => ({
    id: q.toNum(r.id),
    unitName: r.unit_name === null || r.unit_name === undefined ? null : String(r.unit_name),
    taskCode: r.code === null || r.code === undefined ? null : String(r.code),
    text: String(r.text),
    state: String(r.state) as BulletinCoordItem["state"],
    due: r.due === null || r.due === undefined ? null : String(r.due).slice(0, 10),
    owing: (typeof r.owing === "string" ? (JSON.parse(r.owing) as unknown[]) : (r.owing as unknown[])).map(
      String,
    ),
  }));
}
