/**
 * npm run bench:growth [-- --sizes 10,100,1000] [-- --keep] [-- --reuse]
 *
 * How the tick and the office's commands grow with the number of plans: for each size, a scratch Postgres
 * database (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test) gets
 * `size` plans × 50 units × 25 tasks × 12 monthly rounds from bench/status-data.ts (set-based SQL), then:
 *   tick planning   a dry-run tick at 2022-12-26 12:00 (snapshot + pure planner), median of 3
 *   tick total      the real tick at that time (rounds, reminders into the outbox, ledger, bulletin drafts)
 *   /status, /missing, quarterly bulletin (data + composition + card): p95 over plans chosen round-robin.
 * Prints one JSON line per figure, then a table of time against size with the machine's load average (1 min,
 * lowest–highest while that size was measured: on a shared machine the figures move with it). Sizes default
 * to 10,100 (1,000 takes several minutes to generate, each step's time printed on stderr); nothing runs it in
 * CI. --keep leaves the databases (named duban_growth_<size>) and --reuse measures on them again without
 * generating.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createBulletinStore } from "../src/db/store/bulletin-store";
import { createOutboxStore } from "../src/db/store/outbox-store";
import { createScheduleStore } from "../src/db/store/schedule-store";
import { createStatusStore } from "../src/db/store/status-store";
import { bulletinPeriod } from "../src/domain/period";
import { renderCard } from "../src/feishu/cards";
import { chineseCalendarData } from "../src/schedule/calendar-data";
import { type TickDeps, tick } from "../src/schedule/tick";
import { bulletinCard } from "../src/status/bulletins/card";
import { composeBulletin } from "../src/status/bulletins/text";
import { createStatusService } from "../src/status/service";
import { silentLogger } from "../src/wiring/log";
import { fakeDrafter, fakeOpener } from "../test/fakes/schedule";
import { must, percentile, time } from "./measure";
import { generate } from "./status-data";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const base =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  "postgres://postgres@127.0.0.1:5432/test";
const sizes = (option("sizes") ?? "10,100").split(",").map((s) => Number(s.trim()));
// Monday after the December round fell due: the overdue step reminds every unit with something missing.
const NOW = new Date("2022-12-26T12:00:00+08:00");

interface Row {
  plans: number;
  generateS: number | null;
  planMs: number;
  snapshotRows: number;
  tickMs: number;
  enqueued: number;
  statusP95: number;
  missingP95: number;
  bulletinP95: number;
  /** The 1-minute load average, lowest and highest, sampled each second while measuring. */
  load: [number, number];
}

function emit(size: number, metric: string, value: number, unit: string) {
  const v = Math.round(value * 100) / 100;
  console.log(JSON.stringify({ bench: "growth", plans: size, metric, value: v, unit }));
}

async function measure(database: Database, size: number): Promise<Omit<Row, "generateS" | "load">> {
  const status = createStatusStore(database.db);
  const service = createStatusService({
    status,
    bulletins: createBulletinStore(database.db),
    clock: { now: () => NOW },
  });
  const plan = (i: number) => `bench-${((i * 37) % size) + 1}`;
  const N = 100;
  await time(10, (i) => service.status(plan(i)).then(must)); // warm-up
  const statusP95 = percentile(await time(N, (i) => service.status(plan(i)).then(must)), 95);
  const missingP95 = percentile(await time(N, (i) => service.missing(plan(i)).then(must)), 95);
  const q4 = bulletinPeriod("quarter", 2022, 4);
  const bulletinP95 = percentile(
    await time(20, async (i) => {
      const data = await status.bulletinData(plan(i), q4, NOW);
      if (!data) throw new Error("no bulletin data");
      renderCard(bulletinCard({ id: 1, state: "draft", draft: composeBulletin(data) }));
    }),
    95,
  );

  const deps: TickDeps = {
    store: createScheduleStore(database),
    outbox: createOutboxStore(database),
    opener: fakeOpener(database),
    drafter: fakeDrafter(database),
    calendar: chineseCalendarData,
    logger: silentLogger,
  };
  // Planning: dry runs (write nothing), after one at another time warms the JIT and the caches.
  await tick(deps, new Date("2022-12-23T12:00:00+08:00"), { dryRun: true });
  const plans: number[] = [];
  let snapshotRows = 0;
  for (let i = 0; i < 3; i++) {
    const dry = await tick(deps, NOW, { dryRun: true });
    plans.push(dry.ms.plan);
    snapshotRows = dry.nudges.planned;
  }
  const real = await tick(deps, NOW);
  if (real.errors.length > 0) throw new Error(real.errors.join("; "));
  return {
    plans: size,
    planMs: percentile(plans, 50),
    snapshotRows,
    tickMs: real.ms.total,
    enqueued: real.enqueued,
    statusP95,
    missingP95,
    bulletinP95,
  };
}

