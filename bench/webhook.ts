/**
 * npm run bench:webhook — ack latency and throughput of POST /feishu/webhook over real HTTP with Postgres dedup,
 * beside a bare Hono route in the same run. Prints one JSON line per figure.
 *
 * Database: DATABASE_URL, else the local server postgres://postgres@127.0.0.1:5432/test; a scratch database is
 * created, migrated and dropped. Requests are signed and encrypted exactly as Feishu does (test/fakes/event-sender),
 * generated before each phase so that encryption is not measured.
 */
import { fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createEventSender, type Encoded } from "../test/fakes/event-sender";
import { Connection, type Prepared, prepare } from "./http-client";
import { serviceNodeFlags } from "./service-flags";

const RATES = [100, 200, 300, 400];
const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 2);
/**
 * Closed-loop clients for the throughput figure. Each route is measured at each level and keeps its best: a route
 * whose answer waits for a durable commit needs more requests in flight to be busy than a bare route does.
 */
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "32,64,128").split(",").map(Number);
const TOKEN = "bench-verification-token";
const KEY = "bench-encrypt-key";

const serverUrl = process.env.DATABASE_URL?.trim() || "postgres://postgres@127.0.0.1:5432/test";
const scratch = `duban_bench_${Date.now().toString(36)}`;

function emit(metric: string, value: number, unit: string) {
  process.stdout.write(`${JSON.stringify({ bench: "webhook", metric, value: round(value), unit })}\n`);
}
const round = (v: number) => Math.round(v * 100) / 100;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let port = 0;
/** BENCH_CLIENT=node sends with Node's http client instead of the lean one (bench/http-client.ts), to compare. */
const nodeClient = process.env.BENCH_CLIENT === "node";

