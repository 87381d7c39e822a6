/**
 * `duban tick` as cron runs it: a whole process per tick (start-up, opening the embedded database, the tick,
 * its drain to the fake Feishu, exit) on a data directory holding the sample plan. One JSON line per figure:
 * wall time per run and where it went (start-up = Node and the imports, open = PGlite and the migration check,
 * tick = plan + act + drain), plus the process's CPU time. Runs: an idle instant (nothing to do), the instant
 * the June round opens (cards sent), and the idle instant again. BENCH_TICK_RUNS repeats the idle run.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startFakeFeishu } from "../test/fakes/fake-feishu";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const emit = (metric: string, value: number, unit: string) =>
  console.log(JSON.stringify({ bench: "tick-cli", metric, value: Math.round(value * 10) / 10, unit }));

const dir = mkdtempSync(join(tmpdir(), "duban-bench-tick-"));
const fake = await startFakeFeishu({ strict: false });
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  DUBAN_DATA_DIR: join(dir, "data"),
  LOG_LEVEL: "warn",
  FEISHU_APP_ID: fake.appId,
  FEISHU_APP_SECRET: fake.appSecret,
  FEISHU_DOMAIN: fake.url,
  DUBAN_ADMINS: "ou_bench_office0000000000000000001",
};

async function tick(label: string, at: string) {
  const started = performance.now();
  const child = execFile(process.execPath, ["bin/duban.mjs", "tick", "--at", at], { cwd: root, env });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  await new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const wall = performance.now() - started;
  const summary = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as {
    enqueued?: number;
    drain?: { sent?: number };
    process?: { startupMs: number; openMs: number; tickMs: number };
  };
  emit(`${label}.wall`, wall, "ms");
  if (summary.process) {
    emit(`${label}.startup`, summary.process.startupMs, "ms");
    emit(`${label}.open`, summary.process.openMs, "ms");
    emit(`${label}.tick`, summary.process.tickMs, "ms");
  }
  emit(`${label}.sent`, summary.drain?.sent ?? 0, "messages");
}

try {
  const loaded = performance.now();
  await run(process.execPath, ["bin/duban.mjs", "plan", "load", "plans/wuhan-2022-proposal-1.json"], {
    cwd: root,
    env,
  });
  emit("plan-load.wall", performance.now() - loaded, "ms");
  await tick("first", "2022-06-06T09:35:00+08:00"); // creates the year's rounds
  await tick("idle", "2022-06-07T09:35:00+08:00");
  await tick("opening", "2022-06-17T16:00:00+08:00"); // the June round opens: cards go out
  const runs = Number(process.env.BENCH_TICK_RUNS ?? 1);
  for (let i = 0; i < runs; i++) await tick(`idle.${i + 1}`, "2022-06-20T16:00:00+08:00");
  const load = (await import("node:os")).loadavg()[0] ?? 0;
  emit("loadavg.1m", load, "processes");
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
