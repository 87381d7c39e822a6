import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Database, Db } from "../src/db/client";

/**
 * A benchmark dataset generated in the database with set-based SQL (generate_series): `plans` plans, each
 * with `units` units on every one of `tasks` tasks (one lead per task, the rest responsible), so every
 * monthly round asks units × tasks reports; `rounds` monthly rounds of 2022; ~95% reported in closed rounds
 * and ~70% in the open December round, a quarter corrected once, some late, some with problems and
 * indicator values; liaisons for most units.
 *
 * Postgres only, and fast because of how it loads, not what: one transaction, with the foreign-key and
 * history triggers off for it (session_replication_role = replica, so the server checks no reference row by
 * row; the rows are made consistent by construction) and the secondary indexes of report_requests and
 * reports dropped before their ~15 and ~17 million rows (at a thousand plans) go in and built once after,
 * sorted, with a large maintenance_work_mem. Kept row by row, those indexes and checks took most of the
 * 53 minutes the 1,000-plan database used to take. Needs a superuser (the replication role); the
 * benchmarks' default, postgres@127.0.0.1, is one.
 */
export interface BenchShape {
  plans: number;
  units: number;
  tasks: number;
  rounds: number;
}

const REV2 = 100_000_000;

/** Each step's seconds, so a slow load shows where (printed by the benchmarks on stderr). */
export type StepLog = (step: string, seconds: number) => void;

export async function generate(database: Database, s: BenchShape, log: StepLog = () => {}): Promise<void> {
  if (database.kind !== "postgres") throw new Error("the benchmark dataset is generated on Postgres only");
  await database.db.transaction(async (tx) => {
    await fill(tx as unknown as Db, s, log);
  });
  const t = performance.now();
  await database.db.execute(sql`vacuum analyze`);
  log("vacuum analyze", (performance.now() - t) / 1000);
}

/** The secondary indexes (unique constraints included) of the two big tables, to drop and rebuild. */
async function secondaryIndexes(db: Db): Promise<Array<{ drop: string; create: string }>> {
  const rows = (await db.execute(sql`
    select i.indexrelid::regclass::text as index, t.relname as "table", c.conname as constraint,
      pg_get_indexdef(i.indexrelid) as indexdef, pg_get_constraintdef(c.oid) as constraintdef
    from pg_index i join pg_class t on t.oid = i.indrelid
    left join pg_constraint c on c.conindid = i.indexrelid and c.contype = 'u'
    where t.relname in ('report_requests', 'reports') and t.relnamespace = 'public'::regnamespace
      and not i.indisprimary`)) as unknown as Array<{
    index: string;
    table: string;
    constraint: string | null;
    indexdef: string;
    constraintdef: string | null;
  }>;
  return rows.map((r) =>
    r.constraint
      ? {
          drop: `alter table "${r.table}" drop constraint "${r.constraint}"`,
          create: `alter table "${r.table}" add constraint "${r.constraint}" ${r.constraintdef}`,
        }
      : { drop: `drop index ${r.index}`, create: r.indexdef },
  );
}

