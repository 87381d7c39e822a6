import { sql } from "drizzle-orm";
import { onTestFinished } from "vitest";
import { loadConfig } from "../../src/config";
import type { Database } from "../../src/db/client";
import type { CardActionResult } from "../../src/kernel/messages";
import { type AppDeps, createApp } from "../../src/wiring/app";
import { createMemoryLogger } from "../../src/wiring/log";
import { createEventSender, TEST_BOT } from "../fakes/event-sender";
import { createDeferred, createRecordingBot } from "../fakes/recording-bot";

export const TOKEN = "v_token_for_tests";
export const KEY = "encrypt_key_for_tests";

export type Mode = { name: string; token?: string; key?: string };
/** The two ways a Feishu app can be set up: Encrypt Key (signed + encrypted) or Verification Token only. */
export const MODES: Mode[] = [
  { name: "encrypted", token: TOKEN, key: KEY },
  { name: "plain", token: TOKEN },
];

export interface Setup {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  sender: ReturnType<typeof createEventSender>;
  recorder: ReturnType<typeof createRecordingBot>;
  logger: ReturnType<typeof createMemoryLogger>;
  drain(): Promise<void>;
  processedCount(): Promise<number>;
}

export function setupApp(
  database: Database,
  mode: Mode,
  opts: {
    cardResult?: CardActionResult;
    onCard?: NonNullable<Parameters<typeof createRecordingBot>[0]>["onCard"];
    bot?: false;
  } = {},
): Setup {
  const config = loadConfig({ FEISHU_VERIFICATION_TOKEN: mode.token, FEISHU_ENCRYPT_KEY: mode.key });
  const recorder = createRecordingBot({ cardResult: opts.cardResult, onCard: opts.onCard });
  const deferred = createDeferred();
  // A test's events are still being marked done when it ends unless it drained them: drained here, they cannot
  // write into the next test's emptied tables (a mark whose record is gone writes it again).
  onTestFinished(() => deferred.drain());
  const logger = createMemoryLogger();
  const deps: AppDeps = {
    config,
    database,
    logger,
    clock: { now: () => new Date() },
    defer: deferred.defer,
    ...(opts.bot === false ? {} : { bot: recorder.bot, botOpenId: async () => TEST_BOT.openId }),
  };
  return {
    app: createApp(deps),
    deps,
    sender: createEventSender({ verificationToken: mode.token, encryptKey: mode.key }),
    recorder,
    logger,
    drain: deferred.drain,
    processedCount: () => processedCount(database),
  };
}

export async function processedCount(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>(sql`select count(*)::int as n from processed_events`);
  return Number(row?.n ?? 0);
}
