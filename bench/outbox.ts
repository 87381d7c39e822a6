import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Database } from "../src/db/client";
import { migrate } from "../src/db/migrate";
import { openDatabase } from "../src/db/open-node";
import { createOutboxStore } from "../src/db/store/outbox-store";
import { createFeishuMessenger } from "../src/feishu/client";
import { OutboxDispatcher } from "../src/outbox/dispatcher";
import type { OutboxItem } from "../src/outbox/ports";
import { peakRate } from "../test/fakes/fake-feishu-metrics";
import { startFakeProcess } from "./fake-process";

/**
 * `npm run bench:outbox [-- --messages 10000 --rate 200 --db postgres|pglite]`
 *
 * Sends N messages through the outbox dispatcher and the real SDK client to the fake Open Platform, which
 * answers 10% of sends with a 429 (x-ogw-ratelimit-reset: 1) or a 500. Spread over 200 chats and 300 users,
 * so the per-chat and per-user limits (5/s) matter but the app limit dominates. Database: a scratch database
 * on the Postgres server named by BENCH_DATABASE_URL or TEST_DATABASE_URL (dropped afterwards), else PGlite
 * in memory. Prints one JSON line per figure.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "10000" },
    rate: { type: "string", default: "200" },
    chats: { type: "string", default: "200" },
    users: { type: "string", default: "300" },
    "fault-rate": { type: "string", default: "0.1" },
    db: { type: "string" },
  },
});
const N = Number(values.messages);
const RATE = Number(values.rate);
const CHATS = Number(values.chats);
const USERS = Number(values.users);
const FAULT_RATE = Number(values["fault-rate"]);
const serverUrl = (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "").trim();
const kind = values.db ?? (serverUrl ? "postgres" : "pglite");

const emit = (metric: string, value: number | string, unit: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ bench: "outbox", metric, value, unit, ...extra })}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function scratchDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const database = await openDatabase({});
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  if (!serverUrl) throw new Error("--db postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL");
  const name = `duban_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 10 });
  await migrate(database);
  return {
    database,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

async function main(): Promise<void> {
  const fake = await startFakeProcess(42);
  const { database, drop } = await scratchDatabase();
  try {
    const chats = Array.from({ length: CHATS }, (_, i) => `oc_bench${i}`);
    const users = Array.from({ length: USERS }, (_, i) => `ou_bench${i}`);
    for (const u of users) await fake.addUser(u);
    for (const [i, c] of chats.entries()) await fake.addChat(c, [users[i % USERS] ?? "ou_x"]);
    // Half the faults are 429s, half 500s: `rate` applies to the calls the first rule leaves.
    await fake.inject("send", { type: "rate_limit", resetSeconds: 1 }, { rate: FAULT_RATE / 2 });
    await fake.inject(
      "send",
      { type: "server_error", status: 500 },
      { rate: FAULT_RATE / 2 / (1 - FAULT_RATE / 2) },
    );

    // 40% to chats, 60% to users, interleaved as a collection opening for many units would be.
    const items: OutboxItem[] = Array.from({ length: N }, (_, i) => ({
      key: `bench:${i}`,
      purpose: "bench",
      kind: "send",
      to: i % 5 < 2 ? { chatId: chats[i % CHATS] ?? "" } : { openId: users[i % USERS] ?? "" },
      message: { type: "text", text: `第 ${i} 条` },
    }));
    const store = createOutboxStore(database);
    let t = performance.now();
    await store.enqueue(items);
    emit("enqueue_rows_per_sec", round(N / ((performance.now() - t) / 1000)), "rows/s", { rows: N });

    // Departure times of sends, as the dispatcher let them go (arrival at the fake adds loopback jitter).
    const departures: number[] = [];
    const timedFetch: typeof fetch = (input, init) => {
      if (String(input).includes("/im/v1/messages")) departures.push(Date.now());
      return fetch(input, init);
    };
    const messenger = createFeishuMessenger({
      appId: fake.appId,
      appSecret: fake.appSecret,
      domain: fake.url,
      fetch: timedFetch,
    });
    const limits = { appPerSec: RATE, appPerMin: 0, chatPerSec: 5, userPerSec: 5 };
    const dispatcher = new OutboxDispatcher({ queue: store, messenger, limits });
    // How late this process's timers fired: a busy box (the fake and Postgres share it) delays sends.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    t = performance.now();
    const stats = await dispatcher.runUntilIdle({ maxWaitMs: 120_000 });
    const elapsed = (performance.now() - t) / 1000;
    loopDelay.disable();

    const calls = await fake.calls("send");
    const ok = calls.filter((c) => c.status === 200);
    const firstCall = calls[0]?.at ?? 0;
    const lastCall = calls[calls.length - 1]?.at ?? 0;
    // The achieved rate while the app limit was the bottleneck: calls per whole second, from the first call
    // through the last second that still ran at half the limit or more (after it, only the retry tail).
    const perSecond: number[] = [];
    for (const c of calls) {
      const i = Math.floor((c.at - firstCall) / 1000);
      perSecond[i] = (perSecond[i] ?? 0) + 1;
    }
    const counts = Array.from(perSecond, (n) => n ?? 0);
    let busy = counts.length;
    while (busy > 0 && (counts[busy - 1] ?? 0) < RATE / 2) busy--;
    const achieved = counts.slice(0, busy).reduce((a, b) => a + b, 0) / Math.max(1, busy);

    const okPerUuid = new Map<string, number>();
    for (const c of ok) {
      const uuid = (c.body as { uuid: string }).uuid;
      okPerUuid.set(uuid, (okPerUuid.get(uuid) ?? 0) + 1);
    }
    const dupByUuid = [...okPerUuid.values()].reduce((n, k) => n + Math.max(0, k - 1), 0);
    const messages = await fake.messages();
    const keysAtFake = new Map<string, number>();
    for (const m of messages) keysAtFake.set(m.uuid ?? "", (keysAtFake.get(m.uuid ?? "") ?? 0) + 1);
    const dupByKey = [...keysAtFake.values()].reduce((n, k) => n + Math.max(0, k - 1), 0);
    const states = await database.query<{ state: string; n: number }>(
      sql`select state, count(*)::int as n from outbox group by state`,
    );
    const sentRows = states.find((s) => s.state === "sent")?.n ?? 0;
    const missingAtFake = items.filter((it) => !keysAtFake.has(it.key)).length;

    emit("database", kind, "kind");
    emit("configured_app_limit", RATE, "calls/s", { chatPerSec: 5, userPerSec: 5, appPerMin: "off" });
    emit("achieved_call_rate", round(achieved), "calls/s", {
      ratio_of_limit: round(achieved / RATE, 3),
      busy_seconds: busy,
      slowest_busy_second: Math.min(...counts.slice(0, busy)),
    });
    emit("achieved_call_rate_overall", round(calls.length / ((lastCall - firstCall) / 1000)), "calls/s");
    emit("delivered_rate", round(N / elapsed), "messages/s", {
      ratio_of_limit: round(N / elapsed / RATE, 3),
    });
    emit("elapsed", round(elapsed, 2), "s", { messages: N, send_calls: calls.length });
    emit("injected_faults", calls.length - ok.length, "calls", {
      rate_limited: calls.filter((c) => c.status === 429).length,
      server_errors: calls.filter((c) => c.status === 500).length,
    });
    emit("duplicates_by_uuid", dupByUuid, "messages");
    emit("duplicates_by_outbox_key", dupByKey, "messages");
    emit("lost", N - sentRows + missingAtFake, "messages", {
      rows_not_sent: N - sentRows,
      missing_at_fake: missingAtFake,
    });
    const peak = (scope: "app" | "chat" | "user") => peakRate(calls, new Map(), scope).peak;
    let peakDeparted = 0;
    for (let lo = 0, hi = 0; hi < departures.length; hi++) {
      while ((departures[hi] ?? 0) - (departures[lo] ?? 0) >= 1000) lo++;
      peakDeparted = Math.max(peakDeparted, hi - lo + 1);
    }
    emit("peak_app_departures_in_1s", peakDeparted, "calls", { limit: RATE });
    emit("peak_app_arrivals_in_1s", peak("app"), "calls", { limit: RATE });
    emit("peak_chat_arrivals_in_1s", peak("chat"), "calls", { limit: 5 });
    emit("peak_user_arrivals_in_1s", peak("user"), "calls", { limit: 5 });
    emit("event_loop_delay_p99", round(loopDelay.percentile(99) / 1e6), "ms", {
      max: round(loopDelay.max / 1e6),
    });
    emit("dispatcher_retries", stats.retried, "rows", { deferred: stats.deferred, failed: stats.failed });
  } finally {
    await drop();
    await fake.close();
  }
}

main().catch((err) => {
  process.stderr.write(
    `bench:outbox failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
