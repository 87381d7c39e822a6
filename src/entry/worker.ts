import { createApp } from "../app";
import { ConfigError, loadConfig, type WorkerBindings, workerEnv } from "../config";
import { openWorkerDatabase } from "../db/open-worker";
import { createScheduler } from "../jobs/wiring";
import { createConsoleLogger } from "../log";

/** Minimal shapes of the Workers runtime types we use (kept local so src/ needs no workers-types globals). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

function boot(bindings: WorkerBindings, ctx: ExecutionContext) {
  const config = loadConfig(workerEnv(bindings));
  if (!config.databaseUrl)
    throw new ConfigError("DATABASE_URL", "is required on Workers (bind HYPERDRIVE or set it)");
  const logger = createConsoleLogger(config.logLevel);
  const database = openWorkerDatabase(config.databaseUrl);
  return { config, logger, database, defer: (p: Promise<unknown>) => ctx.waitUntil(p) };
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    let deps: ReturnType<typeof boot>;
    try {
      deps = boot(bindings, ctx);
    } catch (err) {
      const message = err instanceof ConfigError ? `config error: ${err.message}` : String(err);
      return new Response(`${message}\n`, { status: 500 });
    }
    const app = createApp({ ...deps, clock: { now: () => new Date() } });
    const response = await app.fetch(request);
    ctx.waitUntil(deps.database.close());
    return response;
  },

  async scheduled(
    controller: ScheduledController,
    bindings: WorkerBindings,
    ctx: ExecutionContext,
  ): Promise<void> {
    const deps = boot(bindings, ctx);
    deps.logger.info({ cron: controller.cron, at: new Date(controller.scheduledTime).toISOString() }, "cron");
    const scheduler = createScheduler(deps.database, deps.logger);
    ctx.waitUntil(
      scheduler
        .tick(new Date(controller.scheduledTime))
        .then((r) => deps.logger.info({ ...r, planned: undefined }, "tick"))
        .catch((err) => deps.logger.error({ err: String(err) }, "tick failed"))
        .finally(() => deps.database.close()),
    );
  },
};
