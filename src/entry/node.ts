import { serve } from "@hono/node-server";
import cron from "node-cron";
import { createApp } from "../app";
import { type Config, hasFeishuCredentials, redactConfig } from "../config";
import { createScheduler } from "../jobs/wiring";
import type { Logger } from "../services/ports/logger";
import { createNodeLogger, loadSampleIfEmpty, openAndMigrate } from "./runtime-node";

export interface RunningNode {
  port: number;
  close(): Promise<void>;
}

/** `npm start`: migrate, load the sample plan into an empty database, serve HTTP, and say what to do next. */
export async function startNode(
  config: Config,
  logger: Logger = createNodeLogger(config),
): Promise<RunningNode> {
  logger.info({ config: redactConfig(config) }, "duban starting");
  const database = await openAndMigrate(config);
  await loadSampleIfEmpty(database, logger, new Date());

  const pending = new Set<Promise<unknown>>();
  const defer = (work: Promise<unknown>) => {
    const tracked = work
      .catch((err) => logger.error({ err: String(err) }, "deferred work failed"))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  const app = createApp({ config, database, logger, clock: { now: () => new Date() }, defer });

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
    close() {
      closing ??= (async () => {
        await ticker.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...pending]);
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
      "     im:chat, im:chat.members:read, contact:user.base:readonly.",
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
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}