function postWithNode(path: string, req: Encoded): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(
      { host: "127.0.0.1", port, path, method: "POST", agent, headers: req.headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

/** Idle keep-alive connections of the lean client, shared by the phases. */
const idle: Connection[] = [];
const opened: Connection[] = [];
async function post(path: string, req: Encoded, prepared: Prepared | undefined, own?: Connection) {
  const started = performance.now();
  if (nodeClient || !prepared)
    return { status: await postWithNode(path, req), ms: performance.now() - started };
  if (own) return { status: await own.send(prepared), ms: performance.now() - started };
  let conn = idle.pop();
  while (conn?.closed) conn = idle.pop();
  if (!conn) {
    conn = await Connection.open(port);
    opened.push(conn);
  }
  try {
    const status = await conn.send(prepared);
    idle.push(conn);
    return { status, ms: performance.now() - started };
  } catch (err) {
    conn.close();
    throw err;
  }
}

/** Each request's bytes for `path`, built before a phase so that building them is not measured. */
const prepareAll = (path: string, reqs: Encoded[]) =>
  nodeClient ? [] : reqs.map((r) => prepare(path, r.headers, r.body));

const sender = createEventSender({ verificationToken: TOKEN, encryptKey: KEY });
async function makeRequests(n: number): Promise<Encoded[]> {
  const out: Encoded[] = [];
  for (let i = 0; i < n; i++) {
    const env =
      i % 5 === 4
        ? sender.usersAdded({ chatId: "oc_bench", users: [{ openId: `ou_u${i}`, name: "王五" }] })
        : sender.message({ text: `/status 市经信局 ${i}`, chatType: "p2p" });
    out.push(await sender.encode(env));
  }
  return out;
}

/** Open loop: requests start on schedule at `rate`/s whatever the answers do; latency is start → answer. */
async function atRate(path: string, rate: number, reqs: Encoded[]) {
  const prepared = prepareAll(path, reqs);
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / rate;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < reqs.length; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const req = reqs[i];
    if (!req) continue;
    inflight.push(
      post(path, req, prepared[i]).then(
        (r) => {
          latencies.push(r.ms);
          if (r.status !== 200) errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/**
 * Closed loop: `concurrency` clients send back to back for `seconds`; returns answers per second. `cycle` reuses the
 * requests (the bare route does not deduplicate); the webhook needs a fresh event per request.
 */
async function maxThroughput(
  path: string,
  seconds: number,
  reqs: Encoded[],
  concurrency: number,
  cycle = false,
  prepared = prepareAll(path, reqs),
) {
  // Connections are opened before the clock starts.
  const conns = nodeClient
    ? []
    : await Promise.all(Array.from({ length: concurrency }, () => Connection.open(port)));
  opened.push(...conns);
  idle.push(...conns);
  let next = 0;
  let done = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async (_: unknown, w: number) => {
    const own = conns[w];
    while (performance.now() < end && (cycle || next < reqs.length)) {
      const i = next++ % reqs.length;
      const req = reqs[i];
      if (!req) break;
      try {
        const r = await post(path, req, prepared[i], own);
        if (r.status === 200) done++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const conn of conns) conn.close();
  return {
    rps: done / ((performance.now() - t0) / 1000),
    done,
    errors,
    exhausted: !cycle && next >= reqs.length,
  };
}

/**
 * The server runs as the service does, plain JavaScript compiled by esbuild with the options of scripts/build.mjs,
 * not through the tsx loader the bench itself uses (its helpers cost CPU on every call).
 */
async function compiledServer(): Promise<string> {
  const { build } = await import("esbuild");
  const root = fileURLToPath(new URL("..", import.meta.url));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: object };
  const inline = new Set(["dayjs", "chinese-days"]);
  const external = Object.keys(pkg.dependencies)
    .filter((d) => !inline.has(d))
    .flatMap((d) => [d, `${d}/*`]);
  // Inside the repository, so that the bare imports resolve from its node_modules.
  const outfile = join(root, "node_modules", ".cache", "duban-bench", "webhook-server.mjs");
  await build({
    absWorkingDir: root,
    entryPoints: ["bench/webhook-server.ts"],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    logLevel: "warning",
  });
  return outfile;
}

/**
 * CPU time (µs) of the Postgres processes that work for this run: the backends connected to the scratch database
 * and the server-wide WAL writer, checkpointer and background writer. Linux only (/proc); elsewhere NaN.
 */
function postgresCpu(database: string): number {
  let ticks = 0;
  let dirs: string[];
  try {
    dirs = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return Number.NaN;
  }
  for (const pid of dirs) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.startsWith("postgres:")) continue;
      if (!cmd.includes(database) && !/walwriter|checkpointer|background writer/.test(cmd)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (clock ticks)
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks * 10_000; // 100 ticks per second on Linux
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The floor under every ack: one durable INSERT … ON CONFLICT DO NOTHING (a commit waits for the disk). */
async function commitLatency(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create table bench_commit (id text primary key)`;
  const ms: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await sql`insert into bench_commit values (${String(i)}) on conflict do nothing returning id`;
    ms.push(performance.now() - t);
  }
  await sql`drop table bench_commit`;
  await sql.end();
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function main() {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${scratch}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${scratch}`;
  const dbUrl = u.toString();
  const db = await openDatabase({ url: dbUrl, max: 1 });
  await migrate(db);
  await db.close();

  const child = fork(await compiledServer(), {
    execArgv: [
      ...serviceNodeFlags(),
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []),
    ],
    env: { ...process.env, BENCH_DATABASE_URL: dbUrl, BENCH_TOKEN: TOKEN, BENCH_KEY: KEY },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = (cmd: string, reply: string) =>
    new Promise<unknown>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (m[reply] !== undefined) {
          child.off("message", on);
          resolve(m[reply]);
        }
      };
      child.on("message", on);
      child.send({ cmd });
    });
  port = await new Promise<number>((resolve) =>
    child.once("message", (m: { port: number }) => resolve(m.port)),
  );
  // Other processes on the machine skew every figure; say how busy it was and what one durable commit costs now.
  emit("loadavg_1m_before", loadavg()[0] ?? 0, "load");
  const commit = await commitLatency(dbUrl);
  emit("pg_commit_p50_ms", commit.p50, "ms");
  emit("pg_commit_p99_ms", commit.p99, "ms");

  try {
    // Warm up both routes (JIT, sockets, the database pool).
    await atRate("/feishu/webhook", 200, await makeRequests(400));
    await atRate("/bare", 200, await makeRequests(400));
    await ask("drain", "drained");

    for (const rate of RATES) {
      const reqs = await makeRequests(rate * PHASE_SECONDS);
      const hook = await atRate("/feishu/webhook", rate, reqs);
      await ask("drain", "drained");
      emit(`ack_p50_ms_at_${rate}`, hook.p50, "ms");
      emit(`ack_p99_ms_at_${rate}`, hook.p99, "ms");
      if (hook.errors > 0) emit(`errors_at_${rate}`, hook.errors, "count");
      const bare = await atRate("/bare", rate, reqs);
      emit(`bare_ack_p50_ms_at_${rate}`, bare.p50, "ms");
      emit(`bare_ack_p99_ms_at_${rate}`, bare.p99, "ms");
    }

    // Three alternating rounds per route and level; the median resists the other processes on the machine.
    // The server's CPU time per answer does not depend on how busy the machine is, unlike requests per second.
    const serverCpu = async () => Number(await ask("cpu", "cpu"));
    const hookRps: number[] = [];
    const bareRps: number[] = [];
    const hookCpu: number[] = [];
    const pgCpu: number[] = [];
    const clientCpu: number[] = [];
    const commitsPerEvent: number[] = [];
    const commits = async () => {
      const [row] = await admin<
        { n: string }[]
      >`select xact_commit::text as n from pg_stat_database where datname = ${scratch}`;
      return Number(row?.n ?? Number.NaN);
    };
    const bareCpu: number[] = [];
    let errors = 0;
    for (const concurrency of CONCURRENCY) {
      const hookAt: number[] = [];
      const bareAt: number[] = [];
      for (let round = 0; round < 3; round++) {
        // Enough for the whole phase at 9,000 answers a second: a webhook that ran out would end its phase early.
        const hookReqs = await makeRequests(9000 * THROUGHPUT_SECONDS);
        let cpu0 = await serverCpu();
        const hookPrepared = prepareAll("/feishu/webhook", hookReqs);
        const barePrepared = prepareAll("/bare", hookReqs);
        const pg0 = postgresCpu(scratch);
        const commits0 = await commits();
        const client0 = process.cpuUsage();
        const hook = await maxThroughput(
          "/feishu/webhook",
          THROUGHPUT_SECONDS,
          hookReqs,
          concurrency,
          false,
          hookPrepared,
        );
        await ask("drain", "drained");
        const client = process.cpuUsage(client0);
        clientCpu.push((client.user + client.system) / hook.done);
        pgCpu.push((postgresCpu(scratch) - pg0) / hook.done);
        // The statistics collector reports with a delay of up to a second.
        await new Promise((r) => setTimeout(r, 1100));
        commitsPerEvent.push(((await commits()) - commits0) / hook.done);
        hookCpu.push(((await serverCpu()) - cpu0) / hook.done);
        cpu0 = await serverCpu();
        const bare = await maxThroughput(
          "/bare",
          THROUGHPUT_SECONDS,
          hookReqs,
          concurrency,
          true,
          barePrepared,
        );
        bareCpu.push(((await serverCpu()) - cpu0) / bare.done);
        hookAt.push(hook.rps);
        bareAt.push(bare.rps);
        errors += hook.errors;
        if (hook.exhausted) process.stderr.write("note: ran out of pre-generated webhook requests\n");
      }
      emit(`max_throughput_rps_at_c${concurrency}`, median(hookAt), "req/s");
      // The table grows by every round (≈14,000 events each at 2 s): a figure that rises from level to level
      // means some statement's cost grows with the table.
      emit(`postgres_cpu_us_per_event_at_c${concurrency}`, median(pgCpu.slice(-3)), "µs");
      emit(`bare_max_throughput_rps_at_c${concurrency}`, median(bareAt), "req/s");
      hookRps.push(median(hookAt));
      bareRps.push(median(bareAt));
    }
    // Each route at its own best level: the most it answers per second, whatever the clients do.
    emit("max_throughput_rps", Math.max(...hookRps), "req/s");
    emit("bare_max_throughput_rps", Math.max(...bareRps), "req/s");
    emit("throughput_ratio", Math.max(...hookRps) / Math.max(...bareRps), "ratio");
    emit("server_cpu_us_per_event", median(hookCpu), "µs");
    emit("bare_server_cpu_us_per_request", median(bareCpu), "µs");
    emit("postgres_cpu_us_per_event", median(pgCpu), "µs");
    emit("load_generator_cpu_us_per_event", median(clientCpu), "µs");
    emit("postgres_commits_per_event", median(commitsPerEvent), "commits");
    if (errors > 0) emit("throughput_errors", errors, "count");
    emit("loadavg_1m_after", loadavg()[0] ?? 0, "load");
  } finally {
    child.send({ cmd: "stop" });
    await new Promise((r) => child.once("exit", r));
    agent.destroy();
    for (const conn of opened) conn.close();
    await admin.unsafe(`drop database if exists "${scratch}" with (force)`);
    await admin.end();
  }
}

await main();
