import { serve } from "@hono/node-server";
import cron from "node-cron";
import { type Config, hasFeishuCredentials, redactConfig as redactedForLog } from "../config";
import type { OutboxStore } from "../db/store/outbox-store";
import type { LongConnection } from "../feishu/ws";
import { systemClock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { OutboxDispatcher } from "../outbox/dispatcher";
import { preparePlayground } from "../playground";
import { createRuntime, type RuntimeInput } from "../wiring/runtime";
import { createStorageHealth } from "../wiring/storage-health";
import { printNextSteps } from "./next-steps";
import { nodeCrypto } from "./node-crypto";
import { playgroundConfig, playgroundStorage } from "./playground-node";
import { createNodeLogger, loadSampleIfEmpty, openAndMigrate, samplePlanPath } from "./runtime-node";

export interface RunningNode {
  port: number;
  /** The outbox; enqueueing through this instance wakes the dispatcher at once (others wait for its poll). */
  outbox: OutboxStore;
  close(): Promise<void>;
}

/** Pending inbound events are retried this often; finished dedup records are pruned hourly. */
const SWEEP_MS = 30_000;

/**
 * `npm start`: migrate, load the sample plan into an empty database, then run everything one process runs:
 * the HTTP app (webhook, healthz), the long connection when FEISHU_MODE=ws, the outbox dispatcher when an app
 * is connected, the inbound retry sweep, and the scheduler's tick every minute.
 */
export async function startNode(
  config: Config,
  logger: Logger = createNodeLogger(config),
  override?: RuntimeInput["override"],
): Promise<RunningNode> {
  logger.info({ config: redactedForLog(config) }, "duban starting");
  // No Feishu app configured: the playground's stand-in plays the Open Platform (src/playground/index.ts).
  const playground = hasFeishuCredentials(config) ? undefined : await preparePlayground(samplePlanPath);
  const database = await openAndMigrate(config);
  await loadSampleIfEmpty(database, logger, new Date());

  const pending = new Set<Promise<unknown>>();
  const defer = (work: Promise<unknown>) => {
    const tracked = work
      .catch((err) => logger.error({ err }, "deferred work failed"))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  // Fail loud: writes are probed every few seconds; /healthz turns 503 when they fail, and an embedded database
  // that keeps failing ends the process (non-zero) so that its supervisor restarts it rather than it wedging.
  const storage = createStorageHealth({
    database,
    clock: systemClock,
    logger,
    onFatal: (reason, err) => {
      logger.error({ err, reason }, "storage: cannot recover; exiting so that the supervisor restarts duban");
      setTimeout(() => process.exit(70), 100).unref();
    },
  });
  storage.start();
  const rt = createRuntime({
    config: playground ? playgroundConfig(config, playground) : config,
    database,
    ...(playground ? { clock: playground.clock } : {}),
    logger,
    storage,
    defer,
    feishuCrypto: nodeCrypto,
    // Instances sharing a Postgres server drain one at a time.
    sharedDrain: database.kind === "postgres",
    // Alone on an embedded database, every enqueue wakes the drain and it knows when the next row falls due:
    // a look every second was most of an idle service's CPU besides the minute's tick.
    ...(database.kind === "pglite" ? { outboxPollMs: 30_000 } : {}),
    ...(override ? { override } : {}),
  });
  if (rt.dispatcher) {
    rt.dispatcher.start();
    logger.info({ rates: config.rates }, "outbox dispatcher started");
  }

  // Events acked but not finished (handler failed, process died) run again; see src/feishu/inbound.ts.
  let sweeps = 0;
  const sweep = async () => {
    if (!rt.inbound) return;
    try {
      await rt.inbound.redeliver();
      if (sweeps++ % Math.round(3_600_000 / SWEEP_MS) === 0) await rt.inbound.prune();
    } catch (err) {
      logger.warn({ err }, "inbound sweep failed; will try again");
    }
  };
  const sweeper = setInterval(() => void sweep(), SWEEP_MS);
  sweeper.unref();
  void sweep();

  let longConnection: LongConnection | undefined;
  const { appId, appSecret } = config.feishu;
  if (config.feishu.mode === "ws" && rt.inbound && appId && appSecret) {
    // The long connection (and the SDK under it) loads only in this mode.
    const { startLongConnection } = await import("../feishu/ws");
    longConnection = startLongConnection({
      appId,
      appSecret,
      domain: config.feishu.domain,
      encryptKey: config.feishu.encryptKey,
      inbound: rt.inbound,
      logger,
    });
  } else if (config.feishu.mode === "ws") {
    logger.warn(
      "FEISHU_MODE=ws but FEISHU_APP_ID/FEISHU_APP_SECRET are unset: the long connection is not started",
    );
  }

  // Mounted now, seeded while the service already listens: the playground's pages wait for the seeding.
  const seeding = playground?.attach({
    app: rt.app,
    ...playgroundStorage(database),
    logger,
    settle: () => settle(pending, rt.dispatcher),
    tick: (now) => rt.scheduler.tick(now),
    loadSample: (now) => loadSampleIfEmpty(database, logger, now),
  });

  // The scheduler's tick every minute; idempotent, so an overlap or a second instance adds nothing.
  const ticker = cron.schedule(
    "* * * * *",
    () => {
      const run = rt.scheduler.tick(playground ? playground.clock.now() : new Date());
      defer(run);
      return run;
    },
    { noOverlap: true },
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    // The playground is a simulation for whoever sits at this machine: it is not reachable from elsewhere.
    const hostname = playground ? "127.0.0.1" : undefined;
    const s = serve({ fetch: rt.app.fetch, port: config.port, ...(hostname ? { hostname } : {}) }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info({ port }, "listening");
  printNextSteps(config, port, playground !== undefined);
  await seeding;

  let closing: Promise<void> | undefined;
  return {
    port,
    outbox: rt.outbox,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        storage.stop();
        longConnection?.close();
        await ticker.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...pending]);
        // Calls in flight finish and are recorded; scheduled rows go back to pending for the next start.
        await rt.dispatcher?.stop();
        await database.close();
        await playground?.close();
      })();
      return closing;
    },
  };
}

/** Waits for the bot's deferred work, then lets the dispatcher send what fell due (the playground's pace). */
async function settle(
  pending: Set<Promise<unknown>>,
  dispatcher: OutboxDispatcher | undefined,
): Promise<void> {
  for (let i = 0; i < 10; i++) {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    const s = await dispatcher?.runUntilIdle({ maxWaitMs: 1000 });
    if (pending.size === 0 && (!s || s.claimed === 0)) return;
  }
}
