import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { BotHandler } from "../bot/events";
import { LIMITS } from "../bot/limits";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { createEventStore } from "../db/store/event-store";
import type { FeishuCrypto } from "../feishu/crypto";
import { createInbound, type Inbound } from "../feishu/inbound";
import { webhookRoutes } from "../feishu/webhook";
import { type Clock, elapsed } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { StorageHealth } from "./storage-health";

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  clock: Clock;
  /**
   * Runs work after the response (Node: a tracked promise drained on shutdown; Workers: ctx.waitUntil).
   * Given per request on Workers, so it is looked up through the Hono context there.
   */
  defer?: (work: Promise<unknown>) => void;
  /** Handles normalized Feishu events and card actions. Unset: POST /feishu/webhook answers events with 503. */
  bot?: BotHandler;
  /** The bot's own open_id (GET /open-apis/bot/v3/info, cached), to recognize its @mention. */
  botOpenId?: () => Promise<string | undefined>;
  /** SHA-256 and AES-CBC for the webhook: WebCrypto unless the runtime injects a faster one (Node). */
  feishuCrypto?: FeishuCrypto;
  /** Write-probe results (Node): /healthz turns 503 when writes fail even though reads still answer. */
  storage?: StorageHealth;
}

/** The transport-independent inbound pipeline (dedup, deferral, card answers) for these deps, if a bot is wired. */
export function inboundFor(deps: AppDeps): Inbound | undefined {
  if (!deps.bot) return undefined;
  return createInbound({
    store: createEventStore(deps.database.db),
    bot: deps.bot,
    logger: deps.logger.child({ part: "inbound" }),
    clock: deps.clock,
    botOpenId: deps.botOpenId ?? (async () => undefined),
    // One character past the bot's own cap: enough to refuse the message, nothing more to store.
    maxText: LIMITS.message + 1,
    defer: deps.defer,
    cardBudgetMs: deps.config.cardBudgetMs,
  });
}

/** createApp(deps): the Hono app, the same on Node and on Workers. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get("/healthz", async (c) => {
    const started = elapsed.ms();
    const storage = deps.storage?.status();
    if (storage && !storage.ok)
      return c.json(
        { ok: false, database: "writes failing", driver: deps.database.kind, error: storage.lastError },
        503,
      );
    // A write committed within the last probe periods says more than a read, and answering from it keeps
    // /healthz quick while the embedded database (one queue, in process) works through a burst of events.
    if (storage?.fresh)
      return c.json({ ok: true, database: "up", driver: deps.database.kind, ms: 0, probe: "write" });
    try {
      await withTimeout(deps.database.query(sql`select 1 as ok`), 2000);
      return c.json({
        ok: true,
        database: "up",
        driver: deps.database.kind,
        ms: Math.round(elapsed.ms() - started),
      });
    } catch (err) {
      deps.logger.warn({ err }, "healthz: database unreachable");
      return c.json({ ok: false, database: "down", driver: deps.database.kind }, 503);
    }
  });

  app.route(
    "/",
    webhookRoutes({
      secrets: {
        verificationToken: deps.config.feishu.verificationToken,
        encryptKey: deps.config.feishu.encryptKey,
      },
      clock: deps.clock,
      logger: deps.logger,
      inbound: inboundFor(deps),
      crypto: deps.feishuCrypto,
    }),
  );

  app.get("/", (c) =>
    // register-ok: English, for whoever opens the service URL
    c.text("duban (督办) is running. POST /feishu/webhook takes Feishu events; GET /healthz.\n"),
  );

  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
