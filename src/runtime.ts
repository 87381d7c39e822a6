import type { Hono } from "hono";
import { type AppDeps, createApp, inboundFor } from "./app";
import { createDubanBot } from "./bot";
import type { BotDeps } from "./bot/deps";
import type { BotHandler } from "./bot/events";
import { createBotDeps } from "./compose";
import type { Config } from "./config";
import type { Database } from "./db/client";
import { createOutboxStore, type OutboxStore } from "./db/store/outbox-store";
import { cachedBotOpenId } from "./feishu/bot-identity";
import { createFeishuMessenger, type FeishuMessenger } from "./feishu/client";
import type { FeishuCrypto } from "./feishu/crypto";
import type { Inbound } from "./feishu/inbound";
import { createScheduler, type Scheduler } from "./jobs/wiring";
import { createBulletinDrafter } from "./services/bulletin/drafter";
import { createOutboxDispatcher, type OutboxDispatcher } from "./services/outbox-dispatcher";
import type { Clock } from "./services/ports/clock";
import type { Logger } from "./services/ports/logger";

export interface RuntimeInput {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** Work after the response: a tracked promise on Node, ctx.waitUntil on Workers. */
  defer?: (work: Promise<unknown>) => void;
  feishuCrypto?: FeishuCrypto;
  /**
   * Let each tick drain the outbox itself (Workers cron, `duban tick`). On Node the dispatcher loop runs
   * instead, and the two must not drain through the same dispatcher at once.
   */
  drainInTick?: boolean;
  /** Tests replace the bot (a recorder) or the bot's identity. */
  override?: { bot?: BotHandler; botOpenId?: () => Promise<string | undefined> };
}

/** Everything one process (or one Workers invocation) runs, wired from one config and one database. */
export interface Runtime {
  app: Hono;
  bot: BotHandler;
  botDeps: BotDeps;
  outbox: OutboxStore;
  /** Absent without Feishu credentials: nothing can be sent, rows wait in the outbox. */
  messenger: FeishuMessenger | undefined;
  dispatcher: OutboxDispatcher | undefined;
  inbound: Inbound | undefined;
  scheduler: Scheduler;
}

/**
 * The composition root shared by the Node entry, the Workers entry, the CLI and the end-to-end tests:
 * outbox → messenger and dispatcher → the bot's ports → the bot → the HTTP app and the scheduler.
 */
export function createRuntime(input: RuntimeInput): Runtime {
  const { config, database } = input;
  const clock = input.clock ?? { now: () => new Date() };
  const logger = input.logger;
  const outbox = createOutboxStore(database, { clock });
  const { appId, appSecret, domain } = config.feishu;
  const messenger =
    appId && appSecret
      ? createFeishuMessenger({ appId, appSecret, domain, logger: logger.child({ part: "feishu" }) })
      : undefined;
  const dispatcher = messenger
    ? createOutboxDispatcher({
        queue: outbox,
        messenger,
        clock,
        logger: logger.child({ part: "outbox" }),
        limits: config.rates,
      })
    : undefined;
  if (dispatcher) outbox.onEnqueue(() => dispatcher.wake());

  const botDeps = createBotDeps({
    database,
    outbox,
    messenger,
    clock,
    logger: logger.child({ part: "bot" }),
    timezone: config.timezone,
    admins: config.admins,
  });
  const bot = input.override?.bot ?? createDubanBot(botDeps);
  const botOpenId =
    input.override?.botOpenId ??
    (messenger
      ? cachedBotOpenId(() => messenger.botInfo().then((b) => b.openId), {
          onError: (err) => logger.warn({ err: String(err) }, "bot info unavailable; will retry"),
        })
      : undefined);

  const appDeps: AppDeps = {
    config,
    database,
    logger,
    clock,
    bot,
    ...(input.defer ? { defer: input.defer } : {}),
    ...(botOpenId ? { botOpenId } : {}),
    ...(input.feishuCrypto ? { feishuCrypto: input.feishuCrypto } : {}),
  };

  const scheduler = createScheduler(database, logger, {
    outbox,
    opener: {
      async openCollection(round) {
        const r = await botDeps.collect.openCollection(
          round.planId,
          round.kind,
          round.period,
          undefined,
          round.now,
          "schedule",
        );
        return { requests: r.requests.created, cards: r.cardsQueued };
      },
    },
    drafter: createBulletinDrafter({
      status: botDeps.status,
      members: botDeps.members,
      outbox,
      admins: config.admins,
    }),
    ...(dispatcher && input.drainInTick
      ? {
          drain: {
            async drain() {
              const s = await dispatcher.runUntilIdle({
                maxWaitMs: 0,
                deadline: new Date(Date.now() + 50_000),
              });
              return { sent: s.sent, failed: s.failed };
            },
          },
        }
      : {}),
  });

  return {
    app: createApp(appDeps),
    bot,
    botDeps,
    outbox,
    messenger,
    dispatcher,
    inbound: inboundFor(appDeps),
    scheduler,
  };
}
