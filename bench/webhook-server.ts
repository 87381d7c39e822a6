/**
 * The server side of `npm run bench:webhook`, in its own process so the load generator does not share its event
 * loop: the real createApp (POST /feishu/webhook, encrypted mode, Postgres dedup, a bot that does nothing) and a
 * bare Hono route (POST /bare) on the same @hono/node-server listener.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/open-node";
import { nodeCrypto } from "../src/entry/node-crypto";
import { createApp } from "../src/wiring/app";
import { silentLogger } from "../src/wiring/log";

const url = process.env.BENCH_DATABASE_URL ?? "";
const database = await openDatabase({ url, max: 10 });
const pending = new Set<Promise<unknown>>();
const defer = (work: Promise<unknown>) => {
  const tracked = work.catch(() => {}).finally(() => pending.delete(tracked));
  pending.add(tracked);
};
const app = new Hono();
app.route(
  "/",
  createApp({
    config: loadConfig({
      FEISHU_VERIFICATION_TOKEN: process.env.BENCH_TOKEN,
      FEISHU_ENCRYPT_KEY: process.env.BENCH_KEY,
    }),
    database,
    logger: silentLogger,
    clock: { now: () => new Date() },
    defer,
    bot: { handleEvent: async () => {}, handleCardAction: async () => ({}) },
    botOpenId: async () => "ou_bench_bot",
    feishuCrypto: nodeCrypto, // as the Node entry runs it
  }),
);
app.post("/bare", async (c) => {
  await c.req.text();
  return c.json({ ok: true });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});

process.on("message", async (msg: { cmd: string }) => {
  if (msg.cmd === "drain") {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    process.send?.({ drained: true });
  }
  if (msg.cmd === "cpu") {
    // This process's CPU time (user + system, µs): the bench divides it by the answers of a phase.
    const u = process.cpuUsage();
    process.send?.({ cpu: u.user + u.system });
  }
  if (msg.cmd === "stop") {
    server.close();
    await database.close();
    process.exit(0);
  }
});
