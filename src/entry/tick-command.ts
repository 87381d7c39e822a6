import { parseArgs } from "node:util";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { runningFrom } from "../kernel/clock";
import type { Logger } from "../kernel/logger";
import type { TickResult } from "../schedule/tick-result";
import { createRuntime } from "../wiring/runtime";
import { createNodeLogger, openAndMigrate } from "./runtime-node";

/**
 * One tick at `at` through the runtime the CLI builds: the business clock starts at `at` and runs on with real
 * time, so everything this run writes or waits for (opened rounds, the outbox's not_before, leases, retry
 * delays, rate-limit windows) is reckoned from `at`, as the live service would at that moment. The tick's own
 * drain sends what it enqueued.
 */
export async function tickAt(
  config: Config,
  database: Database,
  at: Date,
  opts: { dryRun?: boolean; logger?: Logger } = {},
): Promise<TickResult> {
  const rt = createRuntime({
    config,
    database,
    logger: opts.logger ?? createNodeLogger({ ...config, logLevel: "warn" }),
    clock: runningFrom(at),
    drainInTick: true,
    // Beside a running service on the same Postgres, the service's drain sends what this tick enqueues.
    sharedDrain: database.kind === "postgres",
  });
  try {
    return await rt.scheduler.tick(at, { dryRun: opts.dryRun ?? false });
  } finally {
    await rt.tickDrain?.stop();
  }
}

/** `duban tick [--at <ISO>] [--dry-run]`: runs (or previews) one scheduler tick at that time. */
export async function runTickCommand(args: string[], config: Config): Promise<void> {
  // Since the process started: Node's start-up and the imports up to here.
  const startupMs = Math.round(performance.now());
  let values: { at?: string | undefined; "dry-run"?: boolean | undefined; json?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: { at: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
    }));
  } catch (err) {
    process.stderr.write(
      `duban: tick: ${(err as Error).message}\nusage: duban tick [--at <ISO time>] [--dry-run] [--json]\n`,
    );
    process.exit(2);
  }
  const now = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(
      `duban: tick: --at "${values.at}" is not an ISO time (e.g. 2022-06-21T09:40:00+08:00)\n`,
    );
    process.exit(2);
  }
  const opening = performance.now();
  const database = await openAndMigrate(config);
  const openMs = Math.round(performance.now() - opening);
  try {
    const tickResult = await tickAt(config, database, now, { dryRun: values["dry-run"] ?? false });
    // Where a run's time goes (bench/tick-cli.ts reads it): start-up, opening the database, the tick.
    const result = { ...tickResult, process: { startupMs, openMs, tickMs: Math.round(tickResult.ms.total) } };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const { planned, ...summary } = result;
    if (planned) {
      process.stdout.write(`dry run at ${result.at}: ${planned.length} action(s), nothing written\n`);
      for (const p of planned)
        process.stdout.write(
          `  ${p.type.padEnd(16)} ${p.at ? `${p.at}  ` : ""}${p.text}${p.key ? `  [${p.key}]` : ""}\n`,
        );
    }
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (result.errors.length > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
