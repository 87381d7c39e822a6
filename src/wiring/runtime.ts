import type { Hono } from "hono";
import { createDubanBot } from "../bot";
import type { BotDeps } from "../bot/deps";
import type { BotHandler } from "../bot/events";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { createDeadlineStore } from "../db/store/deadline-store";
import { createDrainLease } from "../db/store/outbox-leader";
import { createOutboxStore, type OutboxStore } from "../db/store/outbox-store";
import { createDeadlineReminders } from "../deadlines/service";
import { cachedBotOpenId } from "../feishu/bot-identity";
import { createFeishuMessenger, type FeishuMessenger } from "../feishu/client";
import type { FeishuCrypto } from "../feishu/crypto";
import type { Inbound } from "../feishu/inbound";
import { type Clock, systemClock } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import { createOutboxDispatcher, type OutboxDispatcher } from "../outbox/dispatcher";
import { createBulletinDrafter } from "../schedule/bulletin-drafter";
import { chineseCalendarData } from "../schedule/calendar-data";
import { createTickDrain, type TickDrain } from "../schedule/tick-drain";
import { type AppDeps, createApp, inboundFor } from "./app";
import { createBotDeps } from "./bot-deps";
import { createScheduler, type Scheduler } from "./scheduler";
import type { StorageHealth } from "./storage-health";

export interface RuntimeInput {
  config: Config;
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** Work after the response: a tracked promise on Node, ctx.waitUntil on Workers. */
  defer?: (work: Promise<unknown>) => void;
  feishuCrypto?: FeishuCrypto;
  /** Write-probe health (Node); /healthz reports it. */
  storage?: StorageHealth;
  /**
   * Let each tick drain the outbox itself (Workers cron, `duban tick`), through a dispatcher of its own whose
   * clock runs from the tick's time. On Node the dispatcher loop sends instead.
   */
  drainInTick?: boolean;
  /**
   * Several instances share this database (Node on Postgres): only the holder of the drain's lease sends, so the
   * Feishu limits hold for all of them together. Unset: this process drains alone (PGlite, Workers, tests).
   */
  sharedDrain?: boolean;
  /**
   * How often the dispatcher looks for rows nothing woke it for (ms; default 1000). A process alone on its
   * database (PGlite: no other process may open it) is woken by every enqueue and knows when the next row falls
   * due, so it looks rarely: each look is two queries, several ms of CPU on an embedded database.
   */
  outboxPollMs?: number;
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
  /** With drainInTick and credentials: the tick's own drain (see src/schedule/tick-drain.ts). */
  tickDrain: TickDrain | undefined;
}

/**
 * The composition root shared by the Node entry, the Workers entry, the CLI and the end-to-end tests:
 * outbox → messenger and dispatcher → the bot's ports → the bot → the HTTP app and the scheduler.
 */
export function createRuntime(input: RuntimeInput): Runtime {
  const { config, database } = input;
  const clock = input.clock ?? systemClock;
  const logger = input.logger;
  const outbox = createOutboxStore(database, { clock });
  const { appId, appSecret, domain } = config.feishu;
  const messenger =
    appId && appSecret
      ? createFeishuMessenger({ appId, appSecret, domain, logger: logger.child({ part: "feishu" }) })
      : undefined;
  const leadership = input.sharedDrain ? createDrainLease(database) : undefined;
  const dispatcher = messenger
    ? createOutboxDispatcher({
        queue: outbox,
        messenger,
        clock,
        logger: logger.child({ part: "outbox" }),
        limits: config.rates,
        ...(leadership ? { leadership } : {}),
        ...(input.outboxPollMs ? { pollMs: input.outboxPollMs } : {}),
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
          onError: (err) => logger.warn({ err }, "bot info unavailable; will retry"),
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
    ...(input.storage ? { storage: input.storage } : {}),
  };

  // Each tick drains through a dispatcher of its own, whose clock runs from the tick's time (src/schedule/tick-drain.ts).
  const tickDrain =
    messenger && input.drainInTick
      ? createTickDrain({
          queue: outbox,
          messenger,
          logger: logger.child({ part: "outbox", job: "tick" }),
          limits: config.rates,
          businessClock: clock,
          ...(leadership ? { leadership } : {}),
        })
      : undefined;
  const deadlines = createDeadlineReminders({
    store: createDeadlineStore(database.db),
    outbox,
    calendar: chineseCalendarData,
    admins: config.admins,
  });
  const scheduler = createScheduler(database, logger, {
    outbox,
    opener: {
      async openRound(round) {
        const r = await botDeps.collect.openRound(
          round.planId,
          round.kind,
          round.period,
          undefined,
          round.now,
          "schedule",
        );
        return {
          requests: r.requests.created,
          cards: r.cardsQueued + r.noticesQueued,
          unitIds: r.unitIds,
        };
      },
    },
    drafter: createBulletinDrafter({
      status: botDeps.status,
      outbox,
    }),
    admins: config.admins,
    steps: [
      {
        name: "milestones",
        run: (now) => botDeps.milestones.remind(now),
        preview: (now) => botDeps.milestones.preview(now),
      },
      {
        name: "card refresh",
        run: (now) => botDeps.collect.refreshAgingCards(now),
        preview: (now) => botDeps.collect.previewAgingCards(now),
      },
      {
        name: "coord",
        run: (now) => botDeps.coord.remind(now),
        preview: (now) => botDeps.coord.preview(now),
      },
      { name: "deadlines", run: (now) => deadlines.remind(now), preview: (now) => deadlines.preview(now) },
    ],
    ...(tickDrain ? { drain: tickDrain } : {}),
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
    tickDrain,
  };
}
