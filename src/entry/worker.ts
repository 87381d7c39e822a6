import { ConfigError, loadConfig, type WorkerBindings, workerEnv } from "../config";
import { openWorkerDatabase } from "../db/open-worker";
import { createConsoleLogger } from "../wiring/log";
import { createRuntime } from "../wiring/runtime";

/** Minimal shapes of the Workers runtime types we use (kept local so src/ needs no workers-types globals). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}

/**
 * One runtime per invocation over a Hyperdrive connection. Work deferred past the response (event handling
 * after the ack) runs under waitUntil; the connection closes only after it settles.
 */
function boot(bindings: WorkerBindings, ctx: ExecutionContext, drainInTick: boolean) {
  const config = loadConfig(workerEnv(bindings));
  if (!config.databaseUrl)
    throw new ConfigError("DATABASE_URL", "is required on Workers (bind HYPERDRIVE or set it)");
  const logger = createConsoleLogger(config.logLevel);
  const database = openWorkerDatabase(config.databaseUrl);
  const pending: Promise<unknown>[] = [];
  const defer = (p: Promise<unknown>) => {
    const tracked = p.catch((err) => logger.error({ err: String(err) }, "deferred work failed"));
    pending.push(tracked);
    ctx.waitUntil(tracked);
  };
  const rt = createRuntime({ config, database, logger, defer, drainInTick });
  const finish = () =>
    ctx.waitUntil(
      (async () => {
        // Deferred work may defer more (a handler that enqueues wakes nothing here): settle until quiet.
        for (let seen = 0; seen < pending.length; ) {
          const batch = pending.slice(seen);
          seen = pending.length;
          await Promise.allSettled(batch);
        }
        // Whatever the bot enqueued in this invocation goes out now rather than at the next cron.
        if (rt.dispatcher)
          await rt.dispatcher.runUntilIdle({ maxWaitMs: 0, deadline: new Date(Date.now() + 20_000) });
        await database.close();
      })().catch((err) => logger.error({ err: String(err) }, "finishing the invocation failed")),
    );
  return { rt, logger, finish };
}

export default {
  async fetch(request: Request, bindings: WorkerBindings, ctx: ExecutionContext): Promise<Response> {
    let booted: ReturnType<typeof boot>;
    try {
      booted = boot(bindings, ctx, false);
    } catch (err) {
      const message = err instanceof ConfigError ? `config error: ${err.message}` : String(err);
      return new Response(`${message}\n`, { status: 500 });
    }
    try {
      return await booted.rt.app.fetch(request);
    } finally {
      booted.finish();
    }
  },

  async scheduled(
    controller: ScheduledController,
    bindings: WorkerBindings,
    ctx: ExecutionContext,
  ): Promise<void> {
    const { rt, logger, finish } = boot(bindings, ctx, true);
    const at = new Date(controller.scheduledTime);
    logger.info({ cron: controller.cron, at: at.toISOString() }, "cron");
    ctx.waitUntil(
      (async () => {
        const r = await rt.scheduler.tick(at);
        logger.info({ ...r, planned: undefined }, "tick");
        // Events acked but not handled (an invocation that died) run again; old dedup records go.
        await rt.inbound?.redeliver();
        await rt.inbound?.prune();
      })()
        .catch((err) => logger.error({ err: String(err) }, "tick failed"))
        .finally(finish),
    );
  },
};
