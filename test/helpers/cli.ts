import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";

/**
 * The `duban` CLI as a process runs it: compiled from the source as it is now (scripts/build.mjs, the `npm
 * run build` of dist/) once per test worker, into the run's directory (test/helpers/run-dir.ts). A bundle
 * starts in about two thirds of the CPU time the source takes under tsx, and the tests that spawn it do so
 * about twenty times a run.
 */
const root = join(import.meta.dirname, "../..");
let built: Promise<string> | undefined;

/** The node arguments that run the CLI: `spawn(process.execPath, [...(await dubanCli()), "tick", …])`. */
export async function dubanCli(): Promise<string[]> {
  built ??= (async () => {
    const dir = join(inject("runDir"), `cli-${process.pid}`);
    await promisify(execFile)(process.execPath, [join(root, "scripts/build.mjs"), dir], { cwd: root });
    return join(dir, "duban.js");
  })();
  return [await built];
}
