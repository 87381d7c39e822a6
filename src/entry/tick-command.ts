import { parseArgs } from "node:util";
import type { Config } from "../config";
import { createRuntime } from "../wiring/runtime";
import { createNodeLogger, openAndMigrate } from "./runtime-node";

/** `duban tick [--at <ISO>] [--dry-run]`: runs (or previews) one scheduler tick at that time. */
export async function runTickCommand(args: string[], config: Config): Promise<void> {
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
  const database = await openAndMigrate(config);
  try {
    // The business clock is the tick's time, so cards opened by this tick show it; sends happen now.
    const rt = createRuntime({
      config,
      database,
      logger: createNodeLogger({ ...config, logLevel: "warn" }),
      clock: { now: () => now },
      drainInTick: true,
    });
    const result = await rt.scheduler.tick(now, { dryRun: values["dry-run"] ?? false });
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
