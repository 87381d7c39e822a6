import { existsSync, readFileSync } from "node:fs";
import pino from "pino";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { migrate } from "../db/migrate";
import { openDatabase } from "../db/open-node";
import { packagePath } from "../db/package-dir";
import { createPlanStore } from "../db/store/plan-store";
import type { Logger } from "../kernel/logger";
import { loadPlan } from "../plans/load";

/** The sample plan that `npm start` loads into an empty database. */
export const samplePlanPath = packagePath("plans/wuhan-2022-proposal-1.json");

export function createNodeLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: { app: "duban" },
    // The error as an object with its stack and every cause under it, not a string that loses them.
    serializers: { err: pino.stdSerializers.errWithCause },
    redact: {
      paths: ["*.appSecret", "*.encryptKey", "*.verificationToken", "*.tenant_access_token", "*.app_secret"],
      censor: "***",
    },
  }) as unknown as Logger; // pino's LogFn overloads are a superset of the Logger port's.
}

/** Opens the database the config names (PGlite under dataDir by default) and applies migrations. */
export async function openAndMigrate(config: Config): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  await migrate(database);
  return database;
}

/** Loads the committed sample plan when the database holds no plan. Returns the plan id loaded, if any. */
export async function loadSampleIfEmpty(
  database: Database,
  logger: Logger,
  now: Date,
): Promise<string | undefined> {
  const store = createPlanStore(database.db);
  if ((await store.listPlans()).length > 0) return undefined;
  if (!existsSync(samplePlanPath)) {
    logger.warn({ path: samplePlanPath }, "no plan in the database and no sample plan file");
    return undefined;
  }
  let result: Awaited<ReturnType<typeof loadPlan>>;
  try {
    result = await loadPlan(store, JSON.parse(readFileSync(samplePlanPath, "utf8")), { now });
  } catch (err) {
    // Two instances starting on one empty database both try; the one that finds the plan there carries on.
    if ((await store.listPlans()).length > 0) return undefined;
    throw err;
  }
  logger.info({ plan: result.planId, ...result.counts }, "sample plan loaded");
  return result.planId;
}