async function fill(db: Db, s: BenchShape, log: StepLog): Promise<void> {
  let t = performance.now();
  const run = async (step: string, q: ReturnType<typeof sql>) => {
    await db.execute(q);
    const now = performance.now();
    log(step, (now - t) / 1000);
    t = now;
  };
  await db.execute(sql`set local session_replication_role = replica`);
  await db.execute(sql`set local maintenance_work_mem = '1GB'`);
  await db.execute(sql`set local work_mem = '256MB'`);
  const indexes = await secondaryIndexes(db);
  for (const i of indexes) await db.execute(sql.raw(i.drop));
  await run(
    "plans",
    sql`insert into plans (id, title, issuer, issued_on, document, content_hash, settings)
    select 'bench-' || p, '市十五届人大一次会议' || p || '号议案办理工作方案', '市人民政府办公厅', '2022-03-31',
      '{}'::jsonb, md5(p::text), '{}'::jsonb
    from generate_series(1, ${s.plans}) p`,
  );
  await run(
    "units",
    sql`insert into units (plan_id, name, kind, aliases, ordinal)
    select 'bench-' || p, '市第' || u || '委办局(开发区管委会)', 'unit', jsonb_build_array('第' || u || '局'), u
    from generate_series(1, ${s.plans}) p, generate_series(1, ${s.units}) u`,
  );
  await run(
    "sections",
    sql`insert into sections (plan_id, no, ordinal, title)
    select 'bench-' || p, (array['一','二','三','四'])[k], k, '第' || k || '部分工作任务'
    from generate_series(1, ${s.plans}) p, generate_series(1, 4) k`,
  );
  await run(
    "tasks",
    sql`insert into tasks (plan_id, section_id, code, ordinal, text)
    select s.plan_id, s.id, s.no || '.' || ((t - 1) / 4 + 1), (t - 1) / 4 + 1,
      '推进数字经济领域重点工作第' || t || '项,加快建设一批重大项目,完善配套政策措施,确保年度目标任务按期完成。'
    from generate_series(1, ${s.tasks}) t
    join sections s on s.no = (array['一','二','三','四'])[(t - 1) % 4 + 1]`,
  );
  await run(
    "task_units",
    sql`insert into task_units (task_id, unit_id, role)
    select t.id, u.id, case when u.ordinal = (t.id % ${s.units}) + 1 then 'lead' else 'responsible' end
    from tasks t join units u on u.plan_id = t.plan_id`,
  );
  await run(
    "task indicators",
    sql`insert into indicators (plan_id, task_id, goal_index, key, name, target, unit_of_measure, comparator, ordinal)
    select t.plan_id, t.id, null, t.code || ':指标', '任务' || t.code || '量化指标', 100 + t.ordinal * 50, '个',
      (array['>=','=','<=','~'])[t.ordinal % 4 + 1], 0
    from tasks t join sections s on s.id = t.section_id where s.ordinal <= 2`,
  );
  await run(
    "goal indicators",
    sql`insert into indicators (plan_id, task_id, goal_index, key, name, target, unit_of_measure, comparator, ordinal)
    select 'bench-' || p, null, 0, 'goal:' || g, '工作目标指标' || g, 20 * g, '个', '>=', g
    from generate_series(1, ${s.plans}) p, generate_series(1, 4) g`,
  );
  await run(
    "phases",
    sql`insert into phases (plan_id, ordinal, name, start, "end")
    select 'bench-' || p, k, (array['动员部署阶段','办理落实阶段','督促检查阶段'])[k + 1],
      (array[null,'2022-04-01','2022-11-01'])[k + 1]::date, (array['2022-03-31','2022-10-31','2022-11-30'])[k + 1]::date
    from generate_series(1, ${s.plans}) p, generate_series(0, 2) k`,
  );
  await run(
    "liaisons",
    sql`insert into members (plan_id, open_id, name, role, unit_id)
    select u.plan_id, 'ou_' || u.id, '联络员' || u.id, 'liaison', u.id from units u where u.ordinal % 10 <> 0`,
  );
  await run(
    "deputies",
    sql`insert into members (plan_id, open_id, name, role, unit_id)
    select u.plan_id, 'ou_d' || u.id, '副联络员' || u.id, 'deputy', u.id from units u where u.ordinal % 4 = 0`,
  );
  await run(
    "rounds",
    sql`insert into rounds (plan_id, kind, period, title, opens_at, due_at, closes_at, state, opened_at)
    select 'bench-' || p, 'monthly', '2022-' || lpad(m::text, 2, '0'), '2022年' || m || '月 月调度',
      make_timestamptz(2022, m, 20, 9, 0, 0, 'Asia/Shanghai'), make_timestamptz(2022, m, 25, 18, 0, 0, 'Asia/Shanghai'),
      make_timestamptz(2022, m, 28, 18, 0, 0, 'Asia/Shanghai'), case when m = ${s.rounds} then 'open' else 'closed' end,
      make_timestamptz(2022, m, 20, 9, 0, 0, 'Asia/Shanghai')
    from generate_series(1, ${s.plans}) p, generate_series(1, ${s.rounds}) m`,
  );
  // Requests get explicit ids so the reports' ids, and so latest_report_id, are known up front (no mass
  // UPDATE): revision 1 has the request's id, revision 2 the id + REV2. Choices come from hashes of the id.
  await run(
    "report_requests",
    sql`insert into report_requests (id, round_id, unit_id, task_id, role, latest_report_id)
    select n, round_id, unit_id, task_id, role,
      case when abs(hashint4(n)) % 100 >= case when state = 'open' then 70 else 95 end then null
        when abs(hashint4(n + 7)) % 4 = 0 then n + ${REV2} else n end
    from (select row_number() over (order by c.id, tu.unit_id, tu.task_id)::int as n, c.id as round_id,
        c.state, tu.unit_id, tu.task_id, tu.role
      from rounds c join tasks t on t.plan_id = c.plan_id join task_units tu on tu.task_id = t.id) g`,
  );
  // ~8% late; lead units also report the plan's goal indicators; a corrected request's second revision
  // (two hours later, the progress marked 更正) comes from the same scan as its first.
  await run(
    "reports",
    sql`with goal as (select c.id as round_id, jsonb_object_agg(g.id::text, c.id % 13 + 1) as values
      from rounds c join indicators g on g.plan_id = c.plan_id and g.task_id is null group by c.id)
    insert into reports (id, request_id, revision, submitted_by, submitted_at, status, progress, problems,
      indicator_values, late, idempotency_key)
    select q.id + case when v.rev = 2 then ${REV2} else 0 end, q.id, v.rev, 'ou_' || q.unit_id,
      case when abs(hashint4(q.id + 13)) % 100 < 8 then c.due_at + interval '20 hours' else c.due_at - interval '30 hours' end
        + case when v.rev = 2 then interval '2 hours' else interval '0' end,
      (array['not_started','in_progress','in_progress','in_progress','done','behind','blocked'])[1 + abs(hashint4(q.id + 3)) % 7],
      case when v.rev = 2 then '更正:' else '' end || '本月完成重点工作推进,召开专题会议研究部署,相关项目按计划有序推进。',
      case when abs(hashint4(q.id + 5)) % 20 = 0 then '项目用地指标和资金需市级层面协调解决。' end,
      case when i.id is null then '{}'::jsonb else jsonb_build_object(i.id::text, (q.id % 97) + c.id % 13) end
        || case when q.role = 'lead' then goal.values else '{}'::jsonb end,
      abs(hashint4(q.id + 13)) % 100 < 8, 'bench:' || q.id || ':' || v.rev
    from report_requests q join rounds c on c.id = q.round_id
    join goal on goal.round_id = q.round_id
    left join indicators i on i.task_id = q.task_id
    cross join lateral (select 1 as rev union all select 2 where q.latest_report_id = q.id + ${REV2}) v
    where q.latest_report_id is not null`,
  );
  await run(
    "sequences",
    sql`select setval(pg_get_serial_sequence('report_requests', 'id'), (select max(id) from report_requests)),
      setval(pg_get_serial_sequence('reports', 'id'), (select max(id) from reports))`,
  );
  for (const [n, i] of indexes.entries()) await run(`index ${n + 1}/${indexes.length}`, sql.raw(i.create));
}
