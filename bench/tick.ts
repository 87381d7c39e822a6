/**
 * npm run bench:tick — the scheduler's planning time at scale: 100 plans, 100 units each, every unit's
 * liaison due a reminder at the same tick (10,000 nudges). Prints one JSON line per figure:
 *   plan_ms            first tick: snapshot + pure planner (10,000 nudges due)
 *   tick_ms            first tick in full: plan + enqueue 10,000 outbox rows + ledger
 *   plan_ms_repeat     second tick at the same time (idempotent: plans nothing)
 *   tick_ms_repeat
 * PGlite always; Postgres too when TEST_DATABASE_URL is set (a fresh database, dropped after).
 *
 * Drain hook: runTickBench({ drain }) with the outbox dispatcher (Feishu edge) pointed at the fake Open
 * Platform also prints drain_msgs_per_s, the drain rate under the configured rate limit. At integration:
 *   import { runTickBench } from "./tick"; await runTickBench({ drain: (db) => createDispatcher(db, …) });
 */
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createScheduleStore } from "../src/db/store/schedule-store";
import { chineseCalendarData } from "../src/jobs/calendar-data";
import { type TickDeps, tick } from "../src/jobs/tick";
import { silentLogger } from "../src/log";
import type { OutboxDrain } from "../src/services/ports/schedule";
import { fakeDrafter, fakeOpener, tableOutbox } from "../test/fakes/schedule";

const PLANS = 100;
const UNITS = 100;
const TASKS = 2;
const NOW = new Date("2022-06-21T09:50:00+08:00"); // every reminder's jittered time (09:31–09:39) has passed

function line(metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ bench: "tick", metric, value: Math.round(value * 100) / 100, unit, ...extra })}\n`,
  );
}

/** 100 plans with an open June round; every unit has a liaison and has reported nothing. */
export async function seed(database: Database): Promise<void> {
  const q = (s: ReturnType<typeof sql>) => database.db.execute(s);
  await q(sql`
    insert into plans (id, title, issuer, document, content_hash, settings)
    select 'plan-' || p, '方案 ' || p, '某市人民政府', '{}'::jsonb, md5(p::text),
           '{"schedule":{"monthly":{"from":"2022-06","to":"2022-06"}}}'::jsonb
    from generate_series(1, ${PLANS}) p`);
  await q(sql`
    insert into phases (plan_id, ordinal, name, start, "end")
    select 'plan-' || p, 0, '办理落实阶段', '2022-04-01', '2022-10-31' from generate_series(1, ${PLANS}) p`);
  await q(sql`
    insert into units (plan_id, name, ordinal)
    select 'plan-' || p, '单位' || u, u from generate_series(1, ${PLANS}) p, generate_series(1, ${UNITS}) u`);
  await q(sql`
    insert into sections (plan_id, no, ordinal, title) select 'plan-' || p, '一', 0, '任务' from generate_series(1, ${PLANS}) p`);
  await q(sql`
    insert into tasks (plan_id, section_id, code, ordinal, text)
    select s.plan_id, s.id, '一.' || t, t, '任务内容' || t from sections s, generate_series(1, ${TASKS}) t`);
  await q(sql`
    insert into task_units (task_id, unit_id, role)
    select t.id, u.id, case when u.ordinal = 1 then 'lead' else 'responsible' end
    from tasks t join units u on u.plan_id = t.plan_id`);
  await q(sql`
    insert into members (plan_id, open_id, name, role, unit_id)
    select u.plan_id, 'ou_' || u.id, '联络员' || u.id, 'liaison', u.id from units u`);
  await q(sql`
    insert into members (plan_id, open_id, name, role) select id, 'ou_office_' || id, '办公室', 'office' from plans`);
  await q(sql`
    insert into chats (chat_id, plan_id, name, is_office)
    select 'oc_office_' || id, id, '办公室', true from plans
    union all select 'oc_group_' || id, id, '工作群', false from plans`);
  const opens = new Date("2022-06-17T09:35:00+08:00").toISOString();
  await q(sql`
    insert into collections (plan_id, kind, period, title, opens_at, due_at, closes_at, state, opened_at)
    select id, 'monthly', '2022-06', '2022年6月 月调度', ${opens}::timestamptz,
           '2022-06-24T10:00:00Z', '2022-07-01T10:00:00Z', 'open', ${opens}::timestamptz from plans`);
  await q(sql`
    insert into report_requests (collection_id, unit_id, task_id, role)
    select c.id, tu.unit_id, tu.task_id, tu.role from collections c
    join tasks t on t.plan_id = c.plan_id join task_units tu on tu.task_id = t.id`);
}

async function measure(
  kind: string,
  database: Database,
  drain?: (db: Database) => OutboxDrain,
): Promise<void> {
  await migrate(database);
  await seed(database);
  // The June round's stored times must match what the planner computes, or it would be "rescheduled".
  const deps: TickDeps = {
    store: createScheduleStore(database),
    outbox: tableOutbox(database),
    opener: fakeOpener(database),
    drafter: fakeDrafter(database),
    calendar: chineseCalendarData,
    logger: silentLogger,
  };
  // Warm up the JIT and the database's caches on a dry run at another time (plans nothing).
  await tick(deps, new Date("2022-06-20T09:50:00+08:00"), { dryRun: true });
  const dry = await tick(deps, NOW, { dryRun: true });
  line("plan_ms", dry.ms.plan, "ms", { db: kind, nudges: dry.nudges.planned, plans: dry.plans });
  const first = await tick(deps, NOW);
  if (first.errors.length > 0) throw new Error(first.errors.join("; "));
  line("tick_ms", first.ms.total, "ms", { db: kind, enqueued: first.enqueued });
  const second = await tick(deps, NOW);
  line("plan_ms_repeat", second.ms.plan, "ms", { db: kind, nudges: second.nudges.planned });
  line("tick_ms_repeat", second.ms.total, "ms", { db: kind, enqueued: second.enqueued });
  if (dry.nudges.planned !== PLANS * UNITS || first.enqueued !== PLANS * UNITS || second.enqueued !== 0)
    throw new Error(
      `unexpected counts: planned ${dry.nudges.planned}, enqueued ${first.enqueued}, then ${second.enqueued}`,
    );
  if (drain) {
    const d = drain(database);
    const started = performance.now();
    let sent = 0;
    for (let i = 0; i < 10_000 && sent < first.enqueued; i++) sent += (await d.drain({ now: NOW })).sent;
    line("drain_msgs_per_s", sent / ((performance.now() - started) / 1000), "msg/s", { db: kind, sent });
  }
}

export async function runTickBench(opts: { drain?: (db: Database) => OutboxDrain } = {}): Promise<void> {
  const pglite = await openDatabase({});
  try {
    await measure("pglite", pglite, opts.drain);
  } finally {
    await pglite.close();
  }
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (!url) return;
  const name = `duban_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const pg = await openDatabase({ url: u.toString(), max: 5 });
  try {
    await measure("postgres", pg, opts.drain);
  } finally {
    await pg.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runTickBench();
}
