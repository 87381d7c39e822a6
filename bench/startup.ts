/**
 * Time from `npm start` (node with the start script's flags, bin/duban.mjs serve, the compiled dist/) to the first healthy /healthz, with a
 * fresh data directory and again warm (same directory, migrations applied, plan loaded); resident memory of the
 * serving process after 20 s idle; the wall time of one `duban tick` run; import time of the sample document.
 * The same on Postgres with BENCH_DATABASE_URL or TEST_DATABASE_URL. One JSON line per figure.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { importPlanDocument } from "../src/plans/import";
import { serviceNodeFlags } from "./service-flags";

const root = new URL("..", import.meta.url).pathname;
const emit = (metric: string, value: number, unit: string) =>
  console.log(JSON.stringify({ bench: "startup", metric, value: Math.round(value * 10) / 10, unit }));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 20_000);

/** One `duban tick` as a process, start to exit (no Feishu app configured, so it queues and sends nothing). */
async function tickOnce(dataDir: string, databaseUrl = ""): Promise<number> {
  const started = performance.now();
  await promisify(execFile)(process.execPath, ["bin/duban.mjs", "tick"], {
    cwd: root,
    env: { ...process.env, DUBAN_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
  });
  return performance.now() - started;
}

async function startOnce(dataDir: string, databaseUrl = ""): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...serviceNodeFlags(), "bin/duban.mjs", "serve"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DUBAN_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ms, rssMb: rssKb / 1024 };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const dir = mkdtempSync(join(tmpdir(), "duban-startup-"));
try {
  const fresh = await startOnce(join(dir, "data"));
  emit("start_to_healthy_fresh_ms", fresh.ms, "ms");
  emit("idle_rss_fresh_mb", fresh.rssMb, "MB");
  const warm = await startOnce(join(dir, "data"));
  emit("start_to_healthy_warm_ms", warm.ms, "ms");
  emit("idle_rss_mb", warm.rssMb, "MB");
  emit("tick_run_ms", await tickOnce(join(dir, "data")), "ms");
  // The same with a Postgres server (most of the PGlite figure is its WebAssembly heap).
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const { default: postgres } = await import("postgres");
    const name = `duban_bench_startup_${process.pid}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    try {
      const pg = await startOnce(join(dir, "unused"), u.toString());
      emit("start_to_healthy_postgres_fresh_ms", pg.ms, "ms");
      emit("idle_rss_postgres_mb", pg.rssMb, "MB");
      emit("tick_run_postgres_ms", await tickOnce(join(dir, "unused"), u.toString()), "ms");
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const doc = readFileSync(join(root, "test/fixtures/plans/wuhan-2022-proposal-1.txt"), "utf8");
importPlanDocument(doc, { id: "w" });
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  importPlanDocument(doc, { id: "w" });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
emit("import_sample_median_ms", times[Math.floor(times.length / 2)] ?? 0, "ms");
