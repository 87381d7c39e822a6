/**
 * npm run bench:tick [-- --drain-seconds 75 --drain-db postgres|pglite|all|none]
 *
 * The scheduler at scale: 100 plans, 100 units each, every unit's liaison due a reminder at the same tick
 * (10,000 nudges). Prints one JSON line per figure:
 *   plan_ms            first tick: snapshot + pure planner (10,000 nudges due)
 *   tick_ms            first tick in full: plan + enqueue 10,000 outbox rows (the real outbox store) + ledger
 *   plan_ms_repeat     second tick at the same time (idempotent: plans nothing)
 *   tick_ms_repeat
 *   drain_*            the real outbox dispatcher and SDK client sending those rows to the fake Feishu Open
 *                      Platform (a child process) under the configured limits (DUBAN_RATE_*: by default Feishu's
 *                      50/s and 1000/min per app, 5/s per user), for --drain-seconds: the rate achieved, the
 *                      busiest second and minute, the time all 10,000 would take at that rate, duplicates.
 * PGlite always; Postgres too when TEST_DATABASE_URL is set (a fresh database, dropped after). The drain runs
 * on one of them (Postgres when available) unless --drain-db says otherwise.
 */
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { loadConfig } from "../src/config";
import type { Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createOutboxStore } from "../src/db/store/outbox-store";
import { createScheduleStore } from "../src/db/store/schedule-store";
import { createFeishuMessenger } from "../src/feishu/client";
import { OutboxDispatcher } from "../src/outbox/dispatcher";
import { chineseCalendarData } from "../src/schedule/calendar-data";
import { planTick } from "../src/schedule/domain/planner";
import { type TickDeps, tick } from "../src/schedule/tick";
import { silentLogger } from "../src/wiring/log";
import { fakeDrafter, fakeOpener } from "../test/fakes/schedule";
import { type FakeProcess, startFakeProcess } from "./fake-process";

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
    insert into rounds (plan_id, kind, period, title, opens_at, due_at, closes_at, state, opened_at)
    select id, 'monthly', '2022-06', '2022年6月 月调度', ${opens}::timestamptz,
           '2022-06-24T10:00:00Z', '2022-07-01T10:00:00Z', 'open', ${opens}::timestamptz from plans`);
  await q(sql`
    insert into report_requests (round_id, unit_id, task_id, role)
    select c.id, tu.unit_id, tu.task_id, tu.role from rounds c
    join tasks t on t.plan_id = c.plan_id join task_units tu on tu.task_id = t.id`);
}

async function measure(kind: string, database: Database, drain: boolean): Promise<void> {
  await migrate(database);
  await seed(database);
  const outbox = createOutboxStore(database);
  const deps: TickDeps = {
    store: createScheduleStore(database),
    outbox,
    opener: fakeOpener(database),
    drafter: fakeDrafter(database),
    calendar: chineseCalendarData,
    logger: silentLogger,
  };
  // Warm up the JIT and the database's caches on a dry run at another time (plans nothing).
  await tick(deps, new Date("2022-06-20T09:50:00+08:00"), { dryRun: true });
  const dry = await tick(deps, NOW, { dryRun: true });
  line("plan_ms", dry.ms.plan, "ms", { db: kind, nudges: dry.nudges.planned, plans: dry.plans });
  // The two halves of planning: loading the snapshot (database) and the pure planner.
  let t = performance.now();
  const snapshot = await deps.store.loadSnapshot(NOW);
  const missing = snapshot.missingGroups.reduce((n, g) => n + g.tasks.length, 0);
  line("snapshot_ms", performance.now() - t, "ms", { db: kind, missing });
  t = performance.now();
  const planned = planTick(snapshot, NOW, chineseCalendarData());
  line("planner_ms", performance.now() - t, "ms", { db: kind, actions: planned.actions.length });
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
  if (drain) await measureDrain(kind, database, outbox, first.enqueued);
}

/** The real dispatcher drains the tick's rows into the fake Feishu under the configured limits. */
async function measureDrain(
  kind: string,
  database: Database,
  outbox: ReturnType<typeof createOutboxStore>,
  rows: number,
): Promise<void> {
  // Non-strict: the fake accepts the 10,000 liaisons it has never seen (no seeding calls to time).
  process.env.FAKE_FEISHU_STRICT = "0";
  const fake: FakeProcess = await startFakeProcess(7);
  try {
    const limits = loadConfig(process.env).rates;
    const messenger = createFeishuMessenger({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
    });
    await messenger.botInfo(); // the token, fetched before the clock starts
    const dispatcher = new OutboxDispatcher({ queue: outbox, messenger, limits });
    const started = Date.now();
    const stats = await dispatcher.runUntilIdle({
      maxWaitMs: 120_000,
      budgetMs: DRAIN_SECONDS * 1000,
    });
    const elapsed = (Date.now() - started) / 1000;
    const calls = (await fake.calls("send")).filter((c) => c.status === 200);
    const perUuid = new Map<string, number>();
    for (const m of await fake.messages()) perUuid.set(m.uuid ?? "", (perUuid.get(m.uuid ?? "") ?? 0) + 1);
    const busiest = (windowMs: number) => {
      const at = calls.map((c) => c.at).sort((a, b) => a - b);
      let best = 0;
      for (let lo = 0, hi = 0; hi < at.length; hi++) {
        while ((at[hi] ?? 0) - (at[lo] ?? 0) >= windowMs) lo++;
        best = Math.max(best, hi - lo + 1);
      }
      return best;
    };
    const [sentRows] = await database.query<{ n: number }>(
      sql`select count(*)::int as n from outbox where state = 'sent'`,
    );
    const sent = sentRows?.n ?? 0;
    // While sending: calls per second over the seconds that ran at half the per-second limit or more.
    const first = Math.min(...calls.map((c) => c.at));
    const perSecond: number[] = [];
    for (const c of calls) {
      const i = Math.floor((c.at - first) / 1000);
      perSecond[i] = (perSecond[i] ?? 0) + 1;
    }
    const busy = Array.from(perSecond, (n) => n ?? 0).filter((n) => n >= limits.appPerSec / 2);
    const busyRate = busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length);
    // Sustained: what a whole minute carries (the per-minute limit), once the drain has run a minute.
    const minute = busiest(60_000);
    const sustained = elapsed >= 60 ? Math.min(busyRate, minute / 60) : busyRate;
    const extra = { db: kind, limits: { ...limits } };
    line("drain_rate_while_sending", busyRate, "msg/s", { ...extra, busy_seconds: busy.length });
    line("drain_busiest_second", busiest(1000), "msgs", { db: kind, limit: limits.appPerSec });
    line("drain_busiest_minute", minute, "msgs", { db: kind, limit: limits.appPerMin || "off" });
    line("drain_sustained_msgs_per_s", sustained, "msg/s", {
      db: kind,
      sent,
      of: rows,
      seconds: Math.round(elapsed),
    });
    line("drain_all_eta_s", rows / sustained, "s", { db: kind, rows });
    line(
      "drain_duplicates",
      [...perUuid.values()].reduce((n, k) => n + k - 1, 0),
      "msgs",
      {
        db: kind,
        retried: stats.retried,
        failed: stats.failed,
      },
    );
  } finally {
    await fake.close();
  }
}

const { values } = parseArgs({
  options: {
    "drain-seconds": { type: "string", default: "75" },
    "drain-db": { type: "string" },
  },
});
const DRAIN_SECONDS = Number(values["drain-seconds"]);

export async function runTickBench(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL?.trim();
  const drainOn = values["drain-db"] ?? (url ? "postgres" : "pglite");
  const pglite = await openDatabase({});
  try {
    await measure("pglite", pglite, drainOn === "pglite" || drainOn === "all");
  } finally {
    await pglite.close();
  }
  if (!url) return;
  const name = `duban_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const pg = await openDatabase({ url: u.toString(), max: 5 });
  try {
    await measure("postgres", pg, drainOn === "postgres" || drainOn === "all");
  } finally {
    await pg.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runTickBench();
}
