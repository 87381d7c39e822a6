import type { SQL } from "drizzle-orm";
import { expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import type { Database } from "../../src/db/client";
import { createApp } from "../../src/wiring/app";
import { createMemoryLogger } from "../../src/wiring/log";
import { createStorageHealth } from "../../src/wiring/storage-health";
import { createTestDb, describeDb } from "../helpers/db";

const clock = { now: () => new Date("2022-06-22T01:30:00Z") };

/** The embedded database, with its writes failing from a moment on (a full or read-only data directory). */
async function diskThatFills() {
  const { database: real } = await createTestDb("pglite");
  let full = false;
  const database: Database = {
    ...real,
    async query<T extends Record<string, unknown>>(q: SQL): Promise<T[]> {
      if (full)
        throw new Error("could not extend file", {
          cause: Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }),
        });
      return real.query<T>(q);
    },
  };
  return { database, real, fill: () => (full = true) };
}

it("turns /healthz 503 at the first failed write while reads still answer, and exits after repeated failures", {
  timeout: 180_000,
}, async () => {
  const { database, real, fill } = await diskThatFills();
  const logger = createMemoryLogger();
  const fatal: string[] = [];
  const storage = createStorageHealth({
    database,
    clock,
    logger,
    fatalAfter: 3,
    onFatal: (reason) => fatal.push(reason),
  });
  // /healthz's own read goes to the real database: reads keep working on a full disk.
  const app = createApp({ config: loadConfig({}), database: real, logger, clock, storage });
  try {
    expect(await storage.probe()).toBe(true);
    expect((await app.request("/healthz")).status).toBe(200);

    fill();
    expect(await storage.probe()).toBe(false);
    const res = await app.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, database: "writes failing" });
    // The logged error keeps its cause: the ENOSPC is visible.
    const logged = logger.lines.find((l) => l.msg === "storage: write probe failed")?.err as {
      cause?: { code?: string };
    };
    expect(logged.cause?.code).toBe("ENOSPC");

    expect(fatal).toEqual([]);
    await storage.probe();
    await storage.probe();
    await storage.probe();
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(/embedded database/);
  } finally {
    await real.close();
  }
});

it("counts a write that hangs past its timeout as a failure", { timeout: 120_000 }, async () => {
  const { database: real } = await createTestDb("pglite");
  const database: Database = { ...real, query: () => new Promise(() => {}) };
  const storage = createStorageHealth({ database, clock, logger: createMemoryLogger(), probeTimeoutMs: 50 });
  expect(await storage.probe()).toBe(false);
  expect(storage.status()).toMatchObject({ ok: false, failures: 1 });
  await real.close();
});

describeDb("the write probe", (ctx) => {
  it("writes on this database, so /healthz says up (a probe that cannot write would turn it 503)", async () => {
    const storage = createStorageHealth({ database: ctx.database, clock, logger: createMemoryLogger() });
    expect(await storage.probe()).toBe(true);
    const app = createApp({
      config: loadConfig({}),
      database: ctx.database,
      logger: createMemoryLogger(),
      clock,
      storage,
    });
    expect(await (await app.request("/healthz")).json()).toMatchObject({ ok: true, database: "up" });
  });
});
