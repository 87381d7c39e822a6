import { parseArgs } from "node:util";
import type { Config } from "../config";

/** `duban tick [--at <ISO>] [--dry-run]`: runs the scheduler once (schedule issue #7). */
export async function runTickCommand(args: string[], _config: Config): Promise<void> {
  parseArgs({ args, options: { at: { type: "string" }, "dry-run": { type: "boolean" } } });
  process.stderr.write("duban: tick: the scheduler is not built yet (issue #7)\n");
  process.exit(2);
}