async function runSize(admin: postgres.Sql, size: number): Promise<Row> {
  const name = `duban_growth_${size}`;
  const reuse = flag("reuse");
  const url = new URL(base);
  url.pathname = `/${name}`;
  let generateS: number | null = null;
  if (!reuse) {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  }
  const database = await openDatabase({ url: url.toString(), max: 10 });
  try {
    await migrate(database); // a reused database gets the migrations added since
    if (!reuse) {
      const t = performance.now();
      await generate(database, { plans: size, units: 50, tasks: 25, rounds: 12 }, (step, secs) =>
        console.error(`generate ${step}: ${secs.toFixed(1)} s`),
      );
      generateS = (performance.now() - t) / 1000;
      emit(size, "generate_s", generateS, "s");
    } else {
      // A reused database: forget what an earlier run's real tick did, so this tick does it again.
      await database.db.execute(sql`delete from outbox`);
      await database.db.execute(sql`delete from scheduler_state`);
      await database.db.execute(sql`delete from bulletins where created_by = 'schedule'`);
    }
    const loads: number[] = [];
    const sample = () => loads.push(loadavg()[0] ?? 0);
    sample();
    const sampler = setInterval(sample, 1000);
    const measured = await measure(database, size).finally(() => clearInterval(sampler));
    sample();
    const row: Row = { generateS, ...measured, load: [Math.min(...loads), Math.max(...loads)] };
    emit(size, "load_min", row.load[0], "");
    emit(size, "load_max", row.load[1], "");
    emit(size, "tick_plan_ms", row.planMs, "ms");
    emit(size, "tick_total_ms", row.tickMs, "ms");
    emit(size, "status_p95_ms", row.statusP95, "ms");
    emit(size, "missing_p95_ms", row.missingP95, "ms");
    emit(size, "bulletin_quarter_p95_ms", row.bulletinP95, "ms");
    return row;
  } finally {
    await database.close();
    if (!flag("keep") && !reuse)
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch((err) => {
        console.error(`could not drop ${name} (drop it by hand): ${String(err)}`);
      });
  }
}

function table(rows: Row[]): string {
  const head = [
    "plans",
    "requests",
    "tick planning",
    "tick total",
    "reminders",
    "/status p95",
    "/missing p95",
    "quarterly bulletin p95",
    "generate",
    "load (1 min)",
  ];
  const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
  const lines = rows.map((r) => [
    r.plans.toLocaleString("en"),
    (r.plans * 50 * 25 * 12).toLocaleString("en"),
    ms(r.planMs),
    ms(r.tickMs),
    r.enqueued.toLocaleString("en"),
    ms(r.statusP95),
    ms(r.missingP95),
    ms(r.bulletinP95),
    r.generateS === null ? "reused" : `${Math.round(r.generateS)} s`,
    `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`,
  ]);
  const all = [head, ...lines];
  const width = head.map((_, i) => Math.max(...all.map((l) => (l[i] ?? "").length)));
  const fmt = (l: string[]) => `| ${l.map((c, i) => c.padEnd(width[i] ?? 0)).join(" | ")} |`;
  return [fmt(head), `| ${width.map((w) => "-".repeat(w)).join(" | ")} |`, ...lines.map(fmt)].join("\n");
}

async function main() {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const rows: Row[] = [];
  try {
    for (const size of sizes) rows.push(await runSize(admin, size));
  } finally {
    await admin.end();
  }
  console.log(`\n${table(rows)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
