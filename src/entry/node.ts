import { serve } from "@hono/node-server";
import cron from "node-cron";
import { type AppDeps, createApp, inboundFor } from "../app";
import type { BotHandler } from "../bot/events";
import { type Config, hasFeishuCredentials, redactConfig } from "../config";
import { createOutboxStore, type OutboxStore } from "../db/store/outbox-store";
import { createFeishuMessenger } from "../feishu/client";
import { type LongConnection, startLongConnection } from "../feishu/ws";
import { createScheduler } from "../jobs/wiring";
import { createOutboxDispatcher, type OutboxDispatcher } from "../services/outbox-dispatcher";
import type { Logger } from "../services/ports/logger";
import { nodeCrypto } from "./node-crypto";
import { createNodeLogger, loadSampleIfEmpty, openAndMigrate } from "./runtime-node";

export interface RunningNode {
  port: number;
  /** The outbox; enqueueing through this instance wakes the dispatcher at once (others wait for its poll). */
  outbox: OutboxStore;
  close(): Promise<void>;
}

/** With Feishu credentials, the outbox dispatcher runs in the background from boot until close. */
function startDispatcher(config: Config, outbox: OutboxStore, logger: Logger): OutboxDispatcher | undefined {
  const { appId, appSecret, domain } = config.feishu;
  if (!appId || !appSecret) return undefined;
  const dispatcher = createOutboxDispatcher({
    queue: outbox,
    messenger: createFeishuMessenger({ appId, appSecret, domain, logger: logger.child({ part: "feishu" }) }),
    logger: logger.child({ part: "outbox" }),
    limits: config.rates,
  });
  outbox.onEnqueue(() => dispatcher.wake());
  dispatcher.start();
  logger.info({ rates: config.rates }, "outbox dispatcher started");
  return dispatcher;
}

/** What the bot side plugs into the Feishu edge (wired by the integration of src/bot and src/feishu/client). */
export interface NodeWiring {
  /** Handles events and card actions. Without it the webhook answers events with 503 and ws mode stays off. */
  bot?: BotHandler;
  /** The bot's own open_id (cached, e.g. cachedBotOpenId(() => messenger.botInfo().then((b) => b.openId))). */
  botOpenId?: () => Promise<string | undefined>;
}

/** Pending inbound events are retried this often; finished dedup records are pruned hourly. */
const SWEEP_MS = 30_000;

/** `npm start`: migrate, load the sample plan into an empty database, serve HTTP, and say what to do next. */
export async function startNode(
  config: Config,
  logger: Logger = createNodeLogger(config),
  wiring: NodeWiring = {},
): Promise<RunningNode> {
  logger.info({ config: redactConfig(config) }, "duban starting");
  const database = await openAndMigrate(config);
  await loadSampleIfEmpty(database, logger, new Date());
  const outbox = createOutboxStore(database);
  const dispatcher = startDispatcher(config, outbox, logger);

  const pending = new Set<Promise<unknown>>();
  const defer = (work: Promise<unknown>) => {
    const tracked = work
      .catch((err) => logger.error({ err: String(err) }, "deferred work failed"))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const deps: AppDeps = {
    config,
    database,
    logger,
    clock: { now: () => new Date() },
    defer,
    bot: wiring.bot,
    botOpenId: wiring.botOpenId,
    feishuCrypto: nodeCrypto,
  };
  const app = createApp(deps);

  // Events acked but not finished (handler failed, process died) run again; see src/feishu/inbound.ts.
  const inbound = inboundFor(deps);
  let sweeps = 0;
  const sweep = async () => {
    if (!inbound) return;
    try {
      await inbound.redeliver();
      if (sweeps++ % Math.round(3_600_000 / SWEEP_MS) === 0) await inbound.prune();
    } catch (err) {
      logger.warn({ err: String(err) }, "inbound sweep failed; will try again");
    }
  };
  const sweeper = inbound ? setInterval(() => void sweep(), SWEEP_MS) : undefined;
  sweeper?.unref();
  void sweep();

  let longConnection: LongConnection | undefined;
  if (config.feishu.mode === "ws") {
    const { appId, appSecret } = config.feishu;
    if (!inbound || !appId || !appSecret)
      logger.warn(
        { bot: Boolean(inbound), credentials: hasFeishuCredentials(config) },
        "FEISHU_MODE=ws but the long connection is not started: it needs FEISHU_APP_ID/SECRET and a bot handler",
      );
    else
      longConnection = startLongConnection({
        appId,
        appSecret,
        domain: config.feishu.domain,
        encryptKey: config.feishu.encryptKey,
        inbound,
        logger,
      });
  }

  // The scheduler's tick every minute; idempotent, so an overlap or a second instance adds nothing.
  const scheduler = createScheduler(database, logger);
  const ticker = cron.schedule(
    "* * * * *",
    () => {
      const run = scheduler.tick(new Date());
      defer(run);
      return run;
    },
    { noOverlap: true },
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info({ port }, "listening");
  printNextSteps(config, port);

  let closing: Promise<void> | undefined;
  return {
    port,
    outbox,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        longConnection?.close();
        await ticker.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...pending]);
        // Calls in flight finish and are recorded; scheduled rows go back to pending for the next start.
        await dispatcher?.stop();
        await database.close();
      })();
      return closing;
    },
  };
}

function printNextSteps(config: Config, port: number): void {
  const lines = [
    "",
    `duban is up: http://localhost:${port}/healthz`,
    config.databaseUrl
      ? "Database: Postgres (DATABASE_URL)."
      : `Database: embedded PGlite in ${config.dataDir}.`,
  ];
  if (!hasFeishuCredentials(config)) {
    lines.push(
      "No Feishu app is connected yet (FEISHU_APP_ID / FEISHU_APP_SECRET unset), so nothing is sent.",
      "To connect one (README § Connect a Feishu app):",
      "  1. Create a custom app at https://open.feishu.cn/app, enable Bot, grant im:message, im:message:send_as_bot,",
      "     im:message.p2p_msg:readonly, im:message.group_at_msg:readonly, im:chat:readonly, im:chat.members:read,",
      "     contact:user.base:readonly.",
      "  2. Webhook: set FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY, restart, and",
      `     point the event and callback request URLs at https://<public host>/feishu/webhook (port ${port}).`,
      "     Long connection (no public URL): also set FEISHU_MODE=ws and choose 'long connection' in the console.",
      "  3. Subscribe to im.message.receive_v1, im.chat.member.bot.added_v1/deleted_v1, im.chat.member.user.added_v1/",
      "     deleted_v1/withdrawn_v1, im.chat.disbanded_v1 and the card.action.trigger callback; publish a version.",
    );
  } else {
    lines.push(
      config.feishu.mode === "ws"
        ? "Feishu: long connection (FEISHU_MODE=ws)."
        : `Feishu: webhook at POST /feishu/webhook on port ${port}.`,
    );
    if (config.feishu.mode === "webhook" && !config.feishu.verificationToken && !config.feishu.encryptKey)
      lines.push(
        "  FEISHU_VERIFICATION_TOKEN and FEISHU_ENCRYPT_KEY are unset: the webhook refuses every request.",
      );
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}
