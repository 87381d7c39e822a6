import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/**
 * Vitest's global setup: a directory inside the package for what a run builds (test/helpers/cli.ts), removed
 * when the run ends. Test workers are stopped, not exited, so they cannot clean up after themselves.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** test-output/run-<pid>/: the run's own, inside the package so that builds there resolve its modules. */
    runDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = join(import.meta.dirname, "../../test-output", `run-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  project.provide("runDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
