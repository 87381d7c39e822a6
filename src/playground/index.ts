import { sql } from "drizzle-orm";
import type { Hono } from "hono";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { Logger } from "../services/ports/logger";
import { playgroundRoutes } from "./routes";
import { createSession, SimClock } from "./session";
import { type StandIn, startStandIn } from "./stand-in/server";
import { GROUP, generatedIdentity, OFFICE, START, samplePeople } from "./world";

export interface Playground {
  /** The config the runtime runs with: a generated app whose Open Platform is the in-process stand-in. */
  config: Config;
  clock: SimClock;
  standIn: StandIn;
  /** Mounts /playground on the app and seeds the work group on first start. */
  attach(input: AttachInput): Promise<void>;
  close(): Promise<void>;
}

export interface AttachInput {
  app: Hono;
  database: Database;
  logger: Logger;
  settle(): Promise<void>;
  tick(now: Date): Promise<unknown>;
  /** Loads the sample plan into an empty database. */
  loadSample(now: Date): Promise<unknown>;
}

/**
 * With no Feishu app configured, `npm start` serves a simulated work group instead of nothing: a stand-in for the
 * Open Platform runs in the process, and the bot is configured as an app of it. Everything else is the real bot.
 */
export async function preparePlayground(config: Config): Promise<Playground> {
  const id = generatedIdentity();
  const standIn = await startStandIn(id);
  const clock = new SimClock();
  const people = samplePeople();
  const pgConfig: Config = {
    ...config,
    feishu: {
      ...config.feishu,
      appId: id.appId,
      appSecret: id.appSecret,
      verificationToken: id.verificationToken,
      encryptKey: id.encryptKey,
      domain: standIn.url,
      mode: "webhook",
    },
    admins: [...config.admins, OFFICE.openId],
  };
  return {
    config: pgConfig,
    clock,
    standIn,
    async attach(input) {
      const session = createSession({
        standIn,
        secrets: { verificationToken: id.verificationToken, encryptKey: id.encryptKey },
        clock,
        people,
        app: input.app,
        settle: input.settle,
        tick: input.tick,
        database: input.database,
      });
      input.app.route(
        "/playground",
        playgroundRoutes({
          session,
          standIn,
          people,
          now: clock.now,
          setClock: (to) => clock.set(to),
          tick: async () => {
            const result = await input.tick(clock.now());
            await input.settle();
            return result;
          },
          async reset() {
            await truncateAll(input.database);
            session.clearMessages();
            clock.set(START);
            await input.loadSample(clock.now());
            await session.seedWorld();
            input.logger.info("playground reset");
          },
        }),
      );
      // Routes first: the app cannot take new ones once it has answered a request (the seeding's events).
      const started = Date.now();
      const seeded = await input.database.query(
        sql`select chat_id from chats where chat_id = ${GROUP.chatId}`,
      );
      if (seeded.length > 0) session.seedStandIn();
      else await session.seedWorld();
      input.logger.info({ ms: Date.now() - started }, "playground ready");
    },
    close: () => standIn.close(),
  };
}

/** Empties every table of the app's schema (the playground's reset); the migrations' bookkeeping stays. */
async function truncateAll(database: Database): Promise<void> {
  const rows = await database.query<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  const names = rows.map((r) => `"${r.name.replace(/"/g, '""')}"`);
  if (names.length > 0)
    await database.query(sql.raw(`truncate table ${names.join(", ")} restart identity cascade`));
}
