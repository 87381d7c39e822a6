import { expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { openDatabase } from "../../src/db/open-node";
import { createApp } from "../../src/wiring/app";
import { silentLogger } from "../../src/wiring/log";
import { describeDb } from "../helpers/db";

describeDb("GET /healthz", (ctx) => {
  it("answers 200 with the database reachable", async () => {
    const app = createApp({
      config: loadConfig({}),
      database: ctx.database,
      logger: silentLogger,
      clock: { now: () => new Date() },
    });
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: "up", driver: ctx.kind });
  });
});

it("GET /healthz answers 503 when the database is unreachable", async () => {
  // A server that refuses connections: nothing listens on port 1.
  const database = await openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
  const app = createApp({
    config: loadConfig({}),
    database,
    logger: silentLogger,
    clock: { now: () => new Date() },
  });
  const res = await app.request("/healthz");
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ ok: false, database: "down" });
  await database.close();
});
