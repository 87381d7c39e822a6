/**
 * npm run bench:status [-- --keep] [-- --reuse <db>] [-- --plans N]
 *
 * Generates 100 plans × 50 units × 25 tasks × 12 monthly rounds in a scratch Postgres database (from
 * BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), applies the
 * committed migrations, and times what the office's commands do: /status (overview, unit, task), /missing,
 * a quarterly bulletin (data + composition + card) and the export of one round. Prints one JSON line per
 * figure. The scratch database is dropped at the end unless --keep (then --reuse <name> skips generation).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createBulletinStore } from "../src/db/store/bulletin-store";
import { createStatusStore } from "../src/db/store/status-store";
import { bulletinPeriod } from "../src/domain/period";
import { renderCard } from "../src/feishu/cards";
import { bulletinCard } from "../src/status/bulletins/card";
import { composeBulletin } from "../src/status/bulletins/text";
import { createStatusService } from "../src/status/service";
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
const shape = { plans: Number(option("plans") ?? 100), units: 50, tasks: 25, rounds: 12 };
const now = new Date("2022-12-27T12:00:00+08:00");

function emit(metric: string, value: number, unit: string) {
  console.log(JSON.stringify({ bench: "status", metric, value: Math.round(value * 100) / 100, unit }));
}

async function main() {
  const reuse = option("reuse");
  const name = reuse ?? `duban_bench_${Date.now().toString(36)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const url = new URL(base);
  url.pathname = `/${name}`;
  if (!reuse) await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ url: url.toString(), max: 10 });
  try {
    if (!reuse) {
      const t = performance.now();
      await migrate(database);
      await generate(database, shape, (step, secs) =>
        console.error(`generate ${step}: ${secs.toFixed(1)} s`),
      );
      emit("generate_s", (performance.now() - t) / 1000, "s");
    }
    const status = createStatusStore(database.db);
    const service = createStatusService({
      status,
      bulletins: createBulletinStore(database.db),
      clock: { now: () => now },
    });
    const counts = await database.query<{ requests: number; reports: number }>(
      sql`select (select count(*)::int from report_requests) as requests,
        (select count(*)::int from reports) as reports`,
    );
    emit("dataset_requests", Number(counts[0]?.requests ?? 0), "rows");
    emit("dataset_reports", Number(counts[0]?.reports ?? 0), "rows");

    const plan = (i: number) => `bench-${((i * 37) % shape.plans) + 1}`;
    const unitName = (i: number) => `第${((i * 7) % shape.units) + 1}局`;
    const taskCode = (i: number) => `${["一", "二", "三", "四"][i % 4]}.${(i % 6) + 1}`;
    const N = 200;
    await time(20, (i) => service.status(plan(i)).then(must)); // warm-up

    emit("status_p95_ms", percentile(await time(N, (i) => service.status(plan(i)).then(must)), 95), "ms");
    emit(
      "status_unit_p95_ms",
      percentile(await time(N, (i) => service.status(plan(i), unitName(i)).then(must)), 95),
      "ms",
    );
    emit(
      "status_task_p95_ms",
      percentile(await time(N, (i) => service.status(plan(i), taskCode(i)).then(must)), 95),
      "ms",
    );
    emit("missing_p95_ms", percentile(await time(N, (i) => service.missing(plan(i)).then(must)), 95), "ms");

    const q4 = bulletinPeriod("quarter", 2022, 4);
    const bulletin = await time(30, async (i) => {
      const data = await status.bulletinData(plan(i), q4, now);
      if (!data) throw new Error("no bulletin data");
      renderCard(bulletinCard({ id: 1, state: "draft", draft: composeBulletin(data) }));
    });
    emit("bulletin_quarter_p95_ms", percentile(bulletin, 95), "ms");
    const year = await time(10, async (i) => {
      const data = await status.bulletinData(plan(i), bulletinPeriod("year", 2022, 1), now);
      if (!data) throw new Error("no bulletin data");
      renderCard(bulletinCard({ id: 1, state: "draft", draft: composeBulletin(data) }));
    });
    emit("bulletin_year_p95_ms", percentile(year, 95), "ms");

    const exportRound = async (i: number) => {
      const r = await service.exportRounds(plan(i), "2022-12");
      if (!r.ok) throw new Error(r.text);
      if (r.file.bytes.length < 10_000) throw new Error("export too small");
    };
    // The first export in a process also loads exceljs (what a cold Worker or a fresh Node process pays).
    emit("export_round_first_ms", (await time(1, exportRound))[0] ?? Number.NaN, "ms");
    emit("export_round_p95_ms", percentile(await time(20, (i) => exportRound(i + 1)), 95), "ms");
  } finally {
    await database.close();
    if (!flag("keep") && !reuse) {
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch((err) => {
        console.error(`could not drop ${name} (drop it by hand): ${String(err)}`);
      });
    } else console.error(`kept database ${name}: npm run bench:status -- --reuse ${name}`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
